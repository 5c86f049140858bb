/**
 * The demo estate's Azure subscription (acme-azure-prod under ACME's management groups), written into the
 * same bundle and manifest as the AWS accounts, one file per `az … --output json` command as the collector
 * writes them (docs/azure-collection.md). Nothing here was collected from a real tenant.
 *   - vm-api-01 and vm-render-02 (westeurope) sit behind nsg-app, which leaves the default AllowInternetOutBound;
 *     vm-sandbox-7 beside them is the untagged VM casey.lin created (see azure-telemetry.ts).
 *   - vmss-batch and vm-ops-runner (northeurope) sit behind nsg-batch, which denies the internet at 4000.
 *   - Only vnet-app has a VNet flow log; only vm-api-01 and vmss-batch have a CPU alert; Defender for Servers
 *     is on the Free tier; the collector's role predates DNS security policies, so that listing was denied.
 *   - Creators: the deployment pipeline (approved), casey.lin (Contributor on the subscription), vm-ops-runner's
 *     identity (Virtual Machine Contributor on rg-batch) reached by ops-oncall through run command.
 */
import { azurePath, tenantFolder } from '../../providers/azure/bundle-files.js';
import type { BundleWriter } from '../../src/evidence/writer.js';
import {
  type DemoVm,
  MG,
  MG_WORKLOADS,
  monitoring,
  principals,
  SUB,
  SUB_NAME,
  subnets,
  TENANT,
  vms,
  vmss,
  vnets,
} from './azure-ids.js';

const COLLECTED = '2026-11-26T09:00:00.000Z';
const sub = `/subscriptions/${SUB}`;
const rg = (name: string) => `${sub}/resourceGroups/${name}`;
const mgId = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
const etag = (n: number) =>
  `W/"${n.toString(16).padStart(8, '0')}-4d2c-4b1a-9e3f-5a7c0d2e6b${String(n % 100).padStart(2, '0')}"`;
const ref = (id: string) => ({ id, resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? null });

const roles = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  vmContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
  commandOperator: 'c7d4e1f8-2a5b-4c9e-8f03-6b1d9a2e5c47',
  collector: '1e9b4c7a-6d2f-4a85-b3e0-8c5f2d7a9e16',
} as const;
const allowedLocations = 'e56962a6-4747-49cd-b67b-bf8b01975c4c';

