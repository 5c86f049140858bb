import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { principals, SUB } from '../../scripts/demo/azure-ids.js';
import { writeAzureSubscription } from '../../scripts/demo/azure-subscription.js';
import { writeAzureTelemetry } from '../../scripts/demo/azure-telemetry.js';
import { BundleWriter } from '../../src/evidence/writer.js';
import type { FindingsDocument } from '../../src/model/findings-document.js';
import { demoDir } from '../../src/package-info.js';
import { runCli, tempDir } from '../helpers/cli.js';

const NOW = '2026-11-27T00:00:00Z';
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

describe('the demo estate: its Azure subscription', () => {
  let doc: FindingsDocument;
  beforeAll(async () => {
    const out = tempDir();
    const r = await runCli('audit', '--demo', '--now', NOW, '--out', out);
    expect(r.code).toBe(0);
    doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
  });

  it('is a scope of its own, assessed, with the one denied listing named', () => {
    const scope = doc.scopes.find((s) => s.provider === 'azure');
    expect(scope).toMatchObject({ id: SUB, name: 'acme-azure-prod' });
    expect(['assessed', 'partial']).toContain(scope?.status);
    expect(doc.inputs.manifest.verified).toBe(true);
    const azure = doc.findings.filter((f) => f.provider === 'azure');
    for (const status of ['pass', 'fail', 'unassessed']) expect(azure.map((f) => f.status)).toContain(status);
    // The collector's role predates DNS security policies: what needs that listing is unassessed, with why.
    const unassessed = azure.filter((f) => f.status === 'unassessed');
    expect(unassessed.length).toBeGreaterThan(0);
    for (const f of unassessed) {
      expect(f.reason).toMatch(/AuthorizationFailed/);
      expect(f.evidence.map((e) => e.file)).toContain(`azure/${SUB}/dns-resolver-policy-list.error.json`);
    }
  });

  it("confirms the miner casey.lin created, and explains the pipeline's busy render box", () => {
    const azure = doc.detections.filter((d) => d.provider === 'azure');
    const byName = (name: string) => azure.find((d) => d.instance.id.toLowerCase().endsWith(`/${name}`));
    expect(byName('vm-sandbox-7')).toMatchObject({
      scope: SUB,
      verdict: 'confirmed-mining',
      createdBy: principals.casey.upn,
      destinations: ['176.31.105.53:3333'],
      legs: { creation: { state: 'seen' }, cpu: { state: 'seen' }, network: { state: 'seen' } },
    });
    expect(byName('vm-render-02')).toMatchObject({
      verdict: 'benign-explained',
      createdBy: principals.deploy.oid,
      destinations: [],
    });
    expect(azure).toHaveLength(2);
  });

  it('names who can create compute: casey.lin unapproved, the pipeline approved, on-call through vm-ops-runner', () => {
    const azure = doc.creators.filter((c) => c.provider === 'azure');
    expect(azure.find((c) => c.principal.id === principals.casey.oid)).toMatchObject({
      scope: SUB,
      approved: false,
      path: 'direct',
      principal: { name: principals.casey.upn },
    });
    expect(azure.find((c) => c.principal.id === principals.deploy.oid)).toMatchObject({ approved: true });
    for (const member of [principals.priya, principals.tomas])
      expect(azure.find((c) => c.principal.id === member.oid)).toMatchObject({
        approved: false,
        path: 'chain',
        kind: 'group-member',
        via: [principals.oncall.oid, expect.stringMatching(/\/vm-ops-runner$/), principals.runner.oid],
      });
  });

  it('explain answers for the subscription when asked for Azure', async () => {
    const r = await runCli(
      'explain',
      '--evidence',
      join(demoDir, 'bundle'),
      '--provider',
      'azure',
      '--principal',
      principals.casey.upn,
      '--action',
      'Microsoft.Compute/virtualMachines/write',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      found: true,
      subscriptions: [{ subscription: SUB, verdict: 'allow' }],
    });
  });

  it('is written by scripts/demo exactly as committed (npm run demo:build, demo:telemetry)', () => {
    const bundle = tempDir();
    const writer = new BundleWriter(bundle, () => new Date('2026-11-26T09:00:00.000Z'));
    writeAzureSubscription(writer);
    const manifest = writer.finish();
    const committed = join(demoDir, 'bundle');
    const written = files(join(bundle, 'azure'));
    expect(written).toEqual(files(join(committed, 'azure')));
    for (const f of written)
      expect(readFileSync(join(bundle, 'azure', f), 'utf8')).toBe(
        readFileSync(join(committed, 'azure', f), 'utf8'),
      );
    const listed = (
      JSON.parse(readFileSync(join(committed, 'manifest.json'), 'utf8')) as typeof manifest
    ).files.filter((f) => f.path.startsWith('azure/'));
    expect(listed).toEqual(manifest.files);

    const logs = tempDir();
    writeAzureTelemetry(logs);
    writeAzureTelemetry(logs);
    const telemetry = files(join(logs, 'azure'));
    expect(telemetry).toEqual(files(join(demoDir, 'telemetry', 'azure')));
    for (const f of telemetry)
      expect(readFileSync(join(logs, 'azure', f), 'utf8')).toBe(
        readFileSync(join(demoDir, 'telemetry', 'azure', f), 'utf8'),
      );
  });
});
