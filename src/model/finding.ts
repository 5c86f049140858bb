import { z } from 'zod';
import { evidenceRefSchema } from './evidence.js';
import { type Pillar, pillars, type Severity, type Status, severities, statuses } from './levels.js';
import { providerSchema } from './provider.js';

export { type Pillar, pillars, type Severity, type Status, severities, statuses };
export const severitySchema = z.enum(severities);
export const statusSchema = z.enum(statuses);
export const pillarSchema = z.enum(pillars);

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
