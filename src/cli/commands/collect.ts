import { existsSync, readdirSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { LiveWindow } from '../../../providers/adapter.js';
import { adapterFor } from '../../../providers/index.js';
import type { CollectProgress } from '../../collect/progress.js';
import { parseShard, type Shard } from '../../collect/shard.js';
import type { CollectSummary } from '../../collect/summary.js';
import { InputError } from '../../errors.js';
import type { IntelData } from '../../intel/matcher.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { processIo } from '../io.js';
import { type LiveFlags, liveWindow, parseTimeAnchor } from '../live-window.js';
import { addProviderOptions, providersWith, providerValues } from '../provider-options.js';

export interface CollectFlags extends Record<string, unknown>, LiveFlags {
  provider?: string;
  shard?: Shard;
  quiet?: boolean;
  strict?: boolean;
  /** Set by detect: its --workers are reading threads, not the collector's. */
  readingWorkers?: boolean;
}

/** The options of a live collection, shared by `collect`, `audit` and `detect`. */
export function collectOptions(cmd: Command): Command {
  return addProviderOptions(cmd, 'collect')
    .option(
      '--live',
      "also pull the live detection legs (launch and tampering audit events, CPU series, the cloud's crypto findings) for the --since window into the bundle",
    )
    .option(
      '--since <when>',
      'start of the live window: 7d, 36h, 90m back from now, or an ISO 8601 time',
      parseTimeAnchor,
    )
    .option(
      '--until <when>',
      'end of the live window (default: now): a duration back or an ISO 8601 time',
      parseTimeAnchor,
    )
    .option(
      '--shard <i/n>',
      'collect only part I of N of the scopes (I from 1 to N; stable as scopes come and go); join the bundles with evidence merge',
      (value: string) => {
        try {
          return parseShard(value);
        } catch (err) {
          throw new InvalidArgumentError((err as Error).message);
        }
      },
    );
}

/** The live window the flags ask for, checked against how long the chosen cloud keeps its audit events. */
export function liveWindowOf(
  flags: CollectFlags,
  provider: string,
  now = new Date(),
): LiveWindow | undefined {
  const adapter = adapterFor(provider);
  const history = adapter.collect?.liveHistory ?? { days: 90, what: 'audit events' };
  return liveWindow(
    flags,
    { name: adapter.vocabulary.cloud, historyDays: history.days, history: history.what },
    now,
  );
}

/** A folder that is empty or absent: a bundle is never written over another. */
export function assertEmptyFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new InputError(`${dir} is not empty; a new bundle is written into an empty or new folder only`);
}

async function progressFor(
  ctx: CommandContext,
  provider: string,
  quiet: boolean | undefined,
): Promise<CollectProgress> {
  const { BarProgress, LogLinesProgress, silentProgress } = await import('../../collect/progress.js');
  if (quiet) return silentProgress;
  const v = adapterFor(provider).vocabulary;
  const nouns = { scope: v.scope.one, region: v.region.one };
  if (ctx.io === processIo && process.stderr.isTTY) return new BarProgress(process.stderr, nouns);
  return new LogLinesProgress((line) => ctx.io.err(line), undefined, undefined, nouns);
}

/** The policy's indicators, for the flow leg pushed down to where flow logs live. */
async function liveIntel(policyFile: unknown): Promise<IntelData> {
  const { loadPolicy } = await import('../../policy/load.js');
  const { compileIntel } = await import('../../intel/compile.js');
  const loaded = loadPolicy(typeof policyFile === 'string' ? policyFile : undefined);
  return compileIntel(loaded).data;
}

/** Runs a live collection into `out`; a fatal problem (no credentials, org not listable) is an input error. */
export async function runCollect(
  flags: CollectFlags,
  out: string,
  ctx: CommandContext,
): Promise<CollectSummary> {
  const provider = flags.provider;
  const collector = provider ? adapterFor(provider).collect : undefined;
  if (!provider || !collector)
    throw new InputError(`collect needs --provider ${providersWith('collect').join('|')}`);
  const { workers: _reading, ...own } = flags;
  // detect's --workers counts reading threads, not the provider's collecting threads.
  const options = providerValues(adapterFor(provider), 'collect', flags.readingWorkers ? own : flags);
  collector.validate?.(options);
  const live = liveWindowOf(flags, provider);
  assertEmptyFolder(out);
  const summary = await collector.run({
    out,
    options,
    progress: await progressFor(ctx, provider, flags.quiet),
    ...(live ? { live, intel: await liveIntel(flags.policy) } : {}),
    ...(flags.shard ? { shard: flags.shard } : {}),
  });
  if (live) (await import('../../evidence/live-window.js')).stampLiveWindow(out, live);
  return summary;
}

export function describeCollection(s: CollectSummary, provider: string, shard?: Shard): string {
  const noun = adapterFor(provider).vocabulary.scope;
  const failed = s.scopes.filter((x) => x.status === 'failed');
  const partial = s.scopes.filter((x) => x.status === 'partial');
  const lines = [
    `collected ${s.scopes.length - failed.length} of ${s.scopes.length} ${noun.one}(s)${shard ? ` in shard ${shard.index}/${shard.count}` : ''} as ${s.caller} into ${s.out}`,
    `  ${s.calls} calls (${s.retries} retried), ${s.failedCalls} failed and kept as .error.json, ${s.files} files, ${s.skippedRegions} region(s) skipped, ${(s.elapsedMs / 1000).toFixed(1)} s`,
  ];
  for (const f of failed) lines.push(`  not assessed: ${f.id}: ${f.reason}`);
  for (const p of partial) lines.push(`  partial: ${p.id}: ${p.reason}`);
  return lines.join('\n');
}

export function registerCollect(program: Command, ctx: CommandContext): void {
  collectOptions(
    program
      .command('collect')
      .description('read the cloud (read-only calls only) and write an evidence bundle')
      .requiredOption('--out <dir>', 'new or empty folder for the bundle'),
  )
    .option('--strict', 'exit 3 when a scope could not be assessed or a call failed')
    .option('--quiet', 'print nothing but errors')
    .action(async (flags: CollectFlags & { out: string }) => {
      const summary = await runCollect(flags, flags.out, ctx);
      if (!flags.quiet) ctx.io.out(describeCollection(summary, flags.provider as string, flags.shard));
      const incomplete = summary.failedCalls > 0 || summary.scopes.some((s) => s.status !== 'collected');
      ctx.exit(flags.strict && incomplete ? exitCodes.incomplete : exitCodes.done);
    });
}
