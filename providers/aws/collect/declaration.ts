import type { Domain } from '../../../src/model/gap.js';

/** Folder names in a bundle: the AWS CLI's service names. */
export const cliServices = [
  'sts',
  'iam',
  'organizations',
  'ce',
  'ec2',
  'cloudtrail',
  'logs',
  'cloudwatch',
  'guardduty',
  'route53resolver',
  'autoscaling',
  'service-quotas',
  's3api',
] as const;
export type CliService = (typeof cliServices)[number];

/**
 * Where a call runs: once for the organization (from the caller's account), once per account, once per
 * account and region, or once per log bucket (from the account that owns it, in the bucket's region); `live`
 * calls are made by the live legs (providers/aws/live/), per account and region, for the --since window.
 */
export type Level = 'organization' | 'account' | 'region' | 'bucket' | 'live';

/** An output as the SDK returns it (before it is turned into the CLI's shape). */
export type Output = Record<string, unknown>;

export interface Paging {
  /** Request parameter carrying the token. */
  input: string;
  /** Response member carrying the next token. */
  output: string;
  /** Lists concatenated across pages (the CLI's result keys). */
  results: string[];
  /** IAM also flags more pages with IsTruncated. */
  more?: string;
  /** Page size asked for: the service's maximum, so fewer calls are made. */
  limit?: { param: string; value: number };
}

/** What a key source knows besides the output it reads. */
export interface KeyContext {
  account: string;
  /** Region the source call was made in (`global` for account-level calls). */
  region: string;
  /** The key of the source call, for per-resource chains (ListFindings/<id> → GetFindings/<id>). */
  sourceKey?: string;
  /** Regions being collected in this account. */
  regions: readonly string[];
  /** Accounts being collected (organization level: ListParents/ListPoliciesForTarget targets). */
  accounts: readonly string[];
  /** The organization's management account, when known. */
  management?: string;
}

/** One per-resource call to make: the file key, its parameters (several calls are merged into one file). */
export interface KeyedCall {
  key: string;
  params: Record<string, unknown> | Record<string, unknown>[];
  /** Make the call in (and file it under) this region instead of the source's. */
  region?: string;
}

export interface KeySource {
  /** Declaration id (`service:Operation`) whose successful output names the resources; `scope` for none. */
  from: string;
  keys: (output: Output, ctx: KeyContext) => KeyedCall[];
}

/** A read the collector makes, as data: the engine runs it, the permission policy is generated from it. */
export interface Declaration {
  /** `service:Operation`, e.g. `ec2:DescribeInstances`. */
  id: string;
  service: CliService;
  operation: string;
  level: Level;
  /** The kind of evidence it provides (a failed call makes controls needing this domain unassessed). */
  domain: Domain;
  /** IAM action the call needs; null when AWS requires none (sts:GetCallerIdentity). */
  iamAction: string | null;
  params?: Record<string, unknown>;
  paging?: Paging;
  /** Lists concatenated when one file merges several calls (GuardDuty GetFindings takes 50 ids a call). */
  merge?: string[];
  /** Per-resource calls (`<Operation>/<key>.json`), keyed from other outputs. */
  perKey?: KeySource[];
  /** Runs only once these declarations have finished in the same scope (their outcome does not matter). */
  after?: string[];
  /** Repeats until `done` (e.g. a credential report being generated); the last answer is kept. */
  poll?: { done: (output: Output) => boolean; attempts: number; delayMs: number };
  /** Account-level calls are filed under `global` unless they belong to the region they ran in. */
  folder?: 'global' | 'call-region';
  /** Error codes that answer the question (still kept as `.error.json`, not counted as failures). */
  answers?: string[];
  /** Shape changes the CLI makes beyond dates and blobs. */
  cliShape?: (output: Output) => Output;
}

/** Builds a declaration; the id is derived so it cannot drift from service and operation. */
export function declare(d: Omit<Declaration, 'id'>): Declaration {
  return { id: `${d.service}:${d.operation}`, ...d };
}
