import { mdCode, mdText } from '../../reports/markdown.js';
import { pillars } from '../model/finding.js';
import { type HistoryChange, historySections } from '../model/history.js';
import { pillarTitles } from '../risk/words.js';
import { countsLine, notable } from './output-table.js';
import type { RunDiff } from './record.js';
import type { RunSummary, StoredRun } from './store.js';

const runName = (r: RunSummary) => `run ${r.id} (${r.generatedAt}, grade ${r.grade} ${r.value}/100)`;

export function runsMarkdown(runs: readonly RunSummary[]): string {
  const out = [
    '| Run | Generated | Grade | Score | Fail | Unassessed | Unapproved creators | Active detections | Policy sha256 | Manifest sha256 |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${r.id} | ${mdText(r.generatedAt)} | ${r.grade} | ${r.value} | ${r.counts.findings.fail} | ${r.counts.findings.unassessed} | ${r.counts.creators.unapproved} | ${r.counts.detections.active} | ${mdCode(r.policy.sha256.slice(0, 12))} | ${r.manifestSha256 ? mdCode(r.manifestSha256.slice(0, 12)) : 'none'} |`,
    ),
  ];
  return `${out.join('\n')}\n`;
}

export function runMarkdown(run: StoredRun): string {
  const s = run.summary;
  const f = s.counts.findings;
  return `${[
    `# rigsight run ${s.id}: grade ${s.grade} (${s.value}/100)`,
    '',
    `Generated ${mdText(s.generatedAt)} by rigsight ${mdText(s.toolVersion)}; policy ${mdText(s.policy.source)} sha256 ${mdCode(s.policy.sha256)}; manifest ${s.manifestSha256 ? mdCode(s.manifestSha256) : 'none'}.`,
    '',
    '| Pillar | Score |',
    '| --- | ---: |',
    ...pillars.map((p) => `| ${mdText(pillarTitles[p])} | ${s.pillars[p] ?? 'n/a'} |`),
    '',
    `Findings: ${f.fail} fail, ${f.pass} pass, ${f.unassessed} unassessed, ${f.waived} waived. Creators: ${s.counts.creators.unapproved} unapproved of ${s.counts.creators.total}. Detections: ${s.counts.detections.active} active of ${s.counts.detections.total}. Coverage: ${s.counts.coverage.blind} blind of ${s.counts.coverage.total}.`,
  ].join('\n')}\n`;
}

function changeLine(c: HistoryChange): string {
  const state = c.was && c.now && c.was !== c.now ? ` (${mdText(c.was)} → ${mdText(c.now)})` : '';
  const age = c.firstSeen ? `; first seen ${mdText(c.firstSeen.slice(0, 10))}, ${c.ageDays ?? 0} days` : '';
  const what = c.changes?.length ? `: ${mdText(c.changes.join('; '))}` : '';
  return `| ${c.change} | ${c.severity ?? ''} | ${mdCode(`${c.scope}${c.region ? `/${c.region}` : ''}`)} | ${mdText(c.label)}${state}${what}${age} |`;
}

/** For a ticket or a pull-request comment: counts per section, then the items that moved. */
export function diffMarkdown(diff: RunDiff): string {
  const out: string[] = [
    diff.from
      ? `## rigsight: ${runName(diff.from)} → ${runName(diff.to)}`
      : `## rigsight: ${runName(diff.to)}, the first recorded run`,
    '',
    '| | Changes |',
    '| --- | --- |',
    ...historySections.map((s) => `| ${s} | ${countsLine(diff.changes[s])} |`),
  ];
  for (const section of historySections) {
    const { shown, hidden } = notable(diff.changes[section]);
    if (!shown.length) continue;
    out.push('', `### ${section[0]?.toUpperCase()}${section.slice(1)}`, '');
    out.push('| Change | Severity | Scope | What |', '| --- | --- | --- | --- |', ...shown.map(changeLine));
    if (hidden) out.push('', `… and ${hidden} more persisting.`);
  }
  if (diff.expiringWaivers.length) {
    out.push('', '### Waivers expiring within 14 days', '');
    for (const w of diff.expiringWaivers)
      out.push(
        `- ${mdCode(w.control)} on ${mdCode(w.resource)}, owner ${mdText(w.owner)}: expires ${mdText(w.expires)} (${w.daysLeft} days).`,
      );
  }
  return `${out.join('\n')}\n`;
}
