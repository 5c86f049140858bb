import { unknown } from '../../../src/model/evidence.js';
import type { DnsQueryLog } from '../../../src/model/logging.js';
import {
  diagnosticSetting,
  dnsResolverPolicy,
  dnsResolverPolicyLink,
  firewall,
  firewallPolicy,
} from '../shapes.js';
import { type AzureContext, location, readList } from './context.js';
import { sendsCategory } from './logging.js';
import type { NetworkFacts } from './network.js';

/** The diagnostic settings file of a resource: by name, or `<resource-group>~<name>` when two share one. */
function settingsKey(ctx: AzureContext, sub: string, id: string): string {
  const name = id.split('/').pop() ?? id;
  const rg = /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1] ?? '';
  const keys = ctx.files.keys(sub, 'monitor-diagnostic-settings-list');
  return keys.includes(`${rg}~${name}`) ? `${rg}~${name}` : name;
}

/**
 * DNS query logging: VNets linked to a DNS security policy whose diagnostic setting sends DnsResponse, and VNets
 * whose DNS servers are an Azure Firewall with DNS proxy on and DNS logs sent.
 */
export function normalizeDns(ctx: AzureContext, sub: string, net: NetworkFacts): void {
  const policies = readList(
    ctx,
    dnsResolverPolicy,
    sub,
    'dns-resolver-policy-list',
    'dns-query-logs',
    'DNS security policies (dns-resolver-policy-list)',
  );
  for (const { value: p, pointer } of policies?.items ?? []) {
    const key = settingsKey(ctx, sub, p.id);
    const links = readList(
      ctx,
      dnsResolverPolicyLink,
      sub,
      'dns-resolver-policy-vnet-link-list',
      'dns-query-logs',
      `VNet links of DNS security policy ${p.name}`,
      key,
    );
    const settings = readList(
      ctx,
      diagnosticSetting,
      sub,
      'monitor-diagnostic-settings-list',
      'dns-query-logs',
      `Diagnostic settings of DNS security policy ${p.name}`,
      key,
    );
    if (!links || !settings) continue;
    const logging = settings.items.filter((s) => sendsCategory(s.value, 'DnsResponse'));
    if (logging.length === 0) continue;
    const networkIds = links.items
      .map((l) => l.value.virtualNetwork?.id)
      .filter((x): x is string => !!x)
      .map((x) => ctx.ids.of(x));
    pushByRegion(ctx, net, networkIds, {
      provider: 'azure',
      scope: sub,
      region: location(p.location),
      id: ctx.ids.add(p.id),
      type: 'Microsoft.Network/dnsResolverPolicies',
      name: p.name,
      evidence: [
        ...(policies ? [policies.ref(pointer)] : []),
        links.ref(),
        ...logging.map((s) => settings.ref(s.pointer)),
      ],
      networkIds,
      destinations: logging.flatMap((s) =>
        s.value.workspaceId
          ? [
              {
                kind: 'workspace' as const,
                id: ctx.ids.of(s.value.workspaceId),
                retentionDays: unknown('the DNS log table retention is not collected'),
                evidence: [],
              },
            ]
          : [],
      ),
    });
  }

  const firewalls = readList(
    ctx,
    firewall,
    sub,
    'network-firewall-list',
    'dns-query-logs',
    'Azure Firewalls (az network firewall list)',
  );
  if (!firewalls || firewalls.items.length === 0) return;
  const policies2 = readList(
    ctx,
    firewallPolicy,
    sub,
    'network-firewall-policy-list',
    'dns-query-logs',
    'Firewall policies (az network firewall policy list)',
  );
  for (const { value: f, pointer } of firewalls.items) {
    const policy = policies2?.items.find(
      (p) => p.value.id.toLowerCase() === f.firewallPolicy?.id?.toLowerCase(),
    );
    const proxy =
      policy?.value.dnsSettings?.enableProxy === true ||
      f.additionalProperties?.['Network.DNS.EnableProxy'] === 'true';
    if (!proxy) continue;
    const settings = readList(
      ctx,
      diagnosticSetting,
      sub,
      'monitor-diagnostic-settings-list',
      'dns-query-logs',
      `Diagnostic settings of firewall ${f.name}`,
      settingsKey(ctx, sub, f.id),
    );
    const logging = (settings?.items ?? []).filter(
      (s) => sendsCategory(s.value, 'AZFWDnsQuery') || sendsCategory(s.value, 'AzureFirewallDnsProxy'),
    );
    if (logging.length === 0) continue;
    const ips = new Set(
      (f.ipConfigurations ?? []).map((c) => c.privateIPAddress).filter((x): x is string => !!x),
    );
    const networkIds = [...net.dnsServers]
      .filter(([, servers]) => servers.some((s) => ips.has(s)))
      .map(([vnetId]) => ctx.ids.of(vnetId));
    pushByRegion(ctx, net, networkIds, {
      provider: 'azure',
      scope: sub,
      region: location(f.location),
      id: ctx.ids.add(f.id),
      type: 'Microsoft.Network/azureFirewalls',
      name: f.name,
      evidence: [
        firewalls.ref(pointer),
        ...(policy && policies2 ? [policies2.ref(policy.pointer)] : []),
        ...logging.map((s) => (settings as NonNullable<typeof settings>).ref(s.pointer)),
      ],
      networkIds,
      destinations: [],
    });
  }
}

/** The dns-logging control matches by the network's region: one entry per region of the VNets it serves. */
function pushByRegion(ctx: AzureContext, net: NetworkFacts, networkIds: string[], log: DnsQueryLog): void {
  const byRegion = new Map<string, string[]>();
  for (const id of networkIds) {
    const r = net.vnetRegions.get(id.toLowerCase()) ?? log.region;
    byRegion.set(r, [...(byRegion.get(r) ?? []), id]);
  }
  if (byRegion.size === 0) ctx.inv.dnsQueryLogs.push(log);
  for (const [region, ids] of byRegion) ctx.inv.dnsQueryLogs.push({ ...log, region, networkIds: ids });
}
