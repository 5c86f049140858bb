import type { LiveWindow } from '../../adapter.js';
import type { GcpClients } from './clients.js';
import { apiJson, noGaxRetry } from './clients.js';
import type { CallTarget, Declaration, Json, Page } from './declaration.js';

/** A live detection leg: a declared read for one window, filed under `telemetry/gcp/<project>/`. */
export interface LiveDeclaration extends Omit<Declaration, 'call' | 'keys' | 'after' | 'telemetry'> {
  /** The filter sent for a window, also recorded in the manifest. */
  filter(project: string, window: LiveWindow): string;
  call(clients: GcpClients, target: CallTarget, window: LiveWindow, pageToken?: string): Promise<Page>;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Admin Activity methods the audit readers use (`:` is the query language's substring test, so `v1.` and `beta.`
 * prefixes match): instance creation, managed instance groups and Cloud Run jobs asked for capacity, and the calls
 * that stop or resume logs (sinks, log buckets, subnet flow logs, DNS logging).
 */
export const auditMethods = [
  'compute.instances.insert',
  'compute.instances.bulkInsert',
  'compute.instanceGroupManagers.',
  'compute.regionInstanceGroupManagers.',
  'Jobs.CreateJob',
  'Jobs.RunJob',
  'ConfigServiceV2.CreateSink',
  'ConfigServiceV2.UpdateSink',
  'ConfigServiceV2.DeleteSink',
  'ConfigServiceV2.DeleteBucket',
  'compute.subnetworks.patch',
  'compute.subnetworks.update',
  'dns.policies.patch',
  'dns.policies.update',
];

export function auditFilter(project: string, window: LiveWindow): string {
  return [
    `logName="projects/${project}/logs/cloudaudit.googleapis.com%2Factivity"`,
    `timestamp>="${iso(window.since)}"`,
    `timestamp<="${iso(window.until)}"`,
    `protoPayload.methodName:(${auditMethods.map((m) => `"${m}"`).join(' OR ')})`,
  ].join(' AND ');
}

export const cpuMetricFilter =
  'metric.type="compute.googleapis.com/instance/cpu/utilization" AND resource.type="gce_instance"';

/** Security Command Center categories that name cryptomining (VM Threat Detection and Event Threat Detection). */
export const cryptoCategories =
  '(category:"Cryptocurrency" OR category:"Cryptomining" OR category:"Coinminer")';

export function findingsFilter(window: LiveWindow): string {
  return `${cryptoCategories} AND event_time >= "${iso(window.since)}" AND event_time <= "${iso(window.until)}"`;
}

/** A series with its fields in the API's order (the proto serializer puts `points` first): labels before points. */
function inApiOrder(series: Json): Json {
  const { metric, resource, metadata, metricKind, valueType, unit, description, points, ...rest } = series;
  return Object.fromEntries(
    Object.entries({
      metric,
      resource,
      metadata,
      metricKind,
      valueType,
      unit,
      description,
      ...rest,
      points,
    }).filter(([, v]) => v !== undefined),
  );
}

const seconds = (d: Date) => ({ seconds: Math.floor(d.getTime() / 1000) });

/**
 * entries.list is a read of its own quota: 60 requests a minute (Cloud Logging quotas, "entries.list requests");
 * kept for the whole run, since a caller's reads of many projects may draw on one quota project.
 */
export const entriesListRate = {
  burst: 1,
  perSecond: 1,
  per: 'service' as const,
  scope: 'caller' as const,
  source: 'Cloud Logging entries.list: 60 requests per minute',
};

/** The live legs for Google Cloud: Admin Activity audit entries, instance CPU, Security Command Center findings. */
export const liveDeclarations: readonly LiveDeclaration[] = [
  {
    command: 'logging-read',
    gcloud:
      'gcloud logging read \'logName="projects/PROJECT/logs/cloudaudit.googleapis.com%2Factivity" AND timestamp>="SINCE" AND protoPayload.methodName:(…)\' --project PROJECT --order asc --format json',
    level: 'project',
    service: 'logging',
    method: 'logging.entries.list',
    domain: 'audit-logs',
    permissions: ['logging.logEntries.list'],
    rate: entriesListRate,
    filter: auditFilter,
    call: async (c, t, window, pageToken) => {
      const r = await c.logging.entries.list(
        {
          requestBody: {
            resourceNames: [`projects/${t.node.id}`],
            filter: auditFilter(t.node.id, window),
            orderBy: 'timestamp asc',
            pageSize: 1000,
            ...(pageToken ? { pageToken } : {}),
          },
        },
        // googleapis clients never retry a POST read: the engine does, with backoff and pacing.
        { retry: false },
      );
      const d = (r.data ?? {}) as Json;
      return {
        items: (d.entries as unknown[] | undefined) ?? [],
        next: d.nextPageToken as string | undefined,
      };
    },
  },
  {
    command: 'monitoring-time-series-list',
    // gcloud has no command that reads time series: the file is the REST answer's `timeSeries`, every page merged.
    gcloud:
      'curl -H "Authorization: Bearer $(gcloud auth print-access-token)" \'https://monitoring.googleapis.com/v3/projects/PROJECT/timeSeries?filter=metric.type%3D%22compute.googleapis.com%2Finstance%2Fcpu%2Futilization%22&interval.startTime=SINCE&interval.endTime=UNTIL&aggregation.alignmentPeriod=300s&aggregation.perSeriesAligner=ALIGN_MEAN\'',
    level: 'project',
    service: 'monitoring',
    method: 'monitoring.projects.timeSeries.list',
    domain: 'alarms',
    permissions: ['monitoring.timeSeries.list'],
    filter: () => cpuMetricFilter,
    call: async (c, t, window, pageToken) => {
      const r = await c.metrics.listTimeSeries(
        {
          name: `projects/${t.node.id}`,
          filter: cpuMetricFilter,
          interval: { startTime: seconds(window.since), endTime: seconds(window.until) },
          aggregation: { alignmentPeriod: { seconds: 300 }, perSeriesAligner: 'ALIGN_MEAN' },
          view: 'FULL',
          pageSize: 100_000,
          ...(pageToken ? { pageToken } : {}),
        },
        noGaxRetry as never,
      );
      const json = apiJson(c.metrics, 'google.monitoring.v3.ListTimeSeriesResponse', r[2]);
      return {
        items: ((json.timeSeries as Json[] | undefined) ?? []).map(inApiOrder),
        next: (json.nextPageToken as string | undefined) || undefined,
      };
    },
  },
  {
    command: 'scc-findings-list',
    gcloud:
      'gcloud scc findings list projects/PROJECT --location global --filter=\'(category:"Cryptocurrency" OR …) AND event_time >= "SINCE"\'',
    level: 'project',
    service: 'securitycenter',
    method: 'securitycenter.projects.sources.findings.list',
    domain: 'threat-detectors',
    permissions: ['securitycenter.findings.list'],
    filter: (_p, window) => findingsFilter(window),
    call: async (c, t, window, pageToken) => {
      const r = await c.findings.listFindings(
        {
          parent: `projects/${t.node.id}/sources/-`,
          filter: findingsFilter(window),
          pageSize: 1000,
          ...(pageToken ? { pageToken } : {}),
        },
        noGaxRetry as never,
      );
      const json = apiJson(c.findings, 'google.cloud.securitycenter.v2.ListFindingsResponse', r[2]);
      return {
        items: (json.listFindingsResults as unknown[] | undefined) ?? [],
        next: (json.nextPageToken as string | undefined) || undefined,
      };
    },
  },
];

/** A live declaration bound to its window: the engine runs it like any other declaration. */
export function forWindow(d: LiveDeclaration, window: LiveWindow, project: string): Declaration {
  return {
    ...d,
    telemetry: true,
    parameters: { since: iso(window.since), until: iso(window.until), filter: d.filter(project, window) },
    call: (clients, target, pageToken) => d.call(clients, target, window, pageToken),
  };
}
