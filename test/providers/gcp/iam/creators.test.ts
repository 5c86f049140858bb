import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Creator } from '../../../../src/model/identity.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { handMade, inventoryOf } from '../helpers.js';

const inProd = (creators: Creator[], id: string) =>
  creators.filter((c) => c.scope === 'acme-prod' && c.principal.id === id);

describe('who can create compute in a GCP project', async () => {
  const inv = await inventoryOf(handMade());
  const creators = inv.creators;

  it('counts bindings inherited from folders and the organization, citing where each sits', () => {
    const [alice] = inProd(creators, 'user:alice@acme.example');
    expect(alice).toMatchObject({ kind: 'user', path: 'direct', via: [], external: false, approved: false });
    expect(alice?.grants).toEqual([
      {
        policy: 'folders/1001 IAM policy',
        statement: 'bindings[0]: roles/compute.admin → user:alice@acme.example',
        effect: 'Allow',
      },
    ]);
    expect(alice?.actions).toContain('compute.instances.create');
    // The same grant reaches every project beneath the folder, and no project outside it.
    expect(creators.some((c) => c.scope === 'acme-dev' && c.principal.id === 'user:alice@acme.example')).toBe(
      true,
    );
  });

  it('names a group whose members were not collected as the group', () => {
    const [platform] = inProd(creators, 'group:platform@acme.example');
    expect(platform).toMatchObject({
      kind: 'group-member',
      principal: { type: 'group', name: 'platform@acme.example (members not collected)' },
      grants: [{ policy: 'organizations/123456789012 IAM policy' }],
    });
  });

  it('expands a group when its Cloud Identity memberships are in the bundle', async () => {
    const dir = handMade(undefined, (d) => {
      const at = join(d, 'gcp/organizations/123456789012/identity-groups-memberships-list');
      mkdirSync(at, { recursive: true });
      writeFileSync(
        join(at, 'platform@acme.example.json'),
        JSON.stringify([
          {
            name: 'groups/x/memberships/1',
            preferredMemberKey: { id: 'pat@acme.example' },
            roles: [{ name: 'MEMBER' }],
            type: 'USER',
          },
        ]),
      );
    });
    const expanded = (await inventoryOf(dir)).creators;
    expect(inProd(expanded, 'group:platform@acme.example')).toEqual([]);
    expect(inProd(expanded, 'user:pat@acme.example')[0]).toMatchObject({
      kind: 'group-member',
      principal: { name: 'pat@acme.example (member of platform@acme.example)' },
      grants: [{ statement: 'bindings[0]: roles/compute.instanceAdmin.v1 → group:platform@acme.example' }],
    });
  });

  it('reads custom roles through their described permissions', () => {
    const [bob] = inProd(creators, 'user:bob@acme.example');
    expect(bob).toMatchObject({ path: 'direct', actions: ['compute.instances.create'] });
    expect(bob?.grants[0]?.statement).toBe(
      'bindings[0]: organizations/123456789012/roles/vmLauncher → user:bob@acme.example',
    );
  });

  it('reports an IAM condition rather than guessing it', () => {
    const [carol] = inProd(creators, 'user:carol@acme.example');
    expect(carol?.conditions).toEqual([
      {
        effect: 'Allow',
        operator: 'CEL',
        key: 'until-2026-12-31',
        values: ['request.time < timestamp("2026-12-31T00:00:00Z")'],
        text: 'only when "until-2026-12-31": request.time < timestamp("2026-12-31T00:00:00Z")',
      },
    ]);
  });

  it('follows service-account impersonation to a creator: a chain, with the permission used', () => {
    const [dave] = inProd(creators, 'user:dave@acme.example');
    expect(dave).toMatchObject({
      path: 'chain',
      via: ['serviceAccount:deployer@acme-prod.iam.gserviceaccount.com'],
      escalation: ['iam.serviceAccounts.getAccessToken'],
      kind: 'user',
    });
    expect(dave?.grants.map((g) => g.policy)).toEqual([
      'serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com IAM policy',
      'projects/acme-prod IAM policy',
    ]);
    // actAs alone lets frank attach the account to a VM he cannot create: no chain.
    expect(inProd(creators, 'user:frank@acme.example')).toEqual([]);
  });

  it('treats allAuthenticatedUsers and other domains as external', () => {
    const [anyone] = inProd(creators, 'allAuthenticatedUsers');
    expect(anyone).toMatchObject({
      kind: 'external-account',
      external: true,
      path: 'chain',
      principal: { type: 'anonymous' },
    });
    expect(inProd(creators, 'user:mallory@gmail.com')[0]).toMatchObject({ external: true, kind: 'user' });
    // External entry points rank first: the direct one, then the chain.
    expect([inProd(creators, 'user:mallory@gmail.com')[0]?.rank, anyone?.rank]).toEqual([1, 2]);
  });

  it('finds escalation through setIamPolicy and through updating a custom role bound to oneself', () => {
    expect(inProd(creators, 'user:erin@acme.example')[0]).toMatchObject({
      path: 'escalation',
      escalation: ['resourcemanager.projects.setIamPolicy'],
    });
    expect(inProd(creators, 'user:rita@acme.example')[0]).toMatchObject({
      path: 'escalation',
      escalation: ['iam.roles.update'],
    });
  });

  it('finds escalation through editing the IAM policy of a service account that creates compute', () => {
    // Held project-wide: every creating account listed in the project is reachable, each an entry of its own.
    expect(
      inProd(creators, 'user:sam@acme.example')
        .map((c) => c.via[0])
        .sort(),
    ).toEqual([
      'serviceAccount:batch-runner@acme-prod.iam.gserviceaccount.com',
      'serviceAccount:deployer@acme-prod.iam.gserviceaccount.com',
    ]);
    // Held on one account only: that account.
    expect(inProd(creators, 'user:tess@acme.example')).toMatchObject([
      {
        path: 'escalation',
        via: ['serviceAccount:deployer@acme-prod.iam.gserviceaccount.com'],
        escalation: ['iam.serviceAccounts.setIamPolicy'],
      },
    ]);
  });

  it('calls out the default compute service account with Editor, and approves Google service agents', () => {
    expect(
      inProd(creators, 'serviceAccount:210987654321-compute@developer.gserviceaccount.com')[0],
    ).toMatchObject({
      kind: 'role',
      principal: { type: 'service-account', name: 'Compute Engine default service account' },
      grants: [{ statement: expect.stringMatching(/roles\/editor/) }],
    });
    expect(
      inProd(creators, 'serviceAccount:service-210987654321@compute-system.iam.gserviceaccount.com')[0],
    ).toMatchObject({
      kind: 'service',
      approved: true,
    });
  });

  it('matches creators.approved by member string or bare email; a chain through an approved account stays unapproved', async () => {
    const base = loadPolicy().policy;
    const policy = {
      ...base,
      creators: {
        approved: [{ principal: 'deployer@*.iam.gserviceaccount.com', reason: 'CI deployer (CHG-1)' }],
      },
    };
    const approved = (await inventoryOf(handMade(), policy)).creators;
    expect(inProd(approved, 'serviceAccount:deployer@acme-prod.iam.gserviceaccount.com')[0]).toMatchObject({
      approved: true,
      approvedBy: 'CI deployer (CHG-1)',
    });
    expect(inProd(approved, 'user:dave@acme.example')[0]?.approved).toBe(false);
  });

  it('marks the project evaluated, and leaves an unread role or policy as an identity gap', async () => {
    expect(inv.scopes.find((s) => s.id === 'acme-prod')?.identityEvaluated).toBe(true);
    const dir = handMade(undefined, (d) =>
      rmSync(join(d, 'gcp/acme-prod/iam-roles-describe/roles~compute.admin.json')),
    );
    const partial = await inventoryOf(dir);
    expect(partial.gaps.find((g) => g.scope === 'acme-prod' && g.domain === 'identity')).toMatchObject({
      kind: 'missing',
      reason: 'gcloud iam roles describe (role roles/compute.admin) was not collected for project acme-prod.',
    });
  });
});
