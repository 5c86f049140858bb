/**
 * Azure RBAC at scale: one subscription with 20,000 role assignments (management group, subscription, resource
 * group and resource scopes; users, service principals and groups), 500 custom roles (wildcards, notActions,
 * data actions), 200 groups with 50 members each (some nested), 100 deny assignments and 2,000 VMs with managed
 * identities, written as az prints them; then the full creators analysis (direct, chains, escalation).
 *
 *   npm run bench:azure      (target: < 10 s, < 1 GB)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { azurePath } from '../providers/azure/bundle-files.js';
import { analyzeRbac } from '../providers/azure/rbac/index.js';
import { EvidenceBundle } from '../src/evidence/bundle.js';
import type { Workload } from '../src/model/workload.js';
import { loadPolicy } from '../src/policy/load.js';

const S = '99999999-0000-4000-8000-000000000001';
const sub = `/subscriptions/${S}`;
const COUNTS = { assignments: 20_000, customRoles: 500, groups: 200, members: 50, denies: 100, vms: 2_000 };

let seed = 0x2545f491;
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const id = (prefix: number, n: number) =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const providers = [
  'Microsoft.Compute',
  'Microsoft.Network',
  'Microsoft.Storage',
  'Microsoft.Web',
  'Microsoft.Sql',
  'Microsoft.KeyVault',
  'Microsoft.ContainerInstance',
  'Microsoft.Batch',
];
const verbs = ['read', 'write', 'delete', 'action'];
const builtIns = [
  {
    name: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    actions: ['*'],
    notActions: [] as string[],
  },
  {
    name: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    actions: ['*'],
    notActions: ['Microsoft.Authorization/*/Write'],
  },
  { name: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', roleName: 'Reader', actions: ['*/read'], notActions: [] },
  {
    name: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    actions: ['*/read', 'Microsoft.Authorization/*'],
    notActions: [],
  },
];
const customs = Array.from({ length: COUNTS.customRoles }, (_, i) => ({
  name: id(0xc0000000, i),
  roleName: `custom-${i}`,
  actions: Array.from(
    { length: 1 + Math.floor(rnd() * 6) },
    () =>
      `${pick(providers)}/${pick(['*', 'virtualMachines', 'serverfarms', 'containerGroups', 'sites'])}/${pick(verbs)}`,
  ),
  notActions: rnd() < 0.3 ? [`${pick(providers)}/*/delete`] : [],
  dataActions: rnd() < 0.2 ? ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'] : [],
}));
const roles = [...builtIns, ...customs];
const weights = (r: number) =>
  r < 0.02
    ? builtIns[0]
    : r < 0.1
      ? builtIns[1]
      : r < 0.4
        ? builtIns[2]
        : r < 0.41
          ? builtIns[3]
          : pick(customs);

