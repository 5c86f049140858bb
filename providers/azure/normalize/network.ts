import type { EgressRule, Firewall, Route, RouteTable, RouteTarget } from '../../../src/model/network.js';
import type { Nic } from '../shapes.js';
import { nic, nsg, routeTable, type SecurityRule, vnet } from '../shapes.js';
import { type AzureContext, location, readList, vnetOfSubnet } from './context.js';

export interface NetworkFacts {
  nics: Map<string, { nic: Nic; pointer: string }>;
  /** Lower-case subnet id → its NSG and VNet (canonical ids). */
  subnets: Map<string, { id: string; networkId: string; nsg?: string; routeTable?: string; region: string }>;
  /** DNS servers each VNet hands out (lower-case VNet id). */
  dnsServers: Map<string, string[]>;
  vnetRegions: Map<string, string>;
}

/** VNets, subnets, NSGs (NIC and subnet level, default rules as implied), route tables with Azure's system routes. */
export function normalizeNetwork(ctx: AzureContext, sub: string): NetworkFacts {
  const facts: NetworkFacts = {
    nics: new Map(),
    subnets: new Map(),
    dnsServers: new Map(),
    vnetRegions: new Map(),
  };
  const vnets = readList(
    ctx,
    vnet,
    sub,
    'network-vnet-list',
    'networks',
    'Virtual networks (az network vnet list)',
  );
  const tables = new Set<string>();
  for (const { value: v, pointer } of vnets?.items ?? []) {
    const id = ctx.ids.add(v.id);
    const region = location(v.location);
    facts.vnetRegions.set(id.toLowerCase(), region);
    facts.dnsServers.set(id.toLowerCase(), v.dhcpOptions?.dnsServers ?? []);
    const evidence = [vnets?.ref(pointer) ?? []].flat();
    ctx.inv.networks.push({
      provider: 'azure',
      scope: sub,
      region,
      id,
      type: 'Microsoft.Network/virtualNetworks',
      name: v.name,
      evidence,
      isDefault: false,
      cidrs: v.addressSpace?.addressPrefixes ?? [],
    });
    (v.subnets ?? []).forEach((s, i) => {
      const subnetId = ctx.ids.add(s.id);
      const nsgId = s.networkSecurityGroup?.id ? ctx.ids.of(s.networkSecurityGroup.id) : undefined;
      const rt = s.routeTable?.id ? ctx.ids.of(s.routeTable.id) : undefined;
      if (rt) tables.add(rt.toLowerCase());
      facts.subnets.set(subnetId.toLowerCase(), {
        id: subnetId,
        networkId: id,
        region,
        ...(nsgId ? { nsg: nsgId } : {}),
        ...(rt ? { routeTable: rt } : {}),
      });
      ctx.inv.subnets.push({
        provider: 'azure',
        scope: sub,
        region,
        id: subnetId,
        type: 'Microsoft.Network/virtualNetworks/subnets',
        ...(s.name ? { name: s.name } : {}),
        evidence: vnets ? [vnets.ref(`${pointer}/subnets/${i}`)] : [],
        networkId: id,
        cidrs: s.addressPrefixes ?? (s.addressPrefix ? [s.addressPrefix] : []),
      });
    });
    // Azure's system routes send 0.0.0.0/0 to the internet from every subnet without a custom route table.
    ctx.inv.routeTables.push({
      provider: 'azure',
      scope: sub,
      region,
      id: `${id}/systemRoutes`,
      type: 'Azure::SystemRoutes',
      name: `system routes of ${v.name}`,
      evidence,
      networkId: id,
      main: true,
      subnetIds: [],
      routes: [
        ...(v.addressSpace?.addressPrefixes ?? []).map(
          (cidr): Route => ({ destination: cidr, target: 'local' }),
        ),
        { destination: '0.0.0.0/0', target: 'internet-gateway' },
      ],
    });
  }

  const nics = readList(
    ctx,
    nic,
    sub,
    'network-nic-list',
    'workloads',
    'Network interfaces (az network nic list)',
  );
  for (const { value: n, pointer } of nics?.items ?? [])
    facts.nics.set(ctx.ids.add(n.id).toLowerCase(), { nic: n, pointer });

  normalizeRouteTables(ctx, sub, facts);
  normalizeNsgs(ctx, sub, facts);
  return facts;
}

function normalizeRouteTables(ctx: AzureContext, sub: string, facts: NetworkFacts): void {
  const read = readList(
    ctx,
    routeTable,
    sub,
    'network-route-table-list',
    'route-tables',
    'Route tables (az network route-table list)',
  );
  for (const { value: t, pointer } of read?.items ?? []) {
    const id = ctx.ids.add(t.id);
    const subnetIds = [
      ...(t.subnets ?? []).map((s) => ctx.ids.of(s.id)),
      ...[...facts.subnets.values()]
        .filter((s) => s.routeTable?.toLowerCase() === id.toLowerCase())
        .map((s) => s.id),
    ];
    const unique = [...new Map(subnetIds.map((s) => [s.toLowerCase(), s])).values()];
    const networkId = unique[0] ? ctx.ids.of(vnetOfSubnet(unique[0])) : '';
    const table: RouteTable = {
      provider: 'azure',
      scope: sub,
      region: location(t.location),
      id,
      type: 'Microsoft.Network/routeTables',
      name: t.name,
      evidence: read ? [read.ref(pointer)] : [],
      networkId,
      main: false,
      subnetIds: unique,
      routes: (t.routes ?? []).map((r) => ({
        destination: r.addressPrefix ?? '',
        target: routeTarget(r.nextHopType),
        ...(r.nextHopIpAddress ? { targetId: r.nextHopIpAddress } : {}),
      })),
    };
    ctx.inv.routeTables.push(table);
  }
}

