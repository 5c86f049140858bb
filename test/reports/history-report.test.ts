import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../reports/csv.js';
import { renderHtml } from '../../reports/html.js';
import { renderMarkdown } from '../../reports/markdown.js';
import type { FindingsDocument } from '../../src/model/findings-document.js';
import type { HistoryChange, RunHistory } from '../../src/model/history.js';
import { twoAccountEstate } from '../helpers/findings-fixtures.js';

const evil = '</script><img src=x onerror=alert(1)>=cmd|"/c calc"!A1';
const empty = { new: 0, regressed: 0, changed: 0, persisting: 0, resolved: 0, unknown: 0 };

function withHistory(): FindingsDocument {
  const doc = twoAccountEstate({ hostile: evil });
  const failing = doc.findings.find((f) => f.status === 'fail' && f.resource.name === evil);
  if (!failing) throw new Error('fixture changed');
  const items: HistoryChange[] = [
    {
      change: 'new',
      key: failing.id,
      label: `${failing.control} ${failing.resource.id} (${evil})`,
      provider: 'aws',
      scope: failing.scope,
      severity: failing.severity,
      now: 'fail',
      firstSeen: '2026-11-27T00:00:00.000Z',
      ageDays: 0,
    },
    {
      change: 'resolved',
      key: '0123456789abcdef',
      label: `egress-restriction sg-gone (${evil})`,
      provider: 'aws',
      scope: '444455556666',
      was: 'fail',
    },
  ];
  const history: RunHistory = {
    run: 9,
    previous: { run: 8, generatedAt: '2026-11-26T00:00:00.000Z' },
    trend: [8, 9].map((run, i) => ({
      run,
      at: `2026-11-2${6 + i}T00:00:00.000Z`,
      grade: 'F' as const,
      value: 20 + i,
      pillars: {
        'logging-retention': 40 + i,
        'creation-governance': 10,
        'egress-control': 50,
        'ownership-change': 75,
        'detection-response': 60 - i,
      },
    })),
    changes: {
      findings: { counts: { ...empty, new: 1, resolved: 1 }, items },
      creators: { counts: empty, items: [] },
      detections: { counts: empty, items: [] },
      coverage: { counts: empty, items: [] },
    },
  };
  return { ...doc, history };
}

describe('reports with history', () => {
  it('show the trend, new and fixed counts with links, first seen and age, all escaped', () => {
    const html = renderHtml(withHistory());
    expect(html).toContain('<a href="#new-since-last-run" class="status-fail">1 new</a>');
    expect(html).toContain(
      '<a href="#fixed-since-last-run" class="status-pass">1 fixed</a> since run 8 (2026-11-26)',
    );
    expect(html).toContain('class="pillar-trend"');
    expect(html).toContain('Logging &amp; retention');
    expect(html).toContain('41 (+1)');
    expect(html).toMatch(/<th scope="col">First seen<\/th><th scope="col">Finding id<\/th>/);
    expect(html).not.toContain('<img src=x');
    const payload = html.slice(
      html.indexOf('id="report-data">'),
      html.indexOf('</script>', html.indexOf('id="report-data">')),
    );
    expect(payload).toContain('"2026-11-27",0,"new"');
  });

  it('carry first seen and age into the CSV, formula-safe, and the changes into the Markdown, inert', () => {
    const doc = withHistory();
    const csv = renderCsv(doc);
    expect(csv.split('\r\n')[0]).toMatch(/,first_seen,age_days,evidence_state$/);
    expect(csv).toContain(',2026-11-27T00:00:00.000Z,0,verified\r\n');
    const md = renderMarkdown(doc);
    expect(md).toContain('**1 new** and **1 fixed** findings');
    expect(md).toContain('Trend: F 20 → F 21 (last 2 runs).');
    expect(md).not.toContain('<img');
  });
});
