import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeAzure } from '../../../../providers/azure/normalize/index.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import type { Inventory } from '../../../../src/model/inventory.js';
import { packageRoot } from '../../../../src/package-info.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { ids, subscriptionId } from '../../../fakes/azure/estate.js';
import { writeHandBundle } from '../../../fakes/azure/hand-bundle.js';
import { fakeEnv, fakeEstate, startFake, testClient } from '../../../fakes/azure/harness.js';
import type { FakeArm } from '../../../fakes/azure/server.js';
import { runCli, tempDir } from '../../../helpers/cli.js';

const s1 = subscriptionId(0);
const s2 = subscriptionId(1);
const built = fakeEstate();
let fake: FakeArm;
const env = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_AUTHORITY_HOST',
  'RIGSIGHT_AZURE_ARM_ENDPOINT',
  'RIGSIGHT_AZURE_GRAPH_ENDPOINT',
];

beforeAll(async () => {
  fake = await startFake(built.estate);
});
afterAll(() => fake.stop());
// DefaultAzureCredential reads a service principal from the environment, as it would in CI.
beforeEach(() => {
  Object.assign(process.env, fakeEnv(fake), {
    AZURE_TENANT_ID: ids.tenant,
    AZURE_CLIENT_ID: testClient.id,
    AZURE_CLIENT_SECRET: testClient.secret,
  });
});
afterEach(() => {
  for (const name of env) delete process.env[name];
});

/** The inventory without evidence citations (which name different files in the two bundles). */
function comparable(inv: Inventory): unknown {
  return JSON.parse(
    JSON.stringify(inv, (k, v) => (k === 'evidence' || k === 'caller' ? undefined : v)),
  ) as unknown;
}

describe('rigsight collect --provider azure (DefaultAzureCredential, client secret, fake Entra ID token endpoint)', () => {
  it('signs in, collects, and writes neither the client secret nor any token anywhere', async () => {
    const dir = join(tempDir(), 'bundle');
    const r = await runCli('collect', '--provider', 'azure', '--subscriptions', `${s1},${s2}`, '--out', dir);
    expect(r.err).toMatch(
      /event=subscription.done subscription=00000000-aaaa-bbbb-cccc-000000000001 status=collected/,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^collected 2 of 2 subscription\(s\) as aaaaaaaa-bbbb-4ccc-8ddd-000000000001 into /,
    );
    const tokens = fake.requests.filter((x) => x.path.endsWith('/oauth2/v2.0/token'));
    expect(tokens.length).toBeGreaterThan(0);
    const bundle = await EvidenceBundle.open(dir);
    for (const path of ['manifest.json', ...bundle.paths()]) {
      const text = readFileSync(join(dir, path), 'utf8');
      expect(text).not.toContain(testClient.secret);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    }
    expect(r.out + r.err).not.toContain(testClient.secret);
    const verify = await runCli('evidence', 'verify', dir);
    expect(verify.code).toBe(0);
  });

  it('stops with exit 2 and a plain message when the secret is wrong, without echoing it', async () => {
    process.env.AZURE_CLIENT_SECRET = 'a-wrong-secret-that-must-not-leak';
    const r = await runCli(
      'collect',
      '--provider',
      'azure',
      '--subscriptions',
      s1,
      '--out',
      join(tempDir(), 'b'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot get a token for Azure Resource Manager with the configured credentials/);
    expect(r.err).not.toContain('a-wrong-secret-that-must-not-leak');
  });

  it('rejects --subscriptions with --management-group, and ids that are not GUIDs', async () => {
    const both = await runCli(
      'collect',
      '--provider',
      'azure',
      '--subscriptions',
      s1,
      '--management-group',
      'mg',
      '--out',
      join(tempDir(), 'b'),
    );
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--subscriptions or --management-group, not both/);
    const bad = await runCli(
      'collect',
      '--provider',
      'azure',
      '--subscriptions',
      'prod',
      '--out',
      join(tempDir(), 'b'),
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not subscription ids \(GUIDs\): prod/);
  });

  it('gives the same inventory from a collected bundle and from one built by hand with az', async () => {
    const collected = join(tempDir(), 'bundle');
    expect(
      (
        await runCli(
          'collect',
          '--provider',
          'azure',
          '--management-group',
          ids.managementGroup,
          '--quiet',
          '--out',
          collected,
        )
      ).code,
    ).toBe(0);
    const hand = tempDir();
    writeHandBundle(built.estate, built.subscriptions, ids.tenant, hand);
    const policy = loadPolicy().policy;
    const now = new Date('2026-12-01T00:00:00Z');
    const a = await normalizeAzure(await EvidenceBundle.open(collected), { now, policy });
    const b = await normalizeAzure(await EvidenceBundle.open(hand), { now, policy });
    expect(a.workloads.length).toBe(10);
    expect(a.gaps).toEqual([]);
    expect(comparable(b)).toEqual(comparable(a));
    // And the same findings once assessed.
    const findings = async (evidence: string) => {
      const out = tempDir();
      const r = await runCli(
        'assess',
        '--evidence',
        evidence,
        '--out',
        out,
        '--now',
        '2026-12-01T00:00:00Z',
        '--quiet',
      );
      expect(r.code).toBe(0);
      const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
      return doc.findings.map((f) => [f.id, f.status, f.reason]);
    };
    expect(await findings(hand)).toEqual(await findings(collected));
  });
});

describe('rigsight permissions --provider azure', () => {
  it('prints the committed custom role (npm run generate rewrites policies/azure-role.json)', async () => {
    const r = await runCli('permissions', '--provider', 'azure');
    expect(r.code).toBe(0);
    expect(`${r.out}\n`).toBe(readFileSync(join(packageRoot, 'policies', 'azure-role.json'), 'utf8'));
    const role = JSON.parse(r.out) as { Actions: string[]; DataActions: string[] };
    expect(role.Actions.every((a) => a.endsWith('/read'))).toBe(true);
    expect(role.DataActions).toEqual([]);
  });

  it('makes the role assignable at the management group given', async () => {
    const r = await runCli('permissions', '--provider', 'azure', '--management-group', 'mg-root');
    expect(JSON.parse(r.out)).toMatchObject({
      AssignableScopes: ['/providers/Microsoft.Management/managementGroups/mg-root'],
    });
  });
});
