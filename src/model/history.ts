import { z } from 'zod';
import { pillarSchema, severitySchema } from './finding.js';
import { gradeSchema } from './grade.js';
import { providerSchema } from './provider.js';

/** How an item moved between two runs; `unknown` when the later run did not look (scope, region or leg not collected). */
export const changeKinds = ['new', 'regressed', 'changed', 'persisting', 'resolved', 'unknown'] as const;
export const changeKindSchema = z.enum(changeKinds);
export type ChangeKind = z.infer<typeof changeKindSchema>;

/** One run's place in the trend line: the grade and pillar scores it recorded. */
export const trendPointSchema = z.object({
  run: z.number().int(),
  at: z.string(),
  grade: gradeSchema,
  value: z.number(),
  pillars: z.record(pillarSchema, z.number()),
});
export type HistoryTrendPoint = z.infer<typeof trendPointSchema>;

/** One finding, creator, detection or coverage entry that moved (or stayed open) since the earlier run. */
export const historyChangeSchema = z.object({
  change: changeKindSchema,
  /** Finding id, detection id, or the stable key of a creator path or coverage entry. */
  key: z.string(),
  /** What a person reads: control and resource, principal, instance, or leg and resource. */
  label: z.string(),
  provider: providerSchema,
  scope: z.string(),
  region: z.string().optional(),
  severity: severitySchema.optional(),
  /** State in the earlier and in the later run, in the item's own words (fail, unapproved, likely-mining, blind…). */
  was: z.string().optional(),
  now: z.string().optional(),
  /** First run in which it was open (failing or waived), and its age in days at the later run. */
  firstSeen: z.string().optional(),
  ageDays: z.number().int().optional(),
  /** For `changed`: what changed, in words. */
  changes: z.array(z.string()).optional(),
});
export type HistoryChange = z.infer<typeof historyChangeSchema>;

export const changeSetSchema = z.object({
  counts: z.record(changeKindSchema, z.number().int()),
  /** Every open or moved item, persisting ones included, sorted by change, severity and place. */
  items: z.array(historyChangeSchema),
});
export type ChangeSet = z.infer<typeof changeSetSchema>;

export const historySections = ['findings', 'creators', 'detections', 'coverage'] as const;
export type HistorySection = (typeof historySections)[number];

/** What the history store said about this run: where it sits, the trend, and what changed since the run before. */
export const runHistorySchema = z.object({
  /** This run's id in the history store. */
  run: z.number().int(),
  /** The run compared with; null on the first recorded run (nothing is new yet). */
  previous: z.object({ run: z.number().int(), generatedAt: z.string() }).nullable(),
  /** Up to the last 12 runs, oldest first, this one last. */
  trend: z.array(trendPointSchema),
  changes: z.object({
    findings: changeSetSchema,
    creators: changeSetSchema,
    detections: changeSetSchema,
    coverage: changeSetSchema,
  }),
});
export type RunHistory = z.infer<typeof runHistorySchema>;
