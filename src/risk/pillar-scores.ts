import { type Finding, type Pillar, pillars, type Severity } from '../model/finding.js';

/** How much one result of each severity weighs in its pillar. */
export const severityWeight: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };

/** How much of its weight a result earns: unassessed earns half (it can be proved neither way). */
const credit = { pass: 1, waived: 1, unassessed: 0.5, fail: 0 } as const;

/** Pillar weights in the posture: the three AN0744 legs' enablers weigh most, tagging least. */
export const pillarWeight: Record<Pillar, number> = {
  'logging-retention': 0.25,
  'creation-governance': 0.25,
  'egress-control': 0.2,
  'ownership-change': 0.1,
  'detection-response': 0.2,
};

export interface PillarTally {
  pillar: Pillar;
  /** 0–100; 100 when nothing applicable was judged (see `judged`). */
  value: number;
  judged: boolean;
  pass: number;
  fail: number;
  unassessed: number;
  waived: number;
  notApplicable: number;
  /** Control ids with failing results, most failures first. */
  failingControls: { control: string; count: number }[];
}

/** Severity-weighted share of the pillar's applicable results that earn credit. */
export function tallyPillars(findings: readonly Finding[]): Record<Pillar, PillarTally> {
  const out = {} as Record<Pillar, PillarTally>;
  for (const pillar of pillars) {
    out[pillar] = {
      pillar,
      value: 100,
      judged: false,
      pass: 0,
      fail: 0,
      unassessed: 0,
      waived: 0,
      notApplicable: 0,
      failingControls: [],
    };
  }
  const totals = new Map<Pillar, { weight: number; earned: number }>();
  const failing = new Map<Pillar, Map<string, number>>();
  for (const f of findings) {
    const t = out[f.pillar];
    if (f.status === 'not_applicable') {
      t.notApplicable++;
      continue;
    }
    if (f.status === 'pass') t.pass++;
    else if (f.status === 'fail') t.fail++;
    else if (f.status === 'unassessed') t.unassessed++;
    else t.waived++;
    if (f.status === 'fail') {
      const m = failing.get(f.pillar) ?? new Map<string, number>();
      m.set(f.control, (m.get(f.control) ?? 0) + 1);
      failing.set(f.pillar, m);
    }
    const w = severityWeight[f.severity];
    const sum = totals.get(f.pillar) ?? { weight: 0, earned: 0 };
    sum.weight += w;
    sum.earned += w * credit[f.status];
    totals.set(f.pillar, sum);
  }
  for (const [pillar, sum] of totals) {
    if (sum.weight <= 0) continue;
    out[pillar].judged = true;
    out[pillar].value = Math.round((100 * sum.earned) / sum.weight);
  }
  for (const [pillar, m] of failing) {
    out[pillar].failingControls = [...m]
      .map(([control, n]) => ({ control, count: n }))
      .sort((a, b) => b.count - a.count || a.control.localeCompare(b.control));
  }
  return out;
}

/** Weighted mean of judged pillars; null when none could be judged. */
export function postureOf(tallies: Record<Pillar, PillarTally>): number | null {
  let weight = 0;
  let sum = 0;
  for (const pillar of pillars) {
    const t = tallies[pillar];
    if (!t.judged) continue;
    weight += pillarWeight[pillar];
    sum += pillarWeight[pillar] * t.value;
  }
  return weight === 0 ? null : sum / weight;
}
