import { z } from 'zod';
import { evidenceRefSchema } from './evidence.js';
import { waiverRefSchema } from './finding.js';
import { providerSchema } from './provider.js';

/** Strongest first. A detection is opened by the creation or network leg; CPU only raises or lowers one. */
export const verdicts = ['confirmed-mining', 'likely-mining', 'suspicious', 'benign-explained'] as const;
export const verdictSchema = z.enum(verdicts);
export type Verdict = z.infer<typeof verdictSchema>;

export const legs = ['creation', 'cpu', 'network'] as const;
export const legSchema = z.enum(legs);
export type Leg = z.infer<typeof legSchema>;

export const legStateSchema = z.object({
  state: z.enum(['seen', 'absent', 'blind']),
  detail: z.string(),
});
export type LegState = z.infer<typeof legStateSchema>;

/** AN0744 correlated for one instance. */
export const detectionSchema = z.object({
  id: z.string(),
  provider: providerSchema,
  scope: z.string(),
  /** `kind` names a workload that is not a virtual machine, in its cloud's words (`ECS task`, `container group`). */
  instance: z.object({ id: z.string(), region: z.string().optional(), kind: z.string().optional() }),
  verdict: verdictSchema,
  /** 0–100. */
  score: z.number(),
  /** Whom the creation is charged to: whoever asked a service for the capacity, else the principal on the record. */
  createdBy: z.string().optional(),
  createdAt: z.string().optional(),
  /** The service that launched it (a scaling group, fleet, scale set), and the call that asked for it when read. */
  createdThrough: z
    .object({
      service: z.string(),
      action: z.string().optional(),
      by: z.string().optional(),
      at: z.string().optional(),
    })
    .optional(),
  /** No creation record, because it was launched while audit logging was stopped: who stopped it, from when to when. */
  loggingGap: z
    .object({ from: z.string(), to: z.string().optional(), by: z.string(), action: z.string() })
    .optional(),
  /** Launched in a region with no earlier activity in the audit logs read (ATT&CK T1535). */
  newRegion: z.string().optional(),
  legs: z.object({ creation: legStateSchema, cpu: legStateSchema, network: legStateSchema }),
  destinations: z.array(z.string()),
  /** Plain words: why this verdict. */
  explanation: z.string(),
  evidence: z.array(evidenceRefSchema),
  waiver: waiverRefSchema.optional(),
});
export type Detection = z.infer<typeof detectionSchema>;

/** What could not be seen for one resource and leg, and why. */
export const coverageSchema = z.object({
  provider: providerSchema,
  scope: z.string(),
  leg: legSchema,
  resource: z.string(),
  blind: z.boolean(),
  why: z.string(),
});
export type Coverage = z.infer<typeof coverageSchema>;
