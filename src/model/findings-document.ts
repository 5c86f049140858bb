import { z } from 'zod';
import { coverageSchema, detectionSchema } from './detection.js';
import { findingSchema, pillarSchema } from './finding.js';
import { creatorSchema } from './identity.js';
import { providerSchema } from './provider.js';

export const FINDINGS_SCHEMA_VERSION = '1.0.0';

export const gradeSchema = z.enum(['A', 'B', 'C', 'D', 'F']);
export type Grade = z.infer<typeof gradeSchema>;

export const scoreSchema = z.object({
  grade: gradeSchema,
  /** 0–100, higher is better. */
  value: z.number(),
  pillars: z.record(pillarSchema, z.number()),
  /** Why the grade is what it is, in words. */
  reasons: z.array(z.string()),
});
export type Score = z.infer<typeof scoreSchema>;

export const documentScopeSchema = z.object({
  provider: providerSchema,
  id: z.string(),
  name: z.string().optional(),
  status: z.enum(['assessed', 'partial', 'unassessed']),
  reason: z.string().optional(),
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
});
export type FindingsDocument = z.infer<typeof findingsDocumentSchema>;
