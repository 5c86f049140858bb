import { z } from 'zod';
import { manifestSchema } from './evidence/manifest.js';
import { findingsDocumentSchema } from './model/findings-document.js';
import { policySchema } from './policy/schema.js';

/** The public contracts as JSON Schema, generated from the zod schemas; the committed copies are drift-checked. */
export const publishedSchemas: Record<string, () => unknown> = {
  'schemas/findings.schema.json': () => ({
    $id: 'https://rigsight.dev/schemas/findings.schema.json',
    title: 'rigsight findings.json',
    ...z.toJSONSchema(findingsDocumentSchema),
  }),
  'schemas/manifest.schema.json': () => ({
    $id: 'https://rigsight.dev/schemas/manifest.schema.json',
    title: 'rigsight evidence bundle manifest.json',
    ...z.toJSONSchema(manifestSchema),
  }),
  'policies/policy.schema.json': () => ({
    $id: 'https://rigsight.dev/schemas/policy.schema.json',
    title: 'rigsight policy',
    ...z.toJSONSchema(policySchema, { io: 'input' }),
  }),
};

export function renderSchema(name: string): string {
  const make = publishedSchemas[name];
  if (!make) throw new Error(`unknown schema ${name}`);
  return `${JSON.stringify(make(), null, 2)}\n`;
}
