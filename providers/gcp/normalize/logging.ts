import { unknown } from '../../../src/model/evidence.js';
import type { LogDestination } from '../../../src/model/logging.js';
import { arrayOf, dnsPolicySchema, subnetworkSchema } from '../shapes.js';
import { type GcpContext, projectNode, readOrGap } from './context.js';
import { AUDIT_ACTIVITY, DNS_QUERIES, requiredBucket, routeLog, VPC_FLOWS } from './log-routing.js';
import { lastSegment, relativeName } from './names.js';

/**
 * The Admin Activity audit log of a project: always on, recording `compute.instances.insert`; kept 400 days in
 * `_Required` plus wherever a sink routes it. One trail per project, so retention is judged on its longest copy.
 */
export function normalizeAuditTrail(ctx: GcpContext, project: string): void {
  const routing = routeLog(ctx, project, AUDIT_ACTIVITY);
  const required = requiredBucket(project);
  const destinations = [
    required,
    ...routing.destinations.filter((d) => d.id !== required.id),
    ...unreadCopies(routing.unread, 'cloudaudit.googleapis.com/activity', project),
  ];
  if (routing.unread.length)
    ctx.inv.gaps.push({
      provider: 'gcp',
      scope: project,
      region: 'global',
      domain: 'log-groups',
      kind: 'missing',
      reason: `${routing.unread.join(' and ')} could not be read, so copies of the Admin Activity audit log beyond _Required are unknown.`,
      evidence: [],
    });
  ctx.inv.auditTrails.push({
    provider: 'gcp',
    scope: project,
    region: 'global',
    id: `projects/${project}/logs/cloudaudit.googleapis.com%2Factivity`,
    type: 'logging.googleapis.com/Log',
    name: 'Admin Activity audit log',
    evidence: routing.evidence,
    ownerScope: project,
    homeRegion: 'global',
    coversAllRegions: true,
    coveredRegions: [],
    organizationWide: false,
    logging: true,
    managementWrites: true,
    destinations,
  });
}

/** A copy that may exist where sinks could not be read: its retention is unknown, so a shortfall is not a fail. */
function unreadCopies(unread: string[], what: string, project: string): LogDestination[] {
  if (!unread.length) return [];
  return [
    {
      kind: 'log-group',
      id: `${what} of ${project} routed by unread sinks`,
      retentionDays: unknown(`${unread.join(' and ')} could not be read`),
      evidence: [],
    },
  ];
}

function routed(ctx: GcpContext, project: string, logId: string, what: string): LogDestination[] {
  const r = routeLog(ctx, project, logId);
  return [...r.destinations, ...unreadCopies(r.unread, what, project)];
}

/** VPC Flow Logs are a subnet setting (`logConfig`); records land wherever `vpc_flows` is routed. */
export function normalizeFlowLogs(ctx: GcpContext, project: string): void {
  const r = ctx.files.readAs(
    arrayOf(subnetworkSchema),
    projectNode(project),
    'compute-networks-subnets-list',
  );
  if (r.kind !== 'ok') {
    ctx.inv.gaps.push({ ...ctx.files.gap(project, 'compute-networks-subnets-list', r), domain: 'flow-logs' });
    return;
  }
  let destinations: LogDestination[] | undefined;
  r.value.forEach((s, i) => {
    const log = s.logConfig;
    if (!log && !s.enableFlowLogs) return;
    const region = lastSegment(s.region);
    const subnetId = `projects/${project}/regions/${region}/subnetworks/${s.name}`;
    destinations ??= routed(ctx, project, VPC_FLOWS, 'vpc_flows');
    const active = log?.enable ?? s.enableFlowLogs ?? false;
    const metadata = log?.metadata ?? 'INCLUDE_ALL_METADATA';
    ctx.inv.flowLogs.push({
      provider: 'gcp',
      scope: project,
      region,
      id: `${subnetId}/logConfig`,
      type: 'compute.googleapis.com/SubnetworkLogConfig',
      name: `flow logs of ${s.name}`,
      evidence: [r.ref(`/${i}`)],
      target: { kind: 'subnet', id: subnetId },
      // VPC Flow Logs record sampled connections that were allowed; denied ones are firewall-rule logging.
      traffic: 'accept',
      fields: [
        'connection.src_ip',
        'connection.src_port',
        'connection.dest_ip',
        'connection.dest_port',
        'connection.protocol',
        ...(metadata === 'EXCLUDE_ALL_METADATA'
          ? []
          : metadata === 'CUSTOM_METADATA'
            ? (log?.metadataFields ?? [])
            : ['src_instance', 'dest_instance', 'src_vpc', 'dest_vpc']),
      ],
      recordsDestination: true,
      active,
      // Google's default sampling when flow logs are on and no rate is given is 0.5.
      ...(active ? { sampling: log?.flowSampling ?? 0.5 } : {}),
      ...(log?.filterExpr ? { filter: log.filterExpr } : {}),
      destinations,
    });
  });
}

/** Cloud DNS server policies with logging on: the networks they list have their queries logged. */
export function normalizeDnsLogs(ctx: GcpContext, project: string): void {
  const r = readOrGap(ctx, arrayOf(dnsPolicySchema), project, 'dns-policies-list');
  if (!r) return;
  let destinations: LogDestination[] | undefined;
  r.value.forEach((p, i) => {
    if (!p.enableLogging) return;
    destinations ??= routed(ctx, project, DNS_QUERIES, 'dns_queries');
    ctx.inv.dnsQueryLogs.push({
      provider: 'gcp',
      scope: project,
      region: 'global',
      id: `projects/${project}/policies/${p.name}`,
      type: 'dns.googleapis.com/Policy',
      name: p.name,
      evidence: [r.ref(`/${i}`)],
      networkIds: (p.networks ?? [])
        .map((n) => (n.networkUrl ? relativeName(n.networkUrl) : ''))
        .filter(Boolean),
      destinations,
    });
  });
}
