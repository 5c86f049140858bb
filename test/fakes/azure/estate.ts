import { ArmEstate } from './server.js';

/**
 * A synthetic Azure tenant in ARM's wire format (fields under `properties`, as the REST API specs' examples
 * show them): a management group over N subscriptions, each with VMs behind NSGs in a VNet, a scale set,
 * flow logs, an Activity Log export, CPU alerts, RBAC, Defender plans, policy guardrails, cost alerts and a
 * DNS security policy.
 */
export interface EstateOptions {
  subscriptions: number;
  vmsPerSubscription: number;
  tenantId?: string;
  location?: string;
}

export const builtInRoles = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  vmContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
} as const;

export const allowedLocations = 'e56962a6-4747-49cd-b67b-bf8b01975c4c';

export const ids = {
  tenant: '72f988bf-0000-4000-8000-00000000cafe',
  managementGroup: 'mg-platform',
  platformGroup: '11111111-2222-4333-8444-000000000001',
  nestedGroup: '11111111-2222-4333-8444-000000000002',
  deployer: '22222222-3333-4444-8555-000000000001',
  operator: '33333333-4444-4555-8666-000000000001',
  alice: '44444444-5555-4666-8777-000000000001',
  bob: '44444444-5555-4666-8777-000000000002',
  auditorApp: '55555555-6666-4777-8888-000000000001',
};

export function subscriptionId(i: number): string {
  return `00000000-aaaa-bbbb-cccc-${String(i + 1).padStart(12, '0')}`;
}

const guid = (prefix: number, i: number, j = 0) =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(i * 10_000 + j).toString(16).padStart(12, '0')}`;

export function roleDefinition(
  sub: string,
  name: string,
  roleName: string,
  actions: string[],
  notActions: string[] = [],
  custom = false,
) {
  return {
    id: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${name}`,
    name,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName,
      type: custom ? 'CustomRole' : 'BuiltInRole',
      description: roleName,
      assignableScopes: custom ? [`/subscriptions/${sub}`] : ['/'],
      permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
    },
  };
}

export function roleAssignment(
  sub: string,
  scope: string,
  name: string,
  role: string,
  principalId: string,
  principalType: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId,
      principalType,
      scope,
      createdOn: '2026-01-10T09:00:00.0000000Z',
      ...extra,
    },
  };
}

