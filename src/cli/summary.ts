import type { FindingsDocument } from '../model/findings-document.js';

/** The one-screen summary printed after a run. */
export function summarize(doc: FindingsDocument, written: string[]): string {
  const count = (s: string) => doc.findings.filter((f) => f.status === s).length;
  const lines = [
    `Grade ${doc.score.grade} (${doc.score.value}/100) across ${doc.scopes.length} scope${doc.scopes.length === 1 ? '' : 's'}: ${count('fail')} fail, ${count('pass')} pass, ${count('unassessed')} unassessed, ${count('waived')} waived.`,
  ];
  if (doc.detections.length) {
    const active = doc.detections.filter((d) => d.verdict !== 'benign-explained' && !d.waiver);
    lines.push(`Detections: ${doc.detections.length} (${active.length} need attention).`);
  }
  for (const reason of doc.score.reasons.slice(0, 3)) lines.push(`  - ${reason}`);
  if (doc.inputs.unreadable.length)
    lines.push(
      `${doc.inputs.unreadable.length} input file(s) could not be read; see the report's "What was read".`,
    );
  if (!doc.inputs.manifest.present)
    lines.push('No manifest: the bundle was made by hand and is not verified.');
  for (const path of written) lines.push(`wrote ${path}`);
  return lines.join('\n');
}
