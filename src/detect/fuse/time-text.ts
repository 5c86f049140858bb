const isoSeen = new Map<number, string>();

/** An epoch time as ISO 8601 without milliseconds; cached, since a few times recur for thousands of instances. */
export function iso(ms: number): string {
  let text = isoSeen.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString().replace('.000Z', 'Z');
    if (isoSeen.size > 100_000) isoSeen.clear();
    isoSeen.set(ms, text);
  }
  return text;
}

/** Minutes as `2h 5m`, `45m`. */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h ? `${h}h${m ? ` ${m}m` : ''}` : `${m}m`;
}

export const MINUTE = 60_000;
