import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { policiesDir } from '../../../src/package-info.js';

const action = z.strictObject({
  action: z
    .string()
    .regex(
      /^Microsoft\.[A-Za-z]+\/[A-Za-z0-9/]+$/,
      'expected Provider/type/operation, e.g. Microsoft.Compute/virtualMachines/write',
    ),
  reason: z.string().min(1),
});

export const azureComputeActionsSchema = z.strictObject({
  version: z.literal(1),
  compute: z.array(action).min(1),
  runCode: z.array(action).min(1),
  escalation: z.array(action).min(1),
});
export type AzureComputeActions = z.infer<typeof azureComputeActionsSchema>;

export const azureComputeActionsFile = join(policiesDir, 'azure-compute-actions.yaml');

/** Loads and validates the Azure action lists; throws naming the file on any problem. */
export function loadAzureComputeActions(file = azureComputeActionsFile): AzureComputeActions {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]?.message.split('\n')[0]}`);
  const parsed = azureComputeActionsSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
  }
  const seen = new Set<string>();
  for (const a of [...parsed.data.compute, ...parsed.data.runCode, ...parsed.data.escalation]) {
    const k = a.action.toLowerCase();
    if (seen.has(k)) throw new Error(`${file}: ${a.action} is listed twice`);
    seen.add(k);
  }
  return parsed.data;
}

let cached: AzureComputeActions | undefined;
export function defaultAzureComputeActions(): AzureComputeActions {
  cached ??= loadAzureComputeActions();
  return cached;
}