/** Builds the estate; every subscription looks alike so the benchmark's calls are the same for each. */
export function buildEstate(o: EstateOptions): { estate: ArmEstate; subscriptions: string[] } {
  const estate = new ArmEstate();
  const tenant = o.tenantId ?? ids.tenant;
  const location = o.location ?? 'westeurope';
  const subscriptions = Array.from({ length: o.subscriptions }, (_, i) => subscriptionId(i));
  const mg = `/providers/Microsoft.Management/managementGroups/${ids.managementGroup}`;

  estate.list('/providers/Microsoft.Management/managementGroups', [
    {
      id: mg,
      name: ids.managementGroup,
      type: 'Microsoft.Management/managementGroups',
      properties: { tenantId: tenant, displayName: 'Platform' },
    },
  ]);
  estate.object(mg, {
    id: mg,
    name: ids.managementGroup,
    type: 'Microsoft.Management/managementGroups',
    properties: {
      tenantId: tenant,
      displayName: 'Platform',
      details: { parent: { id: `/providers/Microsoft.Management/managementGroups/${tenant}`, name: tenant } },
      children: [
        ...subscriptions.slice(0, Math.ceil(subscriptions.length / 2)).map((s, i) => ({
          id: `/subscriptions/${s}`,
          name: s,
          type: '/subscriptions',
          displayName: `workload-${i + 1}`,
        })),
        {
          id: '/providers/Microsoft.Management/managementGroups/mg-workloads',
          name: 'mg-workloads',
          type: 'Microsoft.Management/managementGroups',
          displayName: 'Workloads',
          children: subscriptions.slice(Math.ceil(subscriptions.length / 2)).map((s, i) => ({
            id: `/subscriptions/${s}`,
            name: s,
            type: '/subscriptions',
            displayName: `workload-${Math.ceil(subscriptions.length / 2) + i + 1}`,
          })),
        },
      ],
    },
  });
  estate.list(
    '/subscriptions',
    subscriptions.map((s, i) => subscriptionBody(s, i, tenant)),
  );
  estate.list(`/v1.0/groups/${ids.platformGroup}/members`, [
    {
      '@odata.type': '#microsoft.graph.user',
      id: ids.alice,
      userPrincipalName: 'alice@contoso.example',
      displayName: 'Alice',
    },
    { '@odata.type': '#microsoft.graph.group', id: ids.nestedGroup, displayName: 'platform-oncall' },
  ]);
  estate.list(`/v1.0/groups/${ids.nestedGroup}/members`, [
    {
      '@odata.type': '#microsoft.graph.user',
      id: ids.bob,
      userPrincipalName: 'bob@contoso.example',
      displayName: 'Bob',
    },
  ]);
  estate.object(`/providers/Microsoft.Authorization/policyDefinitions/${allowedLocations}`, {
    id: `/providers/Microsoft.Authorization/policyDefinitions/${allowedLocations}`,
    name: allowedLocations,
    type: 'Microsoft.Authorization/policyDefinitions',
    properties: {
      displayName: 'Allowed locations',
      policyType: 'BuiltIn',
      mode: 'Indexed',
      parameters: { listOfAllowedLocations: { type: 'Array' } },
      policyRule: {
        if: { allOf: [{ field: 'location', notIn: "[parameters('listOfAllowedLocations')]" }] },
        // biome-ignore lint/suspicious/noThenProperty: Azure Policy's own rule shape (if/then).
        then: { effect: 'deny' },
      },
    },
  });

  for (const [i, s] of subscriptions.entries())
    addSubscription(estate, s, i, tenant, location, o.vmsPerSubscription, mg);
  return { estate, subscriptions };
}

function subscriptionBody(s: string, i: number, tenant: string) {
  return {
    id: `/subscriptions/${s}`,
    subscriptionId: s,
    displayName: `workload-${i + 1}`,
    state: 'Enabled',
    tenantId: tenant,
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
    },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
  };
}

