import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../../../src/collect/shard.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { callerKey, startFake } from '../../../fakes/aws/harness.js';
import type { FakeAws } from '../../../fakes/aws/server.js';
import { SyntheticEstate } from '../../../fakes/aws/synthetic.js';
import { runCli, tempDir } from '../../../helpers/cli.js';
import { assessBundle, comparable } from '../../../helpers/comparable-findings.js';

// Nine accounts in two regions; account 4 does not trust the audit role. The org trail's bucket is the management
// account's, so shards without it must read that bucket as its owner to judge their accounts' audit retention.
const estate = new SyntheticEstate({
  accounts: 9,
  regions: ['eu-west-1', 'us-east-1'],
  perList: 1,
  orgRole: 'rigsight-audit',
  failingAccounts: [4],
});
const now = '2026-11-27T00:00:00Z';
let fake: FakeAws;
const live = () => [
  '--provider',
  'aws',
  '--org-role',
  'rigsight-audit',
  '--endpoint-url',
  fake.url,
  '--quiet',
];
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

const assess = (bundle: string) => assessBundle(bundle, now);

const root = tempDir('rigsight-shards-');
const shardDir = (i: number) => join(root, `shard-${i}`);

beforeAll(async () => {
  fake = await startFake(estate, { account: estate.management }, { reportPolls: 0 });
  process.env.AWS_ACCESS_KEY_ID = callerKey.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = callerKey.secretAccessKey;
  expect((await runCli('collect', ...live(), '--out', join(root, 'whole'))).code).toBe(0);
  for (const i of [1, 2, 3, 4]) {
    const r = await runCli('collect', ...live(), '--shard', `${i}/4`, '--out', shardDir(i));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }
}, 120_000);
afterAll(() => fake.stop());
beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = callerKey.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = callerKey.secretAccessKey;
});
afterEach(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe('collect --shard I/4 then evidence merge (AWS organization)', () => {
  it('splits the accounts so each is collected by exactly one shard, and records the shard', () => {
    const owned = [1, 2, 3, 4].map((i) => manifestOf(shardDir(i)).scopes.map((s) => s.id));
    expect(owned.flat().sort()).toEqual(estate.ids);
    expect(new Set(owned.flat()).size).toBe(estate.ids.length);
    for (const i of [1, 2, 3, 4]) {
      const shard = manifestOf(shardDir(i)).shard;
      expect(shard).toMatchObject({ index: i, count: 4, provider: 'aws', scopes: estate.ids });
      expect(shard?.origin).toMatch(/^aws organization /);
    }
  });

  it('refuses a shard that is not I/N with I from 1 to N, before any call', async () => {
    for (const [value, why] of [
      ['0/4', /index I must be from 1 to 4 \(I counts from 1/],
      ['5/4', /index I must be from 1 to 4$/m],
      ['1/4/2', /is not a shard: write I\/N/],
    ] as const) {
      const r = await runCli('collect', ...live(), '--shard', value, '--out', join(tempDir(), 'b'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
    }
  });

  it('gives the same findings from four merged shards as from one unsharded run', async () => {
    const merged = join(root, 'merged');
    const r = await runCli('evidence', 'merge', ...[1, 2, 3, 4].map(shardDir), '--out', merged);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^merged 4 bundle\(s\) into .*: \d+ files \(\d+ identical in several inputs, kept once\), 9 scope\(s\)/,
    );
    expect((await runCli('evidence', 'verify', merged)).code).toBe(0);
    const whole = await assess(join(root, 'whole'));
    const joined = await assess(merged);
    expect(joined.findings.length).toBeGreaterThan(100);
    expect(joined.scopes.find((s) => s.id === '100000000004')?.status).toBe('unassessed');
    expect(comparable(joined)).toEqual(comparable(whole));
  });

  it('reports only its own accounts when one shard is assessed alone', async () => {
    const index = [1, 2, 3, 4].find((i) => i !== shardOf(estate.management, 4)) as number;
    const doc = await assess(shardDir(index));
    const own = manifestOf(shardDir(index)).scopes.map((s) => s.id);
    expect(doc.scopes.map((s) => s.id)).toEqual(own);
    expect(doc.findings.every((f) => own.includes(f.scope))).toBe(true);
  });

  it('keeps every file hash and names the input each copy came from', () => {
    const m = manifestOf(join(root, 'merged'));
    const whole = manifestOf(join(root, 'whole'));
    expect(m.files.map((f) => f.path)).toEqual(whole.files.map((f) => f.path));
    expect(m.merged?.inputs.map((i) => i.shard?.index)).toEqual([1, 2, 3, 4]);
    for (const f of m.files) expect(f.source).toBeTypeOf('number');
    // The organization's own files were read by every shard and kept once.
    const org = m.files.find((f) => f.path.endsWith('/organizations/ListAccounts.json'));
    expect(org?.alsoIn).toEqual([1, 2, 3]);
  });

  it('writes the same shard with collecting threads (--workers 2) as with one', async () => {
    // A shard without the management account: it reads the organization trail's bucket as its owner.
    const index = [1, 2, 3, 4].find((i) => i !== shardOf(estate.management, 4)) as number;
    const threaded = join(root, 'threaded');
    const r = await runCli(
      'collect',
      ...live(),
      '--shard',
      `${index}/4`,
      '--workers',
      '2',
      '--out',
      threaded,
    );
    expect(r.code).toBe(0);
    const files = (dir: string) => manifestOf(dir).files.map((f) => `${f.path} ${f.sha256}`);
    expect(files(threaded)).toEqual(files(shardDir(index)));
    expect(files(threaded).some((f) => f.includes('GetBucketLifecycleConfiguration/org-trail-logs'))).toBe(
      true,
    );
  });
});
