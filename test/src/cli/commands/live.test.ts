import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import { callerKey, startFake } from '../../../fakes/aws/harness.js';
import { planted, plantedMiningEstate } from '../../../fakes/aws/planted-mining.js';
import type { FakeAws } from '../../../fakes/aws/server.js';
import { runCli, tempDir } from '../../../helpers/cli.js';

let fake: FakeAws;
const aws = (f: FakeAws = fake) => ['--provider', 'aws', '--endpoint-url', f.url];
const doc = (dir: string) => JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as FindingsDocument;
const bundleIn = (dir: string) => join(dir, readdirSync(dir).find((n) => n.startsWith('bundle-')) as string);
const manifestOf = (bundle: string) =>
  JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;

beforeAll(async () => {
  fake = await startFake(plantedMiningEstate(), { account: planted.account }, { reportPolls: 0 });
});
afterAll(() => fake.stop());
beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = callerKey.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = callerKey.secretAccessKey;
});
afterEach(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe('audit --provider aws --live', () => {
  let out: string;
  let live: FindingsDocument;

  beforeAll(async () => {
    out = tempDir();
    process.env.AWS_ACCESS_KEY_ID = callerKey.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = callerKey.secretAccessKey;
    const r = await runCli('audit', ...aws(), '--live', '--since', '7d', '--quiet', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    live = doc(out);
  }, 60_000);

  it('finds the planted miner from CloudTrail, CPU and GuardDuty without any log folder', () => {
    const miner = live.detections.find((d) => d.instance.id === planted.miner);
    expect(miner, JSON.stringify(live.detections.map((d) => d.instance.id))).toBeDefined();
    expect(miner?.verdict).toBe('confirmed-mining');
    expect(miner?.legs.creation.state).toBe('seen');
    expect(miner?.legs.cpu.state).toBe('seen');
    expect(miner?.legs.network.state).toBe('seen');
    expect(miner?.createdBy).toBe(`arn:aws:iam::${planted.account}:user/${planted.leakedUser}`);
    expect(miner?.destinations.join(' ')).toContain(planted.pool);
    // The busy instance the Auto Scaling service role launched is sanctioned work, not mining.
    const busy = live.detections.find((d) => d.instance.id === planted.busy);
    expect(busy?.verdict ?? 'benign-explained').toBe('benign-explained');
    expect(live.detections.some((d) => d.instance.id === planted.quiet)).toBe(false);
  });

  it('writes what it pulled as native files under telemetry/, hashed in the manifest and cited by it', async () => {
    const bundle = bundleIn(out);
    const manifest = manifestOf(bundle);
    expect(manifest.live?.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const base = `telemetry/aws/${planted.account}/${planted.region}`;
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `${base}/cloudtrail/LookupEvents.json`,
        `${base}/cloudwatch/GetMetricData.json`,
        `${base}/guardduty/GetFindings/${planted.detector}.json`,
      ]),
    );
    // A region without a detector is recorded as skipped, with the reason.
    const skipped = manifest.files.find(
      (f) => f.path === `telemetry/aws/${planted.account}/eu-west-1/guardduty/ListFindings.json`,
    );
    expect(skipped).toMatchObject({
      outcome: 'skipped',
      parameters: { reason: 'no GuardDuty detector in this region' },
    });
    const events = JSON.parse(
      readFileSync(join(bundle, base, 'cloudtrail', 'LookupEvents.json'), 'utf8'),
    ) as {
      Events: { CloudTrailEvent: string }[];
    };
    // 122 writes in the window: three pages of ReadOnly=false merged into one file.
    expect(events.Events).toHaveLength(122);
    expect(fake.calls('cloudtrail', 'LookupEvents').filter((c) => c.region === planted.region).length).toBe(
      3,
    );
    const metrics = JSON.parse(
      readFileSync(join(bundle, base, 'cloudwatch', 'GetMetricData.json'), 'utf8'),
    ) as {
      MetricDataResults: { Label: string }[];
    };
    expect(metrics.MetricDataResults.map((m) => m.Label).sort()).toEqual(
      [planted.miner, planted.busy, planted.quiet].sort().map((id) => `${id} CPUUtilization`),
    );
    const miner = live.detections.find((d) => d.instance.id === planted.miner);
    const cited = miner?.evidence.filter((e) => e.file.startsWith('telemetry/')) ?? [];
    expect(cited.map((e) => e.file)).toEqual(
      expect.arrayContaining([
        `${base}/cloudtrail/LookupEvents.json`,
        `${base}/cloudwatch/GetMetricData.json`,
      ]),
    );
    for (const e of cited) {
      const entry = manifest.files.find((f) => f.path === e.file);
      expect(e.sha256).toBe(entry?.sha256);
      expect(e.api).toBe(`${entry?.service}:${entry?.operation}`);
    }
    expect(live.inputs.unrecognized.filter((f) => f.includes('telemetry'))).toEqual([]);
    const verify = await runCli('evidence', 'verify', bundle);
    expect(verify.code).toBe(0);
  });

  it('replays offline: audit --evidence on that bundle gives the same detections', async () => {
    const again = tempDir();
    const r = await runCli('audit', '--evidence', bundleIn(out), '--quiet', '--out', again);
    expect(r.code).toBe(0);
    const offline = doc(again);
    const view = (d: FindingsDocument) =>
      d.detections.map((x) => ({ id: x.id, verdict: x.verdict, legs: x.legs, evidence: x.evidence }));
    expect(view(offline)).toEqual(view(live));
    expect(offline.detections.length).toBeGreaterThan(0);
  });

  it('detect --live collects its own bundle and needs no --telemetry', async () => {
    const dir = tempDir();
    const r = await runCli('detect', ...aws(), '--live', '--since', '3d', '--quiet', '--out', dir);
    expect(r.code).toBe(0);
    const d = doc(dir);
    expect(d.findings).toEqual([]);
    expect(d.detections.find((x) => x.instance.id === planted.miner)?.verdict).toBe('confirmed-mining');
    expect(manifestOf(bundleIn(dir)).live).toBeDefined();
  }, 60_000);
});

