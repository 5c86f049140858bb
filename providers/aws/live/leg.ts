import type { BundleWriter } from '../../../src/evidence/writer.js';
import type { LiveWindow } from '../../adapter.js';
import type { CliService, Output } from '../collect/declaration.js';

/** An instance as posture collection's DescribeInstances listed it: what the CPU leg needs. */
export interface LiveInstance {
  id: string;
  state?: string;
  /** Epoch ms. */
  launchTime?: number;
  /** Detailed monitoring (one-minute CPU) is on. */
  detailed: boolean;
}

/** One account and region of a live pull, and what its legs learn from each other. */
export interface LiveRegion {
  account: string;
  region: string;
  window: LiveWindow;
  /**
   * Settles once the account's posture calls are done; `instances` and `detectors` are set then. Audit events do
   * not wait for it (LookupEvents is the long pole); legs that need posture await it.
   */
  posture: Promise<void>;
  /** Instances DescribeInstances listed in this region; undefined when that call failed (or before `posture`). */
  instances: LiveInstance[] | undefined;
  /** GuardDuty detectors ListDetectors named in this region; undefined when that call failed (or before `posture`). */
  detectors: string[] | undefined;
  /** Instances launched or started in the window, as the audit-event leg found them. */
  launched: Set<string>;
  /** The run's parsed command-line options (`--regions`, `--endpoint-url`, …), for legs that need their own. */
  options: Record<string, unknown>;
}

/** What a leg needs from the collector: paced calls, bundle files and manifest entries, error recording. */
export interface LiveIo {
  /** One call with the SDK's retries, paced per account and region before every attempt (retries included). */
  send(service: CliService, operation: string, input: Record<string, unknown>): Promise<Output>;
  /** Writes a native file at `telemetry/aws/<account>/<region>/<service>/<Operation>[/<key>].json`, hashed in the manifest. */
  write(
    service: string,
    operation: string,
    data: unknown,
    parameters: Record<string, unknown>,
    key?: string,
  ): Promise<void>;
  /** Keeps a failed pull as `<Operation>.error.json` (its leg is blind there) and counts it. */
  fail(
    service: string,
    operation: string,
    err: unknown,
    parameters: Record<string, unknown>,
    key?: string,
  ): Promise<void>;
  /** Records a pull that was not made, and why (no file is written). */
  skip(service: string, operation: string, reason: string, key?: string): void;
  /**
   * For legs with a client of their own (the flow push-down): region, credentials, endpoint, retry strategy and
   * HTTP handler, built as the collector builds its own for the SDK package named.
   */
  clientConfig(pkg: string): Record<string, unknown>;
  /**
   * The bundle writer for files of a leg's own naming (bundle-relative path under `telemetry/`): entries reach the
   * manifest from a collecting thread too.
   */
  writer: Pick<BundleWriter, 'writeJsonAsync'>;
  /** Counts a call a leg made with its own client (the run's summary and progress include it). */
  counted(outcome: 'ok' | 'error', api: string, code?: string): void;
}

/** One live leg: run per account and region once the legs it comes after have finished there. */
export interface LiveLeg {
  id: string;
  after?: string[];
  run(region: LiveRegion, io: LiveIo): Promise<void>;
}
