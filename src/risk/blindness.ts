import { type Coverage, type Leg, legs } from '../model/detection.js';
import type { Finding } from '../model/finding.js';

/** Which controls show whether each AN0744 leg can be seen, and how much each counts. */
export const legControls: Record<Leg, Record<string, number>> = {
  creation: { 'audit-logging': 1, 'audit-retention': 0.5 },
  cpu: { 'metric-logging': 1 },
  network: { 'flow-logging': 1, 'dns-logging': 0.5, 'flow-retention': 0.5 },
};

export interface LegBlindness {
  leg: Leg;
  /** 0–1: weighted share of watched things that cannot be seen. */
  blind: number;
  watched: number;
  unseen: number;
  /** Plain words for the unseen part, e.g. "flow logs for 3 of 4 networks". */
  why: string[];
}

const subjects: Record<string, string> = {
  'audit-logging': 'audit logging in',
  'audit-retention': 'audit-log retention for',
  'metric-logging': 'CPU metrics or alarms for',
  'flow-logging': 'flow logs for',
  'dns-logging': 'DNS query logs for',
  'flow-retention': 'flow-log retention for',
};

const units: Record<string, [string, string]> = {
  'audit-logging': ['region', 'regions'],
  'audit-retention': ['trail', 'trails'],
  'metric-logging': ['instance', 'instances'],
  'flow-logging': ['network', 'networks'],
  'dns-logging': ['network', 'networks'],
  'flow-retention': ['network', 'networks'],
};

/**
 * A result is unseen when it fails, is unassessed (cannot be shown to be seen) or is waived (a waiver
 * accepts the gap, it does not make the leg visible); coverage entries from detect count one each.
 */
export function legBlindness(
  findings: readonly Finding[],
  coverage: readonly Coverage[],
): Record<Leg, LegBlindness> {
  const out = {} as Record<Leg, LegBlindness>;
  for (const leg of legs) {
    const weights = legControls[leg];
    let total = 0;
    let dark = 0;
    let watched = 0;
    let unseen = 0;
    const perControl = new Map<string, { all: number; dark: number }>();
    for (const f of findings) {
      const w = weights[f.control];
      if (w === undefined || f.status === 'not_applicable') continue;
      const isDark = f.status !== 'pass';
      total += w;
      watched++;
      const c = perControl.get(f.control) ?? { all: 0, dark: 0 };
      c.all++;
      if (isDark) {
        dark += w;
        unseen++;
        c.dark++;
      }
      perControl.set(f.control, c);
    }
    let coverageAll = 0;
    let coverageBlind = 0;
    for (const c of coverage) {
      if (c.leg !== leg) continue;
      total += 1;
      watched++;
      coverageAll++;
      if (c.blind) {
        dark += 1;
        unseen++;
        coverageBlind++;
      }
    }
    const why: string[] = [];
    for (const control of Object.keys(weights)) {
      const c = perControl.get(control);
      if (!c || c.dark === 0) continue;
      const [one, many] = units[control] ?? ['resource', 'resources'];
      why.push(`${subjects[control] ?? control} ${c.dark} of ${c.all} ${c.all === 1 ? one : many}`);
    }
    if (coverageBlind > 0) why.push(`telemetry for ${coverageBlind} of ${coverageAll} watched resources`);
    out[leg] = { leg, blind: total === 0 ? 0 : dark / total, watched, unseen, why };
  }
  return out;
}

/** Mean over the three legs. */
export function blindnessOf(byLeg: Record<Leg, LegBlindness>): number {
  return legs.reduce((s, leg) => s + byLeg[leg].blind, 0) / legs.length;
}
