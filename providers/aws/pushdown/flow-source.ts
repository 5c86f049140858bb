import type { FlowLeg, FlowSource } from '../../../src/detect/pushdown/flow-leg.js';
import type { SqlDialect } from '../../../src/detect/pushdown/sql-dialects.js';

/**
 * How the flow-log table is partitioned: `day` is the string `yyyy/MM/dd` of AWS's partition-projection DDL,
 * `date` the DATE partition of its plain DDL, `none` a table scanned whole.
 */
export type AthenaPartitioning = 'day' | 'date' | 'none';

export interface AthenaFlowTable {
  /** `database.table` (or `catalog.database.table`), as Athena names it. */
  name: string;
  partitioning: AthenaPartitioning;
}

/** The table AWS's Athena guide creates for VPC flow logs with partition projection (columns of versions 2-5). */
export const DEFAULT_ATHENA_TABLE: AthenaFlowTable = { name: 'default.vpc_flow_logs', partitioning: 'day' };

const DAY_MS = 86_400_000;

function days(since: Date, until: Date): { from: Date; to: Date } {
  // Files land in the partition of their delivery, after the records they hold: one more day at the end.
  return { from: since, to: new Date(until.getTime() + DAY_MS) };
}

const ymd = (t: Date, sep: string) =>
  [
    t.getUTCFullYear(),
    String(t.getUTCMonth() + 1).padStart(2, '0'),
    String(t.getUTCDate()).padStart(2, '0'),
  ].join(sep);

/** VPC Flow Logs columns (Athena DDL names) mapped onto the flow leg; mirrors providers/aws/telemetry/vpc-flow-logs.ts. */
export function vpcFlowSource(d: SqlDialect, table: AthenaFlowTable, leg: FlowLeg): FlowSource {
  const c = (name: string) => d.id(name);
  const dash = (name: string) => `NULLIF(${c(name)}, '-')`;
  const where = [`${c('interface_id')} IS NOT NULL`, `${c('interface_id')} <> '-'`];
  const { from, to } = days(leg.since, leg.until);
  if (table.partitioning === 'day')
    where.unshift(`${c('day')} BETWEEN ${d.text(ymd(from, '/'))} AND ${d.text(ymd(to, '/'))}`);
  if (table.partitioning === 'date')
    where.unshift(`${c('date')} BETWEEN DATE ${d.text(ymd(from, '-'))} AND DATE ${d.text(ymd(to, '-'))}`);
  return {
    table: table.name
      .split('.')
      .map((part) => d.id(part))
      .join('.'),
    where,
    endpoint: `'eni:' || ${c('interface_id')}`,
    scope: dash('account_id'),
    instanceId: dash('instance_id'),
    networkId: dash('vpc_id'),
    firstMs: `${c('start')} * 1000`,
    lastMs: `coalesce(${c('end')}, ${c('start')}) * 1000`,
    hasFlow: `coalesce(${c('log_status')}, 'OK') NOT IN ('NODATA', 'SKIPDATA') AND ${dash('srcaddr')} IS NOT NULL AND ${dash('dstaddr')} IS NOT NULL`,
    accepted: `coalesce(${c('action')}, '') <> 'REJECT'`,
    bytes: `coalesce(${c('bytes')}, 0)`,
    packets: `coalesce(${c('packets')}, 0)`,
    sides: [
      // Egress: the remote end is the destination; ingress replies come from the remote's port.
      {
        remote: c('dstaddr'),
        port: `coalesce(${c('dstport')}, 0)`,
        when: `coalesce(${c('flow_direction')}, '') <> 'ingress'`,
      },
      {
        remote: c('srcaddr'),
        port: `coalesce(${c('srcport')}, 0)`,
        when: `coalesce(${c('flow_direction')}, '') <> 'egress'`,
      },
    ],
  };
}