const dir = mkdtempSync(join(tmpdir(), 'rigsight-bench-rbac-'));
const write = (command: string, data: unknown, key?: string) => {
  const file = join(dir, azurePath(S, command, key));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data));
};
write(
  'role-definition-list',
  roles.map((r, i) => ({
    id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${r.name}`,
    name: r.name,
    type: 'Microsoft.Authorization/roleDefinitions',
    roleName: r.roleName,
    roleType: i < builtIns.length ? 'BuiltInRole' : 'CustomRole',
    permissions: [
      {
        actions: r.actions,
        notActions: r.notActions,
        dataActions: 'dataActions' in r ? r.dataActions : [],
        notDataActions: [],
      },
    ],
    assignableScopes: [sub],
  })),
);
const groups = Array.from({ length: COUNTS.groups }, (_, i) => id(0x6a000000, i));
const users = Array.from({ length: 5_000 }, (_, i) => id(0x75000000, i));
const identities = Array.from({ length: COUNTS.vms }, (_, i) => id(0x77000000, i));
const vmId = (i: number) =>
  `${sub}/resourceGroups/rg-${i % 50}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
for (const [g, group] of groups.entries())
  write(
    'ad-group-member-list',
    Array.from({ length: COUNTS.members }, (_, k) =>
      k === 0 && g + 1 < groups.length && rnd() < 0.3
        ? { '@odata.type': '#microsoft.graph.group', id: groups[g + 1] }
        : {
            '@odata.type': '#microsoft.graph.user',
            id: pick(users),
            userPrincipalName: `u${k}-${g}@contoso.example`,
          },
    ),
    group,
  );
const scopes = () => {
  const r = rnd();
  if (r < 0.05) return '/providers/Microsoft.Management/managementGroups/mg-root';
  if (r < 0.3) return sub;
  if (r < 0.8) return `${sub}/resourceGroups/rg-${Math.floor(rnd() * 50)}`;
  return vmId(Math.floor(rnd() * COUNTS.vms));
};
write(
  'role-assignment-list',
  Array.from({ length: COUNTS.assignments }, (_, i) => {
    const r = rnd();
    const [principalId, principalType] =
      r < 0.15
        ? [pick(groups), 'Group']
        : r < 0.35
          ? [pick(identities), 'ServicePrincipal']
          : [pick(users), 'User'];
    const scope = scopes();
    return {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${id(0x1a000000, i)}`,
      name: id(0x1a000000, i),
      scope,
      roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${(weights(rnd()) as { name: string }).name}`,
      principalId,
      principalType,
      ...(rnd() < 0.02
        ? {
            condition: "@Resource[Microsoft.Compute/virtualMachines:location] StringEquals 'westeurope'",
            conditionVersion: '2.0',
          }
        : {}),
    };
  }),
);
write('deny-assignment-list', {
  value: Array.from({ length: COUNTS.denies }, (_, i) => ({
    id: `${sub}/providers/Microsoft.Authorization/denyAssignments/${id(0xde000000, i)}`,
    name: id(0xde000000, i),
    properties: {
      denyAssignmentName: `deny-${i}`,
      scope: rnd() < 0.5 ? sub : `${sub}/resourceGroups/rg-${i % 50}`,
      permissions: [
        {
          actions: [`Microsoft.Compute/${pick(['*', 'virtualMachines/write', 'virtualMachineScaleSets/*'])}`],
          notActions: [],
        },
      ],
      principals: [{ id: rnd() < 0.1 ? '00000000-0000-0000-0000-000000000000' : pick(users), type: 'User' }],
      excludePrincipals: [],
      doNotApplyToChildScopes: false,
    },
  })),
});
const workloads = identities.map(
  (principal, i) =>
    ({
      provider: 'azure',
      scope: S,
      region: 'westeurope',
      id: vmId(i),
      type: 'Microsoft.Compute/virtualMachines',
      evidence: [],
      state: 'running',
      tags: {},
      attachments: [],
      cpuResolutionMinutes: 1,
      serviceAccounts: [principal],
    }) satisfies Workload,
);

const bundle = await EvidenceBundle.open(dir);
const policy = loadPolicy().policy;
const started = performance.now();
const result = analyzeRbac(bundle, policy, workloads);
const ms = performance.now() - started;
const paths = (p: string) => result.creators.filter((c) => c.path === p).length;
console.log('');
console.log(
  `azure rbac bench: ${COUNTS.assignments} assignments, ${COUNTS.customRoles} custom roles, ${COUNTS.groups} groups × ${COUNTS.members} members, ${COUNTS.denies} deny assignments, ${COUNTS.vms} VMs with identities`,
);
console.log(
  `creators   ${result.creators.length} (direct ${paths('direct')}, chain ${paths('chain')}, escalation ${paths('escalation')}), gaps ${result.gaps.length}`,
);
console.log(`time       ${(ms / 1000).toFixed(2)} s (target < 10 s): ${ms < 10_000 ? 'met' : 'MISSED'}`);
console.log(`memory     ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB rss (target < 1024 MB)`);
rmSync(dir, { recursive: true, force: true });
