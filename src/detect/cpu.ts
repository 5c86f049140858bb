import type { CpuPoint } from './signals.js';

export interface Plateau {
  start: number;
  end: number;
  /** Elapsed minutes from the first to the last sample of the run, plus one sample period. */
  minutes: number;
  median: number;
  /** Median of the instance's own samples before the plateau; undefined when there are none. */
  baseline?: number;
  /** The plateau stands clear of the instance's trailing baseline (or began right at launch). */
  levelShift: boolean;
  periodMinutes: number;
}

export interface CpuVerdict {
  samples: number;
  first: number;
  last: number;
  periodMinutes: number;
  plateau?: Plateau;
  peak: number;
}

/** A level shift: the plateau's median at least this many points above the trailing baseline. */
const SHIFT_POINTS = 30;
/** How much trailing history counts as the baseline. */
const BASELINE_WINDOW_MS = 6 * 60 * 60_000;

function median(values: number[]): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Sorted, one sample per timestamp (the highest, when sources overlap). */
export function normalizeSeries(points: CpuPoint[]): CpuPoint[] {
  const byTime = new Map<number, number>();
  for (const p of points) {
    const prev = byTime.get(p.time);
    if (prev === undefined || p.value > prev) byTime.set(p.time, p.value);
  }
  return [...byTime].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time, value }));
}

/**
 * Finds the longest sustained run at or above `threshold` percent lasting `sustainMinutes` elapsed
 * minutes, and whether it is a level shift against the instance's own earlier samples. A gap of more
 * than two sample periods breaks a run: missing data is not evidence of a plateau.
 */
export function analyzeCpu(
  raw: CpuPoint[],
  threshold: number,
  sustainMinutes: number,
  launchedAt?: number,
): CpuVerdict | undefined {
  const points = normalizeSeries(raw);
  const first = points[0];
  const lastPoint = points[points.length - 1];
  if (!first || !lastPoint) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++)
    gaps.push((points[i] as CpuPoint).time - (points[i - 1] as CpuPoint).time);
  const periodMs = gaps.length ? Math.max(60_000, median(gaps)) : 5 * 60_000;
  const maxGap = 2 * periodMs;
  let best: { from: number; to: number } | undefined;
  let runStart = -1;
  const close = (endIdx: number) => {
    if (runStart < 0) return;
    const span = (points[endIdx] as CpuPoint).time - (points[runStart] as CpuPoint).time + periodMs;
    const bestSpan = best
      ? (points[best.to] as CpuPoint).time - (points[best.from] as CpuPoint).time + periodMs
      : -1;
    if (span > bestSpan) best = { from: runStart, to: endIdx };
    runStart = -1;
  };
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as CpuPoint;
    if (p.value >= threshold) {
      if (runStart >= 0 && p.time - (points[i - 1] as CpuPoint).time > maxGap) close(i - 1);
      if (runStart < 0) runStart = i;
    } else close(i - 1);
  }
  close(points.length - 1);
  const peak = Math.max(...points.map((p) => p.value));
  const verdict: CpuVerdict = {
    samples: points.length,
    first: first.time,
    last: lastPoint.time,
    periodMinutes: periodMs / 60_000,
    peak,
  };
  const run = best as { from: number; to: number } | undefined;
  if (!run) return verdict;
  const start = (points[run.from] as CpuPoint).time;
  const end = (points[run.to] as CpuPoint).time;
  const minutes = (end - start + periodMs) / 60_000;
  if (minutes < sustainMinutes) return verdict;
  const values = points.slice(run.from, run.to + 1).map((p) => p.value);
  const before = points
    .filter((p) => p.time < start && p.time >= start - BASELINE_WINDOW_MS)
    .map((p) => p.value);
  const plateauMedian = median(values);
  const baseline = before.length ? median(before) : undefined;
  // A miner starts hot: a plateau that begins within two periods of launch is a shift from idle.
  const fromLaunch =
    launchedAt !== undefined &&
    start - launchedAt <= Math.max(2 * periodMs, 15 * 60_000) &&
    start >= launchedAt - periodMs;
  const levelShift = baseline !== undefined ? plateauMedian - baseline >= SHIFT_POINTS : fromLaunch;
  verdict.plateau = {
    start,
    end: end + periodMs,
    minutes,
    median: plateauMedian,
    ...(baseline !== undefined ? { baseline } : {}),
    levelShift,
    periodMinutes: periodMs / 60_000,
  };
  return verdict;
}
