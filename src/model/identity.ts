import { z } from 'zod';
import { evidenceRefSchema } from './evidence.js';
import { providerSchema } from './provider.js';

export const principalRefSchema = z.object({
  /** ARN, object id or email, as the provider names it. */
  id: z.string(),
  type: z.enum(['user', 'role', 'group', 'service-account', 'service', 'federated', 'account', 'anonymous']),
  name: z.string().optional(),
});
export type PrincipalRef = z.infer<typeof principalRefSchema>;

/** The statement that grants (or bounds) a permission, so an auditor can check it by hand. */
export const grantRefSchema = z.object({
  policy: z.string(),
  statement: z.string(),
  effect: z.enum(['Allow', 'Deny']),
});
export type GrantRef = z.infer<typeof grantRefSchema>;

/** A condition a grant depends on, reported as written rather than guessed. */
export const grantConditionSchema = z.object({
  operator: z.string(),
  key: z.string(),
  values: z.array(z.string()),
  /** Plain words, e.g. "only when aws:RequestedRegion in [us-east-1]". */
  text: z.string(),
});
export type GrantCondition = z.infer<typeof grantConditionSchema>;

export const creatorKinds = [
  'user',
  'role',
  'group-member',
  'service',
  'federated',
  'external-account',
] as const;

/** Someone who can create compute in a scope, directly or through a chain of principals. */
export const creatorSchema = z.object({
  provider: providerSchema,
  scope: z.string(),
  principal: principalRefSchema,
  kind: z.enum(creatorKinds),
  /** Compute-creating actions reachable. */
  actions: z.array(z.string()),
  /** Principals passed through, first hop first; empty when the grant is direct. */
  via: z.array(z.string()),
  conditions: z.array(grantConditionSchema).optional(),
  /** Enters from outside the scope: another account, `*`, or a federated identity. */
  external: z.boolean(),
  /** Holds long-lived credentials (access keys) that work without federation. */
  longLivedKeys: z.boolean().optional(),
  approved: z.boolean(),
  approvedBy: z.string().optional(),
  /** Unapproved, but the chain runs through this approved principal (which does not approve it). */
  viaApproved: z.string().optional(),
  /** Actions other than the compute action that the path needs (sts:AssumeRole, iam:PassRole, iam:PutUserPolicy, …). */
  escalation: z.array(z.string()).optional(),
  /** direct: holds the action now; chain: reaches a holder through `via`; escalation: can grant itself the action. */
  path: z.enum(['direct', 'chain', 'escalation']).optional(),
  /** 1 is the most urgent. */
  rank: z.number().int(),
  grants: z.array(grantRefSchema),
  evidence: z.array(evidenceRefSchema),
});
export type Creator = z.infer<typeof creatorSchema>;
