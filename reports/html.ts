import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { pillars } from '../src/model/finding.js';
import type { FindingsDocument } from '../src/model/findings-document.js';
import { reportsDir } from '../src/package-info.js';
import { pillarTitles } from '../src/risk/words.js';
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
    pillarTrendSvg: pillarTrendSvg(m.trend),
    payload: scriptSafeJson(m.table),
    wbr: breakableId,
  });
}

/** Parts of an id longer than this (a hostile name, a digest) also break every `idChunk` characters. */
const idPartMax = 40;
const idChunk = 32;

/** An id cut where it may wrap: after each separator, and inside a part only when that part is very long. */
export function idParts(text: string): string[] {
  const parts: string[] = [];
  for (const part of text.split(/(?<=[/:.,@|=])/)) {
    const chars = Array.from(part);
    if (chars.length <= idPartMax) parts.push(part);
    else for (let i = 0; i < chars.length; i += idChunk) parts.push(chars.slice(i, i + idChunk).join(''));
  }
  return parts;
}

/**
 * An identifier escaped as ejs escapes it, with a line-break opportunity (<wbr>) between its parts, so ARNs and
 * resource paths wrap between their parts rather than mid-token.
 */
export function breakableId(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return idParts(text)
    .map((p) => ejs.escapeXML(p))
    .join('<wbr>');
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
  // Runs from the history store also print each run's grade under its point.
  const grades = points.some((p) => p.pillars)
    ? points
        .map(
          (p, i) =>
            `<text x="${x(i).toFixed(1)}" y="${h + 12}" text-anchor="middle" font-size="10" fill="#444">${escapeXml(p.grade)}</text>`,
        )
        .join('')
    : '';
  const height = grades ? h + 16 : h;
  return `<svg viewBox="0 0 ${w} ${height}"${grades ? ` class="with-grades"` : ''} role="img" aria-label="${escapeXml(label)}">${bands}<polyline points="${line}" fill="none" stroke="#0072B2" stroke-width="2"/>${dots}${grades}</svg>`;
}

/** One sparkline per pillar over the same runs, labelled with the pillar and its latest score and change. */
export function pillarTrendSvg(points: readonly TrendPoint[]): string {
  if (points.length < 2 || !points.some((p) => p.pillars)) return '';
  const w = 400;
  const row = 18;
  const left = 170;
  const right = 60;
  const x = (i: number) => left + (i * (w - left - right)) / (points.length - 1);
  const rows = pillars.map((pillar, r) => {
    const top = r * row;
    const y = (v: number) => top + row - 3 - (Math.max(0, Math.min(100, v)) * (row - 6)) / 100;
    const known = points.flatMap((p, i) =>
      p.pillars?.[pillar] === undefined ? [] : [[i, p.pillars[pillar]] as const],
    );
    const line = known.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const lastValue = known.at(-1)?.[1];
    const previous = known.at(-2)?.[1];
    const delta = lastValue !== undefined && previous !== undefined ? lastValue - previous : undefined;
    const said =
      lastValue === undefined ? 'n/a' : `${lastValue}${delta ? ` (${delta > 0 ? '+' : ''}${delta})` : ''}`;
    return `<g><title>${escapeXml(`${pillarTitles[pillar]}: ${known.map(([, v]) => v).join(' → ')}`)}</title><text x="0" y="${top + row - 5}" font-size="11" fill="#222">${escapeXml(pillarTitles[pillar])}</text><polyline points="${line}" fill="none" stroke="#0072B2" stroke-width="1.5"/><text x="${w}" y="${top + row - 5}" font-size="11" text-anchor="end" fill="#222">${escapeXml(said)}</text></g>`;
  });
  const label = `Pillar scores over ${points.length} runs: ${pillars
    .map((p) => `${pillarTitles[p]} ${points.at(-1)?.pillars?.[p] ?? 'n/a'}`)
    .join(', ')}`;
  return `<svg viewBox="0 0 ${w} ${pillars.length * row}" class="pillar-trend" role="img" aria-label="${escapeXml(label)}">${rows.join('')}</svg>`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
