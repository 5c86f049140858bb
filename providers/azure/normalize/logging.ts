import type { LogDestination } from '../../../src/model/logging.js';
import { type DiagnosticSetting, diagnosticSetting, flowLog } from '../shapes.js';
import { type AzureContext, location, readList } from './context.js';
import type { NetworkFacts } from './network.js';
import type { RetentionLookup } from './retention.js';

/** Does a diagnostic setting send this log category (by name, or through a category group that holds it)? */
export function sendsCategory(
  d: DiagnosticSetting,
  category: string,
  groups: string[] = ['allLogs'],
): boolean {
  return (d.logs ?? []).some(
    (l) =>
      l.enabled &&
      ((l.category ?? '').toLowerCase() === category.toLowerCase() ||
        groups.some((g) => (l.categoryGroup ?? '').toLowerCase() === g.toLowerCase())),
  );
}

/** Where a diagnostic setting sends logs; event hubs and partner solutions keep them somewhere rigsight cannot see. */
export function destinationsOf(
  ctx: AzureContext,
  retention: RetentionLookup,
  d: DiagnosticSetting,
  kind: 'activity',
): LogDestination[] {
  const out: LogDestination[] = [];
  if (d.workspaceId) out.push(retention.workspace(d.workspaceId, 'AzureActivity'));
  if (d.storageAccountId) {
    const s = retention.storage(d.storageAccountId, kind);
    out.push({
      kind: 'object-storage',
      id: ctx.ids.of(d.storageAccountId),
      retentionDays: s.days,
      evidence: s.evidence,
    });
  }
  if (d.eventHubAuthorizationRuleId)
    out.push({
      kind: 'stream',
      id: d.eventHubName
        ? `${d.eventHubAuthorizationRuleId}/${d.eventHubName}`
        : d.eventHubAuthorizationRuleId,
      retentionDays: {
        unknown:
          'an event hub keeps events for hours or days; where its consumers keep them is not in the evidence',
        evidence: [],
      },
      evidence: [],
    });
  return out;
}

/**
 * The Activity Log exports of a subscription (monitor diagnostic-settings subscription list). Each setting is a
 * trail for the whole subscription; it records instance creation when it sends the Administrative category.
 */
export function normalizeActivityExports(ctx: AzureContext, retention: RetentionLookup, sub: string): void {
  const read = readList(
    ctx,
    diagnosticSetting,
    sub,
    'monitor-diagnostic-settings-subscription-list',
    'audit-logs',
    'The Activity Log export (az monitor diagnostic-settings subscription list)',
  );
  if (!read) return;
  let exported = false;
  for (const { value: d, pointer } of read.items) {
    if ((d.logs ?? []).some((l) => l.enabled) && sendsCategory(d, 'Administrative', ['allLogs', 'audit']))
      exported = true;
    ctx.inv.auditTrails.push({
      provider: 'azure',
      scope: sub,
      region: 'global',
      id: d.id
        ? ctx.ids.of(d.id)
        : `/subscriptions/${sub}/providers/Microsoft.Insights/diagnosticSettings/${d.name}`,
      type: 'Microsoft.Insights/diagnosticSettings',
      name: d.name,
      evidence: [read.ref(pointer)],
      ownerScope: sub,
      homeRegion: 'global',
      coversAllRegions: true,
      coveredRegions: [],
      organizationWide: false,
      logging: (d.logs ?? []).some((l) => l.enabled),
      managementWrites: sendsCategory(d, 'Administrative', ['allLogs', 'audit']),
      destinations: destinationsOf(ctx, retention, d, 'activity'),
    });
  }
  // Without an export the Activity Log still exists, kept by the platform for 90 days: retention is judged on that.
  if (!exported)
    ctx.inv.auditTrails.push({
      provider: 'azure',
      scope: sub,
      region: 'global',
      id: `/subscriptions/${sub}/providers/microsoft.insights/eventtypes/management`,
      type: 'Microsoft.Insights/eventtypes',
      name: 'Activity Log (platform copy only)',
      evidence: [read.ref()],
      ownerScope: sub,
      homeRegion: 'global',
      coversAllRegions: true,
      coveredRegions: [],
      organizationWide: false,
      platform: true,
      logging: true,
      managementWrites: true,
      destinations: [
        {
          kind: 'workspace',
          id: 'the Azure platform (Activity Log)',
          retentionDays: 90,
          evidence: [read.ref()],
        },
      ],
    });
}

/**
 * VNet and NSG flow logs (one file per Network Watcher location). A VNet, subnet or NIC target maps directly; an
 * NSG flow log sees every NIC and subnet the NSG is attached to, so it is listed once per such target.
 */
