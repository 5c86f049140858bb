import { DuckDBInstance } from '@duckdb/node-api';
import { type AthenaFlowTable, vpcFlowSource } from '../../../providers/aws/pushdown/flow-source.js';
import { vpcFlowsSource } from '../../../providers/gcp/pushdown/flow-source.js';
import { describeFlowLeg, type FlowLeg } from '../../../src/detect/pushdown/flow-leg.js';
import { renderFlowLegSql } from '../../../src/detect/pushdown/render-sql.js';
import type { FlowLegRow } from '../../../src/detect/pushdown/result-rows.js';
import { duckdb } from '../../../src/detect/pushdown/sql-dialects.js';
import { compileIntel } from '../../../src/intel/compile.js';
import type { IntelData } from '../../../src/intel/matcher.js';
import { type LoadedPolicy, loadPolicy } from '../../../src/policy/load.js';
import { createAthenaFlowTable, createVpcFlowsExport, filesUnder } from './duckdb-tables.js';

export const SCENARIOS = 'test/fixtures/telemetry/scenarios';
/** A window holding every record of the detect scenarios. */
export const SCENARIO_WINDOW = {
  since: new Date('2026-11-19T00:00:00Z'),
  until: new Date('2026-11-22T00:00:00Z'),
};

export interface ScenarioLeg {
  policy: LoadedPolicy;
  leg: FlowLeg;
  /** The flow files the local engine reads. */
  files: string[];
  /** The DuckDB rendering of the leg. */
  sql: string;
  /** Its result rows, values as engines print them (numbers as numbers, NULL as null). */
  rows: FlowLegRow[];
}

export const SCENARIO_FLOW_FILES = {
  aws: /vpcflowlogs.*\.log(\.gz)?$/,
  gcp: /vpc_flows.*\.json$/,
} as const;

function plain(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

/** Runs the DuckDB rendering of the flow leg over a scenario's flow files, loaded as the cloud's table. */
export async function runScenarioLeg(
  cloud: 'aws' | 'gcp',
  window = SCENARIO_WINDOW,
  athena: AthenaFlowTable = { name: 'vpc_flow_logs', partitioning: 'day' },
  intel?: IntelData,
): Promise<ScenarioLeg> {
  const policy = loadPolicy(`${SCENARIOS}/${cloud}-policy.yaml`);
  const leg = describeFlowLeg(intel ?? compileIntel(policy).data, window);
  const files = filesUnder(`${SCENARIOS}/${cloud}/telemetry`, SCENARIO_FLOW_FILES[cloud]);
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await db.connect();
  try {
    let sql: string;
    if (cloud === 'aws') {
      await createAthenaFlowTable(c, files, athena.name);
      sql = renderFlowLegSql(leg, vpcFlowSource(duckdb, athena, leg), duckdb);
    } else {
      await createVpcFlowsExport(c, files, 'compute_googleapis_com_vpc_flows');
      sql = renderFlowLegSql(
        leg,
        vpcFlowsSource(duckdb, { name: 'compute_googleapis_com_vpc_flows' }, leg),
        duckdb,
      );
    }
    const reader = await c.runAndReadAll(sql);
    const names = reader.columnNames();
    const rows = reader
      .getRows()
      .map((r) => Object.fromEntries(names.map((n, i) => [n, plain(r[i])])) as FlowLegRow);
    return { policy, leg, files, sql, rows };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
