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
  /** Sustained plateaus in the series (this is the first), and their minutes added up. */
  count: number;
  totalMinutes: number;
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

/** Sorted, one sample per timestamp (the highest, when sources overlap), as parallel arrays. */
export function normalizeArrays(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
): { t: Float64Array; v: Float64Array } {
  const n = times.length;
  let ascending = true;
  let descending = true;
  for (let i = 1; i < n && (ascending || descending); i++) {
    if ((times[i] as number) < (times[i - 1] as number)) ascending = false;
    if ((times[i] as number) > (times[i - 1] as number)) descending = false;
  }
  // Most sources are already in order (Cloud Monitoring and get-metric-data newest first): no sort then.
  let order: Uint32Array | undefined;
  if (!ascending && !descending)
    order = Uint32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (times[a] as number) - (times[b] as number),
    );
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const k = ascending ? i : descending ? n - 1 - i : ((order as Uint32Array)[i] as number);
    const time = times[k] as number;
    const value = values[k] as number;
    if (m > 0 && t[m - 1] === time) {
      if (value > (v[m - 1] as number)) v[m - 1] = value;
      continue;
    }
    t[m] = time;
    v[m] = value;
    m++;
  }
  return { t: t.subarray(0, m), v: v.subarray(0, m) };
}

export function normalizeSeries(points: CpuPoint[]): CpuPoint[] {
  const { t, v } = normalizeArrays(
    points.map((p) => p.time),
    points.map((p) => p.value),
  );
  return Array.from(t, (time, i) => ({ time, value: v[i] as number }));
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
  return analyzeSeries(
    raw.map((p) => p.time),
    raw.map((p) => p.value),
    threshold,
    sustainMinutes,
    launchedAt,
  );
}

export function analyzeSeries(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  threshold: number,
  sustainMinutes: number,
  launchedAt?: number,
): CpuVerdict | undefined {
  const { t, v } = normalizeArrays(times, values);
  const n = t.length;
  if (n === 0) return undefined;
  const gaps = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) gaps[i - 1] = (t[i] as number) - (t[i - 1] as number);
  gaps.sort();
  const periodMs = gaps.length ? Math.max(60_000, gaps[gaps.length >> 1] as number) : 5 * 60_000;
  const maxGap = 2 * periodMs;
  // Every sustained run; the first one is reported (it is the one a launch or a change explains).
  const runs: [number, number][] = [];
  let runStart = -1;
  const close = (endIdx: number) => {
    if (runStart < 0) return;
    if ((t[endIdx] as number) - (t[runStart] as number) + periodMs >= sustainMinutes * 60_000)
      runs.push([runStart, endIdx]);
    runStart = -1;
  };
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = v[i] as number;
    if (value > peak) peak = value;
    if (value >= threshold) {
      if (runStart >= 0 && (t[i] as number) - (t[i - 1] as number) > maxGap) close(i - 1);
      if (runStart < 0) runStart = i;
    } else close(i - 1);
  }
  close(n - 1);
  const verdict: CpuVerdict = {
    samples: n,
    first: t[0] as number,
    last: t[n - 1] as number,
    periodMinutes: periodMs / 60_000,
    peak,
  };
  const firstRun = runs[0];
  if (!firstRun) return verdict;
  const [bestFrom, bestTo] = firstRun;
  const start = t[bestFrom] as number;
  const end = t[bestTo] as number;
  const minutes = (end - start + periodMs) / 60_000;
  const totalMinutes = runs.reduce(
    (sum, [a, b]) => sum + ((t[b] as number) - (t[a] as number) + periodMs) / 60_000,
    0,
  );
  const runValues = Array.from(v.subarray(bestFrom, bestTo + 1));
  const before: number[] = [];
  for (let i = 0; i < bestFrom; i++)
    if ((t[i] as number) >= start - BASELINE_WINDOW_MS) before.push(v[i] as number);
  const plateauMedian = median(runValues);
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
    count: runs.length,
    totalMinutes,
  };
  return verdict;
}
