import ipaddr from 'ipaddr.js';
import { gapsFor, type Inventory } from '../model/inventory.js';
import type { EgressRule, Firewall, RouteTable } from '../model/network.js';
import type { Workload } from '../model/workload.js';
import {
  type AddressRange,
  destinationRange,
  internetSpace,
  intersect,
  overlaps,
  subtract,
} from './address-space.js';
import { sameRegion } from './scope-regions.js';

/** True when a CIDR spans a large share of the public internet (0.0.0.0/0, ::/0, 0.0.0.0/1 …), not private space. */
export function isInternetWide(cidr: string): boolean {
  try {
    const [addr, bits] = ipaddr.parseCIDR(cidr);
    const limit = addr.kind() === 'ipv4' ? 8 : 16;
    if (bits > limit) return false;
    const range = addr.range();
    return !['private', 'linkLocal', 'loopback', 'uniqueLocal', 'multicast', 'carrierGradeNat'].includes(
      range,
    );
  } catch {
    return false;
  }
}

export function coversPort(rule: EgressRule, port: number): boolean {
  if (rule.ports === 'all') return true;
  return port >= rule.ports.from && port <= rule.ports.to;
}

/** Protocols that carry stratum traffic: TCP (and UDP, which some pools also accept). */
export function carriesStratum(rule: EgressRule): boolean {
  return rule.protocol === 'all' || rule.protocol === 'tcp' || rule.protocol === 'udp';
}

/** What an allow-list of egress rules opens to the internet: everything, some mining ports, or nothing. */
export function openEgress(
  firewall: Firewall,
  miningPorts: number[],
): { allTraffic: EgressRule[]; miningPorts: number[]; rules: EgressRule[]; opaque: EgressRule[] } {
  const wide = firewall.egress.filter(
    (r) => r.action === 'allow' && r.destination.kind === 'cidr' && isInternetWide(r.destination.value),
  );
  // Every protocol, or every TCP port (any pool on any port); another protocol number alone (ESP, GRE) is not that.
  const allTraffic = wide.filter((r) => r.protocol === 'all' || (r.protocol === 'tcp' && r.ports === 'all'));
  const ports = new Set<number>();
  const rules: EgressRule[] = [];
  for (const r of wide.filter(carriesStratum)) {
    const hit = miningPorts.filter((p) => coversPort(r, p));
    if (hit.length) rules.push(r);
    for (const p of hit) ports.add(p);
  }
  // Prefix lists whose entries are unknown, on ports a pool could use: their reach cannot be judged.
  const opaque = firewall.egress.filter(
    (r) =>
      r.action === 'allow' &&
      r.destination.kind === 'prefix-list' &&
      r.listOwner === 'unknown' &&
      carriesStratum(r) &&
      (r.ports === 'all' || miningPorts.some((p) => coversPort(r, p))),
  );
  return { allTraffic, miningPorts: [...ports].sort((a, b) => a - b), rules, opaque };
}

/** Whether a rule can apply to a workload: rules aimed at network tags or service accounts apply to those only. */
export function targets(rule: EgressRule, w: Workload | undefined): boolean {
  const t = rule.targets;
  if (!t || (!t.tags?.length && !t.serviceAccounts?.length)) return true;
  if (!w) return true;
  return (
    (t.tags ?? []).some((tag) => w.networkTags?.includes(tag)) ||
    (t.serviceAccounts ?? []).some((sa) => w.serviceAccounts?.includes(sa))
  );
}

/** What an ordered list decides for internet addresses on one protocol and port. */
export interface OrderedVerdict {
  /** The first rule that lets some internet address through, if any. */
  allowing?: EgressRule;
  /** Internet addresses no rule decided; a tiered list hands them to the next tier, others deny them. */
  undecided: AddressRange[];
  /** Internet addresses let through. */
  allowed: AddressRange[];
}

/**
 * First-match evaluation of an ordered rule list over `space`: rules in priority
 * order, each deciding the addresses it matches that no earlier rule decided. A deny of one pool's /24 does not
 * close the rest of the internet; an allow of 0.0.0.0/1 opens half of it; `next` passes on to the next tier.
 */
