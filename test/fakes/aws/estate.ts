import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { encodeKey } from '../../../providers/aws/bundle-files.js';
import type { CpuSamples, LiveEstate, TrailRecord } from './live.js';

/** What the fake answers for one call: an output in CLI (or SDK) shape, or an AWS error. */
export type Answer =
  | { kind: 'ok'; value: Record<string, unknown> }
  | { kind: 'error'; code: string; message: string; status?: number };

export interface RoleGrant {
  /** The sts:ExternalId the trust policy requires, if any. */
  externalId?: string;
}

/** An AWS estate as data: what each account answers, which roles can be assumed, where buckets live. */
export interface Estate {
  /** The stored answer for (account, region or `global`, CLI service, operation[, key]). */
  answer(
    account: string,
    region: string,
    service: string,
    operation: string,
    key?: string,
  ): Answer | undefined;
  /** A role that can be assumed in `account`; undefined when it does not exist (AssumeRole is denied). */
  role(account: string, name: string): RoleGrant | undefined;
  /** Buckets an account owns, with their regions. */
  buckets(account: string): { name: string; region: string }[];
  bucket(name: string): { account: string; region: string } | undefined;
  /** Accounts with any answers (for organization fall-backs). */
  accounts(): string[];
  /** Regions an account holds answers for (its enabled regions when the estate has no DescribeRegions). */
  regions?(account: string): string[];
}

export function answerKey(
  account: string,
  region: string,
  service: string,
  operation: string,
  key?: string,
): string {
  return `${account}/${region}/${service}/${operation}${key === undefined ? '' : `/${encodeKey(key)}`}`;
}

/** An estate held as a map of answers, e.g. loaded from a hand-made bundle. */
export class MapEstate implements Estate, LiveEstate {
  readonly answers = new Map<string, Answer>();
  private readonly history = new Map<string, TrailRecord[]>();
  private readonly series = new Map<string, CpuSamples>();
  readonly roles = new Map<string, RoleGrant>();
  private readonly bucketIndex = new Map<string, { account: string; region: string }>();

  set(
    account: string,
    region: string,
    service: string,
    operation: string,
    answer: Answer,
    key?: string,
  ): this {
    this.answers.set(answerKey(account, region, service, operation, key), answer);
    if (service === 's3api' && operation === 'GetBucketLifecycleConfiguration' && key !== undefined)
      this.bucketIndex.set(key, { account, region });
    return this;
  }

  /** Adds CloudTrail records to an account and region's event history (what LookupEvents reads). */
  addEvents(account: string, region: string, records: TrailRecord[]): this {
    this.history.set(`${account}/${region}`, [
      ...(this.history.get(`${account}/${region}`) ?? []),
      ...records,
    ]);
    return this;
  }

  /** Sets an instance's CPUUtilization samples (what GetMetricData reads). */
  setCpu(account: string, region: string, instanceId: string, samples: CpuSamples): this {
    this.series.set(`${account}/${region}/${instanceId}`, samples);
    return this;
  }

  events(account: string, region: string): TrailRecord[] {
    return this.history.get(`${account}/${region}`) ?? [];
  }

  cpu(account: string, region: string, instanceId: string): CpuSamples | undefined {
    return this.series.get(`${account}/${region}/${instanceId}`);
  }

  /** Lets `name` be assumed in each account (an org role), optionally requiring an external id. */
  allowRole(accounts: string[], name: string, grant: RoleGrant = {}): this {
    for (const a of accounts) this.roles.set(`${a}/${name}`, grant);
    return this;
  }

  addBucket(name: string, account: string, region: string): this {
    this.bucketIndex.set(name, { account, region });
    return this;
  }

  /** `region` `*` finds the answer in whichever region folder holds it (DescribeRegions sits where it was called). */
  answer(account: string, region: string, service: string, operation: string, key?: string) {
    if (region !== '*') return this.answers.get(answerKey(account, region, service, operation, key));
    const suffix = answerKey('', '', service, operation, key).slice(2);
    for (const [k, v] of this.answers) if (k.startsWith(`${account}/`) && k.endsWith(`/${suffix}`)) return v;
    return undefined;
  }

  role(account: string, name: string) {
    return this.roles.get(`${account}/${name}`);
  }

  buckets(account: string) {
    return [...this.bucketIndex]
      .filter(([, b]) => b.account === account)
      .map(([name, b]) => ({ name, region: b.region }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  bucket(name: string) {
    return this.bucketIndex.get(name);
  }

  accounts() {
    return [...new Set([...this.answers.keys()].map((k) => k.split('/')[0] as string))].sort();
  }

  regions(account: string) {
    const set = new Set<string>();
    for (const k of this.answers.keys()) {
      const [a, r] = k.split('/');
      if (a === account && r && r !== 'global') set.add(r);
    }
    return [...set].sort();
  }
}

/** Loads every `aws/<account>/<region>/<service>/<Operation>[/<key>][.error].json` of a bundle as answers. */
export function estateFromBundle(root: string): MapEstate {
  const estate = new MapEstate();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of walk(join(root, 'aws'))) {
    const parts = relative(join(root, 'aws'), file).split(sep);
    if (parts.length < 4 || !file.endsWith('.json')) continue;
    const [account, region, service, ...rest] = parts as [string, string, string, ...string[]];
    const last = (rest.pop() as string).replace(/\.json$/, '');
    const isError = last.endsWith('.error');
    const name = last.replace(/\.error$/, '');
    const operation = rest.length > 0 ? (rest[0] as string) : name;
    const key = rest.length > 0 ? decodeURIComponent(name) : undefined;
    const body = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const answer: Answer = isError
      ? {
          kind: 'error',
          code: String(body.Code ?? 'UnknownError'),
          message: String(body.Message ?? ''),
          ...(typeof body.HttpStatus === 'number' ? { status: body.HttpStatus } : {}),
        }
      : { kind: 'ok', value: Array.isArray(body) ? mergeArrayPages(body) : body };
    estate.set(account, region, service, operation, answer, key);
  }
  return estate;
}

function mergeArrayPages(pages: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const page of pages)
    for (const [k, v] of Object.entries(page)) {
      const prev = out[k];
      out[k] = Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : (prev ?? v);
    }
  return out;
}
