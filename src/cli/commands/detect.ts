import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../errors.js';
import { BUNDLE_TELEMETRY_DIR } from '../../evidence/layout.js';
import type { CommandContext } from '../command-context.js';
import { deliver } from '../deliver.js';
import { gateOf } from '../exit-codes.js';
import { prepareOutFolder } from '../output-path.js';
import { type AssessFlags, reportOptions } from './assess.js';
import { type CollectFlags, collectOptions, describeCollection, runCollect } from './collect.js';
import { openRunHistory } from './history.js';

export interface DetectFlags extends Omit<AssessFlags, 'evidence'> {
  telemetry?: string;
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

/** A bundle folder's live-leg telemetry (`telemetry/`), when it has some. */
export function bundleTelemetry(bundle: string | undefined): string | undefined {
  if (!bundle) return undefined;
  const dir = join(bundle, BUNDLE_TELEMETRY_DIR);
  try {
    return statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

type LiveDetectFlags = DetectFlags & CollectFlags & { bundle?: string };

/** The bundle folder of a live run: `--bundle`, or a new `<out>/bundle-<UTC time>` per run. */
export function liveBundleFolder(out: string, bundle: string | undefined, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return bundle ?? join(out, `bundle-${stamp}`);
}

export function registerDetect(program: Command, ctx: CommandContext): void {
  const cmd = reportOptions(
    program
      .command('detect')
      .description('correlate instance creation, CPU plateaus and mining-pool egress in native cloud logs')
      .option('--telemetry <dir>', 'folder of native log files (any nesting, plain or gzip)')
      .option('--evidence <bundle>', 'evidence bundle whose inventory ties interfaces to instances'),
  ).option(
    '--workers <n>',
    'threads reading files (default: none under 64 MiB of input, else one per two cores, at most 4; 0 reads in the main thread)',
    parseWorkers,
  );
  collectOptions(cmd)
    .option('--bundle <dir>', 'with --live: where the bundle is written (default: <out>/bundle-<UTC time>)')
    .option('--fail-on-detection', 'exit 1 when a detection is not benign and not waived')
    .option('--allow-unverified', 'use a bundle whose manifest does not match its files')
    .action(async (flags: LiveDetectFlags) => {
      if (flags.live) {
        if (!flags.provider) throw new InputError('detect --live needs --provider CLOUD');
        if (flags.evidence || flags.telemetry)
          throw new InputError('detect --live collects its own bundle; drop --evidence and --telemetry');
        prepareOutFolder(flags.out);
        const bundle = liveBundleFolder(flags.out, flags.bundle);
        const summary = await runCollect({ ...flags, readingWorkers: true }, bundle, ctx);
        if (!flags.quiet) ctx.io.out(describeCollection(summary, flags.provider));
        return runDetect({ ...flags, evidence: bundle }, ctx, false);
      }
      if (flags.provider || flags.since || flags.until)
        throw new InputError('--provider, --since and --until apply to detect --live only');
      return runDetect(flags, ctx, false);
    });
}

/** detect, or audit with --telemetry (`withFindings`: keep the bundle's posture findings too). */
export async function runDetect(
  flags: DetectFlags,
  ctx: CommandContext,
  withFindings: boolean,
): Promise<void> {
  const own = bundleTelemetry(flags.evidence);
  const fromBundle = !flags.telemetry || flags.telemetry === own ? own : undefined;
  const telemetry = flags.telemetry ?? fromBundle;
  if (!telemetry)
    throw new InputError(
      existsSync(flags.evidence ?? '')
        ? `${flags.evidence} holds no live telemetry (${BUNDLE_TELEMETRY_DIR}/); give --telemetry DIR or collect with --live`
        : 'detect needs --telemetry DIR, --evidence BUNDLE holding live telemetry, or --live --provider CLOUD',
    );
  prepareOutFolder(flags.out, [flags.evidence, telemetry]);
  const { detectDocument } = await import('../../detect/document.js');
  const { loadPolicy } = await import('../../policy/load.js');
  const policy = loadPolicy(flags.policy);
  const history = await openRunHistory(flags);
  try {
    const document = await detectDocument({
      telemetry,
      ...(flags.evidence ? { evidence: flags.evidence } : {}),
      ...(fromBundle ? { bundleTelemetry: true } : {}),
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
