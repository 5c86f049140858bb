import { FLOW_LEG_COLUMNS, type FlowLeg, type FlowSource, HOUR_MS } from './flow-leg.js';
import { NOT_PUBLIC_V4, NOT_PUBLIC_V6_PREFIXES, V6_LOOPBACK } from './private-ranges.js';

/** Log Analytics accepts query text up to this size in the query API body (kept well under its request limits). */
export const KQL_MAX_QUERY_BYTES = 1_000_000;

const kqlText = (s: string) => JSON.stringify(s);
const dyn = (items: readonly (string | number)[]) => `dynamic(${JSON.stringify(items)})`;
const datetime = (t: Date) => `datetime(${t.toISOString()})`;

/** A KQL datetime as epoch milliseconds. */
export const kqlEpochMs = (expr: string) => `tolong((${expr} - datetime(1970-01-01)) / 1ms)`;

/**
 * The flow leg as one KQL query, with the same steps and precedence as the SQL rendering (render-sql.ts):
 * window, both ends, allowlist, `ip:port`, IP, first listed CIDR, mining port on a public address; aggregated per
 * endpoint, remote, port, match and hour, plus one coverage row per endpoint.
 */
export function renderFlowLegKql(leg: FlowLeg, source: FlowSource): string {
  const since = leg.since.getTime();
  const until = leg.until.getTime();
  const cidrCase = leg.cidrs.length
    ? `case(${leg.cidrs.map((b) => `ipv4_is_in_range(remote, ${kqlText(b.cidr)}), ${kqlText(b.cidr)}`).join(', ')}, '')`
    : "''";
  const allowCidrs = leg.allowCidrs.length
    ? `ipv4_is_in_any_range(remote, ${dyn(leg.allowCidrs.map((b) => b.cidr))})`
    : 'false';
  const v6 = [
    ...NOT_PUBLIC_V6_PREFIXES.map((p) => `lower_remote startswith ${kqlText(p)}`),
    `lower_remote == ${kqlText(V6_LOOPBACK)}`,
  ];
  const ends = source.sides.map(
    (s) =>
      `  (flows | where has_flow and ${s.when} | extend remote = tostring(${s.remote}), port = tolong(${s.port}))`,
  );
  return `let since = ${datetime(leg.since)};
let until = ${datetime(leg.until)};
let allowIps = ${dyn(leg.allowIps)};
let ipPorts = ${dyn(leg.ipPorts)};
let ips = ${dyn(leg.ips)};
let miningPorts = ${dyn(leg.miningPorts)};
let notPublic = ${dyn([...NOT_PUBLIC_V4])};
let flows = ${source.table}
| where ${source.where.join('\n| where ')}
| extend endpoint = ${source.endpoint}, scope = ${source.scope}, instance_id = ${source.instanceId}, network_id = ${source.networkId}, subnet = ${source.subnet ?? "''"}
| extend first_ms = ${source.firstMs}, last_ms = ${source.lastMs}, has_flow = ${source.hasFlow}, accepted = ${source.accepted}
| extend bytes = ${source.bytes}, packets = ${source.packets}
| where first_ms >= ${since} and first_ms < ${until};
let hits = union
${ends.join(',\n')}
| extend key = strcat(remote, ':', port), lower_remote = tolower(remote)
| extend allowed = remote in (allowIps) or ${allowCidrs}
| extend listed_cidr = ${cidrCase}
| extend public_remote = iff(remote contains ':', not(${v6.join(' or ')}), isnotnull(parse_ipv4(remote)) and not(ipv4_is_in_any_range(remote, notPublic)))
| extend match_kind = case(allowed, '', key in (ipPorts), 'ip-port', remote in (ips), 'ip', listed_cidr != '', 'cidr', port in (miningPorts) and public_remote, 'port', '')
| where match_kind != ''
| extend indicator = case(match_kind == 'ip-port', key, match_kind == 'ip', remote, match_kind == 'cidr', listed_cidr, tostring(port))
| extend hour_ms = first_ms / ${HOUR_MS} * ${HOUR_MS}
| summarize scope = max(scope), instance_id = max(instance_id), indicator = max(indicator), first_ms = min(first_ms), last_ms = max(last_ms),
    records = count(), bytes = sum(bytes), packets = sum(packets), accepted = countif(accepted), rejected = countif(not(accepted))
    by endpoint, remote, port, match_kind, hour_ms
| extend rigsight_flow_row = 'hit', network_id = '', subnet = '';
let seen = flows
| summarize scope = max(scope), instance_id = max(instance_id), network_id = max(network_id), subnet = max(subnet), first_ms = min(first_ms), last_ms = max(last_ms), records = count()
    by endpoint
| extend rigsight_flow_row = 'seen';
union hits, seen
| project ${FLOW_LEG_COLUMNS.join(', ')}
| order by rigsight_flow_row asc, endpoint asc, hour_ms asc, remote asc, port asc, match_kind asc
`;
}
