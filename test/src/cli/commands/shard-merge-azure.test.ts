import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { ids, subscriptionId } from '../../../fakes/azure/estate.js';
import { fakeEnv, fakeEstate, startFake, testClient } from '../../../fakes/azure/harness.js';
import type { FakeArm } from '../../../fakes/azure/server.js';
import { runCli, tempDir } from '../../../helpers/cli.js';
import { assessBundle, comparable } from '../../../helpers/comparable-findings.js';

// Six subscriptions of the fake tenant, three VMs each, collected whole and in three shards.
const built = fakeEstate({ subscriptions: 6 });
const subscriptions = Array.from({ length: 6 }, (_, i) => subscriptionId(i));
const now = '2026-11-27T00:00:00Z';
const root = tempDir('rigsight-azure-shards-');
const live = ['--provider', 'azure', '--subscriptions', subscriptions.join(','), '--quiet'];
const env = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_AUTHORITY_HOST',
  'RIGSIGHT_AZURE_ARM_ENDPOINT',
  'RIGSIGHT_AZURE_GRAPH_ENDPOINT',
];
let fake: FakeArm;
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

const assess = (bundle: string) => assessBundle(bundle, now);

beforeAll(async () => {
  fake = await startFake(built.estate);
  Object.assign(process.env, fakeEnv(fake), {
    AZURE_TENANT_ID: ids.tenant,
    AZURE_CLIENT_ID: testClient.id,
    AZURE_CLIENT_SECRET: testClient.secret,
  });
  expect((await runCli('collect', ...live, '--out', join(root, 'whole'))).err).toBe('');
  for (const i of [1, 2, 3])
    expect((await runCli('collect', ...live, '--shard', `${i}/3`, '--out', join(root, `s${i}`))).err).toBe(
      '',
    );
}, 120_000);
afterAll(async () => {
  for (const name of env) delete process.env[name];
  await fake.stop();
});

describe('collect --shard I/3 then evidence merge (Azure subscriptions)', () => {
  it('gives the same findings from three merged shards as from one unsharded run', async () => {
    const shards = [1, 2, 3].map((i) => join(root, `s${i}`));
    expect(shards.flatMap((s) => manifestOf(s).scopes.map((x) => x.id)).sort()).toEqual(
      [...subscriptions].sort(),
    );
    const merged = join(root, 'merged');
    const r = await runCli('evidence', 'merge', ...shards, '--out', merged);
    expect(r.err).toBe('');
    expect((await runCli('evidence', 'verify', merged)).code).toBe(0);
    const joined = await assess(merged);
    expect(joined.scopes).toHaveLength(6);
    expect(comparable(joined)).toEqual(comparable(await assess(join(root, 'whole'))));
  });
});