/** Writes the subscription's files and its manifest scope through the demo's BundleWriter. */
export function writeAzureSubscription(writer: BundleWriter): void {
  const put = (command: string, data: unknown, key?: string, parameters: Record<string, unknown> = {}) =>
    writer.writeJson(azurePath(SUB, command, key), data, {
      service: 'az',
      operation: command,
      region: 'global',
      parameters: { subscription: SUB, ...parameters },
      collectedAt: COLLECTED,
      outcome: 'ok',
    });
  const tenant = (command: string, data: unknown, key?: string, parameters: Record<string, unknown> = {}) =>
    writer.writeJson(azurePath(tenantFolder(TENANT), command, key), data, {
      service: 'az',
      operation: command,
      region: 'global',
      parameters: { tenant: TENANT, ...parameters },
      collectedAt: COLLECTED,
      outcome: 'ok',
    });

  // ---------- tenant: where the subscription sits ----------
  tenant('account-management-group-list', [
    managementGroup(TENANT, 'Tenant Root Group'),
    managementGroup(MG, 'ACME'),
    managementGroup(MG_WORKLOADS, 'ACME Workloads'),
  ]);
  tenant(
    'account-management-group-show',
    {
      children: [
        {
          children: [{ children: null, displayName: SUB_NAME, id: sub, name: SUB, type: '/subscriptions' }],
          displayName: 'ACME Workloads',
          id: mgId(MG_WORKLOADS),
          name: MG_WORKLOADS,
          type: 'Microsoft.Management/managementGroups',
        },
      ],
      details: {
        managementGroupAncestors: null,
        managementGroupAncestorsChain: null,
        parent: { displayName: 'Tenant Root Group', id: mgId(TENANT), name: TENANT },
        path: null,
        updatedBy: principals.deploy.oid,
        updatedTime: '2025-02-11T14:20:03.5521470Z',
        version: 4,
      },
      displayName: 'ACME',
      id: mgId(MG),
      name: MG,
      tenantId: TENANT,
      type: 'Microsoft.Management/managementGroups',
    },
    MG,
    { name: MG },
  );

  put('account-show', {
    environmentName: 'AzureCloud',
    homeTenantId: TENANT,
    id: SUB,
    isDefault: false,
    managedByTenants: [],
    name: SUB_NAME,
    state: 'Enabled',
    tenantId: TENANT,
    user: { name: principals.collector.app, type: 'servicePrincipal' },
  });

  // ---------- compute ----------
  const linux = (offer: string, sku: string) => ({
    dataDisks: [],
    diskControllerType: 'SCSI',
    imageReference: {
      exactVersion: '24.04.202611050',
      offer,
      publisher: 'Canonical',
      sku,
      version: 'latest',
    },
    osDisk: {
      caching: 'ReadWrite',
      createOption: 'FromImage',
      deleteOption: 'Delete',
      diskSizeGb: 30,
      managedDisk: { storageAccountType: 'Premium_LRS' },
      osType: 'Linux',
    },
  });
  const virtualMachine = (
    v: DemoVm,
    created: string,
    vmGuid: string,
    tags: Record<string, string>,
    identity: unknown = null,
  ) => ({
    additionalCapabilities: null,
    applicationProfile: null,
    availabilitySet: null,
    billingProfile: null,
    diagnosticsProfile: { bootDiagnostics: { enabled: true, storageUri: null } },
    evictionPolicy: null,
    extendedLocation: null,
    extensionsTimeBudget: null,
    fqdns: '',
    hardwareProfile: { vmSize: v.size },
    host: null,
    hostGroup: null,
    id: v.id,
    identity,
    instanceView: null,
    licenseType: null,
    location: v.location,
    macAddresses: v.mac,
    name: v.name,
    networkProfile: {
      networkApiVersion: null,
      networkInterfaceConfigurations: null,
      networkInterfaces: [{ deleteOption: 'Delete', id: v.nic, primary: true, resourceGroup: v.group }],
    },
    osProfile: {
      adminPassword: null,
      adminUsername: 'azureuser',
      allowExtensionOperations: true,
      computerName: v.name,
      customData: null,
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        patchSettings: { assessmentMode: 'ImageDefault', patchMode: 'ImageDefault' },
        provisionVmAgent: true,
        ssh: null,
      },
      requireGuestProvisionSignal: true,
      secrets: [],
      windowsConfiguration: null,
    },
    plan: null,
    platformFaultDomain: null,
    powerState: 'VM running',
    priority: null,
    privateIps: v.ip,
    provisioningState: 'Succeeded',
    proximityPlacementGroup: null,
    publicIps: '',
    resourceGroup: v.group.toUpperCase(),
    resources: null,
    scheduledEventsProfile: null,
    securityProfile: {
      securityType: 'TrustedLaunch',
      uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
    },
    storageProfile: linux('ubuntu-24_04-lts', 'server'),
    tags,
    timeCreated: created,
    type: 'Microsoft.Compute/virtualMachines',
    userData: null,
    virtualMachineScaleSet: null,
    vmId: vmGuid,
    zones: v.location === 'westeurope' ? ['1'] : null,
  });
  const runnerIdentity = {
    principalId: principals.runner.oid,
    tenantId: TENANT,
    type: 'SystemAssigned',
    userAssignedIdentities: null,
  };
  put('network-nic-list', [
    nic(vms.api, 'rg-app', 1),
    nic(vms.render, 'rg-app', 2),
    nic(vms.sandbox, 'rg-app', 3),
    nic(vms.runner, 'rg-ops', 4),
  ]);
  put('vm-list', [
    virtualMachine(vms.api, '2026-04-14T10:02:11.4839127+00:00', '7f1c3a5e-2b4d-4c6e-8a0f-1d3b5c7e9a02', {
      owner: 'payments',
      env: 'prod',
    }),
    virtualMachine(vms.render, '2026-11-23T06:02:47.1198342+00:00', '3a5c7e9b-1d2f-4a6c-8e0b-2c4e6a8d0f13', {
      owner: 'media',
      env: 'prod',
      workload: 'render-batch',
    }),
    virtualMachine(
      vms.sandbox,
      '2026-11-22T21:42:18.6421093+00:00',
      '9e1b3d5f-7a2c-4e6b-8d0a-4f6b8d0c2e24',
      {},
    ),
    virtualMachine(
      vms.runner,
      '2025-10-08T13:15:02.2290417+00:00',
      '5b7d9f1a-3c5e-4b7d-9f1a-6b8d0f2a4c35',
      { owner: 'platform', env: 'prod' },
      runnerIdentity,
    ),
  ]);
  const batchNic = {
    deleteOption: 'Delete',
    disableTcpStateTracking: false,
    dnsSettings: { dnsServers: [] },
    enableAcceleratedNetworking: true,
    enableIPForwarding: false,
    ipConfigurations: [
      {
        applicationGatewayBackendAddressPools: [],
        applicationSecurityGroups: [],
        loadBalancerBackendAddressPools: [],
        loadBalancerInboundNatPools: [],
        name: 'batch-ipconfig',
        primary: true,
        privateIPAddressVersion: 'IPv4',
        publicIPAddressConfiguration: null,
        subnet: { id: subnets.batch, resourceGroup: 'rg-batch' },
      },
    ],
    name: 'batch-nic',
    networkSecurityGroup: null,
    primary: true,
  };
  put('vmss-list', [
    {
      additionalCapabilities: null,
      automaticRepairsPolicy: null,
      doNotRunExtensionsOnOverprovisionedVMs: false,
      extendedLocation: null,
      hostGroup: null,
      id: vmss.id,
      identity: null,
      location: vmss.location,
      name: vmss.name,
      orchestrationMode: 'Uniform',
      overprovision: false,
      plan: null,
      platformFaultDomainCount: 1,
      provisioningState: 'Succeeded',
      proximityPlacementGroup: null,
      resourceGroup: vmss.group.toUpperCase(),
      scaleInPolicy: { forceDeletion: false, rules: ['Default'] },
      singlePlacementGroup: false,
      sku: { capacity: 2, name: vmss.size, tier: 'Standard' },
      tags: { owner: 'data-platform', env: 'prod' },
      timeCreated: '2025-09-17T08:30:44.9051183+00:00',
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      uniqueId: '2d4f6b8a-0c1e-4a3c-9e5b-7d9f1b3c5e46',
      upgradePolicy: { mode: 'Manual', rollingUpgradePolicy: null },
      virtualMachineProfile: {
        networkProfile: {
          healthProbe: null,
          networkApiVersion: null,
          networkInterfaceConfigurations: [batchNic],
        },
        osProfile: {
          adminUsername: 'azureuser',
          allowExtensionOperations: true,
          computerNamePrefix: 'batch',
          linuxConfiguration: { disablePasswordAuthentication: true, provisionVmAgent: true },
          requireGuestProvisionSignal: true,
          secrets: [],
        },
        storageProfile: linux('ubuntu-24_04-lts', 'server'),
      },
      zoneBalance: null,
      zones: null,
    },
  ]);
  put(
    'vmss-list-instances',
    [0, 1].map((n) => ({
      additionalCapabilities: null,
      availabilitySet: null,
      diagnosticsProfile: null,
      hardwareProfile: null,
      id: `${vmss.id}/virtualMachines/${n}`,
      instanceId: String(n),
      instanceView: null,
      latestModelApplied: true,
      licenseType: null,
      location: vmss.location,
      modelDefinitionApplied: 'VirtualMachineScaleSet',
      name: `${vmss.name}_${n}`,
      networkProfile: {
        networkApiVersion: null,
        networkInterfaceConfigurations: null,
        networkInterfaces: [{ id: `${vmss.id}/virtualMachines/${n}/networkInterfaces/batch-nic` }],
      },
      networkProfileConfiguration: { networkInterfaceConfigurations: [batchNic] },
      osProfile: { adminUsername: 'azureuser', computerName: `batch00000${n}` },
      plan: null,
      protectionPolicy: null,
      provisioningState: 'Succeeded',
      resourceGroup: vmss.group.toUpperCase(),
      resources: null,
      sku: { capacity: null, name: vmss.size, tier: 'Standard' },
      storageProfile: linux('ubuntu-24_04-lts', 'server'),
      tags: { owner: 'data-platform', env: 'prod' },
      timeCreated: `2026-10-02T0${4 + n}:11:36.8812400+00:00`,
      type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
      userData: null,
      vmId: `6c8e0a2b-4d6f-4a8c-${n}e1b-3d5f7a9c1e57`,
      zones: null,
    })),
    vmss.name,
    { id: vmss.id, resourceGroup: vmss.group.toUpperCase(), name: vmss.name },
  );

  // ---------- network ----------
  const nsgApp = `${rg('rg-app')}/providers/Microsoft.Network/networkSecurityGroups/nsg-app`;
  const nsgBatch = `${rg('rg-batch')}/providers/Microsoft.Network/networkSecurityGroups/nsg-batch`;
  const ipConfigRef = (v: DemoVm) => ({
    id: armCaps(`${v.nic}/ipConfigurations/ipconfig1`),
    resourceGroup: v.group.toUpperCase(),
  });
  const subnet = (
    id: string,
    prefix: string,
    nsg: string,
    members: { id: string; resourceGroup: string }[],
  ) => ({
    addressPrefix: prefix,
    defaultOutboundAccess: null,
    delegations: [],
    etag: etag(prefix.length * 7919),
    id,
    ipConfigurations: members,
    name: id.split('/').pop(),
    networkSecurityGroup: ref(nsg),
    privateEndpointNetworkPolicies: 'Disabled',
    privateLinkServiceNetworkPolicies: 'Enabled',
    provisioningState: 'Succeeded',
    resourceGroup: /\/resourceGroups\/([^/]+)/.exec(id)?.[1],
    routeTable: null,
    type: 'Microsoft.Network/virtualNetworks/subnets',
  });
  put('network-vnet-list', [
    {
      addressSpace: { addressPrefixes: ['10.40.0.0/16'] },
      dhcpOptions: { dnsServers: [] },
      enableDdosProtection: false,
      etag: etag(101),
      id: vnets.app,
      location: 'westeurope',
      name: 'vnet-app',
      privateEndpointVNetPolicies: 'Disabled',
      provisioningState: 'Succeeded',
      resourceGroup: 'rg-app',
      resourceGuid: '1b3d5f7a-9c2e-4b6d-8f0a-2c4e6b8d0a68',
      subnets: [
        subnet(subnets.app, '10.40.1.0/24', nsgApp, [
          ipConfigRef(vms.api),
          ipConfigRef(vms.render),
          ipConfigRef(vms.sandbox),
        ]),
      ],
      type: 'Microsoft.Network/virtualNetworks',
      virtualNetworkPeerings: [],
    },
    {
      addressSpace: { addressPrefixes: ['10.41.0.0/16'] },
      dhcpOptions: { dnsServers: [] },
      enableDdosProtection: false,
      etag: etag(102),
      id: vnets.batch,
      location: 'northeurope',
      name: 'vnet-batch',
      privateEndpointVNetPolicies: 'Disabled',
      provisioningState: 'Succeeded',
      resourceGroup: 'rg-batch',
      resourceGuid: '4e6a8c0b-2d4f-4a6c-8e0b-5d7f9b1d3f79',
      subnets: [
        subnet(subnets.batch, '10.41.1.0/24', nsgBatch, [
          {
            id: armCaps(
              `${vmss.id}/virtualMachines/0/networkInterfaces/batch-nic/ipConfigurations/batch-ipconfig`,
            ),
            resourceGroup: 'RG-BATCH',
          },
          {
            id: armCaps(
              `${vmss.id}/virtualMachines/1/networkInterfaces/batch-nic/ipConfigurations/batch-ipconfig`,
            ),
            resourceGroup: 'RG-BATCH',
          },
        ]),
        subnet(subnets.ops, '10.41.2.0/24', nsgBatch, [ipConfigRef(vms.runner)]),
      ],
      type: 'Microsoft.Network/virtualNetworks',
      virtualNetworkPeerings: [],
    },
  ]);
  put('network-nsg-list', [
    nsg(
      nsgApp,
      'westeurope',
      [subnets.app],
      [
        rule(nsgApp, 'AllowHttpsInbound', 100, 'Inbound', 'Allow', 'Tcp', '443', 'Internet', '*'),
        rule(nsgApp, 'AllowSshFromBastion', 110, 'Inbound', 'Allow', 'Tcp', '22', '10.40.0.0/26', '*'),
      ],
    ),
    nsg(
      nsgBatch,
      'northeurope',
      [subnets.batch, subnets.ops],
      [
        rule(
          nsgBatch,
          'AllowStorageOutbound',
          100,
          'Outbound',
          'Allow',
          'Tcp',
          '443',
          '*',
          'Storage.NorthEurope',
        ),
        rule(nsgBatch, 'AllowMonitorOutbound', 110, 'Outbound', 'Allow', 'Tcp', '443', '*', 'AzureMonitor'),
        rule(nsgBatch, 'DenyInternetOutbound', 4000, 'Outbound', 'Deny', '*', '*', '*', 'Internet'),
      ],
    ),
  ]);
  put('network-route-table-list', []);
  put('network-firewall-list', []);
  put('network-firewall-policy-list', []);
  const watcher = (loc: string) => ({
    etag: etag(loc.length * 131),
    id: `${rg('NetworkWatcherRG')}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${loc}`,
    location: loc,
    name: `NetworkWatcher_${loc}`,
    provisioningState: 'Succeeded',
    resourceGroup: 'NetworkWatcherRG',
    type: 'Microsoft.Network/networkWatchers',
  });
  put('network-watcher-list', [watcher('northeurope'), watcher('westeurope')]);
  // A VNet flow log on vnet-app only: vnet-batch was added later and nobody turned one on.
  put(
    'network-watcher-flow-log-list',
    [
      {
        enabled: true,
        enabledFilteringCriteria: '',
        etag: etag(201),
        flowAnalyticsConfiguration: {
          networkWatcherFlowAnalyticsConfiguration: {
            enabled: true,
            trafficAnalyticsInterval: 10,
            workspaceId: monitoring.workspaceCustomerId,
            workspaceRegion: 'westeurope',
            workspaceResourceId: monitoring.workspace,
          },
        },
        format: { type: 'JSON', version: 2 },
        id: monitoring.flowLog,
        location: 'westeurope',
        name: 'vnet-app-flows',
        provisioningState: 'Succeeded',
        resourceGroup: 'NetworkWatcherRG',
        retentionPolicy: { days: 0, enabled: false },
        storageId: monitoring.flowStorage,
        tags: {},
        targetResourceGuid: '1b3d5f7a-9c2e-4b6d-8f0a-2c4e6b8d0a68',
        targetResourceId: vnets.app,
        type: 'Microsoft.Network/networkWatchers/flowLogs',
      },
    ],
    'westeurope',
    { resourceGroup: 'NetworkWatcherRG', name: 'NetworkWatcher_westeurope' },
  );
  put('network-watcher-flow-log-list', [], 'northeurope', {
    resourceGroup: 'NetworkWatcherRG',
    name: 'NetworkWatcher_northeurope',
  });

  // ---------- logging and retention ----------
  const categories = ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy'];
  const exported = new Set(['Administrative', 'Security', 'Alert', 'Policy']);
  put('monitor-diagnostic-settings-subscription-list', {
    value: [
      {
        eventHubAuthorizationRuleId: null,
        eventHubName: null,
        id: `${sub}/providers/microsoft.insights/diagnosticSettings/activity-to-law`,
        logs: [...categories, 'Autoscale', 'ResourceHealth'].map((category) => ({
          category,
          enabled: exported.has(category),
        })),
        marketplacePartnerId: null,
        name: 'activity-to-law',
        serviceBusRuleId: null,
        storageAccountId: monitoring.auditStorage,
        type: 'Microsoft.Insights/diagnosticSettings',
        workspaceId: monitoring.workspace,
      },
    ],
  });
  put('monitor-log-analytics-workspace-list', [
    {
      createdDate: '2024-11-05T09:12:40.1126314Z',
      customerId: monitoring.workspaceCustomerId,
      defaultDataCollectionRuleResourceId: null,
      etag: '"2f00a1b3-0000-0d00-0000-673a1c2e0000"',
      features: { enableLogAccessUsingOnlyResourcePermissions: true, legacy: 0, searchVersion: 1 },
      forceCmkForQuery: null,
      id: monitoring.workspace,
      location: 'westeurope',
      modifiedDate: '2026-02-18T16:44:09.5081129Z',
      name: 'law-acme-audit',
      provisioningState: 'Succeeded',
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      resourceGroup: 'rg-monitor',
      retentionInDays: 90,
      sku: { lastSkuUpdate: '2024-11-05T09:12:40.1126314Z', name: 'PerGB2018' },
      tags: { owner: 'security' },
      type: 'Microsoft.OperationalInsights/workspaces',
      workspaceCapping: { dailyQuotaGb: -1.0, dataIngestionStatus: 'RespectQuota' },
    },
  ]);
  const table = (name: string, retention: number, total: number) => ({
    archiveRetentionInDays: total - retention,
    id: `${monitoring.workspace}/tables/${name}`,
    lastPlanModifiedDate: '2024-11-05T09:20:12.0000000Z',
    name,
    plan: 'Analytics',
    provisioningState: 'Succeeded',
    resourceGroup: 'rg-monitor',
    retentionInDays: retention,
    retentionInDaysAsDefault: retention === 90,
    schema: { name, tableSubType: 'DataCollectionRuleBased', tableType: 'Microsoft' },
    totalRetentionInDays: total,
    totalRetentionInDaysAsDefault: total === retention,
    type: 'Microsoft.OperationalInsights/workspaces/tables',
  });
  for (const [name, retention, total] of [
    ['AzureActivity', 90, 730],
    ['NTANetAnalytics', 90, 90],
  ] as const)
    put(
      'monitor-log-analytics-workspace-table-show',
      table(name, retention, total),
      `law-acme-audit/${name}`,
      {
        resourceGroup: 'rg-monitor',
        workspace: 'law-acme-audit',
        table: name,
      },
    );
  const lifecycle = (account: string, rule: string, prefix: string, days: number) =>
    put(
      'storage-account-management-policy-show',
      {
        id: `${rg('rg-monitor')}/providers/Microsoft.Storage/storageAccounts/${account}/managementPolicies/default`,
        lastModifiedTime: '2025-01-09T11:03:27.5530120+00:00',
        name: 'DefaultManagementPolicy',
        policy: {
          rules: [
            {
              definition: {
                actions: {
                  baseBlob: {
                    delete: { daysAfterModificationGreaterThan: days },
                    tierToCool: { daysAfterModificationGreaterThan: Math.min(30, days - 1) },
                  },
                },
                filters: { blobTypes: ['blockBlob', 'appendBlob'], prefixMatch: [prefix] },
              },
              enabled: true,
              name: rule,
              type: 'Lifecycle',
            },
          ],
        },
        resourceGroup: 'rg-monitor',
        type: 'Microsoft.Storage/storageAccounts/managementPolicies',
      },
      account,
      {
        id: `${rg('rg-monitor')}/providers/Microsoft.Storage/storageAccounts/${account}`,
        resourceGroup: 'rg-monitor',
        account,
      },
    );
  lifecycle('stacmeauditlogs', 'expire-activity-logs', 'insights-activity-logs/', 400);
  lifecycle('stacmeflowlogs01', 'expire-flow-logs', 'insights-logs-flowlogflowevent/', 30);

  // ---------- CPU alerts: vm-api-01 and the batch scale set; nothing watches the rest ----------
  const cpuAlert = (name: string, scope: string, namespace: string, description: string) => ({
    actions: [{ actionGroupId: monitoring.actionGroup, webHookProperties: {} }],
    autoMitigate: true,
    criteria: {
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion',
          dimensions: [],
          metricName: 'Percentage CPU',
          metricNamespace: namespace,
          name: 'HighCpu',
          operator: 'GreaterThan',
          skipMetricValidation: false,
          threshold: 90.0,
          timeAggregation: 'Average',
        },
      ],
      odataType: 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
    },
    description,
    enabled: true,
    evaluationFrequency: 'PT5M',
    id: `${rg('rg-monitor')}/providers/Microsoft.Insights/metricAlerts/${name}`,
    isMigrated: false,
    lastUpdatedTime: '2025-06-30T08:14:51.2243861Z',
    location: 'global',
    name,
    resourceGroup: 'rg-monitor',
    scopes: [scope],
    severity: 2,
    tags: {},
    targetResourceRegion: '',
    targetResourceType: '',
    type: 'Microsoft.Insights/metricAlerts',
    windowSize: 'PT15M',
  });
  put('monitor-metrics-alert-list', [
    cpuAlert(
      'cpu-high-vm-api-01',
      `${rg('rg-app')}/providers/Microsoft.Compute/virtualMachines/vm-api-01`,
      'Microsoft.Compute/virtualMachines',
      'API node CPU above 90% for 15 minutes',
    ),
    cpuAlert(
      'cpu-high-vmss-batch',
      `${rg('rg-batch')}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-batch`,
      'Microsoft.Compute/virtualMachineScaleSets',
      'Batch workers pegged: check the queue',
    ),
  ]);
  put('monitor-activity-log-alert-list', []);

  // ---------- identity ----------
  const builtIn = (
    guid: string,
    roleName: string,
    description: string,
    actions: string[],
    notActions: string[] = [],
  ) =>
    roleDefinition(
      guid,
      roleName,
      description,
      'BuiltInRole',
      ['/'],
      actions,
      notActions,
      '2015-02-02T21:55:09.880642+00:00',
    );
  put('role-definition-list', [
    roleDefinition(
      roles.collector,
      'rigsight collector (read-only)',
      'Reads what rigsight collect calls, nothing else: no listKeys, no secrets, no writes.',
      'CustomRole',
      [mgId(MG)],
      // Created from rigsight's role of early 2025: DNS security policies came later.
      [
        'Microsoft.Authorization/denyAssignments/read',
        'Microsoft.Authorization/policyAssignments/read',
        'Microsoft.Authorization/policyDefinitions/read',
        'Microsoft.Authorization/policySetDefinitions/read',
        'Microsoft.Authorization/roleAssignments/read',
        'Microsoft.Authorization/roleDefinitions/read',
        'Microsoft.Compute/virtualMachines/instanceView/read',
        'Microsoft.Compute/virtualMachines/read',
        'Microsoft.Compute/virtualMachineScaleSets/read',
        'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read',
        'Microsoft.CostManagement/scheduledActions/read',
        'Microsoft.Insights/activityLogAlerts/read',
        'Microsoft.Insights/diagnosticSettings/read',
        'Microsoft.Insights/metricAlerts/read',
        'Microsoft.Management/managementGroups/read',
        'Microsoft.Network/azureFirewalls/read',
        'Microsoft.Network/firewallPolicies/read',
        'Microsoft.Network/networkInterfaces/read',
        'Microsoft.Network/networkSecurityGroups/read',
        'Microsoft.Network/networkWatchers/flowLogs/read',
        'Microsoft.Network/networkWatchers/read',
        'Microsoft.Network/routeTables/read',
        'Microsoft.Network/virtualNetworks/read',
        'Microsoft.OperationalInsights/workspaces/read',
        'Microsoft.OperationalInsights/workspaces/tables/read',
        'Microsoft.Resources/subscriptions/read',
        'Microsoft.Security/locations/alerts/read',
        'Microsoft.Security/pricings/read',
        'Microsoft.Storage/storageAccounts/managementPolicies/read',
      ],
      [],
      '2025-03-04T10:41:19.2201345+00:00',
    ),
    roleDefinition(
      roles.commandOperator,
      'VM Command Operator',
      'On-call: restart VMs and run diagnostic commands on them.',
      'CustomRole',
      [sub],
      [
        'Microsoft.Compute/virtualMachines/read',
        'Microsoft.Compute/virtualMachines/instanceView/read',
        'Microsoft.Compute/virtualMachines/restart/action',
        'Microsoft.Compute/virtualMachines/runCommand/action',
        'Microsoft.Compute/virtualMachines/runCommands/read',
        'Microsoft.Compute/virtualMachines/runCommands/write',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
      ],
      [],
      '2025-10-09T07:55:31.0045120+00:00',
    ),
    builtIn(
      roles.contributor,
      'Contributor',
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
      ['*'],
      [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
        'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
        'Microsoft.Subscription/cancel/action',
        'Microsoft.Subscription/enable/action',
      ],
    ),
    builtIn(
      roles.owner,
      'Owner',
      'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
      ['*'],
    ),
    builtIn(roles.reader, 'Reader', 'View all resources, but does not allow you to make any changes.', [
      '*/read',
    ]),
    builtIn(
      roles.vmContributor,
      'Virtual Machine Contributor',
      'Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local user accounts using VM extensions. This role does not grant you management access to the virtual network or storage account the virtual machines are connected to. This role does not allow you to assign roles in Azure RBAC.',
      [
        'Microsoft.Authorization/*/read',
        'Microsoft.Compute/availabilitySets/*',
        'Microsoft.Compute/locations/*',
        'Microsoft.Compute/virtualMachines/*',
        'Microsoft.Compute/virtualMachineScaleSets/*',
        'Microsoft.Compute/cloudServices/*',
        'Microsoft.Compute/disks/write',
        'Microsoft.Compute/disks/read',
        'Microsoft.Compute/disks/delete',
        'Microsoft.DevTestLab/schedules/*',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Network/applicationGateways/backendAddressPools/join/action',
        'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
        'Microsoft.Network/loadBalancers/inboundNatPools/join/action',
        'Microsoft.Network/loadBalancers/inboundNatRules/join/action',
        'Microsoft.Network/loadBalancers/probes/join/action',
        'Microsoft.Network/loadBalancers/read',
        'Microsoft.Network/locations/*',
        'Microsoft.Network/networkInterfaces/*',
        'Microsoft.Network/networkSecurityGroups/join/action',
        'Microsoft.Network/networkSecurityGroups/read',
        'Microsoft.Network/publicIPAddresses/join/action',
        'Microsoft.Network/publicIPAddresses/read',
        'Microsoft.Network/virtualNetworks/read',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.SerialConsole/serialPorts/connect/action',
        'Microsoft.SqlVirtualMachine/*',
        'Microsoft.Storage/storageAccounts/listKeys/action',
        'Microsoft.Storage/storageAccounts/read',
        'Microsoft.Support/*',
      ],
    ),
  ]);
  const roleNames: Record<string, string> = {
    [roles.collector]: 'rigsight collector (read-only)',
    [roles.commandOperator]: 'VM Command Operator',
    [roles.contributor]: 'Contributor',
    [roles.vmContributor]: 'Virtual Machine Contributor',
  };
  const assignment = (
    name: string,
    scope: string,
    role: keyof typeof roles,
    principalId: string,
    principalType: string,
    principalName: string,
    created: string,
    description: string | null = null,
  ) => ({
    condition: null,
    conditionVersion: null,
    createdBy: principals.deploy.oid,
    createdOn: created,
    delegatedManagedIdentityResourceId: null,
    description,
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    principalId,
    principalName,
    principalType,
    ...(/\/resourceGroups\//.test(scope) ? { resourceGroup: scope.split('/').pop() } : {}),
    roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${roles[role]}`,
    roleDefinitionName: roleNames[roles[role]],
    scope,
    type: 'Microsoft.Authorization/roleAssignments',
    updatedBy: principals.deploy.oid,
    updatedOn: created,
  });
  put('role-assignment-list', [
    assignment(
      'f4a6c8e0-2b4d-4f6a-8c0e-1a3c5e7b9d11',
      mgId(MG),
      'collector',
      principals.collector.oid,
      'ServicePrincipal',
      principals.collector.app,
      '2025-03-04T10:44:02.9120031Z',
    ),
    assignment(
      '0b2d4f6a-8c0e-4a2c-9e4b-6d8f0a2c4e22',
      sub,
      'contributor',
      principals.deploy.oid,
      'ServicePrincipal',
      principals.deploy.app,
      '2024-11-05T08:02:17.4410924Z',
      'GitHub Actions deployments (acme/infra, environment prod)',
    ),
    assignment(
      '3c5e7a9b-1d3f-4b5d-8f1a-7e9b1d3f5a33',
      sub,
      'contributor',
      principals.casey.oid,
      'User',
      principals.casey.upn,
      '2026-09-03T15:27:40.0082231Z',
      'temporary: storage migration (MIG-207)',
    ),
    assignment(
      '6d8f0b2c-4e6a-4c8e-9a2c-8f0b2d4e6b44',
      rg('rg-ops'),
      'commandOperator',
      principals.oncall.oid,
      'Group',
      principals.oncall.name,
      '2025-10-09T08:01:12.5573301Z',
    ),
    assignment(
      '9e1a3c5d-7f9b-4d1f-8b3d-9a1c3e5f7c55',
      rg('rg-batch'),
      'vmContributor',
      principals.runner.oid,
      'ServicePrincipal',
      principals.runner.app,
      '2025-10-08T13:20:45.3318876Z',
      'vm-ops-runner replaces unhealthy batch workers',
    ),
  ]);
  put('deny-assignment-list', { value: [] });
  put(
    'ad-group-member-list',
    [principals.priya, principals.tomas].map((p) => ({
      '@odata.type': '#microsoft.graph.user',
      businessPhones: [],
      displayName: p.name,
      givenName: p.name.split(' ')[0],
      id: p.oid,
      jobTitle: 'Site Reliability Engineer',
      mail: p.upn,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-GB',
      surname: p.name.split(' ')[1],
      userPrincipalName: p.upn,
    })),
    principals.oncall.oid,
    { group: principals.oncall.oid },
  );

  // ---------- threat detection: Defender plans bought for storage and Key Vault, not for servers ----------
  const pricing = (name: string, tier: 'Free' | 'Standard', subPlan: string | null) => ({
    deprecated: null,
    enablementTime: tier === 'Standard' ? '2025-04-01T09:00:00.0000000Z' : null,
    extensions: null,
    freeTrialRemainingTime: '0:00:00',
    id: `${sub}/providers/Microsoft.Security/pricings/${name}`,
    name,
    pricingTier: tier,
    replacedBy: null,
    subPlan,
    type: 'Microsoft.Security/pricings',
  });
  put('security-pricing-list', {
    value: [
      pricing('VirtualMachines', 'Free', null),
      pricing('StorageAccounts', 'Standard', 'DefenderForStorageV2'),
      pricing('KeyVaults', 'Standard', 'PerKeyVault'),
      pricing('Arm', 'Standard', 'PerSubscription'),
      pricing('CloudPosture', 'Free', null),
    ],
  });
  put('security-alert-list', []);

  // ---------- guardrails: allowed locations from the ACME management group ----------
  put('policy-assignment-list', [
    {
      description: 'ACME runs in the two EU regions only.',
      displayName: 'Allowed locations (EU)',
      enforcementMode: 'Default',
      id: `${mgId(MG)}/providers/Microsoft.Authorization/policyAssignments/allowed-locations`,
      identity: null,
      location: null,
      metadata: {
        assignedBy: 'Platform team',
        createdBy: principals.deploy.oid,
        createdOn: '2024-11-05T08:30:00.0000000Z',
      },
      name: 'allowed-locations',
      nonComplianceMessages: [
        { message: 'Deploy to westeurope or northeurope only.', policyDefinitionReferenceId: null },
      ],
      notScopes: [],
      parameters: { listOfAllowedLocations: { value: ['westeurope', 'northeurope'] } },
      policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${allowedLocations}`,
      scope: mgId(MG),
      type: 'Microsoft.Authorization/policyAssignments',
    },
  ]);
  put(
    'policy-definition-show',
    {
      description:
        "This policy enables you to restrict the locations your organization can specify when deploying resources. Use to enforce your geo-compliance requirements. Excludes resource groups, Microsoft.AzureActiveDirectory/b2cDirectories, and resources that use the 'global' region.",
      displayName: 'Allowed locations',
      id: `/providers/Microsoft.Authorization/policyDefinitions/${allowedLocations}`,
      metadata: { category: 'General', version: '1.0.0' },
      mode: 'Indexed',
      name: allowedLocations,
      parameters: {
        listOfAllowedLocations: {
          metadata: {
            description: 'The list of locations that can be specified when deploying resources.',
            displayName: 'Allowed locations',
            strongType: 'location',
          },
          type: 'Array',
        },
      },
      policyRule: {
        if: {
          allOf: [
            { field: 'location', notIn: "[parameters('listOfAllowedLocations')]" },
            { field: 'location', notEquals: 'global' },
            { field: 'type', notEquals: 'Microsoft.AzureActiveDirectory/b2cDirectories' },
          ],
        },
        // biome-ignore lint/suspicious/noThenProperty: Azure Policy's own rule shape (if/then).
        then: { effect: 'deny' },
      },
      policyType: 'BuiltIn',
      type: 'Microsoft.Authorization/policyDefinitions',
      version: '1.0.0',
    },
    allowedLocations,
    { id: `/providers/Microsoft.Authorization/policyDefinitions/${allowedLocations}` },
  );

  // ---------- cost: a daily anomaly alert on the subscription (az rest prints ARM's shape) ----------
  put('costmanagement-scheduled-action-list', {
    value: [
      {
        eTag: '"1db2f3a4c5d6e70"',
        id: `${sub}/providers/Microsoft.CostManagement/scheduledActions/daily-anomaly-alert`,
        kind: 'InsightAlert',
        name: 'daily-anomaly-alert',
        properties: {
          displayName: 'Daily cost anomalies (acme-azure-prod)',
          fileDestination: { fileFormats: [] },
          notification: { subject: 'Cost anomaly detected in acme-azure-prod', to: ['finops@acme.example'] },
          notificationEmail: 'finops@acme.example',
          schedule: {
            endDate: '2027-06-01T00:00:00Z',
            frequency: 'Daily',
            hourOfDay: 8,
            startDate: '2025-06-01T00:00:00Z',
          },
          scope: sub,
          status: 'Enabled',
          viewId: `${sub}/providers/Microsoft.CostManagement/views/ms:DailyAnomalyByResourceGroup`,
        },
        systemData: {
          createdAt: '2025-06-01T07:58:12.1182301Z',
          createdBy: 'finops@acme.example',
          createdByType: 'User',
          lastModifiedAt: '2025-06-01T07:58:12.1182301Z',
          lastModifiedBy: 'finops@acme.example',
          lastModifiedByType: 'User',
        },
        type: 'Microsoft.CostManagement/ScheduledActions',
      },
    ],
  });

  // ---------- DNS: the collector's role predates DNS security policies, so ARM refused the listing ----------
  const dnsCommand =
    'az rest --method get --url /subscriptions/SUBSCRIPTION/providers/Microsoft.Network/dnsResolverPolicies?api-version=2025-05-01';
  writer.writeJson(
    azurePath(SUB, 'dns-resolver-policy-list').replace(/\.json$/, '.error.json'),
    {
      Code: 'AuthorizationFailed',
      Message: `The client '${principals.collector.app}' with object id '${principals.collector.oid}' does not have authorization to perform action 'Microsoft.Network/dnsResolverPolicies/read' over scope '${sub}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      HttpStatus: 403,
      Command: dnsCommand,
      Parameters: { subscription: SUB },
    },
    {
      service: 'az',
      operation: 'dns-resolver-policy-list',
      region: 'global',
      parameters: { subscription: SUB },
      collectedAt: COLLECTED,
      outcome: 'error',
      errorCode: 'AuthorizationFailed',
    },
  );

  writer.addScope({
    provider: 'azure',
    id: SUB,
    caller: `${principals.collector.app} (rigsight-collector service principal, demo estate)`,
    status: 'partial',
    reason: '1 call failed, first dns-resolver-policy-list.json: AuthorizationFailed',
  });
}

/** ARM writes back-references (a subnet's IP configurations, an NSG's subnets) with names in capitals. */
function armCaps(id: string): string {
  const parts = id.split('/');
  return parts
    .map((p, i) => (i > 3 && i % 2 === 0 && parts[i - 1] !== 'providers' ? p.toUpperCase() : p))
    .join('/');
}

function managementGroup(name: string, displayName: string) {
  return {
    displayName,
    id: mgId(name),
    name,
    tenantId: TENANT,
    type: 'Microsoft.Management/managementGroups',
  };
}

function nic(v: DemoVm, group: string, n: number) {
  return {
    auxiliaryMode: 'None',
    auxiliarySku: 'None',
    disableTcpStateTracking: false,
    dnsSettings: {
      appliedDnsServers: [],
      dnsServers: [],
      internalDomainNameSuffix: 'k3d1f0x2qz4ubn5hw7ycme0a1e.ax.internal.cloudapp.net',
    },
    enableAcceleratedNetworking: true,
    enableIPForwarding: false,
    etag: etag(300 + n),
    hostedWorkloads: [],
    id: v.nic,
    ipConfigurations: [
      {
        etag: etag(300 + n),
        id: `${v.nic}/ipConfigurations/ipconfig1`,
        name: 'ipconfig1',
        primary: true,
        privateIPAddress: v.ip,
        privateIPAddressVersion: 'IPv4',
        privateIPAllocationMethod: 'Dynamic',
        provisioningState: 'Succeeded',
        resourceGroup: group,
        subnet: ref(v.subnet),
        type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
      },
    ],
    location: v.location,
    macAddress: v.mac,
    name: `${v.name}-nic`,
    nicType: 'Standard',
    primary: true,
    provisioningState: 'Succeeded',
    resourceGroup: group,
    resourceGuid: `${(0x51c0 + n).toString(16)}a2b4-6c8e-4a0c-9e2b-4d6f8a0c2e${String(n).padStart(2, '0')}`,
    tags: {},
    tapConfigurations: [],
    type: 'Microsoft.Network/networkInterfaces',
    virtualMachine: ref(v.id),
    vnetEncryptionSupported: false,
  };
}

function nsg(id: string, location: string, subnetIds: string[], securityRules: unknown[]) {
  const d = (
    name: string,
    priority: number,
    direction: string,
    access: string,
    source: string,
    dest: string,
  ) => rule(id, name, priority, direction, access, '*', '*', source, dest, 'defaultSecurityRules');
  return {
    defaultSecurityRules: [
      d('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
      d('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
      d('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
      d('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
      d('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
      d('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
    ],
    etag: etag(id.length * 17),
    id,
    location,
    name: id.split('/').pop(),
    provisioningState: 'Succeeded',
    resourceGroup: /\/resourceGroups\/([^/]+)/.exec(id)?.[1],
    resourceGuid: `${id.length.toString(16).padStart(8, '0')}-3e5a-4c7e-9a1c-5e7a9c1e3a${String(id.length % 100).padStart(2, '0')}`,
    securityRules,
    // ARM writes back-references in capitals.
    subnets: subnetIds.map((s) => ({
      id: armCaps(s),
      resourceGroup: /\/resourceGroups\/([^/]+)/.exec(s)?.[1]?.toUpperCase(),
    })),
    type: 'Microsoft.Network/networkSecurityGroups',
  };
}

function rule(
  nsgId: string,
  name: string,
  priority: number,
  direction: string,
  access: string,
  protocol: string,
  port: string,
  source: string,
  destination: string,
  kind = 'securityRules',
) {
  return {
    access,
    ...(kind === 'defaultSecurityRules' ? { description: defaultDescriptions[name] ?? name } : {}),
    destinationAddressPrefix: destination,
    destinationAddressPrefixes: [],
    destinationPortRange: port,
    destinationPortRanges: [],
    direction,
    etag: etag(priority),
    id: `${nsgId}/${kind}/${name}`,
    name,
    priority,
    protocol,
    provisioningState: 'Succeeded',
    resourceGroup: /\/resourceGroups\/([^/]+)/.exec(nsgId)?.[1],
    sourceAddressPrefix: source,
    sourceAddressPrefixes: [],
    sourcePortRange: '*',
    sourcePortRanges: [],
    type: `Microsoft.Network/networkSecurityGroups/${kind}`,
  };
}

const defaultDescriptions: Record<string, string> = {
  AllowVnetInBound: 'Allow inbound traffic from all VMs in VNET',
  AllowAzureLoadBalancerInBound: 'Allow inbound traffic from azure load balancer',
  DenyAllInBound: 'Deny all inbound traffic',
  AllowVnetOutBound: 'Allow outbound traffic from all VMs to all VMs in VNET',
  AllowInternetOutBound: 'Allow outbound traffic from all VMs to Internet',
  DenyAllOutBound: 'Deny all outbound traffic',
};

function roleDefinition(
  guid: string,
  roleName: string,
  description: string,
  roleType: 'BuiltInRole' | 'CustomRole',
  assignableScopes: string[],
  actions: string[],
  notActions: string[],
  created: string,
) {
  return {
    assignableScopes,
    createdBy: roleType === 'CustomRole' ? principals.deploy.oid : null,
    createdOn: created,
    description,
    id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    permissions: [
      { actions, condition: null, conditionVersion: null, dataActions: [], notActions, notDataActions: [] },
    ],
    roleName,
    roleType,
    type: 'Microsoft.Authorization/roleDefinitions',
    updatedBy: roleType === 'CustomRole' ? principals.deploy.oid : null,
    updatedOn: roleType === 'CustomRole' ? created : '2025-08-12T17:30:41.4720911+00:00',
  };
}
