import type { FindingsDocument } from './findings-document.js';

/** Whether the evidence behind a report is what was collected; shouted on every output when it is not. */
export type EvidenceIntegrity =
  | { state: 'verified' }
  | { state: 'no-bundle' }
  | { state: 'hand-made' }
  | { state: 'truncated'; problems: string[] }
  | { state: 'modified'; problems: string[] };

export function evidenceIntegrity(doc: Pick<FindingsDocument, 'inputs'>): EvidenceIntegrity {
  const { evidence, manifest } = doc.inputs;
  if (evidence === undefined) return { state: 'no-bundle' };
  if (manifest.truncated) return { state: 'truncated', problems: manifest.problems };
  if (!manifest.present) return { state: 'hand-made' };
  if (!manifest.verified) return { state: 'modified', problems: manifest.problems };
  return { state: 'verified' };
}

/** One sentence for a banner, or undefined when the evidence verified (or there is no bundle, or it was hand-made). */
export function integrityBanner(i: EvidenceIntegrity): string | undefined {
  const first = (ps: string[]) =>
    `${ps.slice(0, 3).join('; ')}${ps.length > 3 ? `; and ${ps.length - 3} more` : ''}`;
  if (i.state === 'modified')
    return `UNVERIFIED EVIDENCE: the bundle does not match its manifest (${first(i.problems)}). Conclusions drawn from these files may not reflect what was collected.`;
  if (i.state === 'truncated')
    return `DAMAGED EVIDENCE: ${first(i.problems)}. Everything that depended on the missing files is unassessed.`;
  return undefined;
}
