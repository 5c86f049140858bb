import type { CostMonitor, Guardrail, ThreatDetector } from './defense.js';
import type { EvidenceRef } from './evidence.js';
import type { CollectionGap, Domain, Listing } from './gap.js';
import type { Creator } from './identity.js';
import type { AuditTrail, DnsQueryLog, FlowLog, MetricAlarm } from './logging.js';
import type { Firewall, Network, RouteTable, Subnet } from './network.js';
import type { Scope } from './scope.js';
import type { Workload, WorkloadGroup } from './workload.js';

/** The cloud-neutral picture of an estate that every control reads. Built by each provider's `normalize`. */
export interface Inventory {
  scopes: Scope[];
  workloads: Workload[];
  workloadGroups: WorkloadGroup[];
  networks: Network[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  firewalls: Firewall[];
  auditTrails: AuditTrail[];
  flowLogs: FlowLog[];
  dnsQueryLogs: DnsQueryLog[];
  alarms: MetricAlarm[];
  threatDetectors: ThreatDetector[];
  costMonitors: CostMonitor[];
  guardrails: Guardrail[];
  /** Who can create compute; absent until the identity engine has run for a scope (see gaps). */
  creators: Creator[];
  gaps: CollectionGap[];
  /** Files read per domain, scope and region, even when they listed nothing. */
  listings: Listing[];
}

export function emptyInventory(): Inventory {
  return {
    scopes: [],
    workloads: [],
    workloadGroups: [],
    networks: [],
    subnets: [],
    routeTables: [],
    firewalls: [],
    auditTrails: [],
    flowLogs: [],
    dnsQueryLogs: [],
    alarms: [],
    threatDetectors: [],
    costMonitors: [],
    guardrails: [],
    creators: [],
    gaps: [],
    listings: [],
  };
}

/** Appends every list of `part` to `into`; used to join per-provider inventories. */
export function mergeInventory(into: Inventory, part: Inventory): Inventory {
  for (const key of Object.keys(into) as (keyof Inventory)[]) {
    (into[key] as unknown[]).push(...(part[key] as unknown[]));
  }
  return into;
}

/** The files read to learn a domain in a scope and region (global listings count everywhere). */
export function listingsFor(inv: Inventory, scope: string, region: string, domain: Domain): EvidenceRef[] {
  return inv.listings
    .filter((l) => l.scope === scope && l.domain === domain && (l.region === region || l.region === 'global'))
    .flatMap((l) => l.evidence);
}

/** The gaps that stop a domain from being judged in one scope and region (global gaps count everywhere). */
export function gapsFor(inv: Inventory, scope: string, region: string, domain: Domain): CollectionGap[] {
  return inv.gaps.filter(
    (g) => g.scope === scope && g.domain === domain && (g.region === region || g.region === 'global'),
  );
}

/** Scopes with collection gaps become `partial`, their reason naming the first gaps: no scope reads as complete when it is not. */
export function markPartialScopes(inv: Inventory): void {
  for (const scope of inv.scopes) {
    const gaps = inv.gaps.filter((g) => g.scope === scope.id && g.provider === scope.provider);
    if (gaps.length === 0 || scope.status === 'unassessed') continue;
    scope.status = 'partial';
    const first = gaps.slice(0, 2).map((g) => g.reason);
    const more = gaps.length > 2 ? `; and ${gaps.length - 2} more gap${gaps.length > 3 ? 's' : ''}` : '';
    scope.reason = `${first.join('; ')}${more}`;
  }
}
