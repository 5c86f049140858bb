import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingsDocument } from '../src/model/findings-document.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';

export const formats = ['html', 'json', 'csv'] as const;
export type Format = (typeof formats)[number];
export const defaultFormats: Format[] = ['html', 'json', 'csv'];

const files: Record<Format, { name: string; render: (doc: FindingsDocument) => string }> = {
  json: { name: 'findings.json', render: renderJson },
  csv: { name: 'findings.csv', render: renderCsv },
  html: { name: 'report.html', render: renderHtml },
};

/** Writes each requested format into `outDir`; returns the paths written. */
export function writeReports(
  doc: FindingsDocument,
  outDir: string,
  wanted: readonly Format[] = defaultFormats,
): string[] {
  mkdirSync(outDir, { recursive: true });
  return wanted.map((format) => {
    const { name, render } = files[format];
    const path = join(outDir, name);
    writeFileSync(path, render(doc));
    return path;
  });
}
