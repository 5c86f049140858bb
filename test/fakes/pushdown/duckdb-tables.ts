import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { defaultFlowLogFields } from '../../../providers/aws/flow-log-format.js';

/** Every file under `root` whose path matches `pattern`, sorted. */
export function filesUnder(root: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (pattern.test(full)) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

/** Athena's VPC flow log table columns (AWS's DDL for versions 2-5) and their types. */
const ATHENA_COLUMNS: [string, 'int' | 'text'][] = [
  ['version', 'int'],
  ['account_id', 'text'],
  ['interface_id', 'text'],
  ['srcaddr', 'text'],
  ['dstaddr', 'text'],
  ['srcport', 'int'],
  ['dstport', 'int'],
  ['protocol', 'int'],
  ['packets', 'int'],
  ['bytes', 'int'],
  ['start', 'int'],
  ['end', 'int'],
  ['action', 'text'],
  ['log_status', 'text'],
  ['vpc_id', 'text'],
  ['subnet_id', 'text'],
  ['instance_id', 'text'],
  ['flow_direction', 'text'],
];

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * A view shaped like the Athena table over VPC flow log text files (header line or the version 2 default): columns
 * named as in AWS's DDL, integers NULL where the file has `-`, and the `day` partition (`yyyy/MM/dd`) from the S3 key.
 */
export async function createAthenaFlowTable(
  c: DuckDBConnection,
  files: string[],
  name: string,
): Promise<void> {
  const selects: string[] = [];
  for (const file of files) {
    const raw = readFileSync(file);
    const firstLine = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').split('\n', 1)[0] ?? '';
    const hasHeader = !/^\d/.test(firstLine);
    const fields = hasHeader ? firstLine.trim().split(/ +/) : [...defaultFlowLogFields];
    const columns = `{${fields.map((f) => `${q(f)}:'VARCHAR'`).join(',')}}`;
    const day = /\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(file);
    const cols = ATHENA_COLUMNS.map(([col, type]) => {
      const field = col.replace(/_/g, '-');
      if (!fields.includes(field)) return `NULL AS "${col}"`;
      return type === 'int' ? `TRY_CAST("${field}" AS BIGINT) AS "${col}"` : `"${field}" AS "${col}"`;
    });
    selects.push(
      `SELECT ${cols.join(', ')}, ${day ? q(`${day[1]}/${day[2]}/${day[3]}`) : 'NULL'} AS "day" FROM read_csv(${q(file)}, delim=' ', header=${hasHeader}, auto_detect=false, columns=${columns}, quote='', escape='')`,
    );
  }
  await c.run(`CREATE OR REPLACE VIEW "${name}" AS ${selects.join('\nUNION ALL\n')}`);
}

const INSTANCE = 'STRUCT(project_id VARCHAR, region VARCHAR, vm_name VARCHAR, zone VARCHAR)';
const VPC = 'STRUCT(project_id VARCHAR, subnetwork_name VARCHAR, vpc_name VARCHAR)';

/** A table shaped like a log sink's BigQuery export of `vpc_flows` (the LogEntry fields as nested columns). */
export async function createVpcFlowsExport(
  c: DuckDBConnection,
  files: string[],
  name: string,
): Promise<void> {
  const payload = `STRUCT(connection STRUCT(src_ip VARCHAR, dest_ip VARCHAR, src_port BIGINT, dest_port BIGINT, protocol BIGINT), reporter VARCHAR, src_instance ${INSTANCE}, dest_instance ${INSTANCE}, src_vpc ${VPC}, dest_vpc ${VPC}, bytes_sent VARCHAR, packets_sent VARCHAR, start_time VARCHAR, end_time VARCHAR)`;
  await c.run(
    `CREATE OR REPLACE TABLE "${name}" AS SELECT * FROM read_json([${files.map(q).join(', ')}], format='auto', columns={'logName':'VARCHAR','timestamp':'TIMESTAMP','jsonPayload':${q(payload)}})`,
  );
}
