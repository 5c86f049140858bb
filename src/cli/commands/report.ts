import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CommandContext } from '../command-context.js';
import { defaultFormats, parseFormats } from '../options.js';
import { prepareOutFolder } from '../output-path.js';

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report')
    .description('re-render reports from a findings.json without re-assessing')
    .requiredOption('--in <file>', 'findings.json written by assess, detect or audit')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--format <list>', 'comma list of html,json,csv,ocsf,md', parseFormats, defaultFormats)
    .option(
      '--pdf',
      'also print the scorecard to scorecard.pdf (needs a Chromium; skipped with a note otherwise)',
    )
    .action(
      async (flags: { in: string; out: string; format: ReturnType<typeof parseFormats>; pdf?: boolean }) => {
        prepareOutFolder(flags.out);
        const { writeReports } = await import('../../../reports/index.js');
        const { parseJsonText } = await import('../../evidence/json-text.js');
        const { findingsDocumentSchema } = await import('../../model/findings-document.js');
        let text: string;
        try {
          text = readFileSync(flags.in, 'utf8');
        } catch (err) {
          throw new InputError(`${flags.in}: cannot read (${(err as NodeJS.ErrnoException).code})`);
        }
        const parsed = parseJsonText(text);
        if (!parsed.ok) throw new InputError(`${flags.in}:${parsed.line}:${parsed.column}: ${parsed.reason}`);
        const doc = findingsDocumentSchema.safeParse(parsed.value);
        if (!doc.success) {
          const issue = doc.error.issues[0];
          throw new InputError(
            `${flags.in}: not a rigsight findings.json: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
          );
        }
        const { written, notes } = await writeReports(doc.data, flags.out, {
          formats: flags.format,
          pdf: flags.pdf ?? false,
        });
        for (const path of written) ctx.io.out(`wrote ${path}`);
        for (const note of notes) ctx.io.err(`rigsight: ${note}`);
      },
    );
}
