import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';

export async function policyJsonSchema(): Promise<string> {
  const { z } = await import('zod');
  const { policySchema } = await import('../../policy/schema.js');
  return `${JSON.stringify(z.toJSONSchema(policySchema, { io: 'input' }), null, 2)}\n`;
}

export function registerPolicy(program: Command, ctx: CommandContext): void {
  const policy = program.command('policy').description('check and describe policy files');
  policy
    .command('validate')
    .description('report every problem in a policy file with file:line:column')
    .argument('<file>', 'policy YAML')
    .action(async (file: string) => {
      const { formatProblem, validatePolicyFile } = await import('../../policy/load.js');
      const problems = validatePolicyFile(file);
      for (const p of problems) ctx.io.err(formatProblem(p));
      if (problems.length === 0) ctx.io.out(`${file}: valid`);
      ctx.exit(problems.length ? exitCodes.usage : exitCodes.done);
    });
  policy
    .command('schema')
    .description('print the JSON Schema of policy files')
    .action(async () => ctx.io.out((await policyJsonSchema()).trimEnd()));
}