describe('a denied live pull is a named blind spot', () => {
  it('shows the regions whose LookupEvents or GetMetricData were denied as blind, and still finds the miner', async () => {
    const denied = await startFake(
      plantedMiningEstate(),
      { account: planted.account },
      {
        reportPolls: 0,
        faults: [
          {
            service: 'cloudtrail',
            operation: 'LookupEvents',
            region: 'eu-west-1',
            kind: 'denied',
            times: Infinity,
          },
          {
            service: 'cloudwatch',
            operation: 'GetMetricData',
            region: 'us-east-1',
            kind: 'denied',
            times: Infinity,
          },
        ],
      },
    );
    try {
      const dir = tempDir();
      const r = await runCli('audit', ...aws(denied), '--live', '--since', '7d', '--quiet', '--out', dir);
      expect(r.code).toBe(0);
      const d = doc(dir);
      // One row per source that could not be read, named in the cloud's words, with the region and the error.
      const blind = d.coverage.filter((c) => c.resource.includes(' in ') && c.blind);
      expect(blind.map((c) => [c.resource, c.leg])).toEqual([
        ['CloudTrail event history (LookupEvents) in eu-west-1', 'creation'],
        ['CloudWatch CPUUtilization (GetMetricData) in us-east-1', 'cpu'],
      ]);
      expect(blind[0]?.why).toMatch(/in eu-west-1 could not be read \(AccessDeniedException/);
      expect(blind[1]?.why).toMatch(/in us-east-1 could not be read \(AccessDenied/);
      // A regional source blinds its own region only: us-east-1's quiet instance is not blind for eu-west-1's history.
      const quiet = d.coverage.find((c) => c.leg === 'creation' && c.resource === planted.quiet);
      expect(quiet?.why).toBeDefined();
      expect(quiet?.why).not.toMatch(/eu-west-1 could not be read/);
      const bundle = bundleIn(dir);
      const errorFile = `telemetry/aws/${planted.account}/eu-west-1/cloudtrail/LookupEvents.error.json`;
      expect(manifestOf(bundle).files.find((f) => f.path === errorFile)).toMatchObject({
        outcome: 'error',
        errorCode: 'AccessDeniedException',
      });
      expect(d.scopes.find((s) => s.id === planted.account)).toBeDefined();
      // Its CPU is now unknown, never "absent", and says why: the creation and GuardDuty legs still name it.
      const miner = d.detections.find((x) => x.instance.id === planted.miner);
      expect(miner?.legs.cpu.state).toBe('blind');
      expect(miner?.legs.cpu.detail).toMatch(/GetMetricData\) in us-east-1 could not be read/);
      expect(miner?.legs.creation.state).toBe('seen');
      expect(miner?.verdict).not.toBe('benign-explained');
      expect(readdirSync(join(bundle, `telemetry/aws/${planted.account}/us-east-1/cloudwatch`))).toEqual([
        'GetMetricData.error.json',
      ]);
    } finally {
      await denied.stop();
    }
  }, 60_000);
});

describe('live window checks', () => {
  const tries: [string[], RegExp][] = [
    [['--live'], /--live needs --since/],
    [['--since', '7d'], /--since and --until need --live/],
    [['--live', '--since', '7x'], /neither a duration \(7d, 36h, 90m\) nor an ISO 8601 time/],
    [['--live', '--since', '2099-01-01T00:00:00Z'], /--since 2099-01-01T00:00:00.000Z is in the future/],
    [['--live', '--since', '2d', '--until', '3d'], /is not before --until .* the window is empty/],
    [['--live', '--since', '120d'], /more than 90 days ago; AWS keeps CloudTrail event history/],
    [
      ['--live', '--since', '1d', '--until', '2099-01-01'],
      /--until 2099-01-01T00:00:00.000Z is in the future/,
    ],
  ];
  it.each(tries)('collect %j is refused before any call', async (args, message) => {
    const before = fake.requests.length;
    const r = await runCli('collect', ...aws(), ...args, '--out', tempDir());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(fake.requests.length).toBe(before);
  });

  it('refuses detect --live without a provider, and --since on an audit of a bundle', async () => {
    const a = await runCli('detect', '--live', '--since', '1d', '--out', tempDir());
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/detect --live needs --provider CLOUD/);
    const b = await runCli('audit', '--evidence', tempDir(), '--live', '--since', '1d', '--out', tempDir());
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--live, --since and --until need --provider CLOUD/);
  });
});
