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

/**
 * A condition a grant depends on, reported as written rather than guessed. `effect` says how to read
 * `operator`/`key`/`values`: from an Allow they say when the grant holds; from a Deny (SCP, boundary,
 * identity policy) they say when it is denied, and the grant stays with this condition attached.
 */
export const grantConditionSchema = z.object({
  operator: z.string(),
  key: z.string(),
  values: z.array(z.string()),
  /** Plain words for when the grant holds, e.g. "only in us-east-1 and eu-west-1 (SCP … denies other regions)". */
  text: z.string(),
  effect: z.enum(['Allow', 'Deny']),
  /** The entry's actions this condition limits; absent when it limits all of them. */
  actions: z.array(z.string()).optional(),
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

/**
 * How a creator reaches compute: `direct` holds the action now; `chain` becomes a principal that holds
 * it with what it holds (assuming roles, passing a role to a service that runs its code); `escalation`
 * must first change IAM to get it (its own policies or groups, a role's trust policy, another user's
 * credentials).
 */
export const creatorPaths = ['direct', 'chain', 'escalation'] as const;
export type CreatorPath = (typeof creatorPaths)[number];

/**
 * Someone who can create compute in a scope, by one path. A principal on several paths has one entry
 * per path, each listing only the actions that path adds to the ones before it (direct, chain, escalation).
 */
export const creatorSchema = z.object({
  provider: providerSchema,
  scope: z.string(),
  principal: principalRefSchema,
  kind: z.enum(creatorKinds),
  path: z.enum(creatorPaths),
  /** Compute-creating actions this path reaches and no earlier path of the principal does. */
  actions: z.array(z.string()),
  /** Principals passed through, first hop first; empty on `direct` and on an escalation of its own policies. */
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
  /** `escalation` only: the IAM permissions it uses to grant itself the actions (iam:PutUserPolicy, …). */
  escalation: z.array(z.string()).optional(),
  /** 1 is the most urgent. */
  rank: z.number().int(),
  grants: z.array(grantRefSchema),
  evidence: z.array(evidenceRefSchema),
});
export type Creator = z.infer<typeof creatorSchema>;

/** The entry's actions that no condition limits (all of them when it has no conditions). */
export function unconditionalActions(c: Pick<Creator, 'actions' | 'conditions'>): string[] {
  const conditions = c.conditions ?? [];
  if (conditions.some((k) => !k.actions)) return [];
  const limited = new Set(conditions.flatMap((k) => k.actions ?? []));
  return c.actions.filter((a) => !limited.has(a));
}
