import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { googleAuthLibrary } from 'google-gax';
import { afterEach, describe, expect, it } from 'vitest';
import { pushDownGcpFlowLeg } from '../../../../providers/gcp/pushdown/flow-leg.js';
import { vpcFlowsSource } from '../../../../providers/gcp/pushdown/flow-source.js';
import { describeFlowLeg } from '../../../../src/detect/pushdown/flow-leg.js';
import { renderFlowLegSql } from '../../../../src/detect/pushdown/render-sql.js';
import { bigquery } from '../../../../src/detect/pushdown/sql-dialects.js';
import { runDetection } from '../../../../src/detect/run.js';
import { BundleWriter } from '../../../../src/evidence/writer.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import { FakeBigQuery, type FakeBigQueryScript } from '../../../fakes/pushdown/bigquery.js';
import { runScenarioLeg, SCENARIO_WINDOW, SCENARIOS } from '../../../fakes/pushdown/scenario-legs.js';
import { tempDir } from '../../../helpers/cli.js';

const TABLE = 'acme-logs.flow_export.compute_googleapis_com_vpc_flows';
const TOKEN = 'ya29.fake-token-never-written';
let fake: FakeBigQuery | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function run(script: Partial<FakeBigQueryScript>, maxScan?: number) {
  const leg = await runScenarioLeg('gcp');
  const intel = compileIntel(leg.policy).data;
  const golden = describeFlowLeg(intel, SCENARIO_WINDOW);
  const expectQuery = renderFlowLegSql(golden, vpcFlowsSource(bigquery, { name: TABLE }, golden), bigquery);
  fake = new FakeBigQuery({ rows: leg.rows, expectQuery, ...script });
  const apiEndpoint = await fake.start();
  const authClient = new googleAuthLibrary.OAuth2Client();
  authClient.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
  const out = tempDir('rigsight-bigquery-');
  const writer = new BundleWriter(out, () => new Date('2026-11-21T00:00:00Z'));
  const outcome = await pushDownGcpFlowLeg({
    writer,
    window: SCENARIO_WINDOW,
    project: 'acme-prod',
    client: { apiEndpoint, authClient: authClient as never },
    intel,
    options: { bigqueryTable: TABLE, ...(maxScan ? { maxScan } : {}) },
    poll: { firstMs: 0, maxMs: 0 },
  });
  const manifest = writer.finish();
  return { outcome, out, manifest, leg, requests: fake.requests };
}

describe('the GCP flow leg pushed down to BigQuery (real SDK, fake BigQuery REST on 127.0.0.1)', () => {
  it('dry-runs, runs the golden query capped by maximumBytesBilled, waits, pages and writes the result', async () => {
    const { outcome, out, manifest, leg, requests } = await run({ incomplete: 2 }, 50e9);
    expect(outcome).toMatchObject({
      state: 'ok',
      engine: 'bigquery',
      rows: leg.rows.length,
      bytesScanned: 5_000_000,
    });
    const inserts = requests.filter((r) => r.method === 'POST');
    expect(
      inserts.map((r) => ((r.body?.configuration ?? {}) as { dryRun?: boolean }).dryRun ?? false),
    ).toEqual([true, false]);
    expect(
      (inserts[1]?.body?.configuration as { query?: { maximumBytesBilled?: string } } | undefined)?.query
        ?.maximumBytesBilled,
    ).toBe('50000000000');
    expect(requests.filter((r) => r.path.includes('/queries/'))).toHaveLength(3);
    expect(requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const file = outcome.files.find((f) => f.startsWith('telemetry/gcp/acme-prod/flow-pushdown/')) as string;
    const written = JSON.parse(readFileSync(join(out, file), 'utf8'));
    expect(written.rows).toHaveLength(leg.rows.length);
    expect(written.pageToken).toBeUndefined();
    expect(manifest.files.map((f) => f.operation)).toEqual(['jobs.get', 'jobs.getQueryResults']);
    expect(readFileSync(join(out, manifest.files[0]?.path as string), 'utf8')).toMatch(
      /"query": "WITH flows AS/,
    );
    expect(JSON.stringify(manifest) + readFileSync(join(out, file), 'utf8')).not.toContain(TOKEN);
  });

  it("detection over the bundle with the scenario's audit and CPU logs finds the miner through the pushed-down flows", async () => {
    const { out } = await run({});
    const telemetry = join(out, 'telemetry');
    cpSync(join(SCENARIOS, 'gcp', 'telemetry', 'monitoring'), join(telemetry, 'monitoring'), {
      recursive: true,
    });
    cpSync(
      join(SCENARIOS, 'gcp', 'telemetry', 'logs', 'cloudaudit.googleapis.com'),
      join(telemetry, 'logs', 'cloudaudit.googleapis.com'),
      { recursive: true },
    );
    const r = await runDetection({
      telemetry,
      policy: (await runScenarioLeg('gcp')).policy,
      now: new Date('2026-11-21T00:00:00Z'),
      workers: 0,
    });
    expect(r.inputs.formats['bigquery-flow-leg']).toBe(1);
    expect(r.inputs.unrecognized).toEqual([]);
    const miner = r.detections.find(
      (d) => d.legs.network.state === 'seen' && d.verdict === 'confirmed-mining',
    );
    expect(miner?.destinations).toEqual(expect.arrayContaining(['107.191.47.239:3333']));
  });

  it('pages with pageToken: 25,000 rows in three pages', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => ({
      rigsight_flow_row: 'seen',
      endpoint: `vm:acme-prod/us-central1-a/vm-${i}`,
      first_ms: 1795169100000,
      last_ms: 1795169160000,
      records: 1,
    }));
    const { outcome, requests } = await run({ rows });
    expect(outcome).toMatchObject({ state: 'ok', rows: 25_000 });
    expect(requests.filter((r) => r.path.includes('/queries/')).map((r) => r.query.get('pageToken'))).toEqual(
      [null, '10000', '20000'],
    );
  });

  it('does not run a query whose dry run is over --max-scan', async () => {
    const { outcome, requests } = await run({ bytes: 80e9 }, 50e9);
    expect(outcome.state).toBe('blind');
    expect(outcome.reason).toMatch(/dry run estimates 80\.00 GB processed, over --max-scan 50\.00 GB/);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it("a failed job is blind with BigQuery's reason, kept as an error file", async () => {
    const { outcome, manifest } = await run({
      jobError: {
        reason: 'accessDenied',
        message: 'Access Denied: Table acme-logs:flow_export.compute_googleapis_com_vpc_flows',
      },
    });
    expect(outcome.state).toBe('blind');
    expect(outcome.reason).toMatch(/jobs\.getQueryResults failed: accessDenied: Access Denied/);
    expect(manifest.files).toEqual([
      expect.objectContaining({ outcome: 'error', errorCode: 'accessDenied' }),
    ]);
  });

  it('without --bigquery-table the leg is blind and says what to name', async () => {
    const out = tempDir('rigsight-bigquery-');
    const outcome = await pushDownGcpFlowLeg({
      writer: new BundleWriter(out),
      window: SCENARIO_WINDOW,
      project: 'acme-prod',
      client: {},
      intel: compileIntel((await runScenarioLeg('gcp')).policy).data,
      options: {},
    });
    expect(outcome).toMatchObject({ state: 'blind', reason: expect.stringMatching(/--bigquery-table/) });
  });
});
