import type { Coverage, Leg } from '../../model/detection.js';
import type { Provider } from '../../model/provider.js';
import type { UnreadSignal } from '../signals.js';
import { type Gathered, unreadKey } from './instances.js';

/**
 * Why a leg is blind in a scope (and region, for a regional source) because its source could not be read, or
 * undefined when it was read.
 */
export function unreadWhy(
  gathered: Gathered,
  provider: Provider,
  scope: string,
  leg: Leg,
  region?: string,
): string | undefined {
  const list = gathered.unread
    .get(unreadKey(provider, scope, leg))
    ?.filter((u) => !u.region || !region || u.region === region);
  const first = list?.[0];
  if (!list || !first) return undefined;
  const others = new Set(list.map((u) => u.why)).size - 1;
  return others > 0 ? `${first.why} (and ${others} more source${others > 1 ? 's' : ''} unread)` : first.why;
}

/** One coverage row per source that could not be read: the scope's leg is blind there, named, not empty. */
export function unreadCoverage(gathered: Gathered): Coverage[] {
  const rows: Coverage[] = [];
  const seen = new Set<string>();
  for (const list of gathered.unread.values())
    for (const u of list as UnreadSignal[]) {
      const key = `${u.provider}|${u.scope}|${u.leg}|${u.source}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        provider: u.provider,
        scope: u.scope,
        leg: u.leg,
        resource: u.source,
        blind: true,
        why: u.why,
      });
    }
  return rows;
}
