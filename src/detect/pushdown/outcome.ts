import type { CliOption } from '../../../providers/adapter.js';
import type { FileRecord } from '../../evidence/writer.js';

/** What a failed engine call said: its code, message and HTTP status when it had one. */
export interface EngineError {
  code: string;
  message: string;
  status?: number;
}

/** How a pushed-down flow leg ended for one scope: its matches are in the bundle, or the leg is blind there. */
export interface PushdownOutcome {
  state: 'ok' | 'blind';
  /** Why the leg is blind (the engine's own words where it gave any): never read as "nothing found". */
  reason?: string;
  engine: 'athena' | 'bigquery' | 'log-analytics';
  /** The engine's id of the query (Athena execution id, BigQuery job id). */
  queryId?: string;
  /** Bytes the engine scanned (Athena), billed or processed (BigQuery); undefined where it does not say. */
  bytesScanned?: number;
  /** Result rows (matches per hour, plus one per interface seen). */
  rows: number;
  /** Bundle-relative paths written. */
  files: string[];
}

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/** `50GB`, `1.5TiB`, `200000000` → bytes; throws with the reason on anything else. */
export function parseScanSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(m?.[2] || 'B').toUpperCase()];
  if (!m || unit === undefined) throw new Error(`"${text}" is not a size (e.g. 50GB, 1TiB, 200000000)`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (!(bytes > 0)) throw new Error(`"${text}" must be more than 0 bytes`);
  return bytes;
}

/** `--max-scan`, shared by every cloud's pushed-down flow leg. */
export const maxScanOption: CliOption = {
  flags: '--max-scan <size>',
  description:
    'stop the pushed-down flow-log query past this much data scanned (e.g. 50GB, 1TiB): the network leg is then blind, said why',
  parse: parseScanSize,
};

/** Printed sizes for reasons and summaries. */
export function formatBytes(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(2)} TB`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${n} bytes`;
}

/**
 * Keeps a failed engine call at `path` (`<Operation>.error.json`, listed in the manifest with its code) and makes the
 * leg blind with the engine's own words: one shape for every cloud's push-down.
 */
export async function failLeg(
  writer: { writeJsonAsync(path: string, data: unknown, record: FileRecord): Promise<unknown> },
  outcome: PushdownOutcome,
  call: { path: string; engine: string; operation: string; parameters: Record<string, unknown> },
  record: Omit<FileRecord, 'outcome' | 'errorCode'>,
  e: EngineError,
): Promise<PushdownOutcome> {
  await writer.writeJsonAsync(
    call.path,
    {
      Code: e.code,
      Message: e.message,
      ...(e.status ? { HttpStatus: e.status } : {}),
      Operation: call.operation,
      Parameters: call.parameters,
    },
    { ...record, outcome: 'error', errorCode: e.code },
  );
  outcome.files.push(call.path);
  outcome.state = 'blind';
  outcome.reason = `${call.engine} ${call.operation} failed: ${e.code}: ${e.message}`;
  return outcome;
}
