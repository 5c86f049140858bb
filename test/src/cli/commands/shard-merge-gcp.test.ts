import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { acmeEstate } from '../../../fakes/gcp/estate.js';
import { type FakeGoogle, startFakeGoogle } from '../../../fakes/gcp/server.js';
import { runCli, tempDir } from '../../../helpers/cli.js';
import { assessBundle, comparable } from '../../../helpers/comparable-findings.js';
import { TOKEN } from '../../../providers/gcp/helpers.js';

// The fake organization: four projects under folders, one the caller cannot read, one with Compute disabled.
const now = '2026-11-27T00:00:00Z';
let fake: FakeGoogle;
const root = tempDir('rigsight-gcp-shards-');
const live = ['--provider', 'gcp', '--organization', '123456789012', '--quiet'];
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

const assess = (bundle: string) => assessBundle(bundle, now);

beforeAll(async () => {
  fake = await startFakeGoogle(acmeEstate(), { token: TOKEN });
  process.env.GOOGLE_OAUTH_ACCESS_TOKEN = TOKEN;
  process.env.RIGSIGHT_GCP_ENDPOINT = fake.url;
  expect((await runCli('collect', ...live, '--out', join(root, 'whole'))).code).toBe(0);
  for (const i of [1, 2, 3, 4])
    expect((await runCli('collect', ...live, '--shard', `${i}/4`, '--out', join(root, `s${i}`))).err).toBe(
      '',
    );
}, 120_000);
afterAll(async () => {
  delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  delete process.env.RIGSIGHT_GCP_ENDPOINT;
  await fake.stop();
});

describe('collect --shard I/4 then evidence merge (Google Cloud organization)', () => {
  it('gives the same findings from four merged shards as from one unsharded run', async () => {
    const shards = [1, 2, 3, 4].map((i) => join(root, `s${i}`));
    const all = manifestOf(join(root, 'whole')).scopes.map((s) => s.id);
    expect(shards.flatMap((s) => manifestOf(s).scopes.map((x) => x.id)).sort()).toEqual(all);
    for (const s of shards) expect(manifestOf(s).shard?.origin).toBe('gcp organizations/123456789012');
    const merged = join(root, 'merged');
    const r = await runCli('evidence', 'merge', ...shards, '--out', merged);
    expect(r.err).toBe('');
    expect((await runCli('evidence', 'verify', merged)).code).toBe(0);
    const joined = await assess(merged);
    expect(joined.findings.length).toBeGreaterThan(20);
    expect(comparable(joined)).toEqual(comparable(await assess(join(root, 'whole'))));
  });
});
