import type { FlowLeg, FlowSource } from '../../../src/detect/pushdown/flow-leg.js';
import type { SqlDialect } from '../../../src/detect/pushdown/sql-dialects.js';

/**
 * A log sink's BigQuery export of `compute.googleapis.com/vpc_flows`: `project.dataset.compute_googleapis_com_vpc_flows`
 * (partitioned tables, pruned on `timestamp`) or `…_vpc_flows_*` (date-sharded tables, pruned on `_TABLE_SUFFIX`).
 */
export interface BigQueryFlowTable {
  name: string;
}

const DAY_MS = 86_400_000;
const ymd = (t: Date) =>
  `${t.getUTCFullYear()}${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')}`;

/** `vpc_flows` entry fields mapped onto the flow leg; mirrors providers/gcp/telemetry/log-entries.ts `readFlow`. */
export function vpcFlowsSource(d: SqlDialect, table: BigQueryFlowTable, leg: FlowLeg): FlowSource {
  const j = (...path: string[]) => [d.id('jsonPayload'), ...path.map((p) => d.id(p))].join('.');
  const dest = `${j('reporter')} = 'DEST'`;
  const local = (field: string) =>
    `CASE WHEN ${dest} THEN ${j('dest_instance', field)} ELSE ${j('src_instance', field)} END`;
  const vpc = (field: string) =>
    `CASE WHEN ${dest} THEN ${j('dest_vpc', field)} ELSE ${j('src_vpc', field)} END`;
  const project = `coalesce(${local('project_id')}, 'unknown')`;
  // Entries are written when a flow's aggregation interval ends: one more day at the end covers late ones.
  const until = leg.until.getTime() + DAY_MS;
  const sharded = table.name.endsWith('*');
  const where = [
    `(CASE WHEN ${dest} THEN ${j('dest_instance')} IS NOT NULL ELSE ${j('src_instance')} IS NOT NULL END)`,
    `${j('connection', 'src_ip')} IS NOT NULL`,
    `${j('connection', 'dest_ip')} IS NOT NULL`,
  ];
  if (sharded) where.unshift(`_TABLE_SUFFIX BETWEEN '${ymd(leg.since)}' AND '${ymd(new Date(until))}'`);
  else
    where.unshift(
      `${d.id('timestamp')} >= ${d.timestamp(leg.since.getTime())}`,
      `${d.id('timestamp')} < ${d.timestamp(until)}`,
    );
  const first = `coalesce(${d.epochMs(j('start_time'))}, ${d.epochMs(d.id('timestamp'))})`;
  const last = `coalesce(${d.epochMs(j('end_time'))}, ${d.epochMs(d.id('timestamp'))})`;
  const outbound = `coalesce(${j('reporter')}, '') <> 'DEST'`;
  return {
    table: d.name === 'bigquery' ? `\`${table.name}\`` : d.id(table.name),
    where,
    endpoint: `'vm:' || ${project} || '/' || coalesce(${local('zone')}, '') || '/' || coalesce(${local('vm_name')}, '')`,
    scope: project,
    instanceId: d.nullText,
    networkId: `CASE WHEN (CASE WHEN ${dest} THEN ${j('dest_vpc')} IS NOT NULL ELSE ${j('src_vpc')} IS NOT NULL END) THEN coalesce(${vpc('project_id')}, ${project}) || '/' || coalesce(${vpc('vpc_name')}, '') END`,
    // As the local reader keys it: project/network/region/subnet, the region being the VM's.
    subnet: `CASE WHEN ${vpc('subnetwork_name')} IS NOT NULL THEN coalesce(${vpc('project_id')}, ${project}) || '/' || coalesce(${vpc('vpc_name')}, '') || '/' || coalesce(${local('region')}, regexp_replace(${local('zone')}, '-[a-z]$', '')) || '/' || ${vpc('subnetwork_name')} END`,
    firstMs: first,
    lastMs: last,
    hasFlow: 'true',
    accepted: 'true',
    bytes: `coalesce(${d.int(j('bytes_sent'))}, 0)`,
    packets: `coalesce(${d.int(j('packets_sent'))}, 0)`,
    sides: [
      {
        remote: `CASE WHEN ${outbound} THEN ${j('connection', 'dest_ip')} ELSE ${j('connection', 'src_ip')} END`,
        port: `coalesce(${d.int(`CASE WHEN ${outbound} THEN ${j('connection', 'dest_port')} ELSE ${j('connection', 'src_port')} END`)}, 0)`,
        when: 'true',
      },
    ],
  };
}