/** nextHopType → the model's route target; a virtual appliance is the firewall an egress path goes through. */
function routeTarget(nextHop: string): RouteTarget {
  switch (nextHop.toLowerCase()) {
    case 'internet':
      return 'internet-gateway';
    case 'virtualappliance':
      return 'firewall-endpoint';
    case 'vnetlocal':
      return 'local';
    case 'none':
      return 'blackhole';
    case 'virtualnetworkgateway':
      return 'transit-gateway';
    default:
      return 'other';
  }
}

/** NSGs on NICs (interface level) and on subnets (subnet level): outbound rules in priority order, defaults implied. */
function normalizeNsgs(ctx: AzureContext, sub: string, facts: NetworkFacts): void {
  const read = readList(
    ctx,
    nsg,
    sub,
    'network-nsg-list',
    'firewalls',
    'Network security groups (az network nsg list)',
  );
  if (!read) return;
  const onNic = new Set<string>();
  for (const { nic: n } of facts.nics.values())
    if (n.networkSecurityGroup?.id) onNic.add(n.networkSecurityGroup.id.toLowerCase());
  for (const { value: g, pointer } of read.items) {
    const id = ctx.ids.add(g.id);
    const subnetIds = [...facts.subnets.values()]
      .filter((s) => s.nsg?.toLowerCase() === id.toLowerCase())
      .map((s) => s.id);
    for (const s of g.subnets ?? [])
      if (!subnetIds.some((x) => x.toLowerCase() === s.id.toLowerCase())) subnetIds.push(ctx.ids.of(s.id));
    const egress: EgressRule[] = [
      ...(g.securityRules ?? []).flatMap((r, i) => egressRules(r, `${pointer}/securityRules/${i}`, false)),
      ...(g.defaultSecurityRules ?? []).flatMap((r, i) =>
        egressRules(r, `${pointer}/defaultSecurityRules/${i}`, true),
      ),
    ].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    const base = {
      provider: 'azure',
      scope: sub,
      region: location(g.location),
      id,
      type: 'Microsoft.Network/networkSecurityGroups',
      name: g.name,
      evidence: [read.ref(pointer)],
      ordered: true,
      egress,
    };
    const networkId = subnetIds[0] ? ctx.ids.of(vnetOfSubnet(subnetIds[0])) : undefined;
    // One NSG can sit on NICs and on subnets: it is listed at each level it is attached to.
    const levels: Firewall[] = [];
    if (onNic.has(id.toLowerCase()) || subnetIds.length === 0)
      levels.push({ ...base, level: 'interface', subnetIds: [] });
    if (subnetIds.length > 0)
      levels.push({ ...base, level: 'subnet', subnetIds, ...(networkId ? { networkId } : {}) });
    ctx.inv.firewalls.push(...levels);
  }
}

const internet = new Set(['internet', '*', '0.0.0.0/0', 'any']);

/** One outbound security rule → egress rules (one per port range and destination); inbound rules are skipped. */
export function egressRules(r: SecurityRule, pointer: string, implied: boolean): EgressRule[] {
  if (r.direction.toLowerCase() !== 'outbound') return [];
  const ports = [
    ...(r.destinationPortRanges ?? []),
    ...(r.destinationPortRange ? [r.destinationPortRange] : []),
  ];
  const prefixes = [
    ...(r.destinationAddressPrefixes ?? []),
    ...(r.destinationAddressPrefix ? [r.destinationAddressPrefix] : []),
  ];
  const destinations: EgressRule['destination'][] = [];
  for (const p of prefixes) {
    if (internet.has(p.toLowerCase())) {
      destinations.push({ kind: 'cidr', value: '0.0.0.0/0' }, { kind: 'cidr', value: '::/0' });
    } else if (/^[\d.]+(\/\d+)?$/.test(p) || p.includes(':')) {
      destinations.push({
        kind: 'cidr',
        value: p.includes('/') ? p : p.includes(':') ? `${p}/128` : `${p}/32`,
      });
    } else destinations.push({ kind: 'prefix-list', value: p });
  }
  for (const asg of r.destinationApplicationSecurityGroups ?? [])
    destinations.push({ kind: 'group', value: asg.id });
  const out: EgressRule[] = [];
  for (const destination of destinations)
    for (const range of ports.length ? ports : ['*']) {
      const rule: EgressRule = {
        action: r.access.toLowerCase() === 'deny' ? 'deny' : 'allow',
        priority: r.priority,
        protocol: protocolOf(r.protocol),
        ports: portRange(range),
        destination,
        pointer,
        ...(implied ? { implied: true } : {}),
      };
      // Service tags (VirtualNetwork, AzureCloud, Storage.WestEurope) are Azure's own ranges, not the internet.
      if (destination.kind === 'prefix-list') rule.listOwner = 'provider';
      out.push(rule);
    }
  return out;
}

function protocolOf(p: string): string {
  const map: Record<string, string> = {
    '*': 'all',
    tcp: 'tcp',
    udp: 'udp',
    icmp: 'icmp',
    esp: '50',
    ah: '51',
  };
  return map[p.toLowerCase()] ?? p.toLowerCase();
}

function portRange(range: string): EgressRule['ports'] {
  if (range === '*' || range === '0-65535') return 'all';
  const [from, to] = range.split('-').map((x) => Number(x.trim()));
  if (from === undefined || Number.isNaN(from)) return 'all';
  return { from, to: to === undefined || Number.isNaN(to) ? from : to };
}