function addSubscription(
  estate: ArmEstate,
  s: string,
  i: number,
  tenant: string,
  location: string,
  vms: number,
  mg: string,
): void {
  const sub = `/subscriptions/${s}`;
  const rg = (name: string) => `${sub}/resourceGroups/${name}`;
  const net = `${rg('rg-net')}/providers/Microsoft.Network`;
  const vnet = `${net}/virtualNetworks/vnet-app`;
  const subnet = `${vnet}/subnets/app`;
  const nsgNic = `${net}/networkSecurityGroups/nsg-app`;
  const nsgSubnet = `${net}/networkSecurityGroups/nsg-subnet`;
  const routeTable = `${net}/routeTables/rt-app`;
  const firewall = `${net}/azureFirewalls/fw-hub`;
  const firewallPolicy = `${net}/firewallPolicies/fwp-hub`;
  const storage = `${rg('rg-log')}/providers/Microsoft.Storage/storageAccounts/stlogs${i}`;
  const workspace = `${rg('rg-log')}/providers/Microsoft.OperationalInsights/workspaces/law-audit`;
  const actionGroup = `${rg('rg-ops')}/providers/Microsoft.Insights/actionGroups/oncall`;
  const compute = `${rg('rg-app')}/providers/Microsoft.Compute`;

  estate.object(sub, subscriptionBody(s, i, tenant));

  const vmIds: string[] = [];
  const nics: unknown[] = [];
  const vmList: unknown[] = [];
  const statuses: unknown[] = [];
  for (let k = 0; k < vms; k++) {
    const name = `vm-${k}`;
    const vmId = `${compute}/virtualMachines/${name}`;
    const nicId = `${net}/networkInterfaces/${name}-nic`;
    vmIds.push(vmId);
    const mac = `00-0D-3A-${(i % 256).toString(16).padStart(2, '0')}-${Math.floor(k / 256)
      .toString(16)
      .padStart(2, '0')}-${(k % 256).toString(16).padStart(2, '0')}`.toUpperCase();
    nics.push({
      id: nicId,
      name: `${name}-nic`,
      type: 'Microsoft.Network/networkInterfaces',
      location,
      properties: {
        provisioningState: 'Succeeded',
        ipConfigurations: [
          {
            id: `${nicId}/ipConfigurations/ipconfig1`,
            name: 'ipconfig1',
            properties: {
              privateIPAddress: `10.0.${1 + Math.floor(k / 250)}.${4 + (k % 250)}`,
              privateIPAllocationMethod: 'Dynamic',
              privateIPAddressVersion: 'IPv4',
              subnet: { id: subnet },
              primary: true,
            },
          },
        ],
        macAddress: mac,
        networkSecurityGroup: { id: nsgNic },
        virtualMachine: { id: vmId },
        primary: true,
        enableAcceleratedNetworking: true,
      },
    });
    vmList.push({
      id: vmId,
      name,
      type: 'Microsoft.Compute/virtualMachines',
      location,
      tags: k % 5 === 4 ? { Environment: 'dev' } : { Owner: 'team-payments', Environment: 'prod' },
      identity: { type: 'SystemAssigned', principalId: guid(0x77770000, i, k), tenantId: tenant },
      properties: {
        vmId: guid(0x66660000, i, k),
        hardwareProfile: { vmSize: 'Standard_D4s_v5' },
        storageProfile: {
          imageReference: {
            publisher: 'Canonical',
            offer: '0001-com-ubuntu-server-jammy',
            sku: '22_04-lts-gen2',
            version: 'latest',
          },
          osDisk: {
            osType: 'Linux',
            name: `${name}-osdisk`,
            createOption: 'FromImage',
            caching: 'ReadWrite',
          },
          dataDisks: [],
        },
        osProfile: {
          computerName: name,
          adminUsername: 'azureuser',
          linuxConfiguration: { disablePasswordAuthentication: true },
        },
        networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
        provisioningState: 'Succeeded',
        timeCreated: '2026-06-01T08:00:00.0000000+00:00',
      },
    });
    statuses.push({
      id: vmId,
      name,
      type: 'Microsoft.Compute/virtualMachines',
      location,
      properties: {
        instanceView: {
          statuses: [
            { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' },
            k % 7 === 6
              ? { code: 'PowerState/deallocated', level: 'Info', displayStatus: 'VM deallocated' }
              : { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' },
          ],
        },
      },
    });
  }
  estate.list(`${sub}/providers/Microsoft.Network/networkInterfaces`, nics);
  estate.list(`${sub}/providers/Microsoft.Compute/virtualMachines`, vmList);
  estate.list(`${sub}/providers/Microsoft.Compute/virtualMachines?statusOnly=true`, statuses);

  const vmss = `${compute}/virtualMachineScaleSets/vmss-web`;
  estate.list(`${sub}/providers/Microsoft.Compute/virtualMachineScaleSets`, [
    {
      id: vmss,
      name: 'vmss-web',
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      location,
      tags: { owner: 'team-web' },
      sku: { name: 'Standard_D2s_v5', tier: 'Standard', capacity: 2 },
      properties: {
        orchestrationMode: 'Uniform',
        upgradePolicy: { mode: 'Manual' },
        virtualMachineProfile: {
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: 'web-nic',
                properties: {
                  primary: true,
                  networkSecurityGroup: { id: nsgNic },
                  ipConfigurations: [{ name: 'ipconfig', properties: { subnet: { id: subnet } } }],
                },
              },
            ],
          },
        },
        provisioningState: 'Succeeded',
      },
    },
  ]);
  estate.list(
    `${vmss}/virtualMachines`,
    [0, 1].map((n) => ({
      id: `${vmss}/virtualMachines/${n}`,
      name: `vmss-web_${n}`,
      type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
      location,
      instanceId: String(n),
      sku: { name: 'Standard_D2s_v5', tier: 'Standard' },
      properties: {
        latestModelApplied: true,
        vmId: guid(0x55550000, i, n),
        hardwareProfile: {},
        networkProfile: {
          networkInterfaces: [{ id: `${vmss}/virtualMachines/${n}/networkInterfaces/web-nic` }],
        },
        osProfile: { computerName: `web00000${n}` },
        provisioningState: 'Succeeded',
        timeCreated: '2026-06-02T08:00:00.0000000+00:00',
      },
    })),
  );

  estate.list(`${sub}/providers/Microsoft.Network/virtualNetworks`, [
    {
      id: vnet,
      name: 'vnet-app',
      type: 'Microsoft.Network/virtualNetworks',
      location,
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            id: subnet,
            name: 'app',
            properties: {
              addressPrefix: '10.0.1.0/24',
              networkSecurityGroup: { id: nsgSubnet },
              routeTable: { id: routeTable },
            },
          },
          {
            id: `${vnet}/subnets/AzureFirewallSubnet`,
            name: 'AzureFirewallSubnet',
            properties: { addressPrefix: '10.0.0.0/26' },
          },
        ],
        dhcpOptions: { dnsServers: ['10.0.0.4'] },
      },
    },
  ]);
  estate.list(`${sub}/providers/Microsoft.Network/networkSecurityGroups`, [
    nsg(nsgNic, 'nsg-app', location, [
      rule(nsgNic, 'allow-https-out', 100, 'Outbound', 'Allow', 'Tcp', '443', 'Internet'),
      rule(nsgNic, 'allow-stratum-out', 200, 'Outbound', 'Allow', 'Tcp', '3333', 'Internet'),
    ]),
    nsg(nsgSubnet, 'nsg-subnet', location, [
      rule(nsgSubnet, 'deny-internet-out', 4000, 'Outbound', 'Deny', '*', '*', 'Internet'),
    ]),
  ]);
  estate.list(`${sub}/providers/Microsoft.Network/routeTables`, [
    {
      id: routeTable,
      name: 'rt-app',
      type: 'Microsoft.Network/routeTables',
      location,
      properties: {
        disableBgpRoutePropagation: true,
        routes: [
          {
            id: `${routeTable}/routes/default-to-firewall`,
            name: 'default-to-firewall',
            properties: {
              addressPrefix: '0.0.0.0/0',
              nextHopType: 'VirtualAppliance',
              nextHopIpAddress: '10.0.0.4',
            },
          },
        ],
        subnets: [{ id: subnet }],
      },
    },
  ]);
  estate.list(`${sub}/providers/Microsoft.Network/azureFirewalls`, [
    {
      id: firewall,
      name: 'fw-hub',
      type: 'Microsoft.Network/azureFirewalls',
      location,
      properties: {
        sku: { name: 'AZFW_VNet', tier: 'Standard' },
        ipConfigurations: [
          {
            name: 'ipconfig',
            properties: {
              privateIPAddress: '10.0.0.4',
              subnet: { id: `${vnet}/subnets/AzureFirewallSubnet` },
            },
          },
        ],
        firewallPolicy: { id: firewallPolicy },
      },
    },
  ]);
  estate.list(`${sub}/providers/Microsoft.Network/firewallPolicies`, [
    {
      id: firewallPolicy,
      name: 'fwp-hub',
      type: 'Microsoft.Network/firewallPolicies',
      location,
      properties: { dnsSettings: { enableProxy: true, servers: [] }, threatIntelMode: 'Deny' },
    },
  ]);
  estate.list(`${firewall}/providers/Microsoft.Insights/diagnosticSettings`, [
    diagnosticSetting(firewall, 'fw-logs', { workspaceId: workspace }, ['AZFWDnsQuery', 'AZFWNetworkRule']),
  ]);
  const watcherRg = `${sub}/resourceGroups/NetworkWatcherRG`;
  const watcher = `${watcherRg}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${location}`;
  estate.list(`${sub}/providers/Microsoft.Network/networkWatchers`, [
    {
      id: watcher,
      name: `NetworkWatcher_${location}`,
      type: 'Microsoft.Network/networkWatchers',
      location,
      properties: {},
    },
  ]);
  estate.list(`${watcher}/flowLogs`, [
    {
      id: `${watcher}/flowLogs/vnet-app-flows`,
      name: 'vnet-app-flows',
      type: 'Microsoft.Network/networkWatchers/flowLogs',
      location,
      properties: {
        targetResourceId: vnet,
        targetResourceGuid: guid(0x44440000, i),
        storageId: storage,
        enabled: true,
        retentionPolicy: { days: 30, enabled: true },
        format: { type: 'JSON', version: 2 },
        flowAnalyticsConfiguration: {
          networkWatcherFlowAnalyticsConfiguration: {
            enabled: true,
            workspaceResourceId: workspace,
            workspaceRegion: location,
            trafficAnalyticsInterval: 10,
          },
        },
        provisioningState: 'Succeeded',
      },
    },
  ]);
  estate.list(`${sub}/providers/Microsoft.Insights/diagnosticSettings`, [
    diagnosticSetting(sub, 'activity-export', { workspaceId: workspace, storageAccountId: storage }, [
      'Administrative',
      'Security',
      'Policy',
    ]),
  ]);
  estate.list(`${sub}/providers/Microsoft.OperationalInsights/workspaces`, [
    {
      id: workspace,
      name: 'law-audit',
      type: 'Microsoft.OperationalInsights/workspaces',
      location,
      properties: {
        customerId: guid(0x33330000, i),
        retentionInDays: 90,
        sku: { name: 'PerGB2018' },
        provisioningState: 'Succeeded',
      },
    },
  ]);
  estate.object(`${workspace}/tables/AzureActivity`, table(workspace, 'AzureActivity', 90, 730));
  estate.object(`${workspace}/tables/NTANetAnalytics`, table(workspace, 'NTANetAnalytics', 90, 90));
  estate.object(`${storage}/managementPolicies/default`, {
    id: `${storage}/managementPolicies/default`,
    name: 'DefaultManagementPolicy',
    type: 'Microsoft.Storage/storageAccounts/managementPolicies',
    properties: {
      lastModifiedTime: '2026-03-01T10:00:00.0000000Z',
      policy: {
        rules: [
          {
            enabled: true,
            name: 'expire-logs',
            type: 'Lifecycle',
            definition: {
              filters: { blobTypes: ['blockBlob'] },
              actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 400 } } },
            },
          },
        ],
      },
    },
  });
  estate.list(`${sub}/providers/Microsoft.Insights/metricAlerts`, [
    {
      id: `${rg('rg-ops')}/providers/Microsoft.Insights/metricAlerts/cpu-plateau`,
      name: 'cpu-plateau',
      type: 'Microsoft.Insights/metricAlerts',
      location: 'global',
      properties: {
        description: 'Sustained CPU on any VM',
        severity: 2,
        enabled: true,
        scopes: [sub],
        evaluationFrequency: 'PT5M',
        windowSize: 'PT15M',
        targetResourceType: 'Microsoft.Compute/virtualMachines',
        targetResourceRegion: location,
        criteria: {
          'odata.type': 'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria',
          allOf: [
            {
              criterionType: 'StaticThresholdCriterion',
              name: 'cpu',
              metricName: 'Percentage CPU',
              metricNamespace: 'Microsoft.Compute/virtualMachines',
              operator: 'GreaterThan',
              threshold: 80,
              timeAggregation: 'Average',
            },
          ],
        },
        autoMitigate: true,
        actions: [{ actionGroupId: actionGroup, webHookProperties: {} }],
      },
    },
  ]);
  estate.list(`${sub}/providers/Microsoft.Insights/activityLogAlerts`, []);
  estate.list(`${sub}/providers/Microsoft.Authorization/roleDefinitions`, [
    roleDefinition(s, builtInRoles.owner, 'Owner', ['*']),
    roleDefinition(
      s,
      builtInRoles.contributor,
      'Contributor',
      ['*'],
      [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
      ],
    ),
    roleDefinition(s, builtInRoles.reader, 'Reader', ['*/read']),
    roleDefinition(s, builtInRoles.vmContributor, 'Virtual Machine Contributor', [
      'Microsoft.Authorization/*/read',
      'Microsoft.Compute/availabilitySets/*',
      'Microsoft.Compute/locations/*',
      'Microsoft.Compute/virtualMachines/*',
      'Microsoft.Compute/virtualMachineScaleSets/*',
      'Microsoft.Network/networkInterfaces/*',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
    ]),
    roleDefinition(s, builtInRoles.userAccessAdministrator, 'User Access Administrator', [
      '*/read',
      'Microsoft.Authorization/*',
      'Microsoft.Support/*',
    ]),
  ]);
  estate.list(`${sub}/providers/Microsoft.Authorization/roleAssignments`, [
    roleAssignment(s, mg, guid(0x1a000000, i, 1), builtInRoles.owner, ids.platformGroup, 'Group'),
    roleAssignment(
      s,
      sub,
      guid(0x1a000000, i, 2),
      builtInRoles.contributor,
      ids.deployer,
      'ServicePrincipal',
    ),
    roleAssignment(s, rg('rg-app'), guid(0x1a000000, i, 3), builtInRoles.vmContributor, ids.operator, 'User'),
    roleAssignment(s, sub, guid(0x1a000000, i, 4), builtInRoles.reader, ids.auditorApp, 'ServicePrincipal'),
  ]);
  estate.list(`${sub}/providers/Microsoft.Authorization/denyAssignments`, []);
  estate.list(`${sub}/providers/Microsoft.Security/pricings`, [
    {
      id: `${sub}/providers/Microsoft.Security/pricings/VirtualMachines`,
      name: 'VirtualMachines',
      type: 'Microsoft.Security/pricings',
      properties: { pricingTier: 'Standard', subPlan: 'P2', freeTrialRemainingTime: 'PT0S' },
    },
    {
      id: `${sub}/providers/Microsoft.Security/pricings/StorageAccounts`,
      name: 'StorageAccounts',
      type: 'Microsoft.Security/pricings',
      properties: { pricingTier: 'Free' },
    },
  ]);
  estate.list(`${sub}/providers/Microsoft.Security/alerts`, []);
  estate.list(`${sub}/providers/Microsoft.Authorization/policyAssignments`, [
    {
      id: `${mg}/providers/Microsoft.Authorization/policyAssignments/allowed-locations`,
      name: 'allowed-locations',
      type: 'Microsoft.Authorization/policyAssignments',
      properties: {
        displayName: 'Allowed locations',
        policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${allowedLocations}`,
        scope: mg,
        notScopes: [],
        enforcementMode: 'Default',
        parameters: { listOfAllowedLocations: { value: [location] } },
      },
    },
  ]);
  estate.list(`${sub}/providers/Microsoft.CostManagement/scheduledActions`, [
    {
      id: `${sub}/providers/Microsoft.CostManagement/scheduledActions/daily-anomalies`,
      name: 'daily-anomalies',
      type: 'Microsoft.CostManagement/ScheduledActions',
      kind: 'InsightAlert',
      properties: {
        displayName: 'Daily anomaly by resource group',
        status: 'Enabled',
        viewId: `${sub}/providers/Microsoft.CostManagement/views/ms:DailyAnomalyByResourceGroup`,
        notification: { to: ['finops@contoso.example'], subject: 'Cost anomaly detected' },
        schedule: { frequency: 'Daily', startDate: '2026-01-01T00:00:00Z', endDate: '2027-12-31T00:00:00Z' },
        scope: sub,
      },
    },
  ]);
  const dnsPolicy = `${net}/dnsResolverPolicies/dns-security`;
  estate.list(`${sub}/providers/Microsoft.Network/dnsResolverPolicies`, [
    {
      id: dnsPolicy,
      name: 'dns-security',
      type: 'Microsoft.Network/dnsResolverPolicies',
      location,
      properties: { provisioningState: 'Succeeded' },
    },
  ]);
  estate.list(`${dnsPolicy}/virtualNetworkLinks`, [
    {
      id: `${dnsPolicy}/virtualNetworkLinks/vnet-app`,
      name: 'vnet-app',
      type: 'Microsoft.Network/dnsResolverPolicies/virtualNetworkLinks',
      location,
      properties: { virtualNetwork: { id: vnet }, provisioningState: 'Succeeded' },
    },
  ]);
  estate.list(`${dnsPolicy}/providers/Microsoft.Insights/diagnosticSettings`, [
    diagnosticSetting(dnsPolicy, 'dns-logs', { workspaceId: workspace }, ['DnsResponse']),
  ]);
  void vmIds;
}

function nsg(id: string, name: string, location: string, securityRules: unknown[]) {
  const d = (
    n: string,
    priority: number,
    direction: string,
    access: string,
    source: string,
    destination: string,
  ) =>
    ({
      id: `${id}/defaultSecurityRules/${n}`,
      name: n,
      properties: {
        protocol: '*',
        sourcePortRange: '*',
        destinationPortRange: '*',
        sourceAddressPrefix: source,
        destinationAddressPrefix: destination,
        access,
        priority,
        direction,
        description: n,
      },
    }) as const;
  return {
    id,
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location,
    properties: {
      securityRules,
      defaultSecurityRules: [
        d('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
        d('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
        d('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
        d('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
        d('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
        d('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
      ],
    },
  };
}

export function rule(
  nsgId: string,
  name: string,
  priority: number,
  direction: string,
  access: string,
  protocol: string,
  port: string,
  destination: string,
) {
  return {
    id: `${nsgId}/securityRules/${name}`,
    name,
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    properties: {
      protocol,
      sourcePortRange: '*',
      destinationPortRange: port,
      sourceAddressPrefix: '*',
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
    },
  };
}

function diagnosticSetting(
  resource: string,
  name: string,
  destinations: Record<string, string>,
  categories: string[],
) {
  return {
    id: `${resource}/providers/microsoft.insights/diagnosticSettings/${name}`,
    name,
    type: 'Microsoft.Insights/diagnosticSettings',
    properties: {
      ...destinations,
      logs: categories.map((category) => ({
        category,
        enabled: true,
        retentionPolicy: { enabled: false, days: 0 },
      })),
      metrics: [],
    },
  };
}

function table(workspace: string, name: string, retention: number, total: number) {
  return {
    id: `${workspace}/tables/${name}`,
    name,
    type: 'Microsoft.OperationalInsights/workspaces/tables',
    properties: {
      retentionInDays: retention,
      totalRetentionInDays: total,
      archiveRetentionInDays: total - retention,
      plan: 'Analytics',
      retentionInDaysAsDefault: retention === 90,
      totalRetentionInDaysAsDefault: total === retention,
      schema: { name, tableType: 'Microsoft' },
      provisioningState: 'Succeeded',
    },
  };
}
