import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterEach, describe, expect, it } from 'vitest';
import { ATHENA_CALLS } from '../../../../providers/aws/pushdown/athena-calls.js';
import { pushDownAwsFlowLeg } from '../../../../providers/aws/pushdown/flow-leg.js';
import { DEFAULT_ATHENA_TABLE, vpcFlowSource } from '../../../../providers/aws/pushdown/flow-source.js';
import { describeFlowLeg } from '../../../../src/detect/pushdown/flow-leg.js';
import { renderFlowLegSql } from '../../../../src/detect/pushdown/render-sql.js';
import { trino } from '../../../../src/detect/pushdown/sql-dialects.js';
import { runDetection } from '../../../../src/detect/run.js';
import { BundleWriter } from '../../../../src/evidence/writer.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import { FakeAthena, type FakeAthenaScript } from '../../../fakes/pushdown/athena.js';
import { runScenarioLeg, SCENARIO_WINDOW, SCENARIOS } from '../../../fakes/pushdown/scenario-legs.js';
import { tempDir } from '../../../helpers/cli.js';

let fake: FakeAthena | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function run(script: Partial<FakeAthenaScript>, maxScan?: number) {
  const leg = await runScenarioLeg('aws');
  const intel = compileIntel(leg.policy).data;
  const golden = describeFlowLeg(intel, SCENARIO_WINDOW);
  const expectQuery = renderFlowLegSql(golden, vpcFlowSource(trino, DEFAULT_ATHENA_TABLE, golden), trino);
  fake = new FakeAthena({ rows: leg.rows, expectQuery, ...script });
  const endpoint = await fake.start();
  const out = tempDir('rigsight-athena-');
  const writer = new BundleWriter(out, () => new Date('2026-11-21T00:00:00Z'));
  const outcome = await pushDownAwsFlowLeg({
    writer,
    window: SCENARIO_WINDOW,
    account: '111122223333',
    region: 'us-east-1',
    client: {
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
      retryStrategy: new ConfiguredRetryStrategy(3, () => 0),
    },
    intel,
    options: { athenaOutput: 's3://rigsight-results/athena/', ...(maxScan ? { maxScan } : {}) },
    poll: { firstMs: 0, maxMs: 0 },
  });
  const manifest = writer.finish();
  return { outcome, out, manifest, leg, requests: fake.requests };
}

