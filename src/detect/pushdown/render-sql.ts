import {
  FLOW_LEG_COLUMNS,
  type FlowLeg,
  type FlowSource,
  HOUR_MS,
  type V4Block,
  v4Block,
} from './flow-leg.js';
import { NOT_PUBLIC_V4, NOT_PUBLIC_V6_PREFIXES, V6_LOOPBACK } from './private-ranges.js';
import type { SqlDialect } from './sql-dialects.js';

const blocks = (cidrs: readonly string[]) => cidrs.map((c) => v4Block(c) as V4Block);

/** `n` falls in one of the blocks (false without blocks). */
function inBlocks(n: string, list: readonly V4Block[]): string {
  if (!list.length) return 'false';
  return `(${list.map((b) => `${n} BETWEEN ${b.first} AND ${b.last}`).join(' OR ')})`;
}

/** Whether `remote` (with its IPv4 number `n`) is a public address, exactly as the local engine decides. */
function publicAddress(d: SqlDialect, remote: string, n: string): string {
  const lower = `lower(${remote})`;
  const v6 = [
    ...NOT_PUBLIC_V6_PREFIXES.map((p) => `${lower} LIKE ${d.text(`${p}%`)}`),
    `${lower} = ${d.text(V6_LOOPBACK)}`,
  ];
  return `CASE WHEN ${remote} LIKE '%:%' THEN NOT (${v6.join(' OR ')}) ELSE ${n} IS NOT NULL AND NOT ${inBlocks(n, blocks(NOT_PUBLIC_V4))} END`;
}

/**
 * The flow leg as one SQL statement: records in the window, both ends where the log has no direction, matched
 * with the local engine's precedence, aggregated per endpoint, remote, port, match and hour; plus one coverage row
 * per endpoint. Only those rows come back, never raw records.
 */
export function renderFlowLegSql(leg: FlowLeg, source: FlowSource, d: SqlDialect): string {
  const since = leg.since.getTime();
  const until = leg.until.getTime();
  const where = [...source.where, `${source.firstMs} >= ${since}`, `${source.firstMs} < ${until}`];
  const sideCols = source.sides.flatMap((s, i) => [
    `    ${s.remote} AS remote_${i},`,
    `    ${s.port} AS port_${i},`,
    `    ${s.when} AS end_${i},`,
  ]);
  const ends = source.sides.map(
    (_, i) =>
      `  SELECT endpoint, scope, instance_id, first_ms, last_ms, accepted, bytes, packets, remote_${i} AS remote, port_${i} AS port\n  FROM flows WHERE has_flow AND end_${i}`,
  );
  const cidrCase = leg.cidrs.length
    ? `CASE ${leg.cidrs.map((b) => `WHEN n BETWEEN ${b.first} AND ${b.last} THEN ${d.text(b.cidr)}`).join(' ')} END`
    : d.nullText;
  const ports = leg.miningPorts.length ? `port IN (${leg.miningPorts.join(', ')})` : 'false';
  const key = `remote || ':' || ${d.str('port')}`;
  const n = `CASE WHEN ${d.dottedQuad('remote')} THEN ((${d.octet('remote', 1)} * 256 + ${d.octet('remote', 2)}) * 256 + ${d.octet('remote', 3)}) * 256 + ${d.octet('remote', 4)} END`;
  const [
    row,
    endpoint,
    scope,
    instance,
    network,
    remote,
    port,
    match,
    indicator,
    hour,
    first,
    last,
    records,
    bytes,
    packets,
    accepted,
    rejected,
    subnet,
  ] = FLOW_LEG_COLUMNS.map((c) => d.id(c));
  return `WITH flows AS (
  SELECT
    ${source.endpoint} AS endpoint,
    ${source.scope} AS scope,
    ${source.instanceId} AS instance_id,
    ${source.networkId} AS network_id,
    ${source.subnet ?? d.nullText} AS subnet,
    ${source.firstMs} AS first_ms,
    ${source.lastMs} AS last_ms,
    ${source.hasFlow} AS has_flow,
    ${source.accepted} AS accepted,
    ${source.bytes} AS bytes,
    ${source.packets} AS packets,
${sideCols.join('\n').replace(/,$/, '')}
  FROM ${source.table}
  WHERE ${where.join('\n    AND ')}
),
ends AS (
${ends.join('\n  UNION ALL\n')}
),
numbered AS (
  SELECT ends.*, ${n} AS n FROM ends
),
judged AS (
  SELECT numbered.*,
    remote IN (${d.list(leg.allowIps.join(' '))}) OR ${inBlocks('n', leg.allowCidrs)} AS allowed,
    ${key} IN (${d.list(leg.ipPorts.join(' '))}) AS listed_ip_port,
    remote IN (${d.list(leg.ips.join(' '))}) AS listed_ip,
    ${cidrCase} AS listed_cidr,
    ${ports} AND ${publicAddress(d, 'remote', 'n')} AS mining_port
  FROM numbered
),
matched AS (
  SELECT judged.*,
    CASE
      WHEN allowed THEN NULL
      WHEN listed_ip_port THEN 'ip-port'
      WHEN listed_ip THEN 'ip'
      WHEN listed_cidr IS NOT NULL THEN 'cidr'
      WHEN mining_port THEN 'port'
    END AS match_kind,
    ${d.idiv('first_ms', String(HOUR_MS))} * ${HOUR_MS} AS hour_bucket
  FROM judged
)
SELECT 'hit' AS ${row}, endpoint AS ${endpoint}, max(scope) AS ${scope}, max(instance_id) AS ${instance},
  ${d.nullText} AS ${network}, remote AS ${remote}, port AS ${port}, match_kind AS ${match},
  max(CASE match_kind WHEN 'ip-port' THEN ${key} WHEN 'ip' THEN remote WHEN 'cidr' THEN listed_cidr ELSE ${d.str('port')} END) AS ${indicator},
  hour_bucket AS ${hour}, min(first_ms) AS ${first}, max(last_ms) AS ${last},
  count(*) AS ${records}, sum(bytes) AS ${bytes}, sum(packets) AS ${packets},
  sum(CASE WHEN accepted THEN 1 ELSE 0 END) AS ${accepted}, sum(CASE WHEN accepted THEN 0 ELSE 1 END) AS ${rejected},
  ${d.nullText} AS ${subnet}
FROM matched
WHERE match_kind IS NOT NULL
GROUP BY endpoint, remote, port, match_kind, hour_bucket
UNION ALL
SELECT 'seen', endpoint, max(scope), max(instance_id), max(network_id), ${d.nullText}, ${d.nullInt}, ${d.nullText},
  ${d.nullText}, ${d.nullInt}, min(first_ms), max(last_ms), count(*), ${d.nullInt}, ${d.nullInt}, ${d.nullInt}, ${d.nullInt},
  max(subnet)
FROM flows
GROUP BY endpoint
ORDER BY 1, 2, 10, 6, 7, 8
`;
}
