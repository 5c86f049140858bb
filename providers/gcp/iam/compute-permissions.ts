import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { policiesDir } from '../../../src/package-info.js';

const permission = z.string().regex(/^[a-z0-9]+(\.[A-Za-z0-9]+){2,}$/, 'expected service.resource.verb');

export const computePermissionsSchema = z.strictObject({
  version: z.literal(1),
  actAs: permission,
  compute: z
    .array(z.strictObject({ permission, reason: z.string().min(1), needsActAs: z.boolean().optional() }))
    .min(1),
  impersonation: z.array(z.strictObject({ permission, reason: z.string().min(1) })).min(1),
  escalation: z
    .array(
      z.strictObject({
        permission,
        kind: z.enum(['grant', 'role-update', 'service-account-grant']),
        reason: z.string().min(1),
      }),
    )
    .min(1),
});
export type ComputePermissions = z.infer<typeof computePermissionsSchema>;

export const computePermissionsFile = join(policiesDir, 'gcp-compute-permissions.yaml');

/** Loads and validates the compute-creating, impersonation and escalation permissions; throws naming the file. */
export function loadComputePermissions(file = computePermissionsFile): ComputePermissions {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]?.message.split('\n')[0]}`);
  const parsed = computePermissionsSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
  }
  return parsed.data;
}

let cached: ComputePermissions | undefined;
export function defaultComputePermissions(): ComputePermissions {
  cached ??= loadComputePermissions();
  return cached;
}
