import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { acmeEstate } from '../../../fakes/gcp/estate.js';
import { collectFake, inventoryOf, TOKEN } from '../helpers.js';

const read = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

function allFiles(dir: string, at = ''): string[] {
  return readdirSync(join(dir, at), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(dir, join(at, e.name)) : [join(at, e.name)],
  );
}

describe('collect --provider gcp against a fake Google on 127.0.0.1 (real client libraries, REST)', () => {
  it('finds every ACTIVE project beneath the organization, nested folders included, and files each as gcloud prints it', async () => {
    const { out, summary, requests } = await collectFake();
    expect(summary.scopes.map((s) => [s.id, s.status])).toEqual([
      ['acme-dev', 'collected'],
      ['acme-locked', 'failed'],
      ['acme-nocompute', 'partial'],
      ['acme-prod', 'collected'],
    ]);
    // A project being deleted is not collected.
    expect(readdirSync(join(out, 'gcp')).sort()).toEqual([
      'acme-dev',
      'acme-locked',
      'acme-nocompute',
      'acme-prod',
      'billing',
      'folders',
      'organizations',
    ]);
    // Aggregated lists (keyed by zone, two items a page) come back flat and complete.
    const instances = read(out, 'gcp/acme-prod/compute-instances-list.json') as {
      name: string;
      zone: string;
    }[];
    expect(instances.map((i) => i.name).sort()).toEqual(['batch-7x2k', 'web-1', 'web-2']);
    expect(requests.some((r) => r.path.endsWith('/aggregated/instances'))).toBe(true);
    const fw = read(out, 'gcp/acme-prod/compute-firewall-rules-list.json') as Record<string, unknown>[];
    expect(fw).toHaveLength(3);
    expect(fw[0]).toMatchObject({
      name: 'deny-stratum-egress',
      denied: [{ IPProtocol: 'tcp', ports: ['3333', '4444', '5555'] }],
    });
    // Policy version 3 keeps conditions on conditional bindings.
    const policy = read(out, 'gcp/acme-prod/projects-get-iam-policy.json');
    expect(policy.bindings[1].condition.expression).toMatch(/request.time/);
    expect(read(out, 'gcp/acme-prod/projects-get-ancestors.json')).toEqual([
      { id: 'acme-prod', type: 'project' },
      { id: '2001', type: 'folder' },
      { id: '1001', type: 'folder' },
      { id: '123456789012', type: 'organization' },
    ]);
    // Every role bound at the project, an ancestor or a service account is described, custom ones included.
    const roles = readdirSync(join(out, 'gcp/acme-prod/iam-roles-describe'));
    expect(roles).toContain('organizations~123456789012~roles~vmLauncher.json');
    expect(roles).toContain('roles~compute.admin.json'); // bound at folder 1001
    expect(roles).toContain('roles~iam.serviceAccountTokenCreator.json'); // bound on a service account
    expect(read(out, 'gcp/folders/2001/resource-manager-folders-get-iam-policy.json')).toMatchObject({
      etag: 'BwY',
    });
    expect(read(out, 'gcp/billing/01A2B3-C4D5E6-F7A8B9/billing-budgets-list.json')).toHaveLength(1);
    const manifest = read(out, 'manifest.json') as Manifest;
    expect(manifest.scopes.find((s) => s.id === 'acme-prod')).toMatchObject({
      provider: 'gcp',
      status: 'collected',
    });
    expect(manifest.files.find((f) => f.path === 'gcp/acme-prod/compute-instances-list.json')).toMatchObject({
      service: 'compute',
      operation: 'instances.aggregatedList',
      outcome: 'ok',
    });
  });

  it('follows nextPageToken until the last page', async () => {
    const estate = acmeEstate();
    const prod = estate.projects[0];
    if (!prod) throw new Error('no project');
    prod.firewalls = Array.from({ length: 7 }, (_, i) => ({
      ...prod.firewalls[0],
      name: `rule-${i}`,
      id: String(i),
    }));
    const { out, requests } = await collectFake(estate, { pageSize: 2 });
    expect((read(out, 'gcp/acme-prod/compute-firewall-rules-list.json') as unknown[]).length).toBe(7);
    const pages = requests.filter((r) => r.path === '/compute/v1/projects/acme-prod/global/firewalls');
    expect(pages).toHaveLength(4);
  });

  it('retries 429 and 503 and ends with no failed call', async () => {
    const { out, summary } = await collectFake(acmeEstate(), {
      faults: [
        { path: /acme-prod\/aggregated\/instances$/, status: 429, times: 2 },
        { path: /acme-dev\/sinks$/, status: 503, times: 1 },
        { path: /:getIamPolicy$/, status: 503, times: 1 },
      ],
    });
    expect(summary.retries).toBeGreaterThanOrEqual(4);
    expect((read(out, 'gcp/acme-prod/compute-instances-list.json') as unknown[]).length).toBe(3);
    expect(read(out, 'gcp/acme-dev/logging-sinks-list.json')).toHaveLength(2);
    // Only the denied and disabled projects fail.
    const failed = allFiles(out).filter((f) => f.endsWith('.error.json'));
    expect(failed.every((f) => /acme-locked|acme-nocompute/.test(f))).toBe(true);
  });

  it('gives up after its attempts and keeps the failure as .error.json with the status', async () => {
    const { out, summary } = await collectFake(
      acmeEstate(),
      { faults: [{ path: /acme-dev\/global\/routes$/, status: 503, times: 50 }] },
      { maxAttempts: 3 },
    );
    expect(read(out, 'gcp/acme-dev/compute-routes-list.error.json')).toEqual({
      Code: 'UNAVAILABLE',
      Message: 'The service is currently unavailable.',
      HttpStatus: 503,
      Command: 'compute-routes-list',
      Parameters: { project: 'acme-dev' },
    });
    expect(summary.scopes.find((s) => s.id === 'acme-dev')?.status).toBe('partial');
    const inv = await inventoryOf(out);
    expect(inv.gaps.find((g) => g.scope === 'acme-dev' && g.domain === 'route-tables')).toMatchObject({
      kind: 'error',
      reason: expect.stringMatching(/gcloud compute routes list failed in project acme-dev \(UNAVAILABLE/),
    });
  });

  it('records PERMISSION_DENIED on one project and SERVICE_DISABLED on another, and says which', async () => {
    const { out } = await collectFake();
    expect(read(out, 'gcp/acme-locked/projects-get-iam-policy.error.json')).toMatchObject({
      Code: 'PERMISSION_DENIED',
      HttpStatus: 403,
    });
    expect(read(out, 'gcp/acme-nocompute/compute-instances-list.error.json')).toMatchObject({
      Code: 'SERVICE_DISABLED',
      HttpStatus: 403,
    });
    // Only Compute Engine is off there: the rest was read.
    expect(read(out, 'gcp/acme-nocompute/logging-sinks-list.json')).toHaveLength(2);
    const inv = await inventoryOf(out);
    const locked = inv.scopes.find((s) => s.id === 'acme-locked');
    expect(locked).toMatchObject({ status: 'unassessed' });
    expect(locked?.identityEvaluated).toBeUndefined();
    expect(inv.gaps.find((g) => g.scope === 'acme-nocompute' && g.domain === 'workloads')).toMatchObject({
      kind: 'unsupported',
      reason:
        'the Compute Engine API is disabled in project acme-nocompute (SERVICE_DISABLED), so gcloud compute instances list could not be read.',
    });
    expect(inv.gaps.find((g) => g.scope === 'acme-locked' && g.domain === 'identity')).toMatchObject({
      kind: 'denied',
    });
  });

  it('calls only reads, sends the token only as a bearer header and writes it nowhere', async () => {
    const { out, requests } = await collectFake();
    for (const r of requests) {
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
      if (r.method !== 'GET') expect(r.path).toMatch(/:(getIamPolicy|getAncestry)$/);
      expect(r.path).not.toMatch(
        /setIamPolicy|getAccessToken|signJwt|signBlob|\/keys|:create|:insert|:update|:delete/i,
      );
    }
    expect(new Set(requests.map((r) => r.method))).toEqual(new Set(['GET', 'POST']));
    for (const f of allFiles(out)) expect(readFileSync(join(out, f), 'utf8')).not.toContain(TOKEN);
  });
});
