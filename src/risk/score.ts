import type { Detection } from '../model/detection.js';
import { type Finding, type Pillar, pillars, type Severity } from '../model/finding.js';
import type { Grade, Score } from '../model/findings-document.js';

/** How much a result of each severity weighs in its pillar. */
const weight: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

const pillarWords: Record<Pillar, string> = {
  'logging-retention': 'logging & retention',
  'creation-governance': 'instance-creation governance',
  'egress-control': 'egress control',
  'ownership-change': 'ownership & change control',
  'detection-response': 'detection & response integration',
};

export function gradeOf(value: number): Grade {
  return value >= 90 ? 'A' : value >= 80 ? 'B' : value >= 70 ? 'C' : value >= 60 ? 'D' : 'F';
}

/**
 * Each pillar scores the severity-weighted share of judged results that pass (waived counts as judged
 * and accepted); unassessed results do not count but are named in the reasons. The overall value is the
 * mean of pillars with judged results. An active mining detection caps the grade.
 */
export function scoreFindings(findings: Finding[], detections: Detection[]): Score {
  const pillarScores = {} as Record<Pillar, number>;
  const reasons: string[] = [];
  const judgedValues: number[] = [];
  for (const pillar of pillars) {
    const inPillar = findings.filter((f) => f.pillar === pillar);
    const judged = inPillar.filter(
      (f) => f.status === 'pass' || f.status === 'fail' || f.status === 'waived',
    );
    const total = judged.reduce((s, f) => s + weight[f.severity], 0);
    const good = judged.filter((f) => f.status !== 'fail').reduce((s, f) => s + weight[f.severity], 0);
    const value = total === 0 ? 0 : Math.round((100 * good) / total);
    pillarScores[pillar] = value;
    if (total > 0) judgedValues.push(value);
    const failing = judged.filter((f) => f.status === 'fail').length;
    const unassessed = inPillar.filter((f) => f.status === 'unassessed').length;
    if (total === 0 && inPillar.length > 0)
      reasons.push(
        `${cap(pillarWords[pillar])} could not be judged: ${unassessed} result${unassessed === 1 ? '' : 's'} unassessed.`,
      );
    else if (failing > 0)
      reasons.push(
        `${cap(pillarWords[pillar])} scores ${value}: ${failing} of ${judged.length} judged results fail${unassessed ? `, ${unassessed} unassessed` : ''}.`,
      );
  }
  let value = judgedValues.length
    ? Math.round(judgedValues.reduce((a, b) => a + b, 0) / judgedValues.length)
    : 0;
  let grade = gradeOf(value);
  const active = detections.filter(
    (d) => !d.waiver && (d.verdict === 'confirmed-mining' || d.verdict === 'likely-mining'),
  );
  if (active.some((d) => d.verdict === 'confirmed-mining')) {
    grade = 'F';
    value = Math.min(value, 59);
    reasons.unshift(
      `Mining is confirmed on ${active.length} instance${active.length > 1 ? 's' : ''}: the grade is capped at F until it is resolved.`,
    );
  } else if (active.length > 0 && 'ABC'.includes(grade)) {
    grade = 'D';
    value = Math.min(value, 69);
    reasons.unshift(
      `Mining is likely on ${active.length} instance${active.length > 1 ? 's' : ''}: the grade is capped at D until it is investigated.`,
    );
  }
  if (judgedValues.length === 0) reasons.push('Nothing could be judged: every result is unassessed.');
  return { grade, value, pillars: pillarScores, reasons };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
