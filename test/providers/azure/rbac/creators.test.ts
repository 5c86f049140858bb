import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azurePath, liftProperties } from '../../../../providers/azure/bundle-files.js';
import { normalizeAzure } from '../../../../providers/azure/normalize/index.js';
import { explainAzure } from '../../../../providers/azure/rbac/explain.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import type { Creator } from '../../../../src/model/identity.js';
import type { Inventory } from '../../../../src/model/inventory.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import type { Policy } from '../../../../src/policy/schema.js';
import { builtInRoles, roleAssignment, roleDefinition } from '../../../fakes/azure/estate.js';
import { tempDir } from '../../../helpers/cli.js';

const S = '11111111-0000-4000-8000-000000000001';
const sub = `/subscriptions/${S}`;
const rgApp = `${sub}/resourceGroups/rg-app`;
const mg = '/providers/Microsoft.Management/managementGroups/mg-platform';
const vmId = `${rgApp}/providers/Microsoft.Compute/virtualMachines/build-agent`;
const p = {
  inherited: 'a0000000-0000-4000-8000-000000000001',
  group: 'a0000000-0000-4000-8000-000000000002',
  nested: 'a0000000-0000-4000-8000-000000000003',
  unlisted: 'a0000000-0000-4000-8000-000000000004',
  member: 'a0000000-0000-4000-8000-000000000005',
  nestedApp: 'a0000000-0000-4000-8000-000000000006',
  custom: 'a0000000-0000-4000-8000-000000000007',
  readerish: 'a0000000-0000-4000-8000-000000000008',
  denied: 'a0000000-0000-4000-8000-000000000009',
  exempt: 'a0000000-0000-4000-8000-00000000000a',
  rgDenied: 'a0000000-0000-4000-8000-00000000000b',
  conditional: 'a0000000-0000-4000-8000-00000000000c',
  identity: 'a0000000-0000-4000-8000-00000000000d',
  runner: 'a0000000-0000-4000-8000-00000000000e',
  uaa: 'a0000000-0000-4000-8000-00000000000f',
  deployer: 'a0000000-0000-4000-8000-000000000010',
};
const customVm = 'c0000000-0000-4000-8000-000000000001';
const dataOnly = 'c0000000-0000-4000-8000-000000000002';
const executor = 'c0000000-0000-4000-8000-000000000003';

const az = (raw: unknown[]) => raw.map((x) => liftProperties(x));
/** az prints a role definition's properties.type as roleType. */
const azRoles = (raw: { properties: Record<string, unknown> }[]) =>
  raw.map((x) => ({ ...(liftProperties(x) as object), roleType: x.properties.type }));

