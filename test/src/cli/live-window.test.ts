import { describe, expect, it } from 'vitest';
import { liveWindow, parseTimeAnchor } from '../../../src/cli/live-window.js';

const now = new Date('2026-12-08T12:00:00Z');
const aws = { name: 'AWS', historyDays: 90, history: 'CloudTrail event history' };

describe('--since / --until', () => {
  it('reads durations back from now and ISO 8601 dates or times', () => {
    const at = (v: string) =>
      liveWindow({ live: true, since: parseTimeAnchor(v) }, aws, now)?.since.toISOString();
    expect(at('7d')).toBe('2026-12-01T12:00:00.000Z');
    expect(at('36h')).toBe('2026-12-07T00:00:00.000Z');
    expect(at('90m')).toBe('2026-12-08T10:30:00.000Z');
    expect(at('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
    expect(at('2026-12-01T06:30:00+02:00')).toBe('2026-12-01T04:30:00.000Z');
  });

  it('ends the window at --until, or now', () => {
    const w = liveWindow(
      { live: true, since: parseTimeAnchor('2d'), until: parseTimeAnchor('1d') },
      aws,
      now,
    );
    expect(w?.until.toISOString()).toBe('2026-12-07T12:00:00.000Z');
    expect(liveWindow({ live: true, since: parseTimeAnchor('2d') }, aws, now)?.until).toEqual(now);
  });

  it('refuses what cannot be a window', () => {
    expect(() => parseTimeAnchor('0d')).toThrow(/empty window/);
    expect(() => parseTimeAnchor('7 days')).toThrow(/neither a duration/);
    expect(() => parseTimeAnchor('1733600000')).toThrow(/neither a duration/);
    expect(() => liveWindow({ live: true, since: parseTimeAnchor('91d') }, aws, now)).toThrow(
      /more than 90 days ago; AWS keeps CloudTrail event history for 90 days/,
    );
    // Another cloud's adapter may keep its audit events longer.
    const longer = { name: 'Google Cloud', historyDays: 400, history: 'Admin Activity audit logs' };
    expect(liveWindow({ live: true, since: parseTimeAnchor('91d') }, longer, now)?.since).toBeDefined();
    expect(liveWindow({}, aws, now)).toBeUndefined();
  });
});
