import { z } from 'zod';
import { providerSchema } from '../model/provider.js';

export const MANIFEST_SCHEMA_VERSION = '1.0.0';
export const MANIFEST_FILE = 'manifest.json';
/** Native log files pulled by live legs sit under this bundle folder; they are telemetry, not posture. */
export const BUNDLE_TELEMETRY_DIR = 'telemetry';

export const manifestFileSchema = z.object({
  /** Bundle-relative, `/`-separated. */
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  /** The CLI's service name (ec2, s3api, logs, …). */
  service: z.string(),
  operation: z.string(),
  /** Region the call was made in, or `global`. */
  region: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  collectedAt: z.string(),
  outcome: z.enum(['ok', 'error', 'skipped']),
  errorCode: z.string().optional(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const manifestSchema = z.object({
  schemaVersion: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  scopes: z.array(
    z.object({
      provider: providerSchema,
      id: z.string(),
      /** The identity that made the calls (ARN, object id, email); never a secret. */
      caller: z.string().nullable(),
      status: z.enum(['collected', 'partial', 'failed']).optional(),
      reason: z.string().optional(),
    }),
  ),
  files: z.array(manifestFileSchema),
  /** The window live legs pulled telemetry for (`--live --since`), ISO 8601; absent when none was pulled. */
  live: z.object({ since: z.string(), until: z.string() }).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;
