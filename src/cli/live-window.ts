import { InvalidArgumentError } from 'commander';
import type { LiveWindow } from '../../providers/adapter.js';
import { InputError } from '../errors.js';

/** `--since` / `--until`: a duration back from now (`7d`, `36h`, `90m`) or an ISO 8601 time. */
export type TimeAnchor = { ago: number } | { at: Date };

const units = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

export function parseTimeAnchor(value: string): TimeAnchor {
  const text = value.trim();
  const relative = /^(\d+)([dhm])$/.exec(text);
  if (relative) {
    const n = Number(relative[1]);
    if (n <= 0) throw new InvalidArgumentError(`"${value}" is an empty window; give at least 1m`);
    return { ago: n * units[relative[2] as keyof typeof units] };
  }
  // A date alone (2026-11-27) or a date and time; plain numbers are not dates.
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const at = new Date(text);
    if (!Number.isNaN(at.getTime())) return { at };
  }
  throw new InvalidArgumentError(
    `"${value}" is neither a duration (7d, 36h, 90m) nor an ISO 8601 time (2026-11-27T00:00:00Z)`,
  );
}

function resolveAnchor(anchor: TimeAnchor, now: Date): Date {
  return 'at' in anchor ? anchor.at : new Date(now.getTime() - anchor.ago);
}

export interface LiveFlags {
  live?: boolean;
  since?: TimeAnchor;
  until?: TimeAnchor;
}

/**
 * The live window from `--live --since … [--until …]`, checked: since before until, neither in the future, and
 * no further back than the cloud keeps the audit events its live legs read (`historyDays`).
 */
export function liveWindow(
  flags: LiveFlags,
  cloud: { name: string; historyDays: number; history: string },
  now: Date = new Date(),
): LiveWindow | undefined {
  if (!flags.live) {
    if (flags.since || flags.until) throw new InputError('--since and --until need --live');
    return undefined;
  }
  if (!flags.since) throw new InputError('--live needs --since (7d, 36h, 90m or an ISO 8601 time)');
  const since = resolveAnchor(flags.since, now);
  const until = flags.until ? resolveAnchor(flags.until, now) : now;
  // A minute of slack: `--until` given as "now" from another clock must not fail.
  if (until.getTime() > now.getTime() + 60_000)
    throw new InputError(`--until ${until.toISOString()} is in the future (now is ${now.toISOString()})`);
  if (since.getTime() > now.getTime())
    throw new InputError(`--since ${since.toISOString()} is in the future (now is ${now.toISOString()})`);
  if (since.getTime() >= until.getTime())
    throw new InputError(
      `--since ${since.toISOString()} is not before --until ${until.toISOString()}; the window is empty`,
    );
  const oldest = now.getTime() - cloud.historyDays * units.d;
  if (since.getTime() < oldest)
    throw new InputError(
      `--since ${since.toISOString()} is more than ${cloud.historyDays} days ago; ${cloud.name} keeps ${cloud.history} for ${cloud.historyDays} days, so an older window would read as empty. Use --since ${cloud.historyDays}d or less, or run detect over exported logs`,
    );
  return { since, until: until.getTime() > now.getTime() ? now : until };
}
