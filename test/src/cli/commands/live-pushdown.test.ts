import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import { callerKey, startFake } from '../../../fakes/aws/harness.js';
import { planted, plantedMiningEstate } from '../../../fakes/aws/planted-mining.js';
import type { FakeAws } from '../../../fakes/aws/server.js';
import { FakeAthena } from '../../../fakes/pushdown/athena.js';
import { runCli, tempDir } from '../../../helpers/cli.js';

const HOUR = 3_600_000;
const eni = (id: string) => `eni:eni-${id.slice(2)}`;

/** What Athena answers for the flow-log table: the miner's interface to a listed pool, and two interfaces seen. */
function athenaRows(now: number) {
  const first = now - 3 * HOUR;
  const hour = Math.floor(first / HOUR) * HOUR;
  return [
    {
      rigsight_flow_row: 'hit',
      endpoint: eni(planted.miner),
      scope: planted.account,
      instance_id: planted.miner,
      remote: '107.191.47.239',
      port: 3333,
      match_kind: 'ip-port',
      indicator: '107.191.47.239:3333',
      hour_ms: hour,
      first_ms: first,
      last_ms: first + 50 * 60_000,
      records: 50,
      bytes: 120_000,
      packets: 900,
      accepted: 50,
      rejected: 0,
    },
    ...[planted.miner, planted.busy].map((id) => ({
      rigsight_flow_row: 'seen',
      endpoint: eni(id),
      scope: planted.account,
      instance_id: id,
      network_id: 'vpc-0a0a0a0a',
      first_ms: first,
      last_ms: first + 2 * HOUR,
      records: 400,
    })),
  ];
}

let fake: FakeAws;
let athena: FakeAthena;
let out: string;
let doc: FindingsDocument;
let manifest: Manifest;

beforeAll(async () => {
  fake = await startFake(plantedMiningEstate(), { account: planted.account }, { reportPolls: 0 });
  athena = new FakeAthena({ rows: athenaRows(Date.now()) });
  fake.athena = athena;
  process.env.AWS_ACCESS_KEY_ID = callerKey.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = callerKey.secretAccessKey;
  out = tempDir();
  const r = await runCli(
    'audit',
    '--provider',
    'aws',
    '--endpoint-url',
    fake.url,
    '--live',
    '--since',
    '7d',
    '--athena-table',
    'flowlogs.vpc_flow_logs',
    '--athena-output',
    's3://rigsight-athena-results/',
    '--athena-region',
    planted.region,
    '--quiet',
    '--out',
    out,
  );
  expect(r.err).toBe('');
  doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
  const bundle = join(out, readdirSync(out).find((n) => n.startsWith('bundle-')) as string);
  manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
}, 120_000);

afterAll(async () => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  await fake.stop();
});

describe('audit --provider aws --live with the flow leg pushed down to Athena', () => {
  it('finds the planted miner from CloudTrail, CPU metrics and the Athena result, with no log folder', () => {
    const d = doc.detections.find((x) => x.instance.id === planted.miner);
    expect(d?.verdict).toBe('confirmed-mining');
    expect(d?.legs.creation.state).toBe('seen');
    expect(d?.legs.cpu.state).toBe('seen');
    expect(d?.legs.network.state).toBe('seen');
    expect(d?.destinations).toContain('107.191.47.239:3333');
    expect(d?.evidence.some((e) => e.file.includes('/flow-pushdown/'))).toBe(true);
  });

  it('runs one generated query over the named table, in the named region, and keeps its result hashed', () => {
    const started = athena.requests.filter((q) => q.target === 'AmazonAthena.StartQueryExecution');
    expect(started).toHaveLength(1);
    expect(String(started[0]?.body.QueryString)).toMatch(/FROM "flowlogs"\."vpc_flow_logs"/);
    expect(started[0]?.body.ResultConfiguration).toEqual({ OutputLocation: 's3://rigsight-athena-results/' });
    const files = manifest.files.filter((f) => f.path.includes('/flow-pushdown/'));
    expect(files.length).toBe(1);
    expect(files[0]?.path).toMatch(new RegExp(`^telemetry/aws/${planted.account}/${planted.region}/`));
    expect(files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a quiet interface the table saw is covered, not blind', () => {
    const busy = doc.coverage.find((c) => c.leg === 'network' && c.resource === planted.busy);
    expect(busy?.blind).toBe(false);
  });
});
