import type { CollectProgress } from '../src/collect/progress.js';
import type { Shard } from '../src/collect/shard.js';
import type { CollectSummary } from '../src/collect/summary.js';
import type { TelemetryReader } from '../src/detect/reader.js';
import type { CreationSignal } from '../src/detect/signals.js';
import type { EvidenceBundle } from '../src/evidence/bundle.js';
import type { ManifestFile } from '../src/evidence/manifest.js';
import type { IntelData } from '../src/intel/matcher.js';
import type { Inventory } from '../src/model/inventory.js';
import type { Provider } from '../src/model/provider.js';
import type { Workload } from '../src/model/workload.js';
import type { Policy } from '../src/policy/schema.js';
import type { Vocabulary } from './vocabulary.js';

export interface NormalizeContext {
  /** The assessment's clock: date-based expirations are judged against it. */
  now: Date;
  policy: Policy;
}

/**
 * One command-line option a provider adds (`collect`, `audit`, `permissions`). `parse` turns the text
 * into a value and throws an Error whose message says what is wrong; the CLI names the option.
 */
export interface CliOption {
  /** As commander writes it: `--subscriptions <list>`, `--cloud <name>`. */
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
}

/** Parsed option values, keyed by commander's camelCase name (`--org-role` → `orgRole`). */
export type OptionValues = Record<string, unknown>;

/** The time window of live detection legs (`--live --since 7d`). */
export interface LiveWindow {
  since: Date;
  until: Date;
}

export interface CollectRequest {
  /** An empty or new folder for the bundle. */
  out: string;
  options: OptionValues;
  progress: CollectProgress;
  /**
   * Collect only this shard's scopes (`--shard I/N`): the collector discovers every scope as usual, then calls
   * `applyShard` (src/collect/shard.ts) before any per-scope call, and still reads what every scope is judged by.
   */
  shard?: Shard;
  /**
   * Also pull the live detection legs for this window (audit events for launches and tampering, CPU series,
   * the cloud's own crypto findings; the flow leg pushed down to where flow logs live) into the same bundle
   * under `telemetry/<provider>/…`, in the cloud's native shapes and hashed in the manifest, so the run can
   * be replayed offline.
   */
  live?: LiveWindow;
  /** Compiled intel (the policy's indicators) for live legs pushed down to where the logs live (the flow leg). */
  intel?: IntelData;
}

/** Live, read-only collection into an evidence bundle. */
export interface Collector {
  options: readonly CliOption[];
  /** Checks option combinations before any call; throws an InputError naming the problem. */
  validate?(options: OptionValues): void;
  /**
   * How far back the audit events its live legs read are kept (CloudTrail event history, the Activity Log: 90
   * days). `--since` may not reach further back; default 90 days.
   */
  liveHistory?: { days: number; what: string };
  run(request: CollectRequest): Promise<CollectSummary>;
}

/** The least-privilege grant collection needs, in the cloud's own format. */
export interface PermissionSet {
  options: readonly CliOption[];
  /** Where the generated grant is committed (drift-checked), relative to the package root. */
  committedFile: string;
  /** The grant's text as `rigsight permissions` prints it. */
  render(options: OptionValues): Promise<string>;
}

export interface ExplainRequest {
  principal: string;
  action: string;
  resource?: string;
}

export interface ExplainAnswer {
  /** The principal was found in the evidence and judged. */
  found: boolean;
  problem?: string;
  /** Plain text for the terminal. */
  text: string;
  /** The whole decision, for `--json`. */
  json: unknown;
}

/** The identity decision for one principal and action: every grant, deny and bound that decided it. */
export interface Explainer {
  /** What a principal and an action look like in this cloud, for help text. */
  principalHelp: string;
  actionHelp: string;
  run(bundle: EvidenceBundle, request: ExplainRequest): Promise<ExplainAnswer>;
}

/** A network interface or alias a workload is known by in telemetry (`eni:…`, `nic:…`, `vm:…`). */
export interface EndpointKey {
  endpoint: string;
  networkId?: string;
  /**
   * The subnet as flow records name it, for a cloud whose flow logs are switched on per subnet (GCP): records
   * seen elsewhere in the network then say nothing about this workload's coverage.
   */
  subnet?: string;
}

/** Where clouds differ in correlation; everything else in detection is shared. */
export interface DetectHooks {
  /** How instance ids compare (ARM ids are case-insensitive); default: as written. */
  instanceKey?(id: string): string;
  /** The telemetry endpoints of a workload's interfaces (private IPs are added by the engine). */
  endpoints(w: Workload): EndpointKey[];
  /** The service that launched on a principal's behalf (scaling group, fleet, MIG), or undefined. */
  serviceLaunch(c: CreationSignal): string | undefined;
  /** A member of a group (scale-set VM) whose creation record is the group's: the group's id. */
  parentInstance?(id: string): { id: string; group: string } | undefined;
}

/**
 * What every cloud adapter provides; registered explicitly in providers/index.ts. Everything that
 * loads a cloud SDK is imported lazily inside `collect`, `permissions` and `explain`, so the registry
 * itself is cheap to load (detection threads load it too).
 */
export interface ProviderAdapter {
  provider: Provider;
  vocabulary: Vocabulary;
  /** Whether the bundle holds evidence for this provider (its top folder exists). */
  present(bundle: EvidenceBundle): boolean;
  /**
   * Bundle → cloud-neutral inventory; unreadable files are reported on the bundle, gaps recorded. Absent
   * while a cloud can be read in telemetry only: its evidence is then listed as not assessable.
   */
  normalize?(bundle: EvidenceBundle, ctx: NormalizeContext): Promise<Inventory>;
  collect?: Collector;
  permissions?: PermissionSet;
  explain?: Explainer;
  /** Native log formats this cloud writes, told apart by content. */
  telemetryReaders: readonly TelemetryReader[];
  /**
   * A live pull of the scope's audit events (`telemetry/<provider>/<scope>/…`): when it succeeded, the scope's audit
   * logs count as read for the whole live window, even when it held no record (no launch is not an unread log).
   */
  liveAudit?(file: ManifestFile): boolean;
  detect: DetectHooks;
}
