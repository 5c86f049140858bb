import { z } from 'zod';
import { controlIds } from '../model/control-ids.js';
import { severitySchema } from '../model/finding.js';

const isoDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
    'expected an ISO 8601 date such as 2027-03-31',
  )
  .refine(realDate, 'not a date in the calendar');

/** 2027-02-30 matches the pattern but is no day: Date would roll it over to March. */
function realDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return true;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const controlId = z.enum(controlIds, {
  error: (i) => `unknown control "${String(i.input)}"; expected one of ${controlIds.join(', ')}`,
});

/** A principal allowed to create compute; globs match ARNs (`*` any run of characters, `?` one). */
export const approvedCreatorSchema = z.strictObject({
  principal: z.string().min(1),
  reason: z.string().min(1),
});

/** A time-boxed, owned exception: it turns a failing finding (or a detection) into `waived`. */
export const waiverSchema = z.strictObject({
  /** A control id, or `detection` for detections. */
  control: z.enum([...controlIds, 'detection'], {
    error: (i) =>
      `unknown control "${String(i.input)}"; expected detection or one of ${controlIds.join(', ')}`,
  }),
  /** Resource id, ARN, instance id, principal ARN or destination; `*` and `?` globs allowed. */
  resource: z.string().min(1),
  owner: z.string().min(1),
  reason: z.string().min(1),
  expires: isoDate,
});

const port = z.number().int().min(0).max(65535);

/** Every key has a default in policies/default.yaml; a user policy overrides key by key, lists replace. */
export const policySchema = z.strictObject({
  version: z.literal(1),
  retention: z.strictObject({
    /** Days audit logs (who created which instance) must be kept. */
    auditDays: z.number().int().positive(),
    /** Days network flow logs must be kept. */
    flowDays: z.number().int().positive(),
    /** Days DNS query logs must be kept. */
    dnsDays: z.number().int().positive(),
  }),
  metrics: z.strictObject({
    /** Coarsest CPU metric period accepted, in minutes (5 = basic monitoring suffices). */
    cpuResolutionMinutes: z.number().int().positive(),
    /** Whether an alarm or anomaly detector must watch CPU. */
    requireAlarm: z.boolean(),
  }),
  flow: z.strictObject({
    /** Least fraction of flows a sampled flow log (GCP subnet flowSampling) must record, 0–1. */
    minSampling: z.number().min(0).max(1),
  }),
  tags: z.strictObject({
    /** Tag keys every instance must carry (ownership and change control). */
    required: z.array(z.string().min(1)),
  }),
  creators: z.strictObject({
    approved: z.array(approvedCreatorSchema),
  }),
  controls: z.partialRecord(
    controlId,
    z.strictObject({
      enabled: z.boolean().optional(),
      severity: severitySchema.optional(),
    }),
  ),
  waivers: z.array(waiverSchema),
  intel: z.strictObject({
    /** Indicator lists shipped with rigsight, relative to the policies/ folder. */
    sources: z.array(z.string().min(1)),
    /** Your own lists (one indicator per line), relative to this policy file. */
    extra: z.array(z.string().min(1)),
    /** Indicators never treated as mining (domains, IPs, CIDRs). */
    allow: z.array(z.string().min(1)),
    /** Ports that identify stratum pool traffic; egress allowing them is a finding. */
    miningPorts: z.array(port),
  }),
  detection: z.strictObject({
    cpu: z.strictObject({
      /** Percent utilisation that counts as a plateau. */
      threshold: z.number().min(1).max(100),
      /** Elapsed minutes the plateau must last. */
      sustainMinutes: z.number().int().positive(),
    }),
  }),
});

export type Policy = z.infer<typeof policySchema>;
export type Waiver = z.infer<typeof waiverSchema>;
export type ApprovedCreator = z.infer<typeof approvedCreatorSchema>;
