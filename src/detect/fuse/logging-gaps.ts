import type { TamperSignal } from '../signals.js';

/** An interval in which a scope's audit logging was stopped or deleted, from the call that stopped it. */
export interface LoggingGap {
  from: number;
  /** Absent when no call in the logs read switched it back on. */
  to?: number;
  stop: TamperSignal;
  resume?: TamperSignal;
}

/** A trail named by its ARN in one call and by its name in the next is still the same trail. */
function sameTarget(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

/** Per `provider|scope`: the gaps opened by calls that blind audit logs, each closed by the first call that resumes them. */
export function loggingGaps(tampering: TamperSignal[], resumed: TamperSignal[]): Map<string, LoggingGap[]> {
  const byScope = new Map<string, LoggingGap[]>();
  const stops = tampering.filter((t) => t.blinds === 'creation').sort((a, b) => a.time - b.time);
  const starts = [...resumed].sort((a, b) => a.time - b.time);
  for (const stop of stops) {
    const resume = starts.find(
      (r) =>
        r.provider === stop.provider &&
        r.scope === stop.scope &&
        r.time >= stop.time &&
        sameTarget(stop.target, r.target),
    );
    const key = `${stop.provider}|${stop.scope}`;
    const gap: LoggingGap = { from: stop.time, stop, ...(resume ? { to: resume.time, resume } : {}) };
    const list = byScope.get(key);
    if (list) list.push(gap);
    else byScope.set(key, [gap]);
  }
  return byScope;
}

/** The gap that holds `time`, if any (the earliest, when gaps overlap). */
export function gapAt(gaps: LoggingGap[] | undefined, time: number): LoggingGap | undefined {
  return gaps?.find((g) => g.from <= time && (g.to === undefined || time <= g.to));
}
