import { z } from 'zod';
import { providerSchema } from '../model/provider.js';

export { BUNDLE_TELEMETRY_DIR, MANIFEST_FILE } from './layout.js';

export const MANIFEST_SCHEMA_VERSION = '1.0.0';

/** An input bundle of a merge, named as it was given and pinned by its manifest's hash. */
export const bundleSourceSchema = z.object({
  bundle: z.string(),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BundleSource = z.infer<typeof bundleSourceSchema>;

/** A sharded collection (`--shard I/N`): which part this bundle is, and every scope discovered. */
export const shardRecordSchema = z.object({
  index: z.number().int().positive(),
  count: z.number().int().positive(),
  provider: providerSchema,
  /** What the scopes were discovered from (an organization, a management group, a folder, a given list). */
  origin: z.string(),
  /** Every scope discovered, in all shards, sorted: a merge tells from it which scopes were expected. */
  scopes: z.array(z.string()),
});
export type ShardRecord = z.infer<typeof shardRecordSchema>;

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
  /** In a merged bundle: the input this copy came from (an index into `merged.inputs`). */
  source: z.number().int().nonnegative().optional(),
  /** In a merged bundle: other inputs holding an identical copy (organization-level files every shard read). */
  alsoIn: z.array(z.number().int().nonnegative()).optional(),
  /** In a merged bundle: differing copies set aside by `--on-conflict newest`, each with its hash and input. */
  discarded: z
    .array(
      z.object({
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().nonnegative(),
        collectedAt: z.string(),
        source: z.number().int().nonnegative(),
      }),
    )
    .optional(),
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
  shard: shardRecordSchema.optional(),
  /** Set by `evidence merge`: the inputs, the conflicts and how each was settled, the shards that were absent. */
  merged: z
    .object({
      at: z.string(),
      inputs: z.array(
        bundleSourceSchema.extend({
          shard: shardRecordSchema
            .pick({ index: true, count: true, provider: true, origin: true })
            .optional(),
          files: z.number().int().nonnegative(),
          scopes: z.number().int().nonnegative(),
        }),
      ),
      onConflict: z.enum(['refuse', 'newest']),
      /** Paths (or `provider/scope` ids) the inputs disagree on; `kept` is the input whose copy was kept. */
      conflicts: z.array(
        z.object({
          path: z.string(),
          kind: z.enum(['file', 'scope']),
          kept: z.number().int().nonnegative(),
          inputs: z.array(z.number().int().nonnegative()),
        }),
      ),
      missingShards: z.array(
        z.object({
          provider: providerSchema,
          origin: z.string(),
          index: z.number().int().positive(),
          count: z.number().int().positive(),
          scopes: z.array(z.string()),
        }),
      ),
    })
    .optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;