/** A subscription folder written as az prints it, with the RBAC cases the evaluator must get right. */
function writeBundle(omit: string[] = []): string {
  const dir = tempDir('rigsight-rbac-');
  const write = (command: string, data: unknown, key?: string) => {
    if (omit.includes(command)) return;
    const file = join(dir, azurePath(S, command, key));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(data));
  };
  write('account-show', {
    id: S,
    name: 'rbac-cases',
    state: 'Enabled',
    tenantId: 't',
    user: { name: 'auditor', type: 'user' },
  });
  write(
    'role-definition-list',
    azRoles([
      roleDefinition(S, builtInRoles.owner, 'Owner', ['*']),
      roleDefinition(
        S,
        builtInRoles.contributor,
        'Contributor',
        ['*'],
        ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'],
      ),
      roleDefinition(S, builtInRoles.reader, 'Reader', ['*/read']),
      roleDefinition(S, builtInRoles.userAccessAdministrator, 'User Access Administrator', [
        '*/read',
        'Microsoft.Authorization/*',
        'Microsoft.Support/*',
      ]),
      roleDefinition(
        S,
        customVm,
        'VM builder (no scale sets)',
        ['Microsoft.Compute/*/write', 'Microsoft.Network/*/read'],
        ['Microsoft.Compute/virtualMachineScaleSets/*'],
        true,
      ),
      {
        ...roleDefinition(S, dataOnly, 'Blob writer', [], [], true),
        properties: {
          roleName: 'Blob writer',
          type: 'CustomRole',
          assignableScopes: [sub],
          permissions: [
            {
              actions: ['*/read'],
              notActions: [],
              dataActions: ['Microsoft.Compute/*', 'Microsoft.Storage/*'],
              notDataActions: [],
            },
          ],
        },
      },
      roleDefinition(
        S,
        executor,
        'Command executor',
        ['Microsoft.Compute/virtualMachines/runCommand/action', 'Microsoft.Compute/virtualMachines/read'],
        [],
        true,
      ),
    ]),
  );
  write(
    'role-assignment-list',
    az([
      roleAssignment(S, mg, 'ra-inherited', builtInRoles.owner, p.inherited, 'User', {
        principalName: 'ops@contoso.example',
      }),
      roleAssignment(S, sub, 'ra-group', builtInRoles.contributor, p.group, 'Group'),
      roleAssignment(S, sub, 'ra-unlisted', builtInRoles.contributor, p.unlisted, 'Group'),
      roleAssignment(S, rgApp, 'ra-custom', customVm, p.custom, 'User'),
      roleAssignment(S, sub, 'ra-data', dataOnly, p.readerish, 'User'),
      roleAssignment(S, sub, 'ra-denied', builtInRoles.contributor, p.denied, 'User'),
      roleAssignment(S, sub, 'ra-exempt', builtInRoles.contributor, p.exempt, 'User'),
      roleAssignment(S, sub, 'ra-rg-denied', builtInRoles.contributor, p.rgDenied, 'User'),
      roleAssignment(S, sub, 'ra-conditional', builtInRoles.contributor, p.conditional, 'User', {
        condition: "@Resource[Microsoft.Compute/virtualMachines:location] StringEquals 'westeurope'",
        conditionVersion: '2.0',
      }),
      roleAssignment(S, sub, 'ra-identity', builtInRoles.contributor, p.identity, 'ServicePrincipal'),
      roleAssignment(S, rgApp, 'ra-runner', executor, p.runner, 'User'),
      roleAssignment(S, sub, 'ra-uaa', builtInRoles.userAccessAdministrator, p.uaa, 'User'),
      roleAssignment(S, sub, 'ra-deployer', builtInRoles.contributor, p.deployer, 'ServicePrincipal'),
    ]),
  );
  write('deny-assignment-list', {
    value: [
      {
        id: `${sub}/providers/Microsoft.Authorization/denyAssignments/d1`,
        name: 'd1',
        type: 'Microsoft.Authorization/denyAssignments',
        properties: {
          denyAssignmentName: 'no-vms-outside-platform',
          scope: sub,
          permissions: [
            {
              actions: ['Microsoft.Compute/virtualMachines/write'],
              notActions: [],
              dataActions: [],
              notDataActions: [],
            },
          ],
          principals: [
            { id: p.denied, type: 'User' },
            { id: p.exempt, type: 'User' },
          ],
          excludePrincipals: [{ id: p.exempt, type: 'User' }],
          doNotApplyToChildScopes: false,
          isSystemProtected: true,
        },
      },
      {
        id: `${rgApp}/providers/Microsoft.Authorization/denyAssignments/d2`,
        name: 'd2',
        type: 'Microsoft.Authorization/denyAssignments',
        properties: {
          denyAssignmentName: 'locked-rg',
          scope: rgApp,
          permissions: [{ actions: ['Microsoft.Compute/*'], notActions: [] }],
          principals: [{ id: p.rgDenied, type: 'User' }],
          excludePrincipals: [],
          doNotApplyToChildScopes: false,
        },
      },
    ],
  });
  write(
    'ad-group-member-list',
    [
      {
        '@odata.type': '#microsoft.graph.user',
        id: p.member,
        userPrincipalName: 'dev@contoso.example',
        displayName: 'Dev',
      },
      { '@odata.type': '#microsoft.graph.group', id: p.nested, displayName: 'automation' },
    ],
    p.group,
  );
  write(
    'ad-group-member-list',
    [
      {
        '@odata.type': '#microsoft.graph.servicePrincipal',
        id: p.nestedApp,
        appId: 'b0000000-0000-4000-8000-0000000000aa',
        displayName: 'ci-pipeline',
      },
    ],
    p.nested,
  );
  write('vm-list', [
    {
      id: vmId,
      name: 'build-agent',
      location: 'westeurope',
      tags: { owner: 'ci' },
      identity: { type: 'SystemAssigned', principalId: p.identity },
      hardwareProfile: { vmSize: 'Standard_D2s_v5' },
      networkProfile: { networkInterfaces: [] },
      powerState: 'VM running',
    },
  ]);
  return dir;
}

