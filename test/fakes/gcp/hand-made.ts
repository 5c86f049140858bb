import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gcpPath, type HierarchyNode } from '../../../providers/gcp/bundle-paths.js';
import type { FakeEstate, Json } from './estate.js';

/**
 * The bundle an auditor builds by hand: each file is what `gcloud … --format=json` prints for the estate (lists
 * merged, aggregated lists flattened), no manifest. Denied projects and disabled APIs leave `.error.json` files.
 */
export function writeHandMadeBundle(estate: FakeEstate, dir: string): void {
  const write = (node: HierarchyNode, command: string, data: unknown, key?: string) => {
    const full = join(dir, ...gcpPath(node, command, key).split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, `${JSON.stringify(data, null, 2)}\n`);
  };
  const org: HierarchyNode = { kind: 'organization', id: estate.organization.id };
  write(org, 'organizations-describe', {
    name: `organizations/${estate.organization.id}`,
    displayName: estate.organization.domain,
    lifecycleState: 'ACTIVE',
  });
  write(org, 'organizations-get-iam-policy', estate.organization.iamPolicy);
  write(org, 'org-policies-list', estate.organization.orgPolicies);
  write(org, 'org-policies-list-custom-constraints', estate.organization.customConstraints);
  write(org, 'logging-sinks-list', estate.organization.sinks);
  write(org, 'compute-firewall-policies-list', estate.organization.firewallPolicies);
  for (const f of estate.folders) {
    const node: HierarchyNode = { kind: 'folder', id: f.id };
    write(node, 'resource-manager-folders-describe', {
      name: `folders/${f.id}`,
      parent: f.parent,
      displayName: f.displayName,
      state: 'ACTIVE',
    });
    write(node, 'resource-manager-folders-get-iam-policy', f.iamPolicy);
    write(node, 'org-policies-list', f.orgPolicies);
    write(node, 'logging-sinks-list', f.sinks);
    write(node, 'compute-firewall-policies-list', f.firewallPolicies);
  }
  const budgets = new Set<string>();
  for (const p of estate.projects) {
    if ((p.state ?? 'ACTIVE') !== 'ACTIVE') continue;
    const node: HierarchyNode = { kind: 'project', id: p.projectId };
    const files: [string, unknown, string][] = [
      [
        'projects-describe',
        {
          projectNumber: p.projectNumber,
          projectId: p.projectId,
          lifecycleState: 'ACTIVE',
          name: p.projectId,
        },
        'cloudresourcemanager',
      ],
      ['projects-get-ancestors', ancestors(estate, p.projectId, p.parent), 'cloudresourcemanager'],
      ['projects-get-iam-policy', p.iamPolicy, 'cloudresourcemanager'],
      ['iam-service-accounts-list', p.serviceAccounts, 'iam'],
      ['compute-instances-list', p.instances, 'compute'],
      ['compute-instance-groups-managed-list', p.instanceGroupManagers, 'compute'],
      ['compute-networks-list', p.networks, 'compute'],
      ['compute-networks-subnets-list', p.subnetworks, 'compute'],
      ['compute-firewall-rules-list', p.firewalls, 'compute'],
      ['compute-network-firewall-policies-list', p.networkFirewallPolicies, 'compute'],
      ['compute-routes-list', p.routes, 'compute'],
      ['compute-routers-list', p.routers, 'compute'],
      ['logging-sinks-list', p.sinks, 'logging'],
      ['logging-buckets-list', p.buckets, 'logging'],
      ['dns-policies-list', p.dnsPolicies, 'dns'],
      ['monitoring-policies-list', p.alertPolicies, 'monitoring'],
      ['org-policies-list', p.orgPolicies, 'orgpolicy'],
      ['scc-findings-list', p.findings, 'securitycenter'],
      ['billing-projects-describe', p.billingInfo, 'cloudbilling'],
    ];
    for (const [command, data, api] of files) {
      if (p.denied)
        writeError(dir, node, command, {
          Code: 'PERMISSION_DENIED',
          Message: `The caller does not have permission on project ${p.projectId}`,
          HttpStatus: 403,
          Command: command,
        });
      else if (p.disabled?.includes(api))
        writeError(dir, node, command, {
          Code: 'SERVICE_DISABLED',
          Message: `${api} API has not been used in project ${p.projectNumber} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${api}.googleapis.com/overview?project=${p.projectNumber} then retry.`,
          HttpStatus: 403,
          Command: command,
        });
      else write(node, command, data);
    }
    if (p.denied) {
      const denied = {
        Code: 'PERMISSION_DENIED',
        Message: `The caller does not have permission on project ${p.projectId}`,
        HttpStatus: 403,
      };
      for (const svc of ['vm-threat-detection', 'event-threat-detection'])
        writeError(
          dir,
          node,
          'scc-manage-services-describe',
          { ...denied, Command: 'scc-manage-services-describe' },
          svc,
        );
      writeError(
        dir,
        node,
        'org-policies-describe',
        { ...denied, Command: 'org-policies-describe' },
        'gcp.resourceLocations',
      );
      continue;
    }
    for (const sa of p.serviceAccounts) {
      const email = sa.email as string;
      write(
        node,
        'iam-service-accounts-get-iam-policy',
        p.serviceAccountPolicies[email] ?? { etag: 'ACAB' },
        email,
      );
    }
    const chain = ancestors(estate, p.projectId, p.parent);
    const policies: Json[] = [p.iamPolicy, ...Object.values(p.serviceAccountPolicies)];
    for (const a of chain) {
      if (a.type === 'folder') policies.push(estate.folders.find((f) => f.id === a.id)?.iamPolicy ?? {});
      if (a.type === 'organization') policies.push(estate.organization.iamPolicy);
    }
    const roles = new Set(
      policies.flatMap((x) => ((x.bindings as Json[] | undefined) ?? []).map((b) => b.role as string)),
    );
    for (const role of roles) {
      const r = estate.roles[role];
      if (r) write(node, 'iam-roles-describe', r, role);
      else
        writeError(
          dir,
          node,
          'iam-roles-describe',
          {
            Code: 'NOT_FOUND',
            Message: `The role named ${role} was not found.`,
            HttpStatus: 404,
            Command: 'iam-roles-describe',
          },
          role,
        );
    }
    const constraints = new Set(['gcp.resourceLocations']);
    for (const list of [
      p.orgPolicies,
      estate.organization.orgPolicies,
      ...estate.folders.filter((f) => chain.some((a) => a.id === f.id)).map((f) => f.orgPolicies),
    ])
      for (const x of list) constraints.add(String(x.name).split('/policies/')[1] as string);
    for (const c of constraints)
      write(
        node,
        'org-policies-describe',
        p.effectivePolicies[c] ?? { name: `projects/${p.projectNumber}/policies/${c}`, spec: {} },
        c,
      );
    for (const svc of ['vm-threat-detection', 'event-threat-detection'])
      write(
        node,
        'scc-manage-services-describe',
        p.sccServices[svc] ?? {
          name: `projects/${p.projectId}/locations/global/securityCenterServices/${svc}`,
          intendedEnablementState: 'INHERITED',
          effectiveEnablementState: 'DISABLED',
        },
        svc,
      );
    const account = String(p.billingInfo.billingAccountName ?? '').replace('billingAccounts/', '');
    if (account) budgets.add(account);
  }
  for (const account of budgets)
    write({ kind: 'billing', id: account }, 'billing-budgets-list', estate.budgets[account] ?? []);
}

function writeError(dir: string, node: HierarchyNode, command: string, body: Json, key?: string): void {
  const full = join(
    dir,
    ...gcpPath(node, command, key)
      .replace(/\.json$/, '.error.json')
      .split('/'),
  );
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, `${JSON.stringify(body, null, 2)}\n`);
}

/** `gcloud projects get-ancestors` output: the project, its folders upward, the organization. */
function ancestors(estate: FakeEstate, project: string, parent: string): { id: string; type: string }[] {
  const out = [{ id: project, type: 'project' }];
  let at = parent;
  while (at.startsWith('folders/')) {
    out.push({ id: at.split('/')[1] as string, type: 'folder' });
    at = estate.folders.find((f) => `folders/${f.id}` === at)?.parent ?? '';
  }
  if (at.startsWith('organizations/')) out.push({ id: at.split('/')[1] as string, type: 'organization' });
  return out;
}
