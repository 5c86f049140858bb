import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import type { FindingsDocument } from '../src/model/findings-document.js';
import { reportsDir } from '../src/package-info.js';
import { buildReportModel, type ReportModel, type ReportOptions, type TrendPoint } from './model.js';

const templates = join(reportsDir, 'templates');

/** Colour-blind-safe (Okabe–Ito): bluish green, orange, vermillion; every colour also has a number or word. */
export const bandColour = { good: '#009E73', fair: '#E69F00', poor: '#D55E00' } as const;

const legClass = {
  seen: 'seen',
  'partly blind': 'partly',
  blind: 'blind',
  'nothing to watch': 'none',
} as const;

interface Assets {
  render: ejs.TemplateFunction;
  style: string;
  script: string;
  styleHash: string;
  scriptHash: string;
}

let assets: Assets | undefined;

/** Template, stylesheet and script are read and compiled once per process. */
function load(): Assets {
  if (assets) return assets;
  const style = readFileSync(join(templates, 'report.css'), 'utf8');
  const script = readFileSync(join(templates, 'report-script.js'), 'utf8');
  const render = ejs.compile(readFileSync(join(templates, 'report.ejs'), 'utf8'), {
    filename: join(templates, 'report.ejs'),
  });
  assets = { render, style, script, styleHash: cspHash(style), scriptHash: cspHash(script) };
  return assets;
}

/** The CSP source that allows exactly this inline block and nothing else. */
export function cspHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** JSON safe inside a <script> element: no `<`, `>`, `&` or line separators survive as themselves. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Server-rendered rows per table before the report points at findings.json instead. */
const limit = 1000;
const fileLimit = 2000;

/**
 * report.html: one self-contained file (inline CSS and script, allowed by hash in a CSP meta tag; no
 * external requests). Every value is escaped by ejs; the findings travel as JSON that the report's
 * script turns into text nodes, never markup.
 */
export function renderHtml(doc: FindingsDocument, options: ReportOptions = {}): string {
  return renderModelHtml(buildReportModel(doc, options));
}

export function renderModelHtml(m: ReportModel): string {
  const a = load();
  return a.render({
    m,
    scorecardOnly: m.scorecardOnly,
    colour: bandColour,
    legClass,
    limit,
    fileLimit,
    style: a.style,
    script: a.script,
    styleHash: a.styleHash,
    scriptHash: a.scriptHash,
    trendSvg: trendSvg(m.trend),
    payload: scriptSafeJson(m.table),
  });
}

/** A small line chart of the score over time, with the grade bands behind it; every label escaped. */
export function trendSvg(points: readonly TrendPoint[]): string {
  if (points.length < 2) return '';
  const w = 400;
  const h = 70;
  const x = (i: number) => 10 + (i * (w - 20)) / (points.length - 1);
  const y = (v: number) => h - 6 - (Math.max(0, Math.min(100, v)) * (h - 12)) / 100;
  const bands = [90, 80, 70, 60]
    .map(
      (v) =>
        `<line x1="0" x2="${w}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd" stroke-width="1"/>`,
    )
    .join('');
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="#0072B2"><title>${escapeXml(p.at)}: ${escapeXml(p.grade)} ${p.value}</title></circle>`,
    )
    .join('');
  const first = points[0];
  const last = points[points.length - 1];
  const label = `Score over ${points.length} runs, from ${first?.value} (${first?.grade}) on ${first?.at.slice(0, 10)} to ${last?.value} (${last?.grade}) on ${last?.at.slice(0, 10)}`;
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(label)}">${bands}<polyline points="${line}" fill="none" stroke="#0072B2" stroke-width="2"/>${dots}</svg>`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
