import type { Command } from 'commander';
import { awsPermissionPolicy } from '../../../providers/aws/permissions.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { parseProvider } from './collect.js';

export function registerPermissions(program: Command, ctx: CommandContext): void {
  program
    .command('permissions')
    .description('print the least-privilege IAM policy that collection needs (generated from its calls)')
    .requiredOption('--provider <cloud>', 'cloud (aws)', parseProvider)
    .option('--org-role <name>', "add the caller's right to assume this role in member accounts")
    .action((flags: { provider: 'aws'; orgRole?: string }) => {
      const policy = awsPermissionPolicy(flags.orgRole ? { orgRole: flags.orgRole } : {});
      ctx.io.out(JSON.stringify(policy, null, 2));
      ctx.exit(exitCodes.done);
    });
}
