import { z } from 'zod';
import { evidenceRefSchema } from './evidence.js';
import { providerSchema } from './provider.js';

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const severitySchema = z.enum(severities);
export type Severity = z.infer<typeof severitySchema>;

export const statuses = ['pass', 'fail', 'unassessed', 'waived', 'not_applicable'] as const;
export const statusSchema = z.enum(statuses);
export type Status = z.infer<typeof statusSchema>;

/** The five mitigation priorities of AN0744, in the order the scorecard shows them. */
export const pillars = [
  'logging-retention',
  'creation-governance',
  'egress-control',
  'ownership-change',
  'detection-response',
] as const;
export const pillarSchema = z.enum(pillars);
export type Pillar = z.infer<typeof pillarSchema>;

export const resourceRefSchema = z.object({
  id: z.string(),
  type: z.string(),
  arn: z.string().optional(),
  name: z.string().optional(),
});
export type ResourceRef = z.infer<typeof resourceRefSchema>;

export const waiverRefSchema = z.object({
  owner: z.string(),
  reason: z.string(),
  expires: z.string(),
});
export type WaiverRef = z.infer<typeof waiverRefSchema>;

/** One control's verdict on one resource. */
export const findingSchema = z.object({
  /** First 16 hex of sha256 over `provider|scope|control|resource.id`: stable across runs. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  control: z.string(),
  pillar: pillarSchema,
  title: z.string(),
  severity: severitySchema,
  status: statusSchema,
  provider: providerSchema,
  scope: z.string(),
  region: z.string().optional(),
  resource: resourceRefSchema,
  /** One sentence naming the resource and what was found. */
  reason: z.string(),
  evidence: z.array(evidenceRefSchema),
  remediation: z.string(),
  frameworks: z.array(z.string()),
  waiver: waiverRefSchema.optional(),
});
export type Finding = z.infer<typeof findingSchema>;
