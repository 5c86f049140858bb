import { type EvidenceRef, isUnknown } from '../model/evidence.js';
import type { LogDestination } from '../model/logging.js';

export type RetentionVerdict =
  | { status: 'pass'; text: string; evidence: EvidenceRef[] }
  | { status: 'fail'; text: string; evidence: EvidenceRef[] }
  | { status: 'unassessed'; text: string; evidence: EvidenceRef[] };

function describe(d: LogDestination): string {
  const days = d.retentionDays;
  if (isUnknown(days)) return `${d.id} (retention unknown: ${days.unknown})`;
  return days === null ? `${d.id} (never expires)` : `${d.id} (${days} day${days === 1 ? '' : 's'})`;
}

/**
 * The longest retention among complete destinations decides: one copy kept long enough is enough.
 * Unknown destinations only matter when no known one meets the requirement.
 */
export function judgeRetention(destinations: LogDestination[], requiredDays: number): RetentionVerdict {
  const evidence = destinations.flatMap((d) => [
    ...d.evidence,
    ...(isUnknown(d.retentionDays) ? d.retentionDays.evidence : []),
  ]);
  if (destinations.length === 0)
    return { status: 'unassessed', text: 'it has no destination on record', evidence };
  const known = destinations.filter((d) => !isUnknown(d.retentionDays));
  const longest = known.find((d) => d.retentionDays === null) ?? [...known].sort(byDays)[0];
  if (longest && (longest.retentionDays === null || (longest.retentionDays as number) >= requiredDays)) {
    return { status: 'pass', text: `it is kept in ${describe(longest)}`, evidence };
  }
  const unknowns = destinations.filter((d) => isUnknown(d.retentionDays));
  if (unknowns.length > 0) {
    return {
      status: 'unassessed',
      text: `retention cannot be established for ${unknowns.map(describe).join('; ')}`,
      evidence,
    };
  }
  return {
    status: 'fail',
    text: `the longest copy is ${describe(longest as LogDestination)}, less than the ${requiredDays} days required`,
    evidence,
  };
}

function byDays(a: LogDestination, b: LogDestination): number {
  return (b.retentionDays as number) - (a.retentionDays as number);
}
