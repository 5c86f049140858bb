import ipaddr from 'ipaddr.js';
import { gapsFor, type Inventory } from '../model/inventory.js';
import type { EgressRule, Firewall, RouteTable } from '../model/network.js';
import type { Workload } from '../model/workload.js';
import { cidrRange, internetSpace, overlaps, subtract } from './address-space.js';

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

/**
 * First-match evaluation of an ordered list (network ACL): the first rule that lets traffic on `port` reach any
 * internet address, after the rules before it have denied what they deny. A deny of one pool's /24 does not close
 * the rest of the internet; an allow of 0.0.0.0/1 opens half of it.
 */
export function orderedListAllows(
  firewall: Firewall,
  protocol: 'tcp' | 'udp',
  port: number,
  families: ('ipv4' | 'ipv6')[] = ['ipv4', 'ipv6'],
): EgressRule | undefined {
  const rules = [...firewall.egress].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  for (const family of families) {
    let open = internetSpace(family);
    for (const r of rules) {
      if (open.length === 0) break;
      if (r.destination.kind !== 'cidr') continue;
      if (r.protocol !== 'all' && r.protocol !== protocol) continue;
      if (!coversPort(r, port)) continue;
      const range = cidrRange(r.destination.value);
      if (!range || range.family !== family || !overlaps(open, range)) continue;
      if (r.action === 'allow') return r;
      open = subtract(open, [range]);
    }
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
  const tables = inv.routeTables.filter((t) => t.scope === w.scope && t.region === w.region);
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
  const out = table.routes.some(
    (r) => isInternetWide(r.destination) && r.target !== 'local' && r.target !== 'blackhole',
  );
  return out ? 'yes' : 'no';
}

/** Network ACLs (subnet-level, ordered) that apply to a workload's subnet. */
export function subnetFirewalls(inv: Inventory, w: Workload): Firewall[] {
  return inv.firewalls.filter(
    (f) =>
      f.scope === w.scope &&
      f.region === w.region &&
      f.level === 'subnet' &&
      !!w.subnetId &&
      f.subnetIds.includes(w.subnetId),
  );
}
