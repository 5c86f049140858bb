import { vocabularyOf } from '../../providers/index.js';
import type { Inventory } from '../model/inventory.js';
import type { Network } from '../model/network.js';
import type { Workload } from '../model/workload.js';
import type { ControlResult } from './control.js';
import { fromGaps, resourceSubject, type Subject } from './results.js';
import { placeText, regionSubject, sameRegion } from './scope-regions.js';

/** Networks that host at least one workload, with those workloads; the grain of network controls. */
export function networksWithWorkloads(inv: Inventory): { network: Network; workloads: Workload[] }[] {
  // Keyed by scope and id: network ids are unique in their scope, and a GCP network spans regions.
  const byKey = new Map<string, Workload[]>();
  for (const w of inv.workloads) {
    const ids = new Set(
      [w.networkId, ...w.attachments.map((a) => a.networkId)].filter((x): x is string => !!x),
    );
    for (const id of ids) {
      const key = `${w.scope}|${id}`;
      const list = byKey.get(key) ?? [];
      list.push(w);
      byKey.set(key, list);
    }
  }
  const out: { network: Network; workloads: Workload[] }[] = [];
  for (const [key, workloads] of byKey) {
    const [scope, id] = key.split('|') as [string, string];
    const region = (workloads[0] as Workload).region;
    const network =
      inv.networks.find((n) => n.scope === scope && n.id === id && sameRegion(n.region, region)) ??
      placeholderNetwork(workloads, id);
    out.push({ network, workloads });
  }
  return out.sort(
    (a, b) => a.network.scope.localeCompare(b.network.scope) || a.network.id.localeCompare(b.network.id),
  );
}

/** A network named by its workloads but absent from the network listing (listing not collected). */
function placeholderNetwork(workloads: Workload[], id: string): Network {
  const w = workloads[0] as Workload;
  return {
    provider: w.provider,
    scope: w.scope,
    region: w.region,
    id,
    type: vocabularyOf(w.provider).types.network,
    evidence: [],
    isDefault: false,
    cidrs: [],
  };
}

export function networkSubject(n: Network): Subject {
  return resourceSubject(n);
}

export function workloadLabel(w: Workload): string {
  return w.name ? `${w.id} (${w.name})` : w.id;
}

/**
 * Where instances could not be listed, nothing at instance or network grain can be judged: one
 * `unassessed` result per scope and region says so, instead of the region silently producing no findings.
 */
export function unlistedWorkloads(inv: Inventory, what: string): ControlResult[] {
  const seen = new Set<string>();
  const out: ControlResult[] = [];
  for (const gap of inv.gaps.filter((g) => g.domain === 'workloads')) {
    const key = `${gap.scope}|${gap.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const scope = inv.scopes.find((s) => s.id === gap.scope && s.provider === gap.provider);
    if (!scope) continue;
    out.push(fromGaps(regionSubject(scope, gap.region), `${what} in ${placeText(scope, gap.region)}`, [gap]));
  }
  return out;
}

/**
 * A network shared into its scope by an owner whose evidence is not in the bundle: logs the owner keeps on it
 * cannot be seen, so an absence of logs proves nothing.
 */
export function unseenOwner(inv: Inventory, n: Network): string | undefined {
  return n.ownerScope && !inv.scopes.some((s) => s.id === n.ownerScope) ? n.ownerScope : undefined;
}