async function inventory(dir: string, policy: Policy = loadPolicy().policy): Promise<Inventory> {
  return normalizeAzure(await EvidenceBundle.open(dir), { now: new Date('2026-12-01T00:00:00Z'), policy });
}

const of = (inv: Inventory, id: string, path = 'direct'): Creator | undefined =>
  inv.creators.find((c) => c.principal.id === id && c.path === path);
const vmWrite = 'Microsoft.Compute/virtualMachines/write';
const vmssWrite = 'Microsoft.Compute/virtualMachineScaleSets/write';

describe('Azure RBAC: who can create compute', () => {
  it('counts an Owner assignment inherited from a management group, naming where it sits', async () => {
    const inv = await inventory(writeBundle());
    expect(inv.scopes[0]?.identityEvaluated).toBe(true);
    expect(of(inv, p.inherited)).toMatchObject({
      kind: 'user',
      principal: { type: 'user', name: 'ops@contoso.example' },
      via: [],
      grants: [{ policy: 'Owner', statement: `assignment ra-inherited at ${mg}`, effect: 'Allow' }],
    });
    expect(of(inv, p.inherited)?.actions).toContain(vmWrite);
    // Owner already holds every compute action: no separate escalation entry.
    expect(of(inv, p.inherited, 'escalation')).toBeUndefined();
  });

  it('expands groups through Graph, nested groups included, and names a group whose members were not collected', async () => {
    const inv = await inventory(writeBundle());
    expect(of(inv, p.member)).toMatchObject({
      kind: 'group-member',
      via: [p.group],
      principal: { name: 'dev@contoso.example' },
    });
    expect(of(inv, p.nestedApp)).toMatchObject({
      kind: 'role',
      principal: { type: 'service-account' },
      via: [p.group, p.nested],
    });
    expect(of(inv, p.group)).toBeUndefined();
    expect(of(inv, p.unlisted)).toMatchObject({
      kind: 'group-member',
      principal: { type: 'group', name: 'group (members unknown)' },
    });
  });

  it('applies a custom role as actions minus notActions with wildcards, and ignores data actions', async () => {
    const inv = await inventory(writeBundle());
    const custom = of(inv, p.custom);
    expect(custom?.actions).toContain(vmWrite);
    expect(custom?.actions).not.toContain(vmssWrite);
    expect(custom?.grants[0]).toMatchObject({
      policy: 'VM builder (no scale sets) (custom role)',
      statement: `assignment ra-custom at ${rgApp}`,
    });
    expect(inv.creators.some((c) => c.principal.id === p.readerish)).toBe(false);
  });

  it('removes what a deny assignment denies, honours its exclusions, and reports a narrower deny as a condition', async () => {
    const inv = await inventory(writeBundle());
    const denied = of(inv, p.denied);
    expect(denied?.actions).not.toContain(vmWrite);
    expect(denied?.actions).toContain(vmssWrite);
    expect(denied?.grants).toContainEqual({
      policy: 'deny assignment no-vms-outside-platform',
      statement: `at ${sub}`,
      effect: 'Deny',
    });
    expect(of(inv, p.exempt)?.actions).toContain(vmWrite);
    const rg = of(inv, p.rgDenied);
    expect(rg?.actions).toContain(vmWrite);
    expect(rg?.conditions?.map((c) => c.text)).toContain(`denied at ${rgApp} by deny assignment locked-rg`);
  });

  it('keeps a creator whose assignment carries an ABAC condition, and reports the condition', async () => {
    const inv = await inventory(writeBundle());
    expect(of(inv, p.conditional)?.conditions).toEqual([
      {
        effect: 'Allow',
        operator: 'AbacCondition',
        key: '2.0',
        values: ["@Resource[Microsoft.Compute/virtualMachines:location] StringEquals 'westeurope'"],
        text: "only when the condition on assignment ra-conditional holds (@Resource[Microsoft.Compute/virtualMachines:location] StringEquals 'westeurope')",
      },
    ]);
  });

  it('finds the chain through a VM whose managed identity can create: whoever can run commands on it', async () => {
    const inv = await inventory(writeBundle());
    expect(of(inv, p.runner)).toBeUndefined();
    expect(of(inv, p.runner, 'chain')).toMatchObject({
      via: [vmId, p.identity],
      escalation: ['Microsoft.Compute/virtualMachines/runCommand/action'],
      grants: expect.arrayContaining([
        {
          policy: 'Command executor (custom role)',
          statement: `assignment ra-runner at ${rgApp}`,
          effect: 'Allow',
        },
        { policy: 'Contributor', statement: `assignment ra-identity at ${sub}`, effect: 'Allow' },
      ]),
    });
    expect(of(inv, p.runner, 'chain')?.actions).toContain(vmWrite);
    // Owners can run commands too, but the chain gives them nothing they lack: no chain entry for them. A principal
    // denied VM creation that can still run code on the VM gets it back through the identity; so does one whose
    // custom role (Microsoft.Compute/*/write covers runCommands/write) lacks scale sets.
    expect(
      inv.creators
        .filter((c) => c.path === 'chain')
        .map((c) => c.principal.id)
        .sort(),
    ).toEqual([p.custom, p.denied, p.runner].sort());
    expect(of(inv, p.denied, 'chain')?.actions).toEqual([vmWrite]);
    expect(of(inv, p.custom, 'chain')?.actions).toContain(vmssWrite);
  });

  it('finds escalation through roleAssignments/write (User Access Administrator)', async () => {
    const inv = await inventory(writeBundle());
    expect(of(inv, p.uaa)).toBeUndefined();
    expect(of(inv, p.uaa, 'escalation')).toMatchObject({
      escalation: ['Microsoft.Authorization/roleAssignments/write'],
      grants: [
        { policy: 'User Access Administrator', statement: `assignment ra-uaa at ${sub}`, effect: 'Allow' },
      ],
    });
    expect(of(inv, p.uaa, 'escalation')?.actions).toContain(vmWrite);
  });

  it('approves by object id, user principal name or app id (globs, any case)', async () => {
    const base = loadPolicy().policy;
    const policy: Policy = {
      ...base,
      creators: {
        approved: [
          { principal: p.deployer, reason: 'the deployment pipeline' },
          { principal: '*@CONTOSO.example', reason: 'staff' },
          { principal: 'b0000000-0000-4000-8000-0000000000aa', reason: 'CI app' },
        ],
      },
    };
    const inv = await inventory(writeBundle(), policy);
    expect(of(inv, p.deployer)).toMatchObject({ approved: true, approvedBy: p.deployer });
    expect(of(inv, p.member)).toMatchObject({ approved: true, approvedBy: '*@CONTOSO.example' });
    expect(of(inv, p.nestedApp)).toMatchObject({ approved: true });
    expect(of(inv, p.custom)?.approved).toBe(false);
    expect(inv.creators.filter((c) => !c.approved)[0]?.rank).toBe(1);
  });

  it('does not evaluate a subscription whose role assignments are missing, and reports unread deny assignments as a gap', async () => {
    const noAssignments = await inventory(writeBundle(['role-assignment-list']));
    expect(noAssignments.scopes[0]?.identityEvaluated).toBeUndefined();
    expect(noAssignments.creators).toEqual([]);
    expect(noAssignments.gaps).toContainEqual(
      expect.objectContaining({ domain: 'identity', kind: 'missing' }),
    );
    const noDenies = await inventory(writeBundle(['deny-assignment-list']));
    expect(noDenies.scopes[0]?.identityEvaluated).toBe(true);
    expect(noDenies.gaps).toContainEqual(
      expect.objectContaining({ domain: 'organization', kind: 'missing' }),
    );
    expect(of(noDenies, p.denied)?.actions).toContain(vmWrite);
  });
});

