import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderHtml } from '../../reports/html.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { packageRoot } from '../../src/package-info.js';
import { detection, twoAccountEstate } from '../helpers/findings-fixtures.js';

const goldenDir = join(packageRoot, 'test', 'fixtures', 'reports');
const trend = [
  { at: '2026-09-27T00:00:00.000Z', value: 12, grade: 'F' as const },
  { at: '2026-10-27T00:00:00.000Z', value: 19, grade: 'F' as const },
];

function estate() {
  return twoAccountEstate({
    detections: [detection({ instanceId: 'i-0dev00000000001', scope: '444455556666' })],
  });
}

/** Compares with the committed golden file; UPDATE_GOLDEN=1 rewrites it after a deliberate change. */
function golden(name: string, actual: string): void {
  const path = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden reports (frozen clock)', () => {
  beforeEach(() => {
    // A clock far from generatedAt: nothing in the output may depend on the wall clock.
    vi.useFakeTimers({ now: new Date('2031-02-03T04:05:06Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pins the HTML report byte for byte', () => {
    const html = renderHtml(estate(), { trend });
    golden('two-account-estate.report.html', html);
  });

  it('keeps the section outline: scorecard first, then governance, then the appendix', () => {
    const html = renderHtml(estate(), { trend });
    const headings = [...html.matchAll(/<h([23])[^>]*>([^<]+)<\/h\1>/g)].map((m) => `h${m[1]} ${m[2]}`);
    expect(headings).toEqual([
      'h2 Scorecard',
      'h3 Five pillars',
      'h3 Can we see each leg of AN0744?',
      'h3 Trend',
      'h3 Why this grade',
      'h3 Top risks, and the fix',
      'h3 Active detections',
      'h2 Governance view',
      'h3 By scope',
      'h3 By control',
      'h3 Findings',
      'h3 Waivers',
      'h3 Unassessed areas',
      'h3 Who can create compute',
      'h3 Detection coverage',
      'h3 Detections',
      'h2 Auditor evidence appendix',
      'h3 How to verify',
      'h3 Evidence by finding',
      'h3 Evidence for detections',
      'h3 Evidence files cited',
    ]);
  });

  it('pins the Markdown summary', () => {
    golden('two-account-estate.summary.md', renderMarkdown(estate(), { trend }));
  });

  it('leaves out the trend until there is history, and renders the scorecard alone for the PDF', () => {
    expect(renderHtml(estate())).not.toContain('<h3>Trend</h3>');
    const card = renderHtml(estate(), { scorecardOnly: true });
    expect(card).toContain('id="scorecard"');
    expect(card).not.toContain('id="governance"');
    expect(card).not.toContain('<script');
  });
});
