import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { policiesDir } from '../../../src/package-info.js';

const actionName = z
  .string()
  .regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'expected service:Action, e.g. ec2:RunInstances');

export const computeActionSchema = z.strictObject({
  action: actionName,
  reason: z.string().min(1),
  resourceTypes: z.array(z.string().min(1)).min(1).optional(),
  passRoleTo: z.array(z.string().regex(/\.amazonaws\.com$/, 'expected a service principal')).optional(),
  onlyWithPassRole: z.boolean().optional(),
});

export const escalationKinds = [
  'assume-role',
  'pass-role',
  'self-policy',
  'group-join',
  'trust-edit',
  'credentials',
  'boundary-removal',
  'sso-assignment',
] as const;
export type EscalationKind = (typeof escalationKinds)[number];

export const escalationActionSchema = z.strictObject({
  action: actionName,
  kind: z.enum(escalationKinds),
  reason: z.string().min(1),
});

export const computeActionsFileSchema = z.strictObject({
  version: z.literal(1),
  compute: z.array(computeActionSchema).min(1),
  escalation: z.array(escalationActionSchema).min(1),
});

export type ComputeAction = z.infer<typeof computeActionSchema>;
export type EscalationAction = z.infer<typeof escalationActionSchema>;
export type ComputeActions = z.infer<typeof computeActionsFileSchema>;

export const computeActionsFile = join(policiesDir, 'compute-actions.yaml');

/** Loads and validates the compute-creating and escalation actions; throws naming the file on any problem. */
export function loadComputeActions(file = computeActionsFile): ComputeActions {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]?.message.split('\n')[0]}`);
  const parsed = computeActionsFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
  }
  const seen = new Set<string>();
  for (const a of [...parsed.data.compute, ...parsed.data.escalation]) {
    const key = a.action.toLowerCase();
    if (seen.has(key)) throw new Error(`${file}: ${a.action} is listed twice`);
    seen.add(key);
  }
  return parsed.data;
}

let cached: ComputeActions | undefined;

/** The shipped list, loaded once. */
export function defaultComputeActions(): ComputeActions {
  cached ??= loadComputeActions();
  return cached;
}
