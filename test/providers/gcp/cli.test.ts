import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../../../src/model/findings-document.js';
import { acmeEstate } from '../../fakes/gcp/estate.js';
import { type FakeGoogle, startFakeGoogle } from '../../fakes/gcp/server.js';
import { runCli } from '../../helpers/cli.js';
import { handMade, TOKEN, tmp } from './helpers.js';

const ADC_ACCOUNT = 'rigsight@audit-project.iam.gserviceaccount.com';
let fake: FakeGoogle;
beforeAll(async () => {
  fake = await startFakeGoogle(acmeEstate(), { token: TOKEN, jwtIssuer: ADC_ACCOUNT });
});
afterAll(() => fake.stop());
// The credential comes from the environment, as Terraform reads it; the endpoint override too.
beforeEach(() => {
  process.env.GOOGLE_OAUTH_ACCESS_TOKEN = TOKEN;
  process.env.RIGSIGHT_GCP_ENDPOINT = fake.url;
});
afterEach(() => {
  delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
  delete process.env.RIGSIGHT_GCP_ENDPOINT;
});

describe('rigsight collect --provider gcp', () => {
  it('collects an organization, says what it collected and logs project lines off a terminal', async () => {
    const dir = join(tmp(), 'bundle');
    const r = await runCli('collect', '--provider', 'gcp', '--organization', '123456789012', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^collected 3 of 4 project\(s\) as access token \(GOOGLE_OAUTH_ACCESS_TOKEN\) into /,
    );
    expect(r.out).toMatch(/not assessed: acme-locked: .*PERMISSION_DENIED/);
    expect(r.out).toMatch(
      /partial: acme-nocompute: compute-firewall-rules-list: SERVICE_DISABLED; .*and 6 more/,
    );
    expect(r.err).toMatch(/level=info event=project.done project=acme-prod status=collected/);
    expect(r.err).toMatch(
      /level=warn event=call.failed project=acme-nocompute region=global api=compute:instances.aggregatedList code=SERVICE_DISABLED/,
    );
    expect(r.err).not.toContain(TOKEN);
    expect((await runCli('evidence', 'verify', dir)).code).toBe(0);
  });

  it('collects only the named projects', async () => {
    const dir = join(tmp(), 'bundle');
    const r = await runCli('collect', '--provider', 'gcp', '--projects', 'acme-dev', '--quiet', '--out', dir);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.scopes.map((s: { id: string }) => s.id)).toEqual(['acme-dev']);
  });

  it('asks for exactly one of --projects, --folder, --organization, and stops on credentials Google refuses', async () => {
    const none = await runCli('collect', '--provider', 'gcp', '--out', join(tmp(), 'b'));
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/one of --projects, --folder or --organization/);
    process.env.GOOGLE_OAUTH_ACCESS_TOKEN = 'ya29.not-the-right-token-000000';
    const refused = await runCli(
      'collect',
      '--provider',
      'gcp',
      '--folder',
      '1001',
      '--out',
      join(tmp(), 'b'),
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/cannot list the projects beneath folders\/1001 \(UNAUTHENTICATED/);
    expect(refused.err).not.toContain('ya29.not-the-right-token');
  });
});

describe('rigsight assess and explain on a GCP bundle', () => {
  it('assesses a hand-made gcloud bundle end to end', async () => {
    const out = tmp();
    const r = await runCli('assess', '--evidence', handMade(), '--now', '2026-11-27T00:00:00Z', '--out', out);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
    expect(doc.scopes.map((s) => s.id)).toEqual(['acme-dev', 'acme-locked', 'acme-nocompute', 'acme-prod']);
    expect(doc.findings.some((f) => f.provider === 'gcp' && f.control === 'creation-permissions')).toBe(true);
    expect(doc.creators.find((c) => c.principal.id === 'user:dave@acme.example')).toMatchObject({
      path: 'chain',
      via: ['serviceAccount:deployer@acme-prod.iam.gserviceaccount.com'],
    });
  });

  it('explains an inherited grant and an impersonation chain', async () => {
    const bundle = handMade();
    const alice = await runCli(
      'explain',
      '--evidence',
      bundle,
      '--provider',
      'gcp',
      '--principal',
      'alice@acme.example',
      '--action',
      'compute.instances.create',
      '--resource',
      'projects/acme-prod',
      '--allow-unverified',
    );
    expect(alice.code, alice.err).toBe(0);
    expect(alice.out).toContain('project acme-prod: allowed');
    expect(alice.out).toContain(
      'bound roles/compute.admin at folders/1001: carries compute.instances.create',
    );
    const dave = await runCli(
      'explain',
      '--evidence',
      bundle,
      '--provider',
      'gcp',
      '--principal',
      'user:dave@acme.example',
      '--action',
      'compute.instances.create',
      '--allow-unverified',
    );
    expect(dave.out).toContain('through serviceAccount:deployer@acme-prod.iam.gserviceaccount.com');
    const nobody = await runCli(
      'explain',
      '--evidence',
      bundle,
      '--provider',
      'gcp',
      '--principal',
      'zed@acme.example',
      '--action',
      'compute.instances.create',
      '--allow-unverified',
    );
    expect(nobody.code).toBe(2);
  });
});

describe('rigsight collect --provider gcp with Application Default Credentials', () => {
  it('uses a service-account key from GOOGLE_APPLICATION_CREDENTIALS and names its account as the caller', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(tmp(), 'key.json');
    writeFileSync(
      keyFile,
      JSON.stringify({
        type: 'service_account',
        project_id: 'audit-project',
        private_key_id: 'k1',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
        client_email: ADC_ACCOUNT,
        client_id: '1',
        token_uri: `${fake.url}/token`,
      }),
    );
    delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = keyFile;
    try {
      const dir = join(tmp(), 'bundle');
      const r = await runCli(
        'collect',
        '--provider',
        'gcp',
        '--projects',
        'acme-prod',
        '--quiet',
        '--out',
        dir,
      );
      expect(r.code, r.err).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.scopes[0]).toMatchObject({
        id: 'acme-prod',
        caller: 'serviceAccount:rigsight@audit-project.iam.gserviceaccount.com',
        status: 'collected',
      });
      // The management client (its own google-gax copy) authenticated the same way.
      expect(
        existsSync(join(dir, 'gcp/acme-prod/scc-manage-services-describe/vm-threat-detection.json')),
      ).toBe(true);
    } finally {
      delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    }
  });
});
