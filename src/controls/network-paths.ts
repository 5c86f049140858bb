import ipaddr from 'ipaddr.js';
import { gapsFor, type Inventory } from '../model/inventory.js';
import type { EgressRule, Firewall, RouteTable } from '../model/network.js';
import type { Workload } from '../model/workload.js';

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

function isDefaultRoute(cidr: string): boolean {
  try {
    return ipaddr.parseCIDR(cidr)[1] === 0;
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
): { allTraffic: EgressRule[]; miningPorts: number[]; rules: EgressRule[] } {
  const wide = firewall.egress.filter(
    (r) => r.action === 'allow' && r.destination.kind === 'cidr' && isInternetWide(r.destination.value),
  );
  const allTraffic = wide.filter(
    (r) => r.protocol === 'all' || (r.ports === 'all' && r.protocol !== 'icmp' && r.protocol !== 'icmpv6'),
  );
  const ports = new Set<number>();
  const rules: EgressRule[] = [];
  for (const r of wide.filter(carriesStratum)) {
    const hit = miningPorts.filter((p) => coversPort(r, p));
    if (hit.length) rules.push(r);
    for (const p of hit) ports.add(p);
  }
  return { allTraffic, miningPorts: [...ports].sort((a, b) => a - b), rules };
}

/** First-match evaluation of an ordered list (network ACL) for traffic to any internet address. */
export function orderedListAllows(
  firewall: Firewall,
  protocol: 'tcp' | 'udp',
  port: number,
): EgressRule | undefined {
  const rules = [...firewall.egress].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  for (const r of rules) {
    if (r.destination.kind !== 'cidr' || !isDefaultRoute(r.destination.value)) continue;
    if (r.protocol !== 'all' && r.protocol !== protocol) continue;
    if (!coversPort(r, port)) continue;
    return r.action === 'allow' ? r : undefined;
  }
  return undefined;
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
