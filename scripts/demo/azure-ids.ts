/**
 * The demo's Azure tenant: one subscription under ACME's management groups. Shared by the bundle
 * (azure-subscription.ts) and the native logs (azure-telemetry.ts) so both name the same resources.
 */
export const TENANT = '3f6c2a1e-8b4d-4e7a-9c05-5d2e7b1a9f60';
export const SUB = '6a1f0e2d-4c3b-4a59-8e7d-2b9c1f0a3d58';
export const SUB_NAME = 'acme-azure-prod';
export const MG = 'mg-acme';
export const MG_WORKLOADS = 'mg-acme-workloads';

/** Entra object ids (and app ids of the service principals). */
export const principals = {
  collector: {
    oid: 'e7c1a9d3-5f2b-4e8c-a6d0-3b9f1e7c5a24',
    app: '4b8d2e6f-1a3c-4f5e-9d7b-0c2a6e8f1b3d',
    name: 'rigsight-collector',
  },
  deploy: {
    oid: '0d5f2b8e-6c1a-4e37-9b42-8a7c3e1f5d20',
    app: '9a4c7e21-3f8b-4d6a-b1e5-2c0d8f7a6b34',
    name: 'acme-deploy-pipeline',
  },
  casey: { oid: '2c9e7a41-8d3f-4b65-a0c2-7e1b5f9d3a86', upn: 'casey.lin@acme.example', name: 'Casey Lin' },
  oncall: { oid: '8f3a6d2c-1b7e-4c59-9a04-6e2d8b1f7c35', name: 'ops-oncall' },
  priya: {
    oid: 'a3d8f1c6-7e2b-4a90-8c5d-1f6e9b2a4d07',
    upn: 'priya.raman@acme.example',
    name: 'Priya Raman',
  },
  tomas: { oid: 'b5e2c9a7-3d1f-4b86-9e0a-7c4d2f8b6e13', upn: 'tomas.berg@acme.example', name: 'Tomas Berg' },
  /** System-assigned identity of vm-ops-runner. */
  runner: { oid: '5e7c1d9b-2a8f-4c36-b0e4-9d1a7f3c5e82', app: 'd2a6f8c4-9b1e-4d73-a5c0-8e3f1b7d2a69' },
} as const;

const sub = `/subscriptions/${SUB}`;
const rg = (name: string) => `${sub}/resourceGroups/${name}`;
/** Compute returns its ids with the resource group in capitals; network keeps it as created. ARM ids compare case-insensitively. */
const vmId = (group: string, name: string) =>
  `${rg(group.toUpperCase())}/providers/Microsoft.Compute/virtualMachines/${name}`;
const nicId = (group: string, name: string) =>
  `${rg(group)}/providers/Microsoft.Network/networkInterfaces/${name}`;

export const vnets = {
  app: `${rg('rg-app')}/providers/Microsoft.Network/virtualNetworks/vnet-app`,
  batch: `${rg('rg-batch')}/providers/Microsoft.Network/virtualNetworks/vnet-batch`,
};
export const subnets = {
  app: `${vnets.app}/subnets/snet-app`,
  batch: `${vnets.batch}/subnets/snet-batch`,
  ops: `${vnets.batch}/subnets/snet-ops`,
};

export interface DemoVm {
  name: string;
  group: string;
  location: string;
  id: string;
  nic: string;
  ip: string;
  /** As az prints it (dashes); flow logs write it without. */
  mac: string;
  subnet: string;
  size: string;
}

const vm = (
  name: string,
  group: string,
  location: string,
  ip: string,
  mac: string,
  subnet: string,
  size: string,
): DemoVm => ({
  name,
  group,
  location,
  id: vmId(group, name),
  nic: nicId(group, `${name}-nic`),
  ip,
  mac,
  subnet,
  size,
});

export const vms = {
  api: vm(
    'vm-api-01',
    'rg-app',
    'westeurope',
    '10.40.1.4',
    '00-0D-3A-4A-10-04',
    subnets.app,
    'Standard_D4s_v5',
  ),
  /** The benign look-alike: a render box the deployment pipeline starts, CPU-bound for hours. */
  render: vm(
    'vm-render-02',
    'rg-app',
    'westeurope',
    '10.40.1.5',
    '00-0D-3A-4A-10-05',
    subnets.app,
    'Standard_F16s_v2',
  ),
  /** The miner: created by a developer's account from an unfamiliar address, untagged. */
  sandbox: vm(
    'vm-sandbox-7',
    'rg-app',
    'westeurope',
    '10.40.1.7',
    '00-0D-3A-4A-10-07',
    subnets.app,
    'Standard_F32s_v2',
  ),
  runner: vm(
    'vm-ops-runner',
    'rg-ops',
    'northeurope',
    '10.41.2.4',
    '00-22-48-6B-20-04',
    subnets.ops,
    'Standard_B2s',
  ),
};

export const vmss = {
  id: `${rg('RG-BATCH')}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-batch`,
  name: 'vmss-batch',
  group: 'rg-batch',
  location: 'northeurope',
  size: 'Standard_D8s_v5',
};

export const monitoring = {
  workspace: `${rg('rg-monitor')}/providers/Microsoft.OperationalInsights/workspaces/law-acme-audit`,
  workspaceCustomerId: 'c4e8a2f6-0b3d-4e71-9a5c-2f7d1b6e8a03',
  auditStorage: `${rg('rg-monitor')}/providers/Microsoft.Storage/storageAccounts/stacmeauditlogs`,
  flowStorage: `${rg('rg-monitor')}/providers/Microsoft.Storage/storageAccounts/stacmeflowlogs01`,
  actionGroup: `${rg('rg-monitor')}/providers/Microsoft.Insights/actionGroups/ag-ops-oncall`,
  flowLog: `${rg('NetworkWatcherRG')}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/flowLogs/vnet-app-flows`,
};

/** The mining pool the miner talks to (listed in policies/intel/maltrail/crypto_mining.txt as 176.31.105.53:3333). */
export const POOL = { ip: '176.31.105.53', port: 3333 };