describe('rigsight explain --provider azure', () => {
  it('lists every assignment that decides the action, the group it comes through, and the deny that blocks it', async () => {
    const dir = writeBundle();
    const bundle = await EvidenceBundle.open(dir);
    const viaGroup = explainAzure(bundle, 'dev@contoso.example', vmWrite);
    expect(viaGroup.subscriptions[0]).toMatchObject({
      verdict: 'allow',
      assignments: [{ role: 'Contributor', through: [p.group], verdict: 'allow', pattern: '*' }],
    });
    const denied = explainAzure(bundle, p.denied, vmWrite);
    expect(denied.subscriptions[0]?.verdict).toBe('deny');
    expect(denied.subscriptions[0]?.denies).toEqual([{ name: 'no-vms-outside-platform', scope: sub }]);
    const removed = explainAzure(bundle, p.uaa, vmWrite);
    expect(removed.subscriptions[0]).toMatchObject({ verdict: 'not-granted' });
    const unknown = explainAzure(bundle, 'nobody@contoso.example', vmWrite);
    expect(unknown.found).toBe(false);
    expect(unknown.problem).toMatch(/holds no role assignment/);
  });
  it('names the chain when the principal reaches the action only through a VM it can run code on', async () => {
    const dir = writeBundle();
    const bundle = await EvidenceBundle.open(dir);
    const inv = await inventory(dir);
    const runner = explainAzure(bundle, p.runner, vmWrite, undefined, inv.creators);
    expect(runner.found).toBe(true);
    expect(runner.subscriptions[0]).toMatchObject({
      verdict: 'not-granted',
      paths: [
        {
          path: 'chain',
          via: [vmId, p.identity],
          using: ['Microsoft.Compute/virtualMachines/runCommand/action'],
        },
      ],
    });
    // Without creators[] the same question sees only the assignments: no way to the action.
    expect(explainAzure(bundle, p.runner, vmWrite).subscriptions[0]?.paths ?? []).toEqual([]);
  });
});

describe('rigsight explain --provider azure (CLI)', () => {
  it('prints the decision per subscription, and exits 2 for a principal the bundle does not know', async () => {
    const { runCli } = await import('../../../helpers/cli.js');
    const dir = writeBundle();
    const r = await runCli(
      'explain',
      '--evidence',
      dir,
      '--principal',
      p.custom,
      '--action',
      vmssWrite,
      '--allow-unverified',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`subscription ${S}: not-granted`));
    expect(r.out).toMatch(
      /removed-by-notActions +VM builder \(no scale sets\) \(custom\) at .*rg-app \[Microsoft\.Compute\/virtualMachineScaleSets\/\*\]/,
    );
    expect(r.out).toMatch(/\n {2}chain +.*virtualMachineScaleSets\/write.* through .*build-agent/);
    const unknown = await runCli(
      'explain',
      '--evidence',
      dir,
      '--principal',
      'nobody',
      '--action',
      vmWrite,
      '--allow-unverified',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/holds no role assignment/);
  });
});
