import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { type Finding, pillars, severities } from '../src/model/finding.js';
import type { FindingsDocument } from '../src/model/findings-document.js';
import { reportsDir } from '../src/package-info.js';

const template = (): string => readFileSync(join(reportsDir, 'templates', 'report.ejs'), 'utf8');

const pillarTitles: Record<string, string> = {
  'logging-retention': 'Logging & retention',
  'creation-governance': 'Instance-creation governance',
  'egress-control': 'Egress control',
  'ownership-change': 'Ownership & change control',
  'detection-response': 'Detection & response',
};

/** Highest severity first, failures before anything else. */
function topRisks(findings: Finding[], n: number): Finding[] {
  return findings
    .filter((f) => f.status === 'fail')
    .sort(
      (a, b) =>
        severities.indexOf(a.severity) - severities.indexOf(b.severity) || a.control.localeCompare(b.control),
    )
    .slice(0, n);
}

/** report.html: one self-contained file (inline CSS, no script loads, no external requests); every value escaped by ejs. */
export function renderHtml(doc: FindingsDocument): string {
  return ejs.render(template(), {
    doc,
    pillars,
    pillarTitles,
    top: topRisks(doc.findings, 5),
    count: (status: string) => doc.findings.filter((f) => f.status === status).length,
  });
}
