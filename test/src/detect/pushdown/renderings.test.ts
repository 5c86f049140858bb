import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ATHENA_TABLE, vpcFlowSource } from '../../../../providers/aws/pushdown/flow-source.js';
import { ntaFlowSource } from '../../../../providers/azure/pushdown/flow-source.js';
import { vpcFlowsSource } from '../../../../providers/gcp/pushdown/flow-source.js';
import { describeFlowLeg } from '../../../../src/detect/pushdown/flow-leg.js';
import { KQL_MAX_QUERY_BYTES, renderFlowLegKql } from '../../../../src/detect/pushdown/render-kql.js';
import { renderFlowLegSql } from '../../../../src/detect/pushdown/render-sql.js';
import { bigquery, trino } from '../../../../src/detect/pushdown/sql-dialects.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import type { IntelData } from '../../../../src/intel/matcher.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const dir = 'test/fixtures/pushdown';
const window = { since: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-21T00:00:00Z') };
/** Small intel with one of each kind, so the golden text stays reviewable. */
const intel: IntelData = {
  domains: [['supportxmr.com', 'maltrail/crypto_mining.txt']],
  ips: [['107.191.47.239', 'maltrail/crypto_mining.txt']],
  ipPorts: [['198.51.100.77:4444', 'maltrail/crypto_mining.txt']],
  cidrs: [
    ['45.9.148.0/24', 'extra'],
    ['2001:db8::/32', 'extra'],
  ],
  allow: ['203.0.113.10', '192.0.2.0/28', 'pool.example.org'],
  miningPorts: [3333, 4444, 5555],
};

/** Compares with the committed rendering (RIGSIGHT_UPDATE_GOLDEN=1 rewrites it, to be reviewed in the diff). */
function golden(name: string, text: string) {
  const file = `${dir}/${name}`;
  if (process.env.RIGSIGHT_UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('the flow leg rendered for each engine', () => {
  const leg = describeFlowLeg(intel, window);

  it('keeps what engines cannot compare as text out, and says so', () => {
    expect(leg.leftOut).toEqual(['2001:db8::/32']);
    expect(leg.allowIps).toEqual(['203.0.113.10']);
    expect(leg.allowCidrs.map((b) => b.cidr)).toEqual(['192.0.2.0/28']);
  });

  it('Athena (Trino) over the partition-projection table: golden text', () => {
    golden(
      'athena-flow-leg.sql',
      renderFlowLegSql(leg, vpcFlowSource(trino, DEFAULT_ATHENA_TABLE, leg), trino),
    );
  });

  it('Athena over a DATE-partitioned table prunes on "date"', () => {
    const sql = renderFlowLegSql(
      leg,
      vpcFlowSource(trino, { name: 'flows.vpc', partitioning: 'date' }, leg),
      trino,
    );
    expect(sql).toContain(`"date" BETWEEN DATE '2026-11-20' AND DATE '2026-11-22'`);
    expect(sql).toContain('FROM "flows"."vpc"');
  });

  it('BigQuery over date-sharded export tables: golden text, pruned by _TABLE_SUFFIX', () => {
    const sql = renderFlowLegSql(
      leg,
      vpcFlowsSource(bigquery, { name: 'acme-logs.flow_export.compute_googleapis_com_vpc_flows_*' }, leg),
      bigquery,
    );
    expect(sql).toContain("_TABLE_SUFFIX BETWEEN '20261120' AND '20261122'");
    golden('bigquery-flow-leg.sql', sql);
  });

  it('BigQuery over a partitioned export table prunes on timestamp', () => {
    const sql = renderFlowLegSql(
      leg,
      vpcFlowsSource(bigquery, { name: 'p.d.compute_googleapis_com_vpc_flows' }, leg),
      bigquery,
    );
    expect(sql).toContain('`timestamp` >= TIMESTAMP_MILLIS(1795132800000)');
  });

  it('Log Analytics (KQL) over NTANetAnalytics: golden text', () => {
    golden('log-analytics-flow-leg.kql', renderFlowLegKql(leg, ntaFlowSource(leg)));
  });

  it("with the real intel (every list in the default policy), each query stays under its engine's limit", () => {
    const real = describeFlowLeg(compileIntel(loadPolicy()).data, window);
    expect(real.ips.length + real.ipPorts.length).toBeGreaterThan(2000);
    const athena = Buffer.byteLength(
      renderFlowLegSql(real, vpcFlowSource(trino, DEFAULT_ATHENA_TABLE, real), trino),
    );
    const bq = Buffer.byteLength(
      renderFlowLegSql(real, vpcFlowsSource(bigquery, { name: 'p.d.t' }, real), bigquery),
    );
    const kql = Buffer.byteLength(renderFlowLegKql(real, ntaFlowSource(real)));
    expect(athena).toBeLessThan(trino.maxQueryBytes / 4);
    expect(bq).toBeLessThan(bigquery.maxQueryBytes / 4);
    expect(kql).toBeLessThan(KQL_MAX_QUERY_BYTES / 4);
  });
});
