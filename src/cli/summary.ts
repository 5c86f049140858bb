import { incidentsOf } from '../../reports/incidents.js';
import { detectionRun } from '../model/detection-run.js';
import { evidenceIntegrity, integrityBanner } from '../model/evidence-integrity.js';
import type { FindingsDocument } from '../model/findings-document.js';
import { inertValues } from '../text/inert.js';

/** The one-screen summary printed after a run: posture when there are findings, detections when there are logs. */
export function summarize(raw: FindingsDocument, written: string[]): string {
  const doc = inertValues(raw);
  const count = (s: string) => doc.findings.filter((f) => f.status === s).length;
  const lines: string[] = [];
  const integrity = evidenceIntegrity(doc);
  const banner = integrityBanner(integrity);
  if (banner) lines.push(banner);
  // An active incident comes before the grade: it is what to act on first.
  for (const { detection: d, actions } of incidentsOf(doc.detections)) {
    lines.push(
      `ACTIVE ${d.verdict.toUpperCase()} on ${d.instance.id} (${d.scope}${d.instance.region ? ` / ${d.instance.region}` : ''})${d.createdBy ? `, launched by ${d.createdBy}` : ''}:`,
    );
    for (const a of actions) lines.push(`  → ${a}`);
  }
  if (doc.findings.length) {
    const scopes = `${doc.scopes.length} scope${doc.scopes.length === 1 ? '' : 's'}`;
    lines.push(
      `Grade ${doc.score.grade} (${doc.score.value}/100) across ${scopes}: ${count('fail')} fail, ${count('pass')} pass, ${count('unassessed')} unassessed, ${count('waived')} waived.`,
    );
    for (const reason of doc.score.reasons.slice(0, 3)) lines.push(`  - ${reason}`);
  }
  const run = detectionRun(doc);
  if (run.state === 'not-run')
    lines.push(
      'Detection not run: no logs were given (--telemetry), so whether mining is happening now is not known.',
    );
  else if (run.state === 'nothing-read')
    lines.push(
      `Detection saw nothing: no readable logs in ${run.telemetry} (${run.unrecognized} file(s) in no known format, ${run.unreadable} unreadable), so whether mining is happening now is not known.`,
    );
  else {
    const active = doc.detections.filter((d) => d.verdict !== 'benign-explained' && !d.waiver);
    const blind = doc.coverage.filter((c) => c.blind).length;
    lines.push(
      `Detections: ${doc.detections.length} (${active.length} need attention); ${blind} blind spot${blind === 1 ? '' : 's'} in coverage.`,
    );
    for (const d of active.slice(0, 5))
      lines.push(`  - ${d.verdict} ${d.instance.id} (${d.scope}): ${d.explanation}`);
  }
  if (doc.inputs.unreadable.length)
    lines.push(
      `${doc.inputs.unreadable.length} input file(s) could not be read; see the report's "What was read".`,
    );
  if (integrity.state === 'hand-made')
    lines.push('No manifest: the bundle was made by hand and is not verified.');
  for (const path of written) lines.push(`wrote ${path}`);
  return lines.join('\n');
}
