import { z } from 'zod';

/** Where a conclusion comes from: one bundle file, its hash, and the API that produced it. */
export const evidenceRefSchema = z.object({
  /** Path inside the evidence bundle (or telemetry directory), `/`-separated. */
  file: z.string(),
  sha256: z.string(),
  /** `service:Operation`, e.g. `ec2:DescribeFlowLogs`, or the telemetry format for log files. */
  api: z.string(),
  /** ISO 8601; null when the bundle was made by hand without a manifest. */
  collectedAt: z.string().nullable(),
  /** RFC 6901 JSON pointer into the file, or `#L<line>` for line-oriented logs. */
  pointer: z.string().optional(),
});
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

/** A value rigsight could not establish, with the reason and what it looked at. */
export interface Unknown {
  unknown: string;
  evidence: EvidenceRef[];
}

/** A fact that is either established or explicitly unknown (never silently defaulted). */
export type Known<T> = T | Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && 'unknown' in value && !Array.isArray(value);
}

export function unknown(reason: string, evidence: EvidenceRef[] = []): Unknown {
  return { unknown: reason, evidence };
}
