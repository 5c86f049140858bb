import { z } from 'zod';
import { coverageSchema, detectionSchema, legSchema } from './detection.js';
import { findingSchema, pillarSchema } from './finding.js';
import { gradeSchema } from './grade.js';
import { runHistorySchema } from './history.js';
import { creatorSchema } from './identity.js';
import { providerSchema } from './provider.js';

/** 2.0.0: creators[] has one entry per principal and path (`path`), conditions carry `effect` and `actions`. */
export const FINDINGS_SCHEMA_VERSION = '2.0.0';

export { type Grade, gradeSchema } from './grade.js';

/** How blind one AN0744 leg is: the weighted share of what should be watched that cannot be seen. */
export const legBlindnessSchema = z.object({
  /** 0 (everything seen) – 1 (nothing seen). */
  blind: z.number(),
  /** Resources that should be watched on this leg, and how many of them cannot be seen. */
  watched: z.number().int(),
  unseen: z.number().int(),
});

/** The parts the score is made of (docs/risk-model.md); optional so older documents still parse. */
export const scoreBreakdownSchema = z.object({
  /** Weighted mean of the judged pillars, 0–100. */
  posture: z.number(),
  /** Pillars with nothing applicable to judge (their value reads 100 but counts for nothing). */
  unjudged: z.array(pillarSchema),
  likelihood: z.object({
    /** 0–1, noisy-OR of the factors. */
    value: z.number(),
    level: z.enum(['low', 'medium', 'high']),
    factors: z.array(z.object({ id: z.string(), weight: z.number(), text: z.string() })),
  }),
  blindness: z.object({
    value: z.number(),
    legs: z.record(legSchema, legBlindnessSchema),
  }),
  impact: z.object({
    /** 0.6–1: scales the likelihood penalty by how much compute a miner could reach. */
    value: z.number(),
    instances: z.number().int(),
    vcpus: z.number().optional(),
    vcpuQuota: z.number().optional(),
  }),
  penalties: z.object({ likelihood: z.number(), blindness: z.number() }),
  /** Set when something capped the grade: an active mining detection, total blindness, the weakest scope. */
  cap: z.object({ grade: gradeSchema, because: z.string() }).optional(),
});
export type ScoreBreakdown = z.infer<typeof scoreBreakdownSchema>;

export const scoreSchema = z.object({
  grade: gradeSchema,
  /** 0–100, higher is better. */
  value: z.number(),
  pillars: z.record(pillarSchema, z.number()),
  /** Why the grade is what it is, in words. */
  reasons: z.array(z.string()),
  breakdown: scoreBreakdownSchema.optional(),
});
export type Score = z.infer<typeof scoreSchema>;

export const documentScopeSchema = z.object({
  provider: providerSchema,
  id: z.string(),
  name: z.string().optional(),
  status: z.enum(['assessed', 'partial', 'unassessed']),
  reason: z.string().optional(),
  /** Compute a miner could reach, where the collector knows it (EC2 vCPU quota, running vCPUs). */
  exposure: z.object({ vcpus: z.number().optional(), vcpuQuota: z.number().optional() }).optional(),
  score: scoreSchema.optional(),
});

export const unreadableSchema = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  reason: z.string(),
});
export type Unreadable = z.infer<typeof unreadableSchema>;

/** What the run read, what it could not, and whether the bundle verified. */
export const inputsSchema = z.object({
  evidence: z.string().optional(),
  telemetry: z.string().optional(),
  filesRead: z.number().int(),
  unreadable: z.array(unreadableSchema),
  /** Files present that no reader knows; listed so nothing is silently dropped. */
  unrecognized: z.array(z.string()),
  manifest: z.object({
    present: z.boolean(),
    verified: z.boolean(),
    /** The archive ends early: files after the break are missing, the manifest perhaps among them. */
    truncated: z.boolean().optional(),
    sha256: z.string().optional(),
    problems: z.array(z.string()),
  }),
  regionsSkipped: z.array(z.object({ scope: z.string(), region: z.string(), why: z.string() })),
  /** What `detect` read from the telemetry: records, and those counted as duplicate or out of order (still used). */
  telemetryRecords: z
    .object({
      total: z.number().int(),
      duplicates: z.number().int(),
      outOfOrder: z.number().int(),
      /** The first few duplicates and out-of-order records, with file and line. */
      anomalies: z.array(unreadableSchema),
      /** Files read per telemetry format. */
      formats: z.record(z.string(), z.number().int()),
    })
    .optional(),
});
export type Inputs = z.infer<typeof inputsSchema>;

export const waiverStateSchema = z.object({
  control: z.string(),
  resource: z.string(),
  owner: z.string(),
  reason: z.string(),
  expires: z.string(),
  state: z.enum(['active', 'expired', 'unused']),
  /** How many findings or detections it waived. */
  matched: z.number().int(),
});
export type WaiverState = z.infer<typeof waiverStateSchema>;

/** findings.json: the contract every output is rendered from. */
export const findingsDocumentSchema = z.object({
  schemaVersion: z.string(),
  tool: z.object({ name: z.literal('rigsight'), version: z.string() }),
  generatedAt: z.string(),
  policy: z.object({ source: z.string(), sha256: z.string() }),
  evidence: z.object({ manifestSha256: z.string().nullable() }),
  inputs: inputsSchema,
  scopes: z.array(documentScopeSchema),
  findings: z.array(findingSchema),
  creators: z.array(creatorSchema),
  detections: z.array(detectionSchema),
  coverage: z.array(coverageSchema),
  waivers: z.array(waiverStateSchema),
  score: scoreSchema,
  /** Written with `--history`: trend and what changed since the previous recorded run. */
  history: runHistorySchema.optional(),
});
export type FindingsDocument = z.infer<typeof findingsDocumentSchema>;
