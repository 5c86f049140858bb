import type { InstanceState } from './instances.js';

/** When the workload is first known to run: its launch time if known, else its earliest CPU sample, flow, lookup or finding. */
export function firstSeen(s: InstanceState, launchedAt: number | undefined): number | undefined {
  if (launchedAt !== undefined) return launchedAt;
  let first = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.times.length; i++) {
    const t = s.times[i] as number;
    if (t < first) first = t;
  }
  for (const f of s.flows) if (f.first > 0 && f.first < first) first = f.first;
  for (const q of s.dns) if (q.time < first) first = q.time;
  for (const f of s.findings) if (f.time < first) first = f.time;
  return Number.isFinite(first) ? first : undefined;
}
