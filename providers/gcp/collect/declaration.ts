import type { Rate } from '../../../src/collect/token-bucket.js';
import type { Domain } from '../../../src/model/gap.js';
import type { HierarchyNode, NodeKind } from '../bundle-paths.js';
import type { GcpClients } from './clients.js';

/** Google APIs rigsight reads, by their service names (rate limits and the manifest use them). */
export const gcpServices = [
  'cloudresourcemanager',
  'iam',
  'compute',
  'logging',
  'monitoring',
  'dns',
  'orgpolicy',
  'securitycentermanagement',
  'securitycenter',
  'cloudbilling',
  'billingbudgets',
] as const;
export type GcpService = (typeof gcpServices)[number];

export type Json = Record<string, unknown>;

/** One page of a list (items merged across pages, as gcloud prints them), or one resource. */
export type Page = { items: unknown[]; next?: string | null | undefined } | { value: unknown };

export interface CallTarget {
  node: HierarchyNode;
  key?: string;
}

/** What a per-resource declaration knows when it names its keys: the outputs read so far for the node. */
export interface KeyContext {
  node: HierarchyNode;
  /** Outputs of this node's commands (`command` or `command/key`). */
  own(command: string): unknown;
  /** Outputs of the same command at every ancestor (folders, organization) of a project. */
  ancestors(command: string): unknown[];
}

/** A read the collector makes, as data: the engine runs it, the custom role is generated from it. */
export interface Declaration {
  /** The gcloud command's words joined with `-` (`compute-instances-list`): the file name. */
  command: string;
  /** The gcloud command line it stands for, for docs and `.error.json`. */
  gcloud: string;
  level: NodeKind;
  service: GcpService;
  /** The REST method (`compute.instances.aggregatedList`): read-only by name, checked by a test. */
  method: string;
  domain: Domain;
  /** IAM permissions the call needs on the node. */
  permissions: string[];
  /** Per-resource calls (`<command>/<key>.json`); runs once `after` has finished for the node. */
  keys?: (ctx: KeyContext) => string[];
  after?: string[];
  /** Error codes that answer the question rather than leave a gap (kept as `.error.json` all the same). */
  answers?: string[];
  /** A live leg's file: written under `telemetry/` (detection reads it), not with the posture evidence. */
  telemetry?: boolean;
  /** Recorded in the manifest with the call (a live leg's window and filter). */
  parameters?: Record<string, string>;
  /** Pacing of its own when the method has a quota apart from the service's (Logging entries.list). */
  rate?: Rate & { scope: 'project' | 'caller' };
  call(clients: GcpClients, target: CallTarget, pageToken?: string): Promise<Page>;
}

export function declare(d: Declaration): Declaration {
  return d;
}

export function isList(page: Page): page is { items: unknown[]; next?: string | null } {
  return 'items' in page;
}
