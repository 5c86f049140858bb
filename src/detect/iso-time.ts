const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -100_000;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * `Date.parse` for the ISO 8601 shape telemetry writes (`2026-11-20T08:00:00Z`, `.123`, `+00:00`),
 * several times faster; any other text goes to `Date.parse` itself, so results are always the same.
 */
export function isoMillis(s: string): number {
  const n = s.length;
  if (n < 20 || n > 35 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84)
    return Date.parse(s);
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Date.parse(s);
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return Date.parse(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // Date.parse keeps milliseconds: the first three digits of the fraction (`.9` is 900 ms).
    let digits = 0;
    let scale = 100;
    for (i++; i < n; i++, digits++) {
      const d = digit(s, i);
      if (d < 0) break;
      if (digits < 3) ms += d * scale;
      scale /= 10;
    }
    if (digits === 0 || digits > 9) return Date.parse(s);
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 && i + 1 === n) offset = 0;
  else if ((z === 43 || z === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const oh = two(s, i + 1);
    const om = two(s, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Date.parse(s);
    offset = (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return Date.parse(s);
  // Days since 1970-01-01 in the proleptic Gregorian calendar, as Date.UTC counts them.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
}
