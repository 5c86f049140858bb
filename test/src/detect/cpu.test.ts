import { describe, expect, it } from 'vitest';
import { analyzeCpu } from '../../../src/detect/cpu.js';

const start = Date.parse('2026-11-20T08:00:00Z');
const series = (values: number[], stepMinutes = 5) =>
  values.map((value, i) => ({ time: start + i * stepMinutes * 60_000, value }));

describe('CPU plateau', () => {
  it('needs the threshold held for the sustain period in elapsed minutes (3 five-minute samples = 15 minutes)', () => {
    expect(analyzeCpu(series([5, 5, 90, 91, 92, 5]), 80, 15)?.plateau).toMatchObject({
      minutes: 15,
      levelShift: true,
      baseline: 5,
    });
    expect(analyzeCpu(series([5, 5, 90, 91, 5, 5]), 80, 15)?.plateau).toBeUndefined();
  });

  it('is not a level shift when the instance always runs that hot', () => {
    const v = analyzeCpu(series([85, 86, 88, 90, 89, 87, 95, 96]), 80, 15);
    expect(v?.plateau?.levelShift).toBe(false);
  });

  it('treats a gap in the data as a break, not as a sustained plateau', () => {
    const points = [
      ...series([95, 95]),
      ...series([95, 95]).map((p) => ({ ...p, time: p.time + 60 * 60_000 })),
    ];
    expect(analyzeCpu(points, 80, 15)?.plateau).toBeUndefined();
  });

  it('sorts samples that arrive newest first and keeps one per timestamp', () => {
    const v = analyzeCpu(series([3, 3, 3, 97, 98, 99, 97]).reverse(), 80, 15);
    expect(v).toMatchObject({ samples: 7, plateau: { minutes: 20, levelShift: true } });
  });

  it('counts a plateau that starts right at launch as a shift from idle', () => {
    const v = analyzeCpu(
      series([97, 98, 99, 97], 1).map((p) => ({ ...p, time: p.time + 60_000 })),
      80,
      3,
      start,
    );
    expect(v?.plateau).toMatchObject({ levelShift: true });
    expect(v?.plateau?.baseline).toBeUndefined();
  });
});
