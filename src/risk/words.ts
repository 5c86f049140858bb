import type { Leg } from '../model/detection.js';
import type { Pillar } from '../model/finding.js';

/** The pillar names people read (reports, reasons). */
export const pillarTitles: Record<Pillar, string> = {
  'logging-retention': 'Logging & retention',
  'creation-governance': 'Instance-creation governance',
  'egress-control': 'Egress control',
  'ownership-change': 'Ownership & change control',
  'detection-response': 'Detection & response integration',
};

export const legTitles: Record<Leg, string> = {
  creation: 'instance creation',
  cpu: 'CPU',
  network: 'network',
};

/** "1 instance", "3 instances". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
