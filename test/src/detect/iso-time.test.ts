import { describe, expect, it } from 'vitest';
import { isoMillis } from '../../../src/detect/iso-time.js';

describe('ISO timestamps', () => {
  it('parse to what Date.parse gives, for the usual shapes and the odd ones', () => {
    const stamps = [
      '2026-11-20T08:00:00Z',
      '2026-11-20T08:00:00+00:00',
      '2026-11-20T08:00:00.123Z',
      '2026-11-20T08:00:00.9Z',
      '2026-11-20T08:00:00.123456789Z',
      '2026-11-20T08:00:00.999-05:30',
      '2024-02-29T23:59:59Z',
      '2026-02-30T00:00:00Z',
      '2026-01-31T24:00:00Z',
      '2026-01-31T23:59:60Z',
      '2026-01-31T23:59:59+24:00',
      '2026-01-31t23:59:59z',
      '2026-01-31 23:59:59Z',
      '0050-01-01T00:00:00Z',
      '+002026-01-31T23:59:59Z',
      '2026-11-20T08:00:00',
      '2026-11-20',
      '',
      'not a time',
    ];
    for (const s of stamps) expect(isoMillis(s), s).toBe(Date.parse(s));
  });

  it('agree with Date.parse on every day of many years, at any offset', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    let checked = 0;
    for (let year = 1000; year <= 9999; year += 37)
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 9, 10, 19, 28, 29, 30, 31])
          for (const zone of ['Z', '+00:00', '-11:45', '+13:00']) {
            const s = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(day % 24)}:${pad(month * 4)}:${pad(day)}.${pad(month, 3)}${zone}`;
            expect(isoMillis(s)).toBe(Date.parse(s));
            checked++;
          }
    expect(checked).toBeGreaterThan(90_000);
  });
});
