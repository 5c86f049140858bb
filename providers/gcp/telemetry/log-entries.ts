import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, num, type Obj, obj, path, str } from '../../../src/detect/json-fields.js';
import {
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { canonicalIp } from '../../../src/intel/indicators.js';
import {
  type AuditEntry,
  cloudRunJob,
  groupChange,
  instanceInsert,
  regionOfZone,
  vmKey,
} from './audit-compute.js';
import { telemetrySubnet } from './flow-keys.js';

export { vmKey } from './audit-compute.js';

/** Calls that stop logs from being written or kept (sinks, flow logging, DNS logging). */
function tamperAction(method: string, request: Obj | undefined): string | undefined {
  if (/ConfigServiceV2\.DeleteSink$/.test(method)) return 'DeleteSink';
  if (/ConfigServiceV2\.UpdateSink$/.test(method) && path(request, 'sink', 'disabled') === true)
    return 'DisableSink';
  if (/ConfigServiceV2\.DeleteBucket$/.test(method)) return 'DeleteBucket';
  if (/compute\.subnetworks\.(patch|update)$/.test(method)) {
    const enabled = path(request, 'logConfig', 'enable') ?? request?.enableFlowLogs;
    if (enabled === false) return 'DisableSubnetFlowLogs';
  }
  if (/dns\.policies\.(patch|update)$/.test(method)) {
    if (path(request, 'policy', 'enableLogging') === false || request?.enableLogging === false)
      return 'DisableDnsLogging';
  }
  return undefined;
}

/** Where an entry happened: its zone's region, its location, or the first location the record names. */
function entryRegion(e: Obj, p: Obj): string | undefined {
  const place =
    str(path(e, 'resource', 'labels', 'zone')) ??
    str(path(e, 'resource', 'labels', 'location')) ??
    str(path(e, 'resource', 'labels', 'region')) ??
    str(arr(path(p, 'resourceLocation', 'currentLocations'))[0]);
  if (!place || place === 'global' || place.length > 40) return undefined;
  return /-[a-z]$/.test(place) ? regionOfZone(place) : place;
}

/** A sink written back (created, or updated without `disabled`): the end of the gap its deletion opened. */
function resumeAction(method: string, request: Obj | undefined): string | undefined {
  if (/ConfigServiceV2\.CreateSink$/.test(method)) return 'CreateSink';
  if (/ConfigServiceV2\.UpdateSink$/.test(method) && path(request, 'sink', 'disabled') !== true)
    return 'UpdateSink';
  return undefined;
}

function readAudit(e: Obj, loc: Loc, ctx: ReaderContext, time: number): void {
  const p = obj(e.protoPayload) as Obj;
  const method = str(p.methodName) ?? '';
  const project =
    str(path(e, 'resource', 'labels', 'project_id')) ??
    /^projects\/([^/]+)/.exec(str(e.logName) ?? '')?.[1] ??
    'unknown';
  if (/cloudaudit\.googleapis\.com%2F(activity|system_event)/.test(str(e.logName) ?? ''))
    ctx.auditTime('gcp', project, time, entryRegion(e, p));
  const entry: AuditEntry = {
    e,
    p,
    method,
    project,
    time,
    principal: str(path(p, 'authenticationInfo', 'principalEmail')) ?? 'unknown',
    request: obj(p.request),
    pointer: pointerOf(loc),
    operationId: str(path(e, 'operation', 'id')),
  };
  if (/compute\.instances\.insert$/.test(method)) {
    instanceInsert(entry, ctx);
    return;
  }
  if (groupChange(entry, ctx) || cloudRunJob(entry, ctx)) return;
  if ((num(path(p, 'status', 'code')) ?? 0) !== 0) return;
  const action = tamperAction(method, entry.request);
  const resume = action ? undefined : resumeAction(method, entry.request);
  if (!action && !resume) return;
  const name = action ?? (resume as string);
  // A sink can carry the audit logs read: deleting one opens a gap in them; flow and DNS logging are network evidence.
  const blinds = /Sink|Bucket/.test(name) ? 'creation' : 'network';
  const sinkName = str(path(entry.request, 'sink', 'name'));
  const target = resume && sinkName ? sinkName : str(p.resourceName);
  (action ? ctx.digest.tampering : ctx.digest.resumed).push({
    provider: 'gcp',
    scope: project,
    time,
    action: name,
    principal: entry.principal,
    blinds,
    file: ctx.file,
    pointer: entry.pointer,
    ...(target ? { target } : {}),
    ...(entry.operationId ? { eventId: `op:${entry.operationId}|${name}` } : {}),
  });
}

function readFlow(e: Obj, loc: Loc, ctx: ReaderContext, time: number): void {
  const j = obj(e.jsonPayload) as Obj;
  const c = obj(j.connection);
  const reporter = str(j.reporter);
  const local = obj(reporter === 'DEST' ? j.dest_instance : j.src_instance);
  const src = canonicalIp(str(c?.src_ip) ?? '');
  const dst = canonicalIp(str(c?.dest_ip) ?? '');
  if (!c || !src || !dst) {
    ctx.problem('vpc_flows entry without connection.src_ip and dest_ip', loc.line);
    return;
  }
  if (!local) return; // the reporting side is not a VM (a gateway or serverless endpoint)
  const project = str(local.project_id) ?? 'unknown';
  const endpoint = vmKey(project, str(local.zone) ?? '', str(local.vm_name) ?? '');
  const vpc = obj(reporter === 'DEST' ? j.dest_vpc : j.src_vpc);
  const networkId = vpc ? `${str(vpc.project_id) ?? project}/${str(vpc.vpc_name) ?? ''}` : undefined;
  // A subnet's region is its VM's (the push-down query keys it the same way).
  const region = str(local.region) ?? regionOfZone(str(local.zone));
  const subnetName = str(vpc?.subnetwork_name);
  const subnet =
    networkId && region && subnetName ? telemetrySubnet(networkId, region, subnetName) : undefined;
  const first = isoMillis(str(j.start_time) ?? '') || time;
  const last = isoMillis(str(j.end_time) ?? '') || time;
  ctx.order('this file', first, loc.line, 20 * 60_000);
  ctx.endpoint('gcp', endpoint, first, last, {
    scope: project,
    ...(networkId ? { networkId } : {}),
    ...(subnet ? { subnet } : {}),
  });
  const outbound = reporter !== 'DEST';
  const remote = outbound ? dst : src;
  const port = num(outbound ? c.dest_port : c.src_port) ?? 0;
  ctx.flow(
    'gcp',
    endpoint,
    remote,
    port,
    first,
    last,
    num(j.bytes_sent) ?? 0,
    num(j.packets_sent) ?? 0,
    true,
    pointerOf(loc),
    {
      scope: project,
    },
  );
}

const IP_TOKEN = /(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}/gi;

function readDns(e: Obj, loc: Loc, ctx: ReaderContext, time: number): void {
  const j = obj(e.jsonPayload) as Obj;
  const name = str(j.queryName);
  if (!name) {
    ctx.problem('dns_query entry without queryName', loc.line);
    return;
  }
  const project = str(j.vmProjectId) ?? str(path(e, 'resource', 'labels', 'project_id')) ?? 'unknown';
  const network = str(j.sourceNetwork);
  if (network) ctx.dnsNetwork(`gcp:${project}/${network}`);
  ctx.order('this file', time, loc.line, 10 * 60_000);
  const hit = ctx.intel.matchDomain(name);
  if (!hit) return;
  // rdata is presentation format ("name.\t300\tIN\ta\t1.2.3.4", one answer per line); answers[] in some exports.
  const texts = [str(j.rdata) ?? '', ...arr(j.answers).map((a) => str(obj(a)?.rdata) ?? '')];
  const answers = new Set<string>();
  for (const t of texts)
    for (const m of t.matchAll(IP_TOKEN)) {
      const ip = canonicalIp(m[0]);
      if (ip) answers.add(ip);
    }
  // vmInstanceId is a 64-bit number that JSON parsers round; the string twin is exact.
  const instanceId =
    str(j.vmInstanceIdString) ?? (typeof j.vmInstanceId === 'string' ? j.vmInstanceId : undefined);
  const vmName = str(j.vmInstanceName)?.replace(/^\d+\./, '');
  const zone = str(j.vmZoneName);
  if (instanceId && vmName && zone)
    ctx.digest.bindings.push({
      provider: 'gcp',
      endpoint: vmKey(project, zone, vmName),
      instanceId,
      scope: project,
    });
  ctx.digest.dns.push({
    provider: 'gcp',
    scope: project,
    time,
    query: name,
    indicator: hit.indicator,
    source: hit.source,
    answers: [...answers].sort(),
    file: ctx.file,
    pointer: pointerOf(loc),
    ...(instanceId ? { instanceId } : vmName && zone ? { endpoint: vmKey(project, zone, vmName) } : {}),
    ...(network ? { networkId: `${project}/${network}` } : {}),
  });
}

export type LogKind = 'audit' | 'vpc_flows' | 'dns';

export function kindOf(e: Obj): LogKind | undefined {
  const logName = str(e.logName) ?? '';
  if (obj(e.protoPayload) && /cloudaudit\.googleapis\.com/.test(logName)) return 'audit';
  if (obj(e.jsonPayload) && /vpc_flows$/.test(logName)) return 'vpc_flows';
  if (
    obj(e.jsonPayload) &&
    (str(path(e, 'resource', 'type')) === 'dns_query' || /dns_queries$/.test(logName))
  )
    return 'dns';
  return undefined;
}

function readEntry(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const e = obj(raw);
  const time = isoMillis(str(e?.timestamp) ?? str(e?.receiveTimestamp) ?? '');
  if (!e || !Number.isFinite(time)) {
    ctx.problem('not a LogEntry (needs timestamp)', loc.line);
    return;
  }
  switch (kindOf(e)) {
    case 'audit':
      readAudit(e, loc, ctx, time);
      return;
    case 'vpc_flows':
      readFlow(e, loc, ctx, time);
      return;
    case 'dns':
      readDns(e, loc, ctx, time);
      return;
    default:
      return; // another log in the same export: read, not used
  }
}

function logEntriesReader(format: string, phase: 1 | 2, logName: RegExp): JsonReader {
  return {
    format,
    provider: 'gcp',
    kind: 'json',
    phase,
    // Entries of any kind can sit in one file, Cloud DNS queries among them.
    dnsAnswers: true,
    sniff: (head) => /"logName"\s*:/.test(head) && logName.test(head),
    readValue(value, loc, ctx) {
      if (Array.isArray(value)) each(value, loc, [], (v, at) => readEntry(v, at, ctx));
      else if (Array.isArray(obj(value)?.entries))
        each(obj(value)?.entries as unknown[], loc, ['entries'], (v, at) => readEntry(v, at, ctx));
      else readEntry(value, loc, ctx);
    },
  };
}

/** Cloud Audit Logs (Admin Activity): instance inserts, sink and flow-logging changes. */
export const gcpAuditLogsReader = logEntriesReader('gcp-audit-logs', 1, /cloudaudit\.googleapis\.com/);
/** VPC Flow Logs entries (`compute.googleapis.com/vpc_flows`). */
export const gcpVpcFlowLogsReader = logEntriesReader(
  'gcp-vpc-flow-logs',
  2,
  /compute\.googleapis\.com%2Fvpc_flows/,
);
/** Cloud DNS query logs (`dns.googleapis.com/dns_queries`, resource type dns_query). */
export const gcpCloudDnsLogsReader = logEntriesReader(
  'gcp-cloud-dns-logs',
  1,
  /dns\.googleapis\.com%2Fdns_queries|"dns_query"/,
);
