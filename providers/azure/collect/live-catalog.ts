import type { LiveWindow } from '../../adapter.js';
import { isObject } from '../bundle-files.js';
import type { Declaration, KeyedCall, RunContext } from './declaration.js';

/** A live detection leg: a declared read whose calls depend on the window and on what posture collection listed. */
export interface LiveDeclaration extends Declaration {
  /** The calls for one subscription: a file per key under `telemetry/azure/<subscription>/<command>/`. */
  calls(ctx: RunContext, window: LiveWindow): KeyedCall[];
}

/**
 * Resource providers whose Activity Log events the readers use: VM, scale-set and container-group writes
 * (creations), diagnostic settings and flow logs deleted (tampering), NIC writes (interfaces tied to VMs). The
 * API takes one `resourceProvider` per query, so each is its own call: together far less than the whole log.
 */
export const activityProviders = [
  'Microsoft.Compute',
  'Microsoft.ContainerInstance',
  'Microsoft.Insights',
  'Microsoft.Network',
] as const;

/**
 * The event fields the Activity Log readers read; `$select` accepts only the documented names (no `caller` or
 * `category`: the caller is read from `claims`).
 */
export const activitySelect = [
  'authorization',
  'claims',
  'correlationId',
  'eventDataId',
  'eventTimestamp',
  'httpRequest',
  'level',
  'operationId',
  'operationName',
  'properties',
  'resourceId',
  'resourceProviderName',
  'status',
  'subStatus',
  'subscriptionId',
].join(',');

/** Names Defender for Cloud gives its crypto-mining alerts (VM_DigitalCurrencyMining, VM_CoinMinerDownload, …). */
export const miningAlert = /coin ?miner|crypto ?(currency )?min|digital ?currency|mining|miner/i;

/** Percentage CPU per VM, one call per region: a series per VM, told apart by the Microsoft.ResourceId dimension. */
export const cpuQuery = {
  metricnamespace: 'Microsoft.Compute/virtualMachines',
  metricnames: 'Percentage CPU',
  aggregation: 'average',
  interval: 'PT5M',
  filter: "Microsoft.ResourceId eq '*'",
} as const;

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function activityFilter(window: LiveWindow, provider: string): string {
  return `eventTimestamp ge '${iso(window.since)}' and eventTimestamp le '${iso(window.until)}' and resourceProvider eq '${provider}'`;
}

/** VMs per location, from `vm-list` as the SDK returned it. */
function vmsByLocation(vms: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const vm of Array.isArray(vms) ? vms : []) {
    if (!isObject(vm) || typeof vm.location !== 'string') continue;
    const location = vm.location.toLowerCase().replace(/\s+/g, '');
    out.set(location, (out.get(location) ?? 0) + 1);
  }
  return out;
}

function inWindow(time: unknown, window: LiveWindow): boolean {
  const t = time instanceof Date ? time.getTime() : Date.parse(String(time ?? ''));
  return Number.isFinite(t) && t >= window.since.getTime() && t <= window.until.getTime();
}

/** A Defender alert about mining raised in the window (the list API takes no filter: it is applied here). */
export function miningAlertInWindow(alert: unknown, window: LiveWindow): boolean {
  if (!isObject(alert)) return false;
  const text = `${alert.alertType ?? ''} ${alert.alertDisplayName ?? ''}`;
  return miningAlert.test(text) && inWindow(alert.timeGeneratedUtc ?? alert.startTimeUtc, window);
}

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) out.push(item);
  return out;
}

const windowParams = (w: LiveWindow) => ({ since: iso(w.since), until: iso(w.until) });

/** The live legs for Azure: Activity Log, Percentage CPU and Defender for Cloud alerts, for one window. */
export const liveDeclarations: readonly LiveDeclaration[] = [
  {
    command: 'monitor-activity-log-list',
    az: 'az monitor activity-log list --start-time SINCE --end-time UNTIL --resource-provider PROVIDER',
    level: 'subscription',
    domain: 'audit-logs',
    operations: ['monitor.activityLogs.list'],
    actions: ['Microsoft.Insights/eventtypes/values/read'],
    shape: 'list',
    calls: (_ctx, window) =>
      activityProviders.map((provider) => ({
        key: provider,
        params: {
          ...windowParams(window),
          provider,
          filter: activityFilter(window, provider),
          select: activitySelect,
        },
      })),
    run: (ctx, call) =>
      all(
        ctx.clients.monitor.activityLogs.list(call?.params.filter ?? '', {
          select: call?.params.select ?? activitySelect,
        }),
      ),
  },
  {
    command: 'monitor-metrics-list',
    az: "az rest --method get --url '/subscriptions/SUBSCRIPTION/providers/Microsoft.Insights/metrics?region=LOCATION&metricnamespace=Microsoft.Compute/virtualMachines&metricnames=Percentage CPU&aggregation=average&interval=PT5M&timespan=SINCE/UNTIL&$filter=Microsoft.ResourceId eq '*'&api-version=2024-02-01'",
    level: 'subscription',
    domain: 'alarms',
    operations: ['monitor.metrics.listAtSubscriptionScope'],
    actions: ['Microsoft.Insights/metrics/read'],
    shape: 'object',
    calls: (ctx, window) =>
      [...vmsByLocation(ctx.output('vm-list'))].sort().map(([location, count]) => ({
        key: location,
        params: {
          ...windowParams(window),
          region: location,
          timespan: `${iso(window.since)}/${iso(window.until)}`,
          // `top` caps the series returned (default 10): one per VM in the region.
          top: String(Math.max(10, count)),
        },
      })),
    run: (ctx, call) =>
      ctx.clients.monitor.metrics.listAtSubscriptionScope(call?.params.region ?? '', {
        ...cpuQuery,
        timespan: call?.params.timespan ?? '',
        top: Number(call?.params.top ?? 10),
      }),
  },
  {
    command: 'security-alert-list',
    az: 'az security alert list (crypto-mining alerts raised in the window)',
    level: 'subscription',
    domain: 'threat-detectors',
    operations: ['security.alerts.list'],
    actions: ['Microsoft.Security/alerts/read'],
    shape: 'list',
    calls: (_ctx, window) => [
      { key: 'crypto-mining', params: { ...windowParams(window), match: miningAlert.source } },
    ],
    run: async (ctx, call) => {
      const window = {
        since: new Date(call?.params.since ?? 0),
        until: new Date(call?.params.until ?? Date.now()),
      };
      return (await all(ctx.clients.security.alerts.list())).filter((a) => miningAlertInWindow(a, window));
    },
  },
];