export function evaluateOrdered(
  rules: EgressRule[],
  protocol: 'tcp' | 'udp',
  port: number,
  space: AddressRange[],
  w?: Workload,
): OrderedVerdict {
  const sorted = rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.priority ?? 0) - (b.r.priority ?? 0) || a.i - b.i)
    .map((x) => x.r);
  let open = space;
  const allowed: AddressRange[] = [];
  const undecided: AddressRange[] = [];
  let allowing: EgressRule | undefined;
  for (const r of sorted) {
    if (open.length === 0) break;
    if (r.destination.kind !== 'cidr') continue;
    if (r.protocol !== 'all' && r.protocol !== protocol) continue;
    if (!coversPort(r, port) || !targets(r, w)) continue;
    for (const family of ['ipv4', 'ipv6'] as const) {
      const range = destinationRange(r.destination.value, family);
      if (!range || !overlaps(open, range)) continue;
      const hit = intersect(open, range);
      if (r.action === 'allow') {
        allowed.push(...hit);
        allowing ??= r;
      } else if (r.action === 'next') undecided.push(...hit);
      open = subtract(open, [range]);
    }
  }
  return { allowing, undecided: [...undecided, ...open], allowed };
}

/**
 * First-match evaluation of an ordered rule list: the first rule that lets traffic on `port` reach
 * any internet address of the given families; what no rule decides is denied.
 */
export function orderedListAllows(
  firewall: Firewall,
  protocol: 'tcp' | 'udp',
  port: number,
  families: ('ipv4' | 'ipv6')[] = ['ipv4', 'ipv6'],
  w?: Workload,
): EgressRule | undefined {
  for (const family of families) {
    const verdict = evaluateOrdered(firewall.egress, protocol, port, internetSpace(family), w);
    if (verdict.allowing) return verdict.allowing;
  }
  return undefined;
}

/** Address families a workload sends from: IPv6 only when it has an IPv6 address. */
export function addressFamilies(w: Workload): ('ipv4' | 'ipv6')[] {
  const ips = w.attachments.flatMap((a) => a.privateIps);
  const v6 = ips.some((ip) => ip.includes(':'));
  const v4 = ips.length === 0 || ips.some((ip) => !ip.includes(':'));
  return [...(v4 ? (['ipv4'] as const) : []), ...(v6 ? (['ipv6'] as const) : [])];
}

export function routeTableFor(
  inv: Inventory,
  w: Workload,
  subnetId: string | undefined,
): RouteTable | undefined {
  const tables = inv.routeTables.filter((t) => t.scope === w.scope && sameRegion(t.region, w.region));
  return (
    (subnetId ? tables.find((t) => t.subnetIds.includes(subnetId)) : undefined) ??
    tables.find((t) => t.main && t.networkId === (w.networkId ?? ''))
  );
}

/** Whether the workload's subnet routes internet-bound traffic anywhere: yes, no, or unknown (routes not collected). */
export function internetPath(inv: Inventory, w: Workload): 'yes' | 'no' | 'unknown' {
  if (gapsFor(inv, w.scope, w.region, 'route-tables').length > 0) return 'unknown';
  const table = routeTableFor(inv, w, w.subnetId);
  if (!table) return 'unknown';
  const publicIp = w.attachments.some((a) => a.publicIps.length > 0);
  const out = table.routes.some(
    (r) =>
      isInternetWide(r.destination) &&
      r.target !== 'local' &&
      r.target !== 'blackhole' &&
      (!r.needsPublicIp || publicIp),
  );
  return out ? 'yes' : 'no';
}

/** Network ACLs (subnet-level, ordered) that apply to a workload's subnet. */
export function subnetFirewalls(inv: Inventory, w: Workload): Firewall[] {
  return inv.firewalls.filter(
    (f) =>
      f.scope === w.scope &&
      sameRegion(f.region, w.region) &&
      f.level === 'subnet' &&
      !!w.subnetId &&
      f.subnetIds.includes(w.subnetId),
  );
}