describe('the AWS flow leg pushed down to Athena (real SDK, fake Athena on 127.0.0.1)', () => {
  it('starts the golden query, polls QUEUED → RUNNING → SUCCEEDED, pages the results into the bundle', async () => {
    const { outcome, out, manifest, leg, requests } = await run({});
    expect(outcome).toMatchObject({
      state: 'ok',
      engine: 'athena',
      rows: leg.rows.length,
      bytesScanned: 3_000_000,
    });
    expect(requests.map((r) => r.target.replace('AmazonAthena.', ''))).toEqual([
      'StartQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryResults',
    ]);
    expect(requests[0]?.body).toMatchObject({
      QueryExecutionContext: { Database: 'default' },
      ResultConfiguration: { OutputLocation: 's3://rigsight-results/athena/' },
    });
    const file = outcome.files.find((f) =>
      f.startsWith('telemetry/aws/111122223333/us-east-1/flow-pushdown/'),
    );
    expect(file).toBeDefined();
    const written = JSON.parse(readFileSync(join(out, file as string), 'utf8'));
    expect(written.ResultSet.Rows).toHaveLength(leg.rows.length + 1);
    expect(manifest.files.map((f) => [f.operation, f.outcome])).toEqual([
      ['GetQueryExecution', 'ok'],
      ['GetQueryResults', 'ok'],
    ]);
    expect(manifest.files[1]?.parameters).toMatchObject({ DataScannedInBytes: 3_000_000, pages: 1 });
    // The execution keeps the query text that was run.
    const execution = JSON.parse(readFileSync(join(out, manifest.files[0]?.path as string), 'utf8'));
    expect(execution.QueryExecution.Query).toMatch(/^WITH flows AS/);
    expect(JSON.stringify(manifest)).not.toMatch(/fake-secret|AKIDFAKE/);
  });

  it('only calls the operations on its allow-list, and its query is one SELECT', async () => {
    const { requests } = await run({ states: ['RUNNING'], scannedPerPoll: 10e9 }, 5e9);
    for (const r of requests) expect(ATHENA_CALLS).toContain(r.target.replace('AmazonAthena.', ''));
    const query = String(requests[0]?.body.QueryString);
    expect(query).not.toMatch(/\b(CREATE|INSERT|DROP|ALTER|DELETE|UNLOAD|MSCK)\b/i);
  });

  it("detection over the bundle, with the scenario's other logs, finds the miner through the pushed-down flows", async () => {
    const { out } = await run({});
    const telemetry = join(out, 'telemetry');
    for (const part of ['cloudtrail', 'dns', 'metrics'])
      cpSync(join(SCENARIOS, 'aws', 'telemetry', part), join(telemetry, part), { recursive: true });
    const r = await runDetection({
      telemetry,
      policy: (await runScenarioLeg('aws')).policy,
      now: new Date('2026-11-21T00:00:00Z'),
      workers: 0,
    });
    expect(r.inputs.formats['athena-flow-leg']).toBe(1);
    expect(r.inputs.unrecognized).toEqual([]);
    const miner = r.detections.find((d) => d.instance.id === 'i-0a11ce000000000a1');
    expect(miner?.verdict).toBe('confirmed-mining');
    expect(miner?.legs.network.state).toBe('seen');
    expect(miner?.destinations).toEqual(expect.arrayContaining(['107.191.47.239:3333']));
    expect(miner?.evidence.map((e) => e.api)).toContain('athena-flow-leg');
    rmSync(out, { recursive: true, force: true });
  });

  it('pages with NextToken: 2,500 rows come back in three pages, header first', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      rigsight_flow_row: 'seen',
      endpoint: `eni-${String(i).padStart(8, '0')}`,
      first_ms: 1795169100000,
      last_ms: 1795169160000,
      records: 1,
    }));
    const { outcome, manifest, requests } = await run({ rows });
    expect(outcome).toMatchObject({ state: 'ok', rows: 2500 });
    expect(
      requests.filter((r) => r.target.endsWith('GetQueryResults')).map((r) => r.body.NextToken ?? null),
    ).toEqual([null, 'page-1000', 'page-2000']);
    expect(manifest.files[1]?.parameters).toMatchObject({ pages: 3 });
  });

  it('a FAILED query makes the leg blind with Athena\'s reason, not "nothing found"', async () => {
    const { outcome } = await run({
      states: ['RUNNING', 'FAILED'],
      reason: "TABLE_NOT_FOUND: line 20:8: Table 'awsdatacatalog.default.vpc_flow_logs' does not exist",
    });
    expect(outcome).toMatchObject({ state: 'blind', rows: 0 });
    expect(outcome.reason).toMatch(/failed: TABLE_NOT_FOUND/);
  });

  it('a CANCELLED query is blind too', async () => {
    const { outcome } = await run({ states: ['QUEUED', 'CANCELLED'], reason: 'Query cancelled by user' });
    expect(outcome).toMatchObject({ state: 'blind' });
    expect(outcome.reason).toMatch(/was cancelled: Query cancelled by user/);
  });

  it("retries throttled polls with the SDK's own retry strategy", async () => {
    const { outcome, requests } = await run({ throttle: 2 });
    expect(outcome.state).toBe('ok');
    expect(requests.filter((r) => r.target.endsWith('GetQueryExecution')).length).toBe(5);
  });

  it('stops its own query past --max-scan and says how much was scanned', async () => {
    const { outcome, requests } = await run({ states: ['RUNNING'], scannedPerPoll: 10e9 }, 5e9);
    expect(requests.map((r) => r.target.replace('AmazonAthena.', ''))).toContain('StopQueryExecution');
    expect(outcome).toMatchObject({ state: 'blind', bytesScanned: 20e9 });
    expect(outcome.reason).toMatch(/stopped after scanning 10\.00 GB, over --max-scan 5\.00 GB/);
  });

  it('access denied on start is kept as an error file and the leg is blind with the code', async () => {
    const { outcome, manifest } = await run({
      startError: {
        type: 'AccessDeniedException',
        message: 'not authorized to perform: athena:StartQueryExecution',
        status: 400,
      },
    });
    expect(outcome.state).toBe('blind');
    expect(outcome.reason).toMatch(/StartQueryExecution failed: AccessDeniedException/);
    expect(manifest.files).toEqual([
      expect.objectContaining({
        operation: 'StartQueryExecution',
        outcome: 'error',
        errorCode: 'AccessDeniedException',
      }),
    ]);
  });
});
