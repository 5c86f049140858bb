import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context.js';
import { deliver } from '../deliver.js';
import { gateOf } from '../exit-codes.js';
import { prepareOutFolder } from '../output-path.js';
import { type AssessFlags, reportOptions } from './assess.js';
import { openRunHistory } from './history.js';

export interface DetectFlags extends Omit<AssessFlags, 'evidence'> {
  telemetry: string;
  evidence?: string;
  workers?: number;
  failOnDetection?: boolean;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64)
    throw new InvalidArgumentError('expected a whole number from 0 (read in this thread) to 64');
  return n;
}

export function registerDetect(program: Command, ctx: CommandContext): void {
  reportOptions(
    program
      .command('detect')
      .description('correlate instance creation, CPU plateaus and mining-pool egress in native cloud logs')
      .requiredOption('--telemetry <dir>', 'folder of native log files (any nesting, plain or gzip)')
      .option('--evidence <bundle>', 'evidence bundle whose inventory ties interfaces to instances'),
  )
    .option(
      '--workers <n>',
      'threads reading files (default: one per two cores, at most 4; 0 reads in the main thread)',
      parseWorkers,
    )
    .option('--fail-on-detection', 'exit 1 when a detection is not benign and not waived')
    .option('--allow-unverified', 'use a bundle whose manifest does not match its files')
    .action((flags: DetectFlags) => runDetect(flags, ctx, false));
}

/** detect, or audit with --telemetry (`withFindings`: keep the bundle's posture findings too). */
export async function runDetect(
  flags: DetectFlags,
  ctx: CommandContext,
  withFindings: boolean,
): Promise<void> {
  prepareOutFolder(flags.out, [flags.evidence, flags.telemetry]);
  const { detectDocument } = await import('../../detect/document.js');
  const { loadPolicy } = await import('../../policy/load.js');
  const policy = loadPolicy(flags.policy);
  const history = await openRunHistory(flags);
  try {
    const document = await detectDocument({
      telemetry: flags.telemetry,
      ...(flags.evidence ? { evidence: flags.evidence } : {}),
      policy,
      now: flags.now ?? new Date(),
      ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
      allowUnverified: flags.allowUnverified ?? false,
      withFindings,
    });
    await deliver(document, flags, gateOf(flags), ctx, history);
  } finally {
    await history?.close();
  }
}
