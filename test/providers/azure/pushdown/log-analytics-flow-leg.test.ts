import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { afterEach, describe, expect, it } from 'vitest';
import { pushDownAzureFlowLeg } from '../../../../providers/azure/pushdown/flow-leg.js';
import { ntaFlowSource } from '../../../../providers/azure/pushdown/flow-source.js';
import { describeFlowLeg, HOUR_MS } from '../../../../src/detect/pushdown/flow-leg.js';
import { renderFlowLegKql } from '../../../../src/detect/pushdown/render-kql.js';
import type { FlowLegRow } from '../../../../src/detect/pushdown/result-rows.js';
import { digestFile, runDetection } from '../../../../src/detect/run.js';
import { BundleWriter } from '../../../../src/evidence/writer.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { filesUnder } from '../../../fakes/pushdown/duckdb-tables.js';
import { FakeLogAnalytics, type FakeLogAnalyticsScript } from '../../../fakes/pushdown/log-analytics.js';
import { SCENARIO_WINDOW, SCENARIOS } from '../../../fakes/pushdown/scenario-legs.js';
import { tempDir } from '../../../helpers/cli.js';

const WORKSPACE = '3f1c2b4a-0000-4a5b-9c8d-00000000abcd';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJmYWtlIjp0cnVlfQ.fake';
const credential: TokenCredential = {
  getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const policy = loadPolicy(`${SCENARIOS}/azure-policy.yaml`);
const intel = compileIntel(policy).data;

/**
 * What traffic analytics would answer for the Azure scenario: the local engine's matches and coverage over the
 * scenario's VNet flow logs, as result rows (one hour bucket per match). KQL semantics are pinned by golden text.
 */
async function scenarioRows(): Promise<FlowLegRow[]> {
  const files = filesUnder(`${SCENARIOS}/azure/telemetry/flowlogs`, /PT1H\.json$/);
  const digests = (await Promise.all(files.map((f) => digestFile(f, policy)))).filter((d) => d !== undefined);
  return digests.flatMap((d) => [
    ...d.flows.map((h) => ({
      rigsight_flow_row: 'hit',
      endpoint: h.endpoint,
      scope: h.scope ?? '',
      instance_id: '',
      network_id: '',
      remote: h.remote,
      port: h.port,
      match_kind: h.match,
      indicator: h.indicator,
      hour_ms: Math.floor(h.first / HOUR_MS) * HOUR_MS,
      first_ms: h.first,
      last_ms: h.last,
      records: h.records,
      bytes: h.bytes,
      packets: h.packets,
      accepted: h.accepted,
      rejected: h.rejected,
    })),
    ...d.endpoints.map((e) => ({
      rigsight_flow_row: 'seen',
      endpoint: e.endpoint,
      scope: e.scope ?? '',
      instance_id: '',
      network_id: e.networkId ?? '',
      first_ms: e.first,
      last_ms: e.last,
      records: e.records,
    })),
  ]);
}

let fake: FakeLogAnalytics | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function run(script: Partial<FakeLogAnalyticsScript>) {
  const leg = describeFlowLeg(intel, SCENARIO_WINDOW);
  const rows = await scenarioRows();
  fake = new FakeLogAnalytics({ rows, expectQuery: renderFlowLegKql(leg, ntaFlowSource(leg)), ...script });
  const endpoint = await fake.start();
  const out = tempDir('rigsight-log-analytics-');
  const writer = new BundleWriter(out, () => new Date('2026-11-21T00:00:00Z'));
  const outcome = await pushDownAzureFlowLeg({
    writer,
    window: SCENARIO_WINDOW,
    subscription: '00000000-aaaa-bbbb-cccc-000000000001',
    credential,
    client: { endpoint, retryOptions: { maxRetries: 0 } },
    intel,
    options: { logAnalyticsWorkspace: WORKSPACE },
  });
  return { outcome, out, manifest: writer.finish(), rows, requests: fake.requests };
}

describe('the Azure flow leg pushed down to Log Analytics (real SDK over https, fake query API on 127.0.0.1)', () => {
  it('posts the golden KQL with the window as timespan and writes the API\'s {"tables":[…]} answer', async () => {
    const { outcome, out, manifest, rows, requests } = await run({});
    expect(outcome).toMatchObject({ state: 'ok', engine: 'log-analytics', rows: rows.length });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe(`/v1/workspaces/${WORKSPACE}/query`);
    expect(requests[0]?.body.timespan).toBe('2026-11-19T00:00:00.000Z/2026-11-23T00:00:00.000Z');
    expect(requests[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(requests[0]?.prefer).toMatch(/wait=600/);
    const file = outcome.files[0] as string;
    expect(file).toMatch(/^telemetry\/azure\/00000000-aaaa-bbbb-cccc-000000000001\/flow-pushdown\//);
    const written = JSON.parse(readFileSync(join(out, file), 'utf8'));
    expect(written.tables[0].rows).toHaveLength(rows.length);
    expect(manifest.files[0]).toMatchObject({ service: 'log-analytics', operation: 'query', outcome: 'ok' });
    expect(JSON.stringify(manifest)).not.toContain(TOKEN);
  });

  it("detection over the bundle with the scenario's activity log and metrics finds the miner through it", async () => {
    const { out } = await run({});
    const telemetry = join(out, 'telemetry');
    for (const part of ['activity', 'metrics'])
      cpSync(join(SCENARIOS, 'azure', 'telemetry', part), join(telemetry, part), { recursive: true });
    const local = await runDetection({
      telemetry: `${SCENARIOS}/azure/telemetry`,
      policy,
      now: new Date('2026-11-21T00:00:00Z'),
      workers: 0,
    });
    const pushed = await runDetection({
      telemetry,
      policy,
      now: new Date('2026-11-21T00:00:00Z'),
      workers: 0,
    });
    expect(pushed.inputs.formats['log-analytics-flow-leg']).toBe(1);
    expect(pushed.inputs.unrecognized).toEqual([]);
    const verdicts = (r: typeof local) =>
      r.detections.map((d) => [d.instance.id, d.verdict, d.legs.network.state]);
    expect(verdicts(pushed)).toEqual(verdicts(local));
    expect(pushed.detections.some((d) => d.verdict === 'confirmed-mining')).toBe(true);
  });

  it('a partial answer keeps its matches but leaves the leg blind, with the reason', async () => {
    const { outcome } = await run({
      partial: { code: 'E_QUERY_RESULT_SET_TOO_LARGE', message: 'result set exceeded 64 MB' },
    });
    expect(outcome.state).toBe('blind');
    expect(outcome.rows).toBeGreaterThan(0);
    expect(outcome.reason).toMatch(/partial results: PartialError/);
  });

  it("a refused query is blind with the API's code, kept as an error file", async () => {
    const { outcome, manifest } = await run({
      fail: {
        status: 403,
        code: 'InsufficientAccessError',
        message: 'The provided credentials have insufficient access',
      },
    });
    expect(outcome.state).toBe('blind');
    expect(outcome.reason).toMatch(/InsufficientAccessError/);
    expect(manifest.files).toEqual([
      expect.objectContaining({
        outcome: 'error',
        path: 'azure/00000000-aaaa-bbbb-cccc-000000000001/log-analytics/query.error.json',
      }),
    ]);
  });
});
