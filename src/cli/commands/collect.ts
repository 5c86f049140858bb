import { existsSync, readdirSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import {
  BarProgress,
  CollectError,
  type CollectProgress,
  type CollectSummary,
  collectAws,
  LogLinesProgress,
  silentProgress,
} from '../../../providers/aws/collect/index.js';
import { InputError } from '../../errors.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { processIo } from '../io.js';

export interface CollectFlags {
  provider: 'aws';
  profile?: string;
  regions?: string[];
  orgRole?: string;
  externalId?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  concurrency?: number;
  workers?: number;
  endpointUrl?: string;
  quiet?: boolean;
  strict?: boolean;
}

export function parseProvider(value: string): 'aws' {
  if (value !== 'aws')
    throw new InvalidArgumentError(`live collection supports aws; "${value}" is not available yet`);
  return value;
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseAccounts(value: string): string[] {
  const list = parseList(value);
  const bad = list.filter((a) => !/^\d{12}$/.test(a));
  if (bad.length) throw new InvalidArgumentError(`not 12-digit AWS account ids: ${bad.join(', ')}`);
  return list;
}

function parseRegions(value: string): string[] {
  const list = parseList(value);
  const bad = list.filter((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (bad.length) throw new InvalidArgumentError(`not AWS region names: ${bad.join(', ')}`);
  return list;
}

function parseUrl(value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, '');
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL`);
  }
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024)
    throw new InvalidArgumentError('expected a whole number 1-1024');
  return n;
}

/** The options of a live collection, shared by `collect` and `audit`. */
export function collectOptions(cmd: Command): Command {
  return cmd
    .option('--provider <cloud>', 'cloud to collect from (aws)', parseProvider)
    .option('--profile <name>', 'AWS shared config profile (default: the SDK default credential chain)')
    .option(
      '--regions <list>',
      'comma list of regions (default: every region enabled for each account)',
      parseRegions,
    )
    .option('--org-role <name>', 'assume this role in every ACTIVE account of the organization')
    .option('--external-id <id>', 'external id the org role requires')
    .option('--accounts <list>', 'only these account ids', parseAccounts)
    .option('--exclude-accounts <list>', 'skip these account ids', parseAccounts)
    .option('--concurrency <n>', 'AWS calls in flight at once (default 64)', parseCount)
    .option(
      '--workers <n>',
      'threads sharing the accounts (default 1; helps only where cores sit idle)',
      parseCount,
    )
    .option(
      '--endpoint-url <url>',
      'send every call to this URL (LocalStack, a proxy) instead of AWS',
      parseUrl,
    );
}

/** A folder that is empty or absent: a bundle is never written over another. */
export function assertEmptyFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new InputError(`${dir} is not empty; collect writes a new bundle into an empty or new folder`);
}

function progressFor(ctx: CommandContext, quiet: boolean | undefined): CollectProgress {
  if (quiet) return silentProgress;
  if (ctx.io === processIo && process.stderr.isTTY) return new BarProgress(process.stderr);
  return new LogLinesProgress((line) => ctx.io.err(line));
}

/** Runs a live collection into `out`; a fatal problem (no credentials, org not listable) is an input error. */
export async function runCollect(
  flags: CollectFlags,
  out: string,
  ctx: CommandContext,
): Promise<CollectSummary> {
  if (!flags.provider) throw new InputError('collect needs --provider aws');
  if (flags.externalId && !flags.orgRole) throw new InputError('--external-id only applies with --org-role');
  assertEmptyFolder(out);
  try {
    return await collectAws({
      out,
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(flags.regions ? { regions: flags.regions } : {}),
      ...(flags.orgRole ? { orgRole: flags.orgRole } : {}),
      ...(flags.externalId ? { externalId: flags.externalId } : {}),
      ...(flags.accounts ? { accounts: flags.accounts } : {}),
      ...(flags.excludeAccounts ? { excludeAccounts: flags.excludeAccounts } : {}),
      ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
      ...(flags.workers ? { workers: flags.workers } : {}),
      ...(flags.endpointUrl ? { endpoint: flags.endpointUrl } : {}),
      progress: progressFor(ctx, flags.quiet),
    });
  } catch (err) {
    if (err instanceof CollectError) throw new InputError(err.message);
    throw err;
  }
}

export function describeCollection(s: CollectSummary): string {
  const failed = s.scopes.filter((x) => x.status === 'failed');
  const partial = s.scopes.filter((x) => x.status === 'partial');
  const lines = [
    `collected ${s.scopes.length - failed.length} of ${s.scopes.length} account(s) as ${s.caller} into ${s.out}`,
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
    .option('--strict', 'exit 3 when an account could not be assessed or a call failed')
    .option('--quiet', 'print nothing but errors')
    .action(async (flags: CollectFlags & { out: string }) => {
      const summary = await runCollect(flags, flags.out, ctx);
      if (!flags.quiet) ctx.io.out(describeCollection(summary));
      const incomplete = summary.failedCalls > 0 || summary.scopes.some((s) => s.status !== 'collected');
      ctx.exit(flags.strict && incomplete ? exitCodes.incomplete : exitCodes.done);
    });
}
