import type { Provider } from '../../model/provider.js';
import { instanceKey } from '../identity.js';
import type { CapacitySignal, FileDigest } from '../signals.js';
import { MINUTE } from './time-text.js';

/** A launch may be logged a little before the request that caused it finishes being logged. */
const CLOCK_SLACK = 5 * MINUTE;

/** Capacity requests by what they name (group, fleet, template) and by the workloads they launched themselves. */
export class CapacityIndex {
  private readonly byKey = new Map<string, CapacitySignal[]>();
  private readonly byInstance = new Map<string, CapacitySignal>();

  constructor(digests: FileDigest[], noteDuplicate: (file: string, pointer: string, what: string) => void) {
    const seen = new Set<string>();
    for (const d of digests)
      for (const r of d.capacity) {
        if (r.eventId) {
          const id = `${r.provider}|${r.eventId}`;
          if (seen.has(id)) {
            noteDuplicate(r.file, r.pointer, `event ${r.eventId}`);
            continue;
          }
          seen.add(id);
        }
        for (const k of r.keys) {
          const key = this.key(r.provider, r.scope, k);
          const list = this.byKey.get(key);
          if (list) list.push(r);
          else this.byKey.set(key, [r]);
        }
        for (const id of r.instanceIds ?? []) this.byInstance.set(instanceKey(r.provider, id), r);
      }
    // Earliest first; ties in file order, so the choice never depends on how files were split among threads.
    for (const list of this.byKey.values())
      list.sort((a, b) => a.time - b.time || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  private key(provider: Provider, scope: string, k: string): string {
    return `${provider}|${scope}|${instanceKey(provider, k).slice(provider.length + 1)}`;
  }

  /**
   * The request behind a launch: the one that names the workload itself, else the latest request for one of
   * `keys` made at or before `at` (the launch, or when the workload was first seen).
   */
  requestFor(
    provider: Provider,
    scope: string,
    instanceId: string | undefined,
    keys: readonly string[],
    at: number,
  ): CapacitySignal | undefined {
    if (instanceId) {
      const own = this.byInstance.get(instanceKey(provider, instanceId));
      if (own && own.scope === scope) return own;
    }
    let best: CapacitySignal | undefined;
    for (const k of keys)
      for (const r of this.byKey.get(this.key(provider, scope, k)) ?? []) {
        if (r.time > at + CLOCK_SLACK) break;
        if (!best || r.time >= best.time) best = r;
      }
    return best;
  }
}
