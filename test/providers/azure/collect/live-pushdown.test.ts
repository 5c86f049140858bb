import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDocument } from '../../../../src/detect/document.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { collectFrom, fakeEnv, fakeEstate, startFake } from '../../../fakes/azure/harness.js';
import { liveTimes, plantLive } from '../../../fakes/azure/live.js';
import type { FakeArm } from '../../../fakes/azure/server.js';
import { FakeLogAnalytics } from '../../../fakes/pushdown/log-analytics.js';

const workspace = '5c0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const first = liveTimes.minerLaunch.getTime() + 20 * 60_000;
let fake: FakeArm;
let la: FakeLogAnalytics;
let out: string;
let doc: FindingsDocument;

beforeAll(async () => {
  const { estate, subscriptions } = fakeEstate({ subscriptions: 1 });
  plantLive(estate, subscriptions);
  const nic = `nic:/subscriptions/${subscriptions[0]}/resourcegroups/rg-net/providers/microsoft.network/networkinterfaces/vm-gpu-tmp-nic`;
  fake = await startFake(estate);
  // What traffic analytics answers: the miner's NIC to a listed pool, and the NIC seen.
  la = new FakeLogAnalytics({
    rows: [
      {
        rigsight_flow_row: 'hit',
        endpoint: nic,
        scope: subscriptions[0],
        remote: '107.191.47.239',
        port: 3333,
        match_kind: 'ip-port',
        indicator: '107.191.47.239:3333',
        hour_ms: Math.floor(first / 3_600_000) * 3_600_000,
        first_ms: first,
        last_ms: first + 30 * 60_000,
        records: 30,
        bytes: 60_000,
        packets: 500,
        accepted: 30,
        rejected: 0,
      },
      {
        rigsight_flow_row: 'seen',
        endpoint: nic,
        scope: subscriptions[0],
        first_ms: first,
        last_ms: first + 3_600_000,
        records: 200,
      },
    ],
  });
  const url = await la.start();
  ({ out } = await collectFrom(fake, {
    subscriptions,
    live: { since: liveTimes.since, until: liveTimes.until },
    env: { ...fakeEnv(fake), RIGSIGHT_AZURE_LOG_ANALYTICS_ENDPOINT: url },
    flowPushdown: {
      intel: compileIntel(loadPolicy()).data,
      options: { logAnalyticsWorkspace: workspace },
    },
  }));
  doc = await detectDocument({
    telemetry: join(out, 'telemetry'),
    evidence: out,
    policy: loadPolicy(),
    now: liveTimes.until,
    workers: 0,
  });
}, 60_000);

afterAll(async () => {
  await la?.stop();
  await fake?.stop();
});

describe('collect --provider azure --live --log-analytics-workspace: the flow leg pushed down to traffic analytics', () => {
  it('asks the workspace one KQL query over NTANetAnalytics for the window', () => {
    expect(la.requests.map((r) => r.path)).toEqual([`/v1/workspaces/${workspace}/query`]);
    expect(la.requests[0]?.body.query).toContain('NTANetAnalytics');
    // From the window's start; the end runs a little past it, for records written after their flow ended.
    expect(la.requests[0]?.body.timespan?.startsWith(`${liveTimes.since.toISOString()}/`)).toBe(true);
  });

  it("keeps the workspace's answer hashed in the bundle, and detection sees the miner's pool traffic from it", () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files.some((f) => f.path.includes('/flow-pushdown/') && f.outcome === 'ok')).toBe(true);
    const d = doc.detections.find((x) => /\/virtualmachines\/vm-gpu-tmp$/i.test(x.instance.id));
    expect(d?.legs.network.state).toBe('seen');
    expect(d?.destinations).toContain('107.191.47.239:3333');
  });
});
