import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingsDocument } from '../src/model/findings-document.js';
import { inertValues } from '../src/text/inert.js';
import { renderCreatorsCsv, renderCsv, renderDetectionsCsv } from './csv.js';
import { defaultFormats, type Format, fileNames, formats } from './formats.js';
import { renderModelHtml } from './html.js';
import { renderJson } from './json.js';
import { renderModelMarkdown } from './markdown.js';
import { buildReportModel, type ReportOptions } from './model.js';
import { renderOcsf } from './ocsf.js';
import { writeScorecardPdf } from './pdf.js';

export { defaultFormats, type Format, fileNames, formats } from './formats.js';
export type { ReportModel, ReportOptions, TrendPoint } from './model.js';
export { buildReportModel } from './model.js';

export interface WriteOptions extends Pick<ReportOptions, 'trend'> {
  formats?: readonly Format[];
  /** Also print the scorecard to scorecard.pdf with headless Chromium, when one is present. */
  pdf?: boolean;
}

export interface WriteResult {
  written: string[];
  /** Things asked for that could not be made, in words (e.g. no browser for the PDF). */
  notes: string[];
}

/** Writes each requested format into `outDir` from one report model; a PDF failure is a note, not an error. */
export async function writeReports(
  doc: FindingsDocument,
  outDir: string,
  options: WriteOptions | readonly Format[] = {},
): Promise<WriteResult> {
  const opts: WriteOptions = Array.isArray(options) ? { formats: options } : (options as WriteOptions);
  const wanted = [...new Set(opts.formats ?? defaultFormats)];
  mkdirSync(outDir, { recursive: true });
  // Outputs people read get cloud strings made inert (terminal escapes, bidi overrides); the JSON keeps them as data.
  const readable = inertValues(doc);
  const model = buildReportModel(readable, opts.trend ? { trend: opts.trend } : {});
  const render: Record<Format, () => string> = {
    json: () => renderJson(doc),
    csv: () => renderCsv(readable),
    html: () => renderModelHtml(model),
    ocsf: () => renderOcsf(doc),
    md: () => renderModelMarkdown(model),
  };
  const written: string[] = [];
  const notes: string[] = [];
  for (const format of formats) {
    if (!wanted.includes(format)) continue;
    const path = join(outDir, fileNames[format]);
    writeFileSync(path, render[format]());
    written.push(path);
    // Detections and creators are tables of their own: a spreadsheet user gets all three.
    if (format === 'csv')
      for (const [name, text] of [
        [fileNames.detectionsCsv, renderDetectionsCsv(readable)],
        [fileNames.creatorsCsv, renderCreatorsCsv(readable)],
      ] as const) {
        writeFileSync(join(outDir, name), text);
        written.push(join(outDir, name));
      }
  }
  if (opts.pdf) {
    const html = renderModelHtml({ ...model, scorecardOnly: true });
    const pdf = await writeScorecardPdf(html, join(outDir, fileNames.pdf));
    if (pdf.ok) written.push(pdf.path);
    else notes.push(`scorecard.pdf not written: ${pdf.reason}.`);
  }
  return { written, notes };
}
