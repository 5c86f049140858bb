import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { providerSchema } from '../model/provider.js';
import { policiesDir } from '../package-info.js';

const frameworksSchema = z.object({
  frameworks: z.array(
    z.object({
      name: z.string(),
      prefix: z.string(),
      provider: providerSchema.optional(),
      requirements: z.array(z.object({ id: z.string(), title: z.string(), controls: z.array(z.string()) })),
    }),
  ),
});
export type Frameworks = z.infer<typeof frameworksSchema>;

export const frameworksFile = join(policiesDir, 'frameworks.yaml');

export function loadFrameworks(file = frameworksFile): Frameworks {
  return frameworksSchema.parse(parse(readFileSync(file, 'utf8')));
}

/** `control id → provider → ["ATT&CK T1496.001", "NIST 800-53 AU-2", …]`; provider-specific frameworks only apply there. */
export function frameworkIndex(frameworks: Frameworks): (control: string, provider: string) => string[] {
  return (control, provider) =>
    frameworks.frameworks
      .filter((f) => !f.provider || f.provider === provider)
      .flatMap((f) =>
        f.requirements.filter((r) => r.controls.includes(control)).map((r) => `${f.prefix} ${r.id}`),
      );
}
