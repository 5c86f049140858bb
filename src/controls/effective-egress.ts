import type { Inventory } from '../model/inventory.js';
import type { EgressRule, Firewall } from '../model/network.js';
import type { Workload } from '../model/workload.js';
import { type AddressRange, internetSpace, intersectAll } from './address-space.js';
import { addressFamilies, evaluateOrdered, openEgress } from './network-paths.js';
import { sameRegion } from './scope-regions.js';

/** The egress rule sets a workload's traffic must pass, level by level; a missing level filters nothing. */
export interface EgressLevels {
  /** Security groups / NIC NSGs attached to its interfaces (traffic may leave through any of them). */
  interface: Firewall[];
  /** Network ACLs / subnet NSGs of its subnet (every one must let it out). */
  subnet: Firewall[];
  /** Firewall policies and rules of its network, by tier (GCP). */
  network: Firewall[];
  /** Ids its interfaces name that the firewall listing does not hold: their rules are unknown. */
  unlisted: string[];
}

export function egressLevels(inv: Inventory, w: Workload): EgressLevels {
  const inScope = inv.firewalls.filter((f) => f.provider === w.provider && f.scope === w.scope);
  const named = [...new Set(w.attachments.flatMap((a) => a.firewallIds))];
  const iface = inScope.filter(
    (f) => f.level === 'interface' && sameRegion(f.region, w.region) && named.includes(f.id),
  );
  const subnets = new Set([w.subnetId, ...w.attachments.map((a) => a.subnetId)].filter(Boolean));
  const networks = new Set([w.networkId, ...w.attachments.map((a) => a.networkId)].filter(Boolean));
  return {
    interface: iface,
    subnet: inScope.filter(
      (f) =>
        f.level === 'subnet' && sameRegion(f.region, w.region) && f.subnetIds.some((s) => subnets.has(s)),
    ),
    // A network-level firewall without a network applies to every network of its scope (a hierarchical policy).
    network: inScope.filter((f) => f.level === 'network' && (!f.networkId || networks.has(f.networkId))),
    unlisted: named.filter((id) => !iface.some((f) => f.id === id)),
  };
}

/** Internet addresses one rule set lets through for a protocol and port. */
function allowedBy(
  f: Firewall,
  protocol: 'tcp' | 'udp',
  port: number,
  w: Workload,
  space: AddressRange[],
): AddressRange[] {
  if (f.ordered) return evaluateOrdered(f.egress, protocol, port, space, w).allowed;
  // An allow-only set: its internet-wide rules on this port open the internet.
  const open = openEgress(
    { ...f, egress: f.egress.filter((r) => r.protocol === 'all' || r.protocol === protocol) },
    [port],
  );
  return open.allTraffic.length > 0 || open.miningPorts.includes(port) ? space : [];
}

/** Network-level firewalls by tier, each tier's undecided addresses passed to the next; the last tier denies the rest. */
function allowedByTiers(
  tiers: Firewall[],
  protocol: 'tcp' | 'udp',
  port: number,
  w: Workload,
  space: AddressRange[],
): { allowed: AddressRange[]; rules: EgressRule[] } {
  const byTier = new Map<number, EgressRule[]>();
  for (const f of tiers) byTier.set(f.tier ?? 0, [...(byTier.get(f.tier ?? 0) ?? []), ...f.egress]);
  let open = space;
  const allowed: AddressRange[] = [];
  const rules: EgressRule[] = [];
  for (const tier of [...byTier.keys()].sort((a, b) => a - b)) {
    const verdict = evaluateOrdered(byTier.get(tier) ?? [], protocol, port, open, w);
    allowed.push(...verdict.allowed);
    if (verdict.allowing) rules.push(verdict.allowing);
    open = verdict.undecided;
  }
  return { allowed, rules };
}

/**
 * Whether a workload's traffic on a port can reach some internet address through every level that applies
 * (interface, then subnet, then network), and the network-level rules that let it.
 */
export function egressAllows(
  levels: EgressLevels,
  protocol: 'tcp' | 'udp',
  port: number,
  w: Workload,
  skip: ('interface' | 'subnet' | 'network')[] = [],
): { open: boolean; rules: EgressRule[] } {
  const space = addressFamilies(w).flatMap(internetSpace);
  let open = space;
  const rules: EgressRule[] = [];
  if (!skip.includes('interface') && levels.interface.length > 0)
    open = intersectAll(
      open,
      levels.interface.flatMap((f) => allowedBy(f, protocol, port, w, space)),
    );
  if (!skip.includes('subnet'))
    for (const f of levels.subnet) open = intersectAll(open, allowedBy(f, protocol, port, w, space));
  if (!skip.includes('network') && levels.network.length > 0) {
    const tiers = allowedByTiers(levels.network, protocol, port, w, space);
    open = intersectAll(open, tiers.allowed);
    rules.push(...tiers.rules);
  }
  return { open: open.length > 0, rules };
}
