// The demo estate's GCP project: what `rigsight audit --demo` must show for it, and that the committed files are what
// the builders write. Outcomes are pinned (statuses, verdicts, principals, paths, cited files), not wording.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeGcpProject } from '../../scripts/demo/gcp-project.js';
import { writeGcpTelemetry } from '../../scripts/demo/gcp-telemetry.js';
import { BundleWriter } from '../../src/evidence/writer.js';
import type { FindingsDocument } from '../../src/model/findings-document.js';
import { demoDir } from '../../src/package-info.js';
import { runCli, tempDir } from '../helpers/cli.js';

const PROJECT = 'acme-ml-prod';
const MINER = `projects/${PROJECT}/zones/us-central1-b/instances/ml-exp-7`;
const TRAINER = `projects/${PROJECT}/zones/us-central1-a/instances/train-ci-4821`;
const BATCH_SA = `serviceAccount:ml-batch@${PROJECT}.iam.gserviceaccount.com`;

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [full];
    })
    .sort();
}

describe('the demo estate with its GCP project', () => {
  let doc: FindingsDocument;
  beforeAll(async () => {
    const out = tempDir();
    const r = await runCli('audit', '--demo', '--now', '2026-11-27T00:00:00Z', '--out', out);
    expect(r.code, r.err).toBe(0);
    doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
  }, 120_000);

  it('assesses the project as a scope of its own, from a verified bundle that says it is a demo', () => {
    expect(doc.inputs.manifest).toMatchObject({ present: true, verified: true });
    const scope = doc.scopes.find((s) => s.provider === 'gcp');
    expect(scope).toMatchObject({ id: PROJECT });
    expect(scope?.status).not.toBe('unassessed');
    const manifest = JSON.parse(readFileSync(join(demoDir, 'bundle', 'manifest.json'), 'utf8')) as {
      scopes: { provider: string; id: string; caller: string }[];
    };
    expect(manifest.scopes.find((s) => s.provider === 'gcp')?.caller).toMatch(/\(demo estate\)$/);
  });

  it('judges it pass, fail and unassessed, the Cloud DNS gap named with the error that caused it', () => {
    const gcp = doc.findings.filter((f) => f.provider === 'gcp');
    for (const status of ['pass', 'fail', 'unassessed'] as const)
      expect(gcp.some((f) => f.status === status)).toBe(true);
    const dns = gcp.find((f) => f.control === 'dns-logging');
    expect(dns?.status).toBe('unassessed');
    expect(dns?.reason).toMatch(/SERVICE_DISABLED/);
    expect(dns?.evidence.map((e) => e.file)).toContain(`gcp/${PROJECT}/dns-policies-list.error.json`);
    expect(gcp.find((f) => f.control === 'ownership-tagging' && f.resource.id === MINER)?.status).toBe(
      'fail',
    );
    expect(gcp.find((f) => f.control === 'creation-guardrails')?.status).toBe('pass');
    expect(gcp.find((f) => f.control === 'cost-anomaly')?.status).toBe('pass');
  });

  it('names who can create compute: the inherited grant, the impersonation chain, the approved pipeline', () => {
    const creators = doc.creators.filter((c) => c.provider === 'gcp' && c.scope === PROJECT);
    const lena = creators.find((c) => c.principal.id === 'user:lena@acme.example');
    expect(lena).toMatchObject({ approved: false, path: 'direct', via: [] });
    // Granted on the folder above the project, and cited from the folder's IAM policy.
    expect(lena?.evidence?.map((e) => e.file)).toContain(
      'gcp/folders/482917365021/resource-manager-folders-get-iam-policy.json',
    );
    const sam = creators.find((c) => c.principal.id === 'user:sam@acme.example');
    expect(sam).toMatchObject({ approved: false, path: 'chain', via: [BATCH_SA] });
    expect(creators.find((c) => c.principal.id === BATCH_SA)).toMatchObject({
      approved: false,
      path: 'direct',
    });
    expect(
      creators.find(
        (c) => c.principal.id === `serviceAccount:ci-deployer@${PROJECT}.iam.gserviceaccount.com`,
      ),
    ).toMatchObject({ approved: true, path: 'direct' });
    expect(creators.find((c) => c.principal.id.startsWith('principalSet://'))).toMatchObject({
      approved: true,
      path: 'chain',
    });
    expect(creators.find((c) => c.principal.id === 'group:gcp-org-admins@acme.example')?.path).toBe(
      'escalation',
    );
    const failing = doc.findings.filter(
      (f) => f.provider === 'gcp' && f.control === 'creation-permissions' && f.status === 'fail',
    );
    expect(failing.map((f) => f.resource.id)).toEqual(
      expect.arrayContaining(['user:lena@acme.example', 'user:sam@acme.example']),
    );
  });

  it('confirms the miner, started by the unapproved user, and explains the busy CI look-alike', () => {
    const gcp = doc.detections.filter((d) => d.provider === 'gcp');
    const miner = gcp.find((d) => d.instance.id === MINER);
    expect(miner).toMatchObject({
      scope: PROJECT,
      verdict: 'confirmed-mining',
      createdBy: 'lena@acme.example',
    });
    expect(miner?.destinations).toContain('194.145.227.21:5443');
    expect(miner?.legs.creation.state).toBe('seen');
    expect(miner?.legs.cpu.state).toBe('seen');
    expect(miner?.legs.network.state).toBe('seen');
    const trainer = gcp.find((d) => d.instance.id === TRAINER);
    expect(trainer).toMatchObject({
      verdict: 'benign-explained',
      createdBy: `ci-deployer@${PROJECT}.iam.gserviceaccount.com`,
      destinations: [],
    });
    expect(gcp.map((d) => d.instance.id).sort()).toEqual([TRAINER, MINER].sort());
  });
});

describe('the GCP demo files', () => {
  it('are what the builders write, byte for byte', () => {
    const bundle = tempDir('rigsight-demo-gcp-');
    const writer = new BundleWriter(bundle, () => new Date('2026-11-26T09:00:00.000Z'));
    writeGcpProject(writer, '2026-11-26T09:00:00.000Z');
    const manifest = writer.finish();
    const committed = JSON.parse(readFileSync(join(demoDir, 'bundle', 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string }[];
    };
    expect(manifest.files.map((f) => [f.path, f.sha256])).toEqual(
      committed.files.filter((f) => f.path.startsWith('gcp/')).map((f) => [f.path, f.sha256]),
    );
    for (const f of files(join(bundle, 'gcp')))
      expect(readFileSync(f).equals(readFileSync(join(demoDir, 'bundle', relative(bundle, f)))), f).toBe(
        true,
      );

    const telemetry = tempDir('rigsight-demo-gcp-telemetry-');
    writeGcpTelemetry(telemetry);
    const written = files(join(telemetry, 'gcp')).map((f) => relative(telemetry, f));
    expect(written).toEqual(
      files(join(demoDir, 'telemetry', 'gcp')).map((f) => relative(join(demoDir, 'telemetry'), f)),
    );
    for (const f of written)
      expect(readFileSync(join(telemetry, f)).equals(readFileSync(join(demoDir, 'telemetry', f))), f).toBe(
        true,
      );
  });
});
