import type { EvidenceRef } from '../model/evidence.js';
import type { ResourceRef } from '../model/finding.js';
import type { CollectionGap } from '../model/gap.js';
import type { Provider } from '../model/provider.js';
import type { ResourceBase } from '../model/resource.js';
import type { ControlResult } from './control.js';

export interface Subject {
  provider: Provider;
  scope: string;
  region?: string;
  resource: ResourceRef;
}

export function result(
  status: ControlResult['status'],
  subject: Subject,
  reason: string,
  evidence: EvidenceRef[],
  severity?: ControlResult['severity'],
): ControlResult {
  const out: ControlResult = { status, ...subject, reason, evidence: dedupeEvidence(evidence) };
  if (severity) out.severity = severity;
  return out;
}

/** `unassessed` from collection gaps, quoting the first gap's reason. */
export function fromGaps(subject: Subject, what: string, gaps: CollectionGap[]): ControlResult {
  const first = gaps[0];
  const why = first ? first.reason : 'the evidence was not collected';
  return result(
    'unassessed',
    subject,
    `Cannot judge ${what}: ${why}`,
    gaps.flatMap((g) => g.evidence),
  );
}

export function dedupeEvidence(evidence: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.file}#${e.pointer ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "a", "a and b", "a, b and 3 more" — names in reasons without flooding them. */
export function listNames(names: string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** The subject of a finding about one inventory item. */
export function resourceSubject(r: ResourceBase): Subject {
  return {
    provider: r.provider,
    scope: r.scope,
    region: r.region,
    resource: {
      id: r.id,
      type: r.type,
      ...(r.arn ? { arn: r.arn } : {}),
      ...(r.name ? { name: r.name } : {}),
    },
  };
}
