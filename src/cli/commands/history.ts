import { type Command, InvalidArgumentError } from 'commander';
import { HistoryError } from '../../history/history-error.js';
import type { HistoryStore } from '../../history/store.js';
import { severities } from '../../model/levels.js';
import type { CommandContext } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { type FailOn, parseFailOn, parseNow } from '../options.js';

const outputs = ['table', 'json', 'md'] as const;
type Output = (typeof outputs)[number];

function parseOutput(value: string): Output {
  if (!(outputs as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${outputs.join(', ')}`);
  return value as Output;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

const storeHelp =
  'history store: an SQLite file or postgres://USER@HOST/DB (default: $RIGSIGHT_HISTORY, else history.db in your data directory)';

/** `--history [store]` for the commands that write findings: record the run, compare it with the one before. */
export function historyOption(cmd: Command): Command {
  return cmd.option('--history [store]', `record the run and compare it with the last one; ${storeHelp}`);
}

/** Opens the store a findings-writing command asked for (before the work, so a bad URL fails fast). */
export async function openRunHistory(flags: {
  history?: string | true;
  failOn?: FailOn;
}): Promise<HistoryStore | undefined> {
  if (flags.failOn?.newSeverity && !flags.history)
    throw new HistoryError(
      'needs-history',
      `--fail-on new:${flags.failOn.newSeverity} compares with the last recorded run: add --history [store]`,
    );
  if (!flags.history) return undefined;
  const { openHistory, parseHistoryLocation } = await import('../../history/index.js');
  return openHistory(parseHistoryLocation(flags.history), { create: true });
}

type History = typeof import('../../history/index.js');

/** Loads the history code (on first use, like every command's work) and opens an existing store. */
async function withStore<T>(
  store: string | undefined,
  fn: (s: HistoryStore, h: History) => Promise<T>,
): Promise<T> {
  const h = await import('../../history/index.js');
  const opened = await h.openHistory(h.parseHistoryLocation(store), { create: false });
  try {
    return await fn(opened, h);
  } finally {
    await opened.close();
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function registerHistory(program: Command, ctx: CommandContext): void {
  const history = program
    .command('history')
    .description('recorded runs: list them, show one, diff two, prune old ones');
  const common = (cmd: Command) =>
    cmd
      .option('--history <store>', storeHelp)
      .option(
        '--format <format>',
        'table, json or md (for a ticket or a pull-request comment)',
        parseOutput,
        'table',
      );

  common(history.command('list').description('recorded runs, newest first'))
    .option('--limit <n>', 'at most this many runs', parseCount)
    .action(async (flags: { history?: string; format: Output; limit?: number }) => {
      await withStore(flags.history, async (store, h) => {
        const runs = await store.runs(flags.limit === undefined ? {} : { limit: flags.limit });
        ctx.io.out(
          flags.format === 'json'
            ? json(runs)
            : flags.format === 'md'
              ? h.runsMarkdown(runs).trimEnd()
              : h.runsTable(runs, store.display),
        );
      });
    });

  common(
    history
      .command('show')
      .description('one run: its summary, or with --format json the findings.json it recorded')
      .argument('<run>', 'run id, latest or latest~N'),
  ).action(async (ref: string, flags: { history?: string; format: Output }) => {
    await withStore(flags.history, async (store, h) => {
      const run = await store.load((await h.resolveRun(store, ref)).id);
      if (flags.format === 'json') ctx.io.out(json(h.expandRun(run.header, run.items)));
      else ctx.io.out(flags.format === 'md' ? h.runMarkdown(run).trimEnd() : h.runTable(run, store.display));
    });
  });

  common(
    history
      .command('diff')
      .description(
        'what changed between two runs (default: the last two; one run: that run against the latest)',
      )
      .argument('[from]', 'earlier run: id, latest or latest~N')
      .argument('[to]', 'later run (default: latest)'),
  )
    .option(
      '--fail-on <new:severity>',
      `exit 1 when a new or regressed finding is this severe or worse (new:${severities.join('|new:')})`,
      parseFailOn,
    )
    .action(
      async (
        fromRef: string | undefined,
        toRef: string | undefined,
        flags: { history?: string; format: Output; failOn?: FailOn },
      ) => {
        if (flags.failOn?.severity)
          throw new HistoryError('usage', 'history diff gates only on new findings: --fail-on new:SEVERITY');
        await withStore(flags.history, async (store, h) => {
          const to = await h.resolveRun(store, toRef ?? 'latest');
          const from = fromRef ? await h.resolveRun(store, fromRef) : await h.previousRun(store, to);
          const diff = await h.compareRuns(
            store,
            from ? await store.load(from.id, { bodies: false }) : null,
            await store.load(to.id, { bodies: false }),
          );
          ctx.io.out(
            flags.format === 'json'
              ? json(diff)
              : flags.format === 'md'
                ? h.diffMarkdown(diff).trimEnd()
                : h.diffTable(diff),
          );
          const limit = flags.failOn?.newSeverity ? severities.indexOf(flags.failOn.newSeverity) : -1;
          const appeared = diff.changes.findings.items.some(
            (c) =>
              (c.change === 'new' || c.change === 'regressed') &&
              c.severity !== undefined &&
              severities.indexOf(c.severity) <= limit,
          );
          ctx.exit(appeared ? exitCodes.gate : exitCodes.done);
        });
      },
    );

  history
    .command('prune')
    .description('remove old runs (a run goes when it matches every rule given); first-seen dates are kept')
    .option('--history <store>', storeHelp)
    .option('--keep <n>', 'keep the newest N runs', parseCount)
    .option('--older-than <days>', 'remove runs generated more than DAYS days ago', parseCount)
    .option('--now <iso>', 'the time --older-than counts back from', parseNow)
    .action(async (flags: { history?: string; keep?: number; olderThan?: number; now?: Date }) => {
      if (flags.keep === undefined && flags.olderThan === undefined)
        throw new HistoryError('usage', 'prune needs --keep N or --older-than DAYS');
      const before =
        flags.olderThan === undefined
          ? undefined
          : new Date((flags.now ?? new Date()).getTime() - flags.olderThan * 86_400_000).toISOString();
      await withStore(flags.history, async (store) => {
        const removed = await store.prune({
          ...(flags.keep === undefined ? {} : { keep: flags.keep }),
          ...(before ? { before } : {}),
        });
        const left = (await store.runs()).length;
        ctx.io.out(`Removed ${removed} run${removed === 1 ? '' : 's'} from ${store.display}; ${left} left.`);
      });
    });
}
