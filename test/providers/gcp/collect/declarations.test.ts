import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandDomains } from '../../../../providers/gcp/bundle-files.js';
import { declarations, discovery } from '../../../../providers/gcp/collect/catalog.js';
import { packageRoot } from '../../../../src/package-info.js';
import { runCli } from '../../../helpers/cli.js';

const readVerbs = /^(list|get|aggregatedList|getIamPolicy|getAncestry|getEffectivePolicy|getBillingInfo)$/;

describe('GCP collector declarations', () => {
  it('call only read methods, by name', () => {
    for (const m of [...declarations.map((d) => d.method), ...discovery.methods])
      expect(m.split('.').pop(), m).toMatch(readVerbs);
  });

  it('need only read permissions: no setIamPolicy, impersonation, key creation or actAs', () => {
    const all = [...declarations.flatMap((d) => d.permissions), ...discovery.permissions];
    for (const p of all) {
      expect(p, p).toMatch(/\.(get|list|getIamPolicy|read)$/);
      expect(p).not.toMatch(
        /setIamPolicy|getAccessToken|signJwt|signBlob|implicitDelegation|serviceAccountKeys|actAs/,
      );
    }
  });

  it('name a file for every gcloud command the DESIGN lists, each filed under the domain normalize expects', () => {
    for (const d of declarations) expect(commandDomains[d.command], d.command).toBe(d.domain);
    const commands = new Set(declarations.map((d) => d.command));
    for (const c of [
      'projects-describe',
      'projects-get-ancestors',
      'projects-get-iam-policy',
      'iam-roles-describe',
      'iam-service-accounts-list',
      'iam-service-accounts-get-iam-policy',
      'compute-instances-list',
      'compute-instance-groups-managed-list',
      'compute-networks-list',
      'compute-networks-subnets-list',
      'compute-firewall-rules-list',
      'compute-network-firewall-policies-list',
      'compute-routes-list',
      'compute-routers-list',
      'logging-sinks-list',
      'logging-buckets-list',
      'dns-policies-list',
      'monitoring-policies-list',
      'org-policies-describe',
      'scc-manage-services-describe',
      'scc-findings-list',
      'billing-projects-describe',
      'org-policies-list',
      'resource-manager-folders-describe',
      'resource-manager-folders-get-iam-policy',
      'organizations-describe',
      'organizations-get-iam-policy',
      'compute-firewall-policies-list',
      'billing-budgets-list',
    ])
      expect(commands.has(c), c).toBe(true);
  });

  it('the collector code calls no mutating method of any client', () => {
    const dir = join(packageRoot, 'providers', 'gcp', 'collect');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(
        /\.(setIamPolicy|insert|create|delete|patch|update|undelete|getAccessToken|signJwt|signBlob)\(/,
      );
    }
  });
});

describe('rigsight permissions --provider gcp', () => {
  it('prints the committed custom role (npm run generate rewrites policies/gcp-role.yaml)', async () => {
    const r = await runCli('permissions', '--provider', 'gcp');
    expect(r.code).toBe(0);
    expect(`${r.out}\n`).toBe(readFileSync(join(packageRoot, 'policies', 'gcp-role.yaml'), 'utf8'));
    expect(r.out).toMatch(/^title: rigsight collector\n/);
    expect(r.out).toContain('  - resourcemanager.organizations.getIamPolicy\n');
  });
});
