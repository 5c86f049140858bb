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

/** The end of every run that produces findings.json: write the reports, say what happened, set the exit code. */
export async function deliver(
  document: FindingsDocument,
  flags: DeliveryFlags,
  gate: GateOptions,
  ctx: CommandContext,
): Promise<void> {
  const { writeReports } = await import('../../reports/index.js');
  const { written, notes } = await writeReports(document, flags.out, {
    formats: flags.format,
    pdf: flags.pdf ?? false,
  });
  if (!flags.quiet) ctx.io.out(summarize(document, written));
  for (const note of notes) ctx.io.err(`rigsight: ${note}`);
  ctx.exit(outcome(document, gate));
}