export function normalizeFlowLogs(
  ctx: AzureContext,
  retention: RetentionLookup,
  sub: string,
  net: NetworkFacts,
): void {
  const locations = ctx.files.keys(sub, 'network-watcher-flow-log-list');
  if (locations.length === 0) {
    const watchers = ctx.files.read(sub, 'network-watcher-list');
    const listed = watchers.kind === 'ok' && Array.isArray(watchers.data) && watchers.data.length === 0;
    // No watcher anywhere: no flow log can exist. Otherwise the flow-log listing is missing.
    if (!listed) {
      const read = ctx.files.read(sub, 'network-watcher-flow-log-list');
      ctx.inv.gaps.push(
        ctx.files.gap(
          sub,
          'global',
          'flow-logs',
          read.kind === 'ok' ? { kind: 'missing', path: read.path } : read,
          'Flow logs (az network watcher flow-log list)',
        ),
      );
    }
    return;
  }
  for (const loc of locations) {
    const read = readList(
      ctx,
      flowLog,
      sub,
      'network-watcher-flow-log-list',
      'flow-logs',
      `Flow logs in ${loc} (az network watcher flow-log list)`,
      loc,
      loc,
    );
    for (const { value: f, pointer } of read?.items ?? []) {
      const id = ctx.ids.add(f.id);
      const destinations: LogDestination[] = [];
      if (f.storageId) {
        const s = retention.storage(f.storageId, 'flows');
        const policy = f.retentionPolicy?.enabled ? (f.retentionPolicy.days ?? 0) : 0;
        // The storage account keeps the shorter of the flow log's own retention (0 = forever) and its lifecycle rule.
        const own = policy > 0 ? policy : null;
        const days =
          typeof s.days === 'number' || s.days === null
            ? own === null
              ? s.days
              : s.days === null
                ? own
                : Math.min(own, s.days)
            : own !== null
              ? own
              : s.days;
        destinations.push({
          kind: 'object-storage',
          id: ctx.ids.of(f.storageId),
          retentionDays: days,
          evidence: s.evidence,
        });
      }
      const ta = f.flowAnalyticsConfiguration?.networkWatcherFlowAnalyticsConfiguration;
      if (ta?.enabled && ta.workspaceResourceId)
        destinations.push(retention.workspace(ta.workspaceResourceId, 'NTANetAnalytics'));
      const base = {
        provider: 'azure',
        scope: sub,
        region: location(f.location ?? loc),
        id,
        type: 'Microsoft.Network/networkWatchers/flowLogs',
        ...(f.name ? { name: f.name } : {}),
        evidence: read ? [read.ref(pointer)] : [],
        traffic: 'all' as const,
        fields: ['time', 'mac', 'srcIp', 'dstIp', 'srcPort', 'dstPort', 'protocol', 'direction', 'decision'],
        recordsDestination: true,
        active: f.enabled !== false,
        ...(f.enabledFilteringCriteria?.trim() ? { filter: f.enabledFilteringCriteria.trim() } : {}),
        destinations,
      };
      const target = f.targetResourceId;
      const type = /\/providers\/Microsoft\.Network\/([^/]+)\/[^/]+(\/subnets\/[^/]+)?$/i.exec(target);
      const t = ctx.ids.of(target);
      if (type?.[2]) ctx.inv.flowLogs.push({ ...base, target: { kind: 'subnet', id: t } });
      else if (/^virtualnetworks$/i.test(type?.[1] ?? ''))
        ctx.inv.flowLogs.push({ ...base, target: { kind: 'network', id: t } });
      else if (/^networkinterfaces$/i.test(type?.[1] ?? ''))
        ctx.inv.flowLogs.push({ ...base, target: { kind: 'interface', id: t } });
      else if (/^networksecuritygroups$/i.test(type?.[1] ?? '')) {
        const key = target.toLowerCase();
        for (const [nicId, { nic }] of net.nics)
          if (nic.networkSecurityGroup?.id?.toLowerCase() === key)
            ctx.inv.flowLogs.push({ ...base, target: { kind: 'interface', id: ctx.ids.of(nicId) } });
        for (const s of net.subnets.values())
          if (s.nsg?.toLowerCase() === key)
            ctx.inv.flowLogs.push({ ...base, target: { kind: 'subnet', id: s.id } });
        // A scale set's instances sit behind the NSG of their NIC configuration.
        for (const w of ctx.inv.workloads)
          for (const a of w.attachments)
            if (a.firewallIds.some((x) => x.toLowerCase() === key) && !net.nics.has(a.id.toLowerCase()))
              ctx.inv.flowLogs.push({ ...base, target: { kind: 'interface', id: a.id } });
      }
    }
  }
}
