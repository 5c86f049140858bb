import type { Command } from 'commander';
import { explain, formatExplain } from '../../../providers/aws/iam/explain.js';
import { openVerifiedBundle } from '../../assess/assess.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';

interface ExplainFlags {
  evidence: string;
  principal: string;
  action: string;
  resource?: string;
  json?: boolean;
  allowUnverified?: boolean;
}

export function registerExplain(program: Command, ctx: CommandContext): void {
  program
    .command('explain')
    .description(
      'why a principal can or cannot perform an action: the decision and every statement that allowed, denied or bounded it, including the chain of roles',
    )
    .requiredOption('--evidence <bundle>', 'evidence bundle: a folder or .tar.gz')
    .requiredOption('--principal <arn>', 'user, role, role session or root user ARN')
    .requiredOption('--action <action>', 'service:Action, e.g. ec2:RunInstances')
    .option('--resource <arn>', "one resource ARN instead of the action's resource types")
    .option('--json', 'as JSON')
    .option('--allow-unverified', 'explain from a bundle whose manifest does not match its files')
    .action(async (flags: ExplainFlags) => {
      const { bundle } = await openVerifiedBundle(flags.evidence, flags.allowUnverified ?? false);
      const result = await explain(
        bundle,
        flags.principal,
        flags.action,
        flags.resource ? { resource: flags.resource } : {},
      );
      ctx.io.out(flags.json ? JSON.stringify(result, null, 2) : formatExplain(result).trimEnd());
      if (!result.found) {
        ctx.io.err(`rigsight: ${result.problem}`);
        ctx.exit(exitCodes.usage);
      }
    });
}
