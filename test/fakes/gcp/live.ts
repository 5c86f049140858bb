import type { FakeEstate, FakeProject, Json } from './estate.js';

/**
 * The live detection legs of the fake: Cloud Logging `entries.list` (logName, timestamp bounds and methodName
 * substrings of the filter honored, paged), Monitoring `timeSeries.list` (metric type, interval, 300 s ALIGN_MEAN)
 * and Security Command Center v2 findings (categories and event_time bounds of the filter honored).
 */

const compute = 'https://www.googleapis.com/compute/v1';

export const liveWindow = {
  since: new Date('2026-11-21T00:00:00Z'),
  until: new Date('2026-11-28T00:00:00Z'),
};

export const gpuMiner = {
  project: 'acme-prod',
  zone: 'asia-southeast1-b',
  name: 'gpu-burst-01',
  id: '4815162342000000666',
  principal: 'contractor-x@gmail.com',
  launch: new Date('2026-11-26T03:00:00Z'),
};

function error(status: number, grpc: string, message: string): Json {
  return { error: { code: status, message, status: grpc } };
}

function paged(items: unknown[], field: string, token: string | undefined, size: number): Json {
  const start = Number(token ?? '0');
  const next = start + size < items.length ? String(start + size) : undefined;
  return { [field]: items.slice(start, start + size), ...(next ? { nextPageToken: next } : {}) };
}

const quoted = (text: string) => [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);

/** `POST /v2/entries:list` for one project. */
export function auditEntriesPage(p: FakeProject, request: Json, pageSize: number): [number, Json] {
  const filter = String(request.filter ?? '');
  const logName = /logName="([^"]+)"/.exec(filter)?.[1];
  const from = Date.parse(/timestamp>="([^"]+)"/.exec(filter)?.[1] ?? '');
  const to = Date.parse(/timestamp<="([^"]+)"/.exec(filter)?.[1] ?? '');
  const methods = quoted(/protoPayload\.methodName:\(([^)]*)\)/.exec(filter)?.[1] ?? '');
  if (!logName || !Number.isFinite(from))
    return [400, error(400, 'INVALID_ARGUMENT', 'the fake expects a logName and a timestamp lower bound')];
  const entries = (p.auditEntries ?? []).filter((e) => {
    const t = Date.parse(String(e.timestamp));
    const method = String((e.protoPayload as Json | undefined)?.methodName ?? '');
    return (
      e.logName === logName &&
      t >= from &&
      (!Number.isFinite(to) || t <= to) &&
      (methods.length === 0 || methods.some((m) => method.includes(m)))
    );
  });
  entries.sort((a, b) => Date.parse(String(a.timestamp)) - Date.parse(String(b.timestamp)));
  if (request.orderBy !== 'timestamp asc') entries.reverse();
  const size = Math.min(Number(request.pageSize ?? pageSize) || pageSize, pageSize);
  return [200, paged(entries, 'entries', request.pageToken as string | undefined, size)];
}

/** `GET /v3/projects/P/timeSeries`: the series of the metric asked, points inside the interval, newest first. */
export function timeSeriesPage(p: FakeProject, url: URL, pageSize: number): [number, Json] {
  const q = url.searchParams;
  const type = /metric\.type="([^"]+)"/.exec(q.get('filter') ?? '')?.[1];
  const from = Date.parse(q.get('interval.startTime') ?? '');
  const to = Date.parse(q.get('interval.endTime') ?? '');
  if (!type || !Number.isFinite(to))
    return [400, error(400, 'INVALID_ARGUMENT', 'filter with metric.type and interval.endTime are required')];
  // gax sends enums as numbers (`$alt=json;enum-encoding=int`): ALIGN_MEAN is 12.
  const aligner = q.get('aggregation.perSeriesAligner');
  if (q.get('aggregation.alignmentPeriod') !== '300s' || (aligner !== 'ALIGN_MEAN' && aligner !== '12'))
    return [400, error(400, 'INVALID_ARGUMENT', 'the fake serves 300s ALIGN_MEAN only')];
  const series = (p.timeSeries ?? [])
    .filter((s) => (s.metric as Json).type === type)
    .map((s) => ({
      ...s,
      points: (s.points as Json[]).filter((pt) => {
        const end = Date.parse(String((pt.interval as Json).endTime));
        return end <= to && (!Number.isFinite(from) || end > from);
      }),
    }))
    .filter((s) => s.points.length > 0);
  return [200, paged(series, 'timeSeries', q.get('pageToken') ?? undefined, pageSize)];
}

