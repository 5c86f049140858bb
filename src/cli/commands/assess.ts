import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { deliver } from '../deliver.js';
import { gateOf } from '../exit-codes.js';
import { defaultFormats, type FailOn, parseFailOn, parseFormats, parseNow } from '../options.js';
import { prepareOutFolder } from '../output-path.js';
import { historyOption, openRunHistory } from './history.js';

export interface AssessFlags {
  evidence: string;
  policy?: string;
  now?: Date;
  out: string;
  format: ReturnType<typeof parseFormats>;
  failOn?: FailOn;
  history?: string | true;
  strict?: boolean;
  allowUnverified?: boolean;
  quiet?: boolean;
  pdf?: boolean;
}

/** Options every command that writes a report shares. */
export function reportOptions(cmd: Command): Command {
  cmd
    .option('--policy <file>', 'policy YAML overriding the defaults')
    .option(
      '--now <iso>',
      'assessment time (fixes generatedAt and waiver expiry: byte-reproducible reports)',
      parseNow,
    )
    .requiredOption('--out <dir>', 'folder for findings.json, report.html, findings.csv')
    .option('--format <list>', 'comma list of html,json,csv,ocsf,md', parseFormats, defaultFormats)
    .option(
      '--pdf',
      'also print the scorecard to scorecard.pdf (needs a Chromium; skipped with a note otherwise)',
    )
    .option(
      '--fail-on <severity>',
      'exit 1 when a failing finding has this severity or worse; new:SEVERITY only when it is new or regressed since the last run (needs --history); repeatable',
      parseFailOn,
    )
    .option('--strict', 'exit 3 when any input could not be read or anything is unassessed')
    .option('--quiet', 'print nothing but errors');
  historyOption(cmd);
  return cmd;
}

export async function runAssess(flags: AssessFlags, ctx: CommandContext): Promise<void> {
  prepareOutFolder(flags.out, [flags.evidence]);
  const { assess } = await import('../../assess/assess.js');
  const { loadPolicy } = await import('../../policy/load.js');
  const policy = loadPolicy(flags.policy);
  const history = await openRunHistory(flags);
  try {
    const { document } = await assess({
      evidence: flags.evidence,
      policy,
      now: flags.now ?? new Date(),
      allowUnverified: flags.allowUnverified ?? false,
    });
    await deliver(document, flags, gateOf(flags), ctx, history);
  } finally {
    await history?.close();
  }
}

export function registerAssess(program: Command, ctx: CommandContext): void {
  reportOptions(
    program
      .command('assess')
      .description('assess an evidence bundle offline and write the gap-and-risk report')
      .requiredOption('--evidence <bundle>', 'evidence bundle: a folder or .tar.gz'),
  )
    .option('--allow-unverified', 'assess a bundle whose manifest does not match its files')
    .action((flags: AssessFlags) => runAssess(flags, ctx));
}
