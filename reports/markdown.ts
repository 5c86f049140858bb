import type { FindingsDocument } from '../src/model/findings-document.js';
import { inertText } from '../src/text/inert.js';
import { buildReportModel, type ReportModel, type ReportOptions } from './model.js';

/** Markdown-inert text: cloud values cannot open links, images, HTML, code, emphasis or table cells. */
export function mdText(value: string): string {
  return inertText(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^([-+*]\s|#|=|\d+[.)]\s)/, '\\$1');
}

/** Inline code that no value can break out of (a backtick inside becomes a longer fence). */
export function mdCode(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${clean.startsWith('`') || clean.endsWith('`') ? ` ${clean} ` : clean}${fence}`.replace(
    /\|/g,
    '\\|',
  );
}

const maxScopes = 25;
const maxChanges = 20;

/** What changed since the last recorded run, the trend of the grade, and what to look at first. */
function sinceLastMarkdown(m: ReportModel): string[] {
  const s = m.sinceLast;
  if (!s) return [];
  if (!s.previous)
    return [
      '## Since the last run',
      '',
      `Run ${s.run} is the first in the history store: nothing to compare yet.`,
    ];
  const out = [
    '## Since the last run',
    '',
    `Run ${s.run} against run ${s.previous.run} (${mdText(s.previous.generatedAt)}): **${s.newFindings} new** and **${s.fixedFindings} fixed** findings; ${s.counts.findings.unknown} not looked at this run (not counted as fixed).`,
  ];
  if (m.trend.length >= 2)
    out.push(
      '',
      `Trend: ${m.trend.map((p) => `${p.grade} ${p.value}`).join(' → ')} (last ${m.trend.length} runs).`,
    );
  if (s.changes.length) {
    out.push('', '| Change | Of | Severity | Where | What |', '| --- | --- | --- | --- | --- |');
    for (const c of s.changes.slice(0, maxChanges))
      out.push(
        `| ${c.change} | ${c.section} | ${c.severity ?? ''} | ${mdCode(`${c.scope}${c.region ? `/${c.region}` : ''}`)} | ${mdText(c.label)}${c.changes?.length ? `: ${mdText(c.changes.join('; '))}` : ''} |`,
      );
    if (s.changes.length > maxChanges)
      out.push('', `… and ${s.changes.length - maxChanges} more in findings.json (history.changes).`);
  }
  return out;
}

/** summary.md: grade, reasons, pillars, top risks, detections, worst scopes and waivers to act on. */
export function renderMarkdown(doc: FindingsDocument, options: ReportOptions = {}): string {
  return renderModelMarkdown(buildReportModel(doc, options));
}

export function renderModelMarkdown(m: ReportModel): string {
  const out: string[] = [];
  out.push(`# rigsight: grade ${m.grade} (${m.value}/100)`);
  out.push('');
  if (m.integrityBanner) {
    out.push(`> **${mdText(m.integrityBanner)}**`);
    out.push('');
  }
  if (m.incidents.length) {
    out.push('## Act now');
    out.push('');
    for (const { detection: d, actions } of m.incidents) {
      out.push(
        `- **${d.verdict}** on ${mdCode(d.instance.id)} in ${mdCode(d.scope)}${d.createdBy ? `, launched by ${mdCode(d.createdBy)}` : ''}:`,
      );
      for (const a of actions) out.push(`  - ${mdText(a)}`);
    }
    out.push('');
  }
  out.push(
    `Could we see, stop and prove cloud cryptomining (MITRE ATT&CK AN0744)? Generated ${mdText(m.generatedAt)} by rigsight ${mdText(m.toolVersion)} over ${m.scopes.length} scope${m.scopes.length === 1 ? '' : 's'}: ${m.counts.fail} fail, ${m.counts.unassessed} unassessed, ${m.counts.waived} waived, ${m.counts.pass} pass.`,
  );
  out.push('');
  if (m.sinceLast) out.push(...sinceLastMarkdown(m), '');
  out.push('## Why this grade');
  out.push('');
  for (const r of m.reasons) out.push(`- ${mdText(r)}`);
  out.push('');
  out.push('| Pillar | Score |');
  out.push('| --- | ---: |');
  for (const p of m.pillars) out.push(`| ${mdText(p.title)} | ${p.judged ? p.value : 'n/a'} |`);
  if (m.legs.length) {
    out.push('');
    out.push(
      `AN0744 legs: ${m.legs.map((l) => `${l.title} ${l.state}${l.watched ? ` (${l.unseen}/${l.watched} unseen)` : ''}`).join('; ')}.`,
    );
  }
  out.push('');
  out.push('## Top risks');
  out.push('');
  if (m.topRisks.length === 0) out.push('No failing controls.');
  for (const t of m.topRisks) {
    out.push(`${t.rank}. **${mdText(t.headline)}** (${t.severity}; ${mdText(t.where)})  `);
    out.push(`   Fix: ${mdText(t.fix)}`);
  }
  out.push('');
  out.push('## Active detections');
  out.push('');
  if (m.activeDetections.length === 0)
    out.push(
      m.detection.state === 'not-run'
        ? 'Detection not run: no logs were given, so whether mining is happening now is not known.'
        : m.detection.state === 'nothing-read'
          ? `Detection saw nothing: no readable logs in ${mdCode(m.detection.telemetry)}, so whether mining is happening now is not known.`
          : `None in ${m.detection.files} log file${m.detection.files === 1 ? '' : 's'} read.`,
    );
  for (const d of m.activeDetections.slice(0, 20)) {
    out.push(
      `- **${d.verdict}** ${mdCode(d.instance.id)} in ${mdCode(d.scope)} (score ${d.score}): ${mdText(d.explanation)}`,
    );
  }
  if (m.activeDetections.length > 20)
    out.push(`- … and ${m.activeDetections.length - 20} more in report.html.`);
  out.push('');
  out.push(`## Scopes${m.scopes.length > maxScopes ? ` (weakest ${maxScopes} of ${m.scopes.length})` : ''}`);
  out.push('');
  out.push('| Grade | Score | Scope | Name | Fail | Unassessed | Weakest pillar |');
  out.push('| --- | ---: | --- | --- | ---: | ---: | --- |');
  for (const s of m.scopes.slice(0, maxScopes)) {
    out.push(
      `| ${s.grade ?? '–'} | ${s.value ?? ''} | ${mdCode(`${s.provider}:${s.id}`)} | ${mdText(s.name ?? '')} | ${s.counts.fail} | ${s.counts.unassessed} | ${mdText(s.weakest ?? '')} |`,
    );
  }
  const waivers = m.waivers.filter((w) => w.state !== 'active' || w.daysLeft <= 30);
  if (waivers.length) {
    out.push('');
    out.push('## Waivers to act on');
    out.push('');
    for (const w of waivers) {
      const when =
        w.state === 'expired'
          ? `expired ${w.expires}`
          : `${w.state}, expires ${w.expires} (${w.daysLeft} days)`;
      out.push(`- ${mdCode(w.control)} on ${mdCode(w.resource)}, owner ${mdText(w.owner)}: ${when}.`);
    }
  }
  out.push('');
  out.push(
    `Evidence: manifest sha256 ${m.manifestSha256 ? mdCode(m.manifestSha256) : 'none (hand-made bundle)'}; policy sha256 ${mdCode(m.policy.sha256)}. Full detail in report.html and findings.json.`,
  );
  return `${out.join('\n')}\n`;
}