/** `GET /v2/projects/P/sources/-/findings`: findings whose category and event time match the filter. */
export function liveFindingsPage(p: FakeProject, url: URL, pageSize: number): [number, Json] {
  const filter = url.searchParams.get('filter') ?? '';
  const categories = [...filter.matchAll(/category:"([^"]+)"/g)].map((m) => m[1] as string);
  const from = Date.parse(/event_time >= "([^"]+)"/.exec(filter)?.[1] ?? '');
  const to = Date.parse(/event_time <= "([^"]+)"/.exec(filter)?.[1] ?? '');
  const found = p.findings.filter((r) => {
    const f = r.finding as Json;
    const t = Date.parse(String(f.eventTime));
    return (
      (categories.length === 0 || categories.some((c) => String(f.category).includes(c))) &&
      (!Number.isFinite(from) || t >= from) &&
      (!Number.isFinite(to) || t <= to)
    );
  });
  return [
    200,
    {
      ...paged(found, 'listFindingsResults', url.searchParams.get('pageToken') ?? undefined, pageSize),
      totalSize: found.length,
    },
  ];
}

function auditEntry(o: {
  project: string;
  method: string;
  resourceName: string;
  time: Date;
  principal: string;
  operation: string;
  first?: boolean;
  request?: Json;
  resource?: Json;
}): Json {
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      authenticationInfo: { principalEmail: o.principal },
      requestMetadata: {
        callerIp: '198.51.100.23',
        callerSuppliedUserAgent: 'google-cloud-sdk gcloud/498.0.0',
      },
      serviceName: o.method.includes('ConfigServiceV2') ? 'logging.googleapis.com' : 'compute.googleapis.com',
      methodName: o.method,
      resourceName: o.resourceName,
      ...(o.request ? { request: o.request } : {}),
    },
    insertId: `${o.operation}-${o.first === false ? 'last' : 'first'}`,
    resource: o.resource ?? { type: 'project', labels: { project_id: o.project } },
    timestamp: o.time.toISOString(),
    severity: 'NOTICE',
    logName: `projects/${o.project}/logs/cloudaudit.googleapis.com%2Factivity`,
    operation: {
      id: o.operation,
      producer: 'compute.googleapis.com',
      ...(o.first === false ? { last: true } : { first: true }),
    },
    receiveTimestamp: new Date(o.time.getTime() + 800).toISOString(),
  };
}

/** A CPU series (fractions 0–1) at 300 s alignment across the window, points newest first. */
function cpuSeries(
  project: string,
  zone: string,
  name: string,
  id: string,
  level: (t: number) => number | undefined,
): Json {
  const points: Json[] = [];
  const step = 300_000;
  for (let t = liveWindow.until.getTime(); t > liveWindow.since.getTime() - 86_400_000; t -= step) {
    const v = level(t);
    if (v === undefined) continue;
    const iso = new Date(t).toISOString();
    points.push({ interval: { startTime: iso, endTime: iso }, value: { doubleValue: v } });
  }
  return {
    metric: { type: 'compute.googleapis.com/instance/cpu/utilization', labels: { instance_name: name } },
    resource: { type: 'gce_instance', labels: { project_id: project, instance_id: id, zone } },
    metricKind: 'GAUGE',
    valueType: 'DOUBLE',
    points,
  };
}

/**
 * Plants the live scenario: in acme-prod a GPU VM launched in the window by an outside account in a region never
 * used before, a sink deleted by it, CPU flat near 97% from launch and a VM Threat Detection finding on it; acme-dev
 * quiet (CPU near 8%, one routine subnet change); acme-nocompute denied entries.list and without Security Command
 * Center (the API off).
 */
