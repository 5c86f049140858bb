import type { HistoryStore } from '../history/store.js';
import type { FindingsDocument } from '../model/findings-document.js';
import type { CommandContext } from './command-context.js';
import { type GateOptions, outcome } from './exit-codes.js';
import type { parseFormats } from './options.js';
import { summarize } from './summary.js';

export interface DeliveryFlags {
  out: string;
  format: ReturnType<typeof parseFormats>;
  pdf?: boolean;
  quiet?: boolean;
}

/**
 * The end of every run that produces findings.json: record it in the history store (when asked), write the
 * reports, say what happened, set the exit code.
 */
export async function deliver(
  recorded: FindingsDocument,
  flags: DeliveryFlags,
  gate: GateOptions,
  ctx: CommandContext,
  history?: HistoryStore,
): Promise<void> {
  const { writeReports } = await import('../../reports/index.js');
  const historyCode = history ? await import('../history/index.js') : undefined;
  // A store that fails at the end (connection dropped) still leaves the reports; its error then ends the run.
  let failed: unknown;
  const run =
    history && historyCode
      ? await historyCode.recordRun(history, recorded).catch((err: unknown) => {
          failed = err;
          return undefined;
        })
      : undefined;
  const document = run ? { ...recorded, history: run.history } : recorded;
  const { written, notes } = await writeReports(document, flags.out, {
    formats: flags.format,
    pdf: flags.pdf ?? false,
  });
  if (!flags.quiet) ctx.io.out(summarize(document, written));
  if (run && history && historyCode && !flags.quiet)
    ctx.io.out(historyCode.recordedText(run.diff, history.display));
  for (const note of notes) ctx.io.err(`rigsight: ${note}`);
  if (failed) throw failed;
  ctx.exit(outcome(document, gate));
}
