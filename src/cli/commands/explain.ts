import { type Command, Option } from 'commander';
import { adapterFor, adapters } from '../../../providers/index.js';
import { InputError } from '../../errors.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';

interface ExplainFlags {
  evidence: string;
  principal: string;
  action: string;
  provider?: string;
  resource?: string;
  json?: boolean;
  allowUnverified?: boolean;
}

function explainers() {
  return adapters().filter((a) => a.explain);
}

export function registerExplain(program: Command, ctx: CommandContext): void {
  const principalHelp = explainers()
    .map((a) => `${a.explain?.principalHelp} (${a.provider})`)
    .join('; ');
  const actionHelp = explainers()
    .map((a) => a.explain?.actionHelp)
    .join('; ');
  program
    .command('explain')
    .description(
      'why a principal can or cannot perform an action: the decision and every statement that allowed, denied or bounded it, including the chain of roles',
    )
    .requiredOption('--evidence <bundle>', 'evidence bundle: a folder or .tar.gz')
    .requiredOption('--principal <id>', principalHelp)
    .requiredOption('--action <action>', actionHelp)
    .addOption(
      new Option('--provider <cloud>', 'the cloud to ask (default: the only one in the bundle)').choices(
        explainers().map((a) => a.provider),
      ),
    )
    .option('--resource <id>', "one resource instead of the action's resource types")
    .option('--json', 'as JSON')
    .option('--allow-unverified', 'explain from a bundle whose manifest does not match its files')
    .action(async (flags: ExplainFlags) => {
      const { openVerifiedBundle } = await import('../../assess/assess.js');
      const { bundle } = await openVerifiedBundle(flags.evidence, flags.allowUnverified ?? false);
      const present = explainers().filter((a) => a.present(bundle));
      const adapter = flags.provider
        ? adapterFor(flags.provider)
        : present.length === 1
          ? present[0]
          : undefined;
      if (!adapter?.explain)
        throw new InputError(
          present.length > 1
            ? `${flags.evidence} holds evidence for ${present.map((a) => a.provider).join(' and ')}: say which with --provider`
            : `${flags.evidence} holds no evidence explain can read (${explainers()
                .map((a) => `${a.provider}/…`)
                .join(', ')})`,
        );
      const answer = await adapter.explain.run(bundle, {
        principal: flags.principal,
        action: flags.action,
        ...(flags.resource ? { resource: flags.resource } : {}),
      });
      ctx.io.out(flags.json ? JSON.stringify(answer.json, null, 2) : answer.text);
      if (!answer.found) {
        ctx.io.err(`rigsight: ${answer.problem}`);
        ctx.exit(exitCodes.usage);
      }
    });
}