export function plantLive(estate: FakeEstate): void {
  const prod = estate.projects.find((x) => x.projectId === 'acme-prod') as FakeProject;
  const dev = estate.projects.find((x) => x.projectId === 'acme-dev') as FakeProject;
  const nocompute = estate.projects.find((x) => x.projectId === 'acme-nocompute') as FakeProject;
  const m = gpuMiner;
  const launch = m.launch.getTime();
  const base = prod.instances[0] as Json;
  prod.instances.push({
    ...base,
    id: m.id,
    name: m.name,
    creationTimestamp: m.launch.toISOString(),
    machineType: `${compute}/projects/${m.project}/zones/${m.zone}/machineTypes/a2-highgpu-8g`,
    zone: `${compute}/projects/${m.project}/zones/${m.zone}`,
    labels: {},
    selfLink: `${compute}/projects/${m.project}/zones/${m.zone}/instances/${m.name}`,
  });
  const insert = {
    project: m.project,
    method: 'beta.compute.instances.insert',
    resourceName: `projects/${m.project}/zones/${m.zone}/instances/${m.name}`,
    principal: m.principal,
    operation: 'operation-1764126000000-gpu',
    resource: { type: 'gce_instance', labels: { instance_id: m.id, project_id: m.project, zone: m.zone } },
    request: {
      '@type': 'type.googleapis.com/compute.instances.insert',
      name: m.name,
      machineType: `zones/${m.zone}/machineTypes/a2-highgpu-8g`,
      disks: [
        {
          boot: true,
          initializeParams: {
            sourceImage: 'projects/ubuntu-os-cloud/global/images/ubuntu-2404-noble-amd64-v20251101',
          },
        },
      ],
    },
  };
  prod.auditEntries = [
    auditEntry({ ...insert, time: m.launch }),
    auditEntry({ ...insert, time: new Date(launch + 40_000), first: false }),
    auditEntry({
      project: m.project,
      method: 'google.logging.v2.ConfigServiceV2.DeleteSink',
      resourceName: `projects/${m.project}/sinks/audit-to-bq`,
      time: new Date(launch - 15 * 60_000),
      principal: m.principal,
      operation: 'operation-sink-delete',
    }),
    // Outside the window, and a method the filter leaves out.
    auditEntry({
      ...insert,
      resourceName: `projects/${m.project}/zones/us-central1-a/instances/old-one`,
      time: new Date('2026-11-02T15:14:31Z'),
      operation: 'operation-old',
    }),
    auditEntry({
      project: m.project,
      method: 'v1.compute.firewalls.insert',
      resourceName: `projects/${m.project}/global/firewalls/allow-all`,
      time: new Date(launch + 60_000),
      principal: m.principal,
      operation: 'operation-fw',
    }),
  ];
  dev.auditEntries = [
    auditEntry({
      project: 'acme-dev',
      method: 'v1.compute.subnetworks.patch',
      resourceName: 'projects/acme-dev/regions/us-east1/subnetworks/dev-us-east1',
      time: new Date('2026-11-23T10:00:00Z'),
      principal: 'netops@acme.example',
      operation: 'operation-dev-subnet',
      request: { logConfig: { enable: true } },
    }),
  ];
  const cpuOf = (p: FakeProject) =>
    p.instances.map((i) => {
      const zone = String(i.zone).split('/').pop() as string;
      const isMiner = i.id === m.id;
      return cpuSeries(p.projectId, zone, String(i.name), String(i.id), (t) =>
        isMiner ? (t < launch + 300_000 ? undefined : 0.972 + (t % 3) * 0.001) : 0.08,
      );
    });
  prod.timeSeries = cpuOf(prod);
  dev.timeSeries = cpuOf(dev);
  prod.findings.push({
    finding: {
      name: `organizations/123456789012/sources/222/locations/global/findings/f-gpu`,
      parent: 'organizations/123456789012/sources/222/locations/global',
      resourceName: `//compute.googleapis.com/projects/${m.project}/zones/${m.zone}/instances/${m.id}`,
      state: 'ACTIVE',
      category: 'Execution: Cryptocurrency Mining YARA Rule',
      findingClass: 'THREAT',
      severity: 'HIGH',
      eventTime: new Date(launch + 2 * 3_600_000).toISOString(),
      createTime: new Date(launch + 2 * 3_600_000 + 60_000).toISOString(),
    },
    resource: {
      name: `//compute.googleapis.com/projects/${m.project}/zones/${m.zone}/instances/${m.id}`,
      projectDisplayName: m.project,
    },
  });
  nocompute.deniedPaths = [/^\/v2\/entries:list$/];
  nocompute.disabled = [...(nocompute.disabled ?? []), 'securitycenter'];
}
