import { isObject, liftProperties, listItems } from '../bundle-files.js';
import type { Declaration, KeyedCall } from './declaration.js';

type Item = Record<string, unknown>;

/** Every page of an SDK listing, as plain objects. */
async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) out.push(item);
  return out;
}

const items = (output: unknown): Item[] =>
  (listItems(liftProperties(output)) ?? []).filter((x): x is Item => isObject(x));
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `/subscriptions/S/resourceGroups/RG/providers/…/NAME` → its parts (ARM ids compare case-insensitively). */
export function parseArmId(id: string): { subscription?: string; resourceGroup?: string; name: string } {
  const parts = id.split('/');
  const at = (label: string) => {
    const i = parts.findIndex((p) => p.toLowerCase() === label);
    return i >= 0 ? parts[i + 1] : undefined;
  };
  const subscription = at('subscriptions');
  const resourceGroup = at('resourcegroups');
  return {
    ...(subscription ? { subscription: subscription.toLowerCase() } : {}),
    ...(resourceGroup ? { resourceGroup } : {}),
    name: parts.at(-1) ?? id,
  };
}

/** Per-resource keys: the resource's name, or `<resource-group>~<name>` when two share a name. */
function keyedByName(resources: Item[], params: (r: Item) => Record<string, string>): KeyedCall[] {
  const counts = new Map<string, number>();
  for (const r of resources) {
    const n = String(r.name ?? '').toLowerCase();
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return resources
    .filter((r) => str(r.id) && str(r.name))
    .map((r) => {
      const { resourceGroup } = parseArmId(r.id as string);
      const name = r.name as string;
      const key = (counts.get(name.toLowerCase()) ?? 0) > 1 ? `${resourceGroup}~${name}` : name;
      return { key, params: { id: r.id as string, ...params(r) } };
    });
}

/** ARM's page shape for an SDK item: fields back under `properties`, as `az rest` prints them. */
function toArm(item: Item): Item {
  const { id, name, type, ...properties } = item;
  return { id, name, type, properties };
}

/** The definition a policy id names: built-in, at a management group, or in a subscription. */
function definitionCall(id: string): KeyedCall {
  const mg = /\/managementGroups\/([^/]+)\//i.exec(id)?.[1];
  const { subscription, name } = parseArmId(id);
  return {
    key: name,
    params: { id, ...(mg ? { managementGroup: mg } : {}), ...(subscription ? { subscription } : {}) },
  };
}

const builtIn = (c: KeyedCall) => !c.params.managementGroup && !c.params.subscription;

/** Storage accounts a log lands in: their lifecycle rules decide how long it is kept. */
function storageAccounts(ids: (string | undefined)[]): KeyedCall[] {
  const seen = new Set<string>();
  const out: KeyedCall[] = [];
  for (const id of ids) {
    if (!id || seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    const { subscription, resourceGroup, name } = parseArmId(id);
    if (!subscription || !resourceGroup) continue;
    out.push({ key: name, params: { id, resourceGroup, account: name }, folder: subscription });
  }
  return out;
}

const activityTables = ['AzureActivity', 'NTANetAnalytics'];

/** What rigsight reads in Azure, one declaration per file of the bundle layout (../shared/DESIGN.md). */
export const declarations: readonly Declaration[] = [
  {
    command: 'account-management-group-list',
    az: 'az account management-group list',
    level: 'tenant',
    domain: 'organization',
    operations: ['managementGroups.managementGroups.list'],
    actions: ['Microsoft.Management/managementGroups/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.managementGroups.managementGroups.list()),
  },
  {
    command: 'account-management-group-show',
    az: 'az account management-group show --name MG --expand --recurse',
    level: 'tenant',
    domain: 'organization',
    operations: ['managementGroups.managementGroups.get'],
    actions: ['Microsoft.Management/managementGroups/read'],
    shape: 'object',
    run: (ctx, call) =>
      ctx.clients.managementGroups.managementGroups.get(call?.params.name ?? '', {
        expand: 'children',
        recurse: true,
      }),
  },
  {
    command: 'account-list',
    az: 'az account list',
    level: 'tenant',
    domain: 'organization',
    operations: ['subscriptions.subscriptions.list'],
    actions: ['Microsoft.Resources/subscriptions/read'],
    shape: 'list',
    run: async (ctx) =>
      (await all(ctx.clients.subscriptions.subscriptions.list())).map((s) => ({
        cloudName: ctx.cloud,
        id: s.subscriptionId,
        name: s.displayName,
        state: s.state,
        tenantId: s.tenantId,
        user: { name: ctx.caller.id, type: ctx.caller.type },
      })),
  },
  {
    command: 'account-show',
    az: 'az account show --subscription SUBSCRIPTION',
    level: 'subscription',
    domain: 'regions',
    operations: ['subscriptions.subscriptions.get'],
    actions: ['Microsoft.Resources/subscriptions/read'],
    shape: 'object',
    run: async (ctx) => {
      const s = await ctx.clients.subscriptions.subscriptions.get(ctx.subscription);
      return {
        environmentName: ctx.cloud,
        homeTenantId: s.tenantId ?? ctx.tenant,
        id: s.subscriptionId ?? ctx.subscription,
        isDefault: false,
        managedByTenants: s.managedByTenants ?? [],
        name: s.displayName,
        state: s.state,
        tenantId: s.tenantId ?? ctx.tenant,
        user: { name: ctx.caller.id, type: ctx.caller.type },
      };
    },
  },
  {
    command: 'network-nic-list',
    az: 'az network nic list',
    level: 'subscription',
    domain: 'workloads',
    operations: ['network.networkInterfaces.listAll'],
    actions: ['Microsoft.Network/networkInterfaces/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.network.networkInterfaces.listAll()),
  },
  {
    command: 'vm-list',
    az: 'az vm list --show-details',
    level: 'subscription',
    domain: 'workloads',
    operations: ['compute.virtualMachines.listAll'],
    actions: [
      'Microsoft.Compute/virtualMachines/read',
      'Microsoft.Compute/virtualMachines/instanceView/read',
    ],
    shape: 'list',
    after: ['network-nic-list'],
    run: async (ctx) => {
      const [vms, statuses] = await Promise.all([
        all(ctx.clients.compute.virtualMachines.listAll()),
        all(ctx.clients.compute.virtualMachines.listAll({ statusOnly: 'true' })),
      ]);
      return showDetails(
        vms as unknown as Item[],
        statuses as unknown as Item[],
        items(ctx.output('network-nic-list')),
      );
    },
  },
  {
    command: 'vmss-list',
    az: 'az vmss list',
    level: 'subscription',
    domain: 'autoscaling-groups',
    operations: ['compute.virtualMachineScaleSets.listAll'],
    actions: ['Microsoft.Compute/virtualMachineScaleSets/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.compute.virtualMachineScaleSets.listAll()),
  },
  {
    command: 'vmss-list-instances',
    az: 'az vmss list-instances --resource-group RG --name VMSS',
    level: 'subscription',
    domain: 'workloads',
    operations: ['compute.virtualMachineScaleSetVMs.list'],
    actions: ['Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read'],
    shape: 'list',
    perKey: [
      {
        from: 'vmss-list',
        keys: (out) =>
          keyedByName(items(out), (r) => ({
            resourceGroup: parseArmId(r.id as string).resourceGroup ?? '',
            name: r.name as string,
          })),
      },
    ],
    run: (ctx, call) =>
      all(
        ctx.clients.compute.virtualMachineScaleSetVMs.list(
          call?.params.resourceGroup ?? '',
          call?.params.name ?? '',
        ),
      ),
  },
  {
    command: 'network-vnet-list',
    az: 'az network vnet list',
    level: 'subscription',
    domain: 'networks',
    operations: ['network.virtualNetworks.listAll'],
    actions: ['Microsoft.Network/virtualNetworks/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.network.virtualNetworks.listAll()),
  },
  {
    command: 'network-nsg-list',
    az: 'az network nsg list',
    level: 'subscription',
    domain: 'firewalls',
    operations: ['network.networkSecurityGroups.listAll'],
    actions: ['Microsoft.Network/networkSecurityGroups/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.network.networkSecurityGroups.listAll()),
  },
  {
    command: 'network-route-table-list',
    az: 'az network route-table list',
    level: 'subscription',
    domain: 'route-tables',
    operations: ['network.routeTables.listAll'],
    actions: ['Microsoft.Network/routeTables/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.network.routeTables.listAll()),
  },
  {
    command: 'network-firewall-list',
    az: 'az network firewall list',
    level: 'subscription',
    domain: 'dns-query-logs',
    operations: ['network.azureFirewalls.listAll'],
    actions: ['Microsoft.Network/azureFirewalls/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.network.azureFirewalls.listAll()),
  },
  {
    command: 'network-firewall-policy-list',
    az: 'az network firewall policy list',
    level: 'subscription',
    domain: 'dns-query-logs',
    operations: ['network.firewallPolicies.listAll'],
    actions: ['Microsoft.Network/firewallPolicies/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.network.firewallPolicies.listAll()),
  },
  {
    command: 'network-watcher-list',
    az: 'az network watcher list',
    level: 'subscription',
    domain: 'flow-logs',
    operations: ['network.networkWatchers.listAll'],
    actions: ['Microsoft.Network/networkWatchers/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.network.networkWatchers.listAll()),
  },
  {
    command: 'network-watcher-flow-log-list',
    az: 'az network watcher flow-log list --location LOCATION',
    level: 'subscription',
    domain: 'flow-logs',
    operations: ['network.flowLogs.list'],
    actions: ['Microsoft.Network/networkWatchers/flowLogs/read'],
    shape: 'list',
    perKey: [
      {
        from: 'network-watcher-list',
        keys: (out) =>
          items(out)
            .filter((w) => str(w.id) && str(w.location))
            .map((w) => ({
              key: String(w.location).toLowerCase(),
              params: {
                resourceGroup: parseArmId(w.id as string).resourceGroup ?? '',
                name: String(w.name),
              },
            })),
      },
    ],
    run: (ctx, call) =>
      all(ctx.clients.network.flowLogs.list(call?.params.resourceGroup ?? '', call?.params.name ?? '')),
  },
  {
    command: 'monitor-diagnostic-settings-subscription-list',
    az: 'az monitor diagnostic-settings subscription list --subscription SUBSCRIPTION',
    level: 'subscription',
    domain: 'audit-logs',
    operations: ['monitor.diagnosticSettings.list'],
    actions: ['Microsoft.Insights/diagnosticSettings/read'],
    shape: 'value',
    // arm-monitor 8 has no subscription group: the subscription is the resource URI.
    run: (ctx) => all(ctx.clients.monitor.diagnosticSettings.list(`subscriptions/${ctx.subscription}`)),
  },
  {
    command: 'monitor-log-analytics-workspace-list',
    az: 'az monitor log-analytics workspace list',
    level: 'subscription',
    domain: 'log-groups',
    operations: ['insights.workspaces.list'],
    actions: ['Microsoft.OperationalInsights/workspaces/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.insights.workspaces.list()),
  },
  {
    command: 'monitor-log-analytics-workspace-table-show',
    az: 'az monitor log-analytics workspace table show --resource-group RG --workspace-name WS --name TABLE',
    level: 'subscription',
    domain: 'log-groups',
    operations: ['insights.tables.get'],
    actions: ['Microsoft.OperationalInsights/workspaces/tables/read'],
    shape: 'object',
    answers: ['ResourceNotFound', 'NotFound', 'TableNotFound'],
    perKey: [
      {
        from: 'monitor-log-analytics-workspace-list',
        keys: (out) =>
          items(out)
            .filter((w) => str(w.id) && str(w.name))
            .flatMap((w) =>
              activityTables.map((table) => ({
                key: `${w.name}/${table}`,
                params: {
                  resourceGroup: parseArmId(w.id as string).resourceGroup ?? '',
                  workspace: String(w.name),
                  table,
                },
              })),
            ),
      },
    ],
    run: (ctx, call) =>
      ctx.clients.insights.tables.get(
        call?.params.resourceGroup ?? '',
        call?.params.workspace ?? '',
        call?.params.table ?? '',
      ),
  },
  {
    command: 'storage-account-management-policy-show',
    az: 'az storage account management-policy show --resource-group RG --account-name ACCOUNT',
    level: 'subscription',
    domain: 'object-storage-retention',
    operations: ['storage.managementPolicies.get'],
    actions: ['Microsoft.Storage/storageAccounts/managementPolicies/read'],
    shape: 'object',
    // No lifecycle policy: blobs are never deleted by one.
    answers: ['ManagementPolicyNotFound'],
    perKey: [
      {
        from: 'monitor-diagnostic-settings-subscription-list',
        keys: (out) => storageAccounts(items(out).map((d) => str(d.storageAccountId))),
      },
      {
        from: 'network-watcher-flow-log-list',
        keys: (out) => storageAccounts(items(out).map((f) => str(f.storageId))),
      },
    ],
    run: (ctx, call) =>
      ctx
        .clientsFor(call?.folder ?? ctx.subscription)
        .storage.managementPolicies.get(
          call?.params.resourceGroup ?? '',
          call?.params.account ?? '',
          'default',
        ),
  },
  {
    command: 'monitor-metrics-alert-list',
    az: 'az monitor metrics alert list',
    level: 'subscription',
    domain: 'alarms',
    operations: ['monitor.metricAlerts.listBySubscription'],
    actions: ['Microsoft.Insights/metricAlerts/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.monitor.metricAlerts.listBySubscription()),
  },
  {
    command: 'monitor-activity-log-alert-list',
    az: 'az monitor activity-log alert list',
    level: 'subscription',
    domain: 'alarms',
    operations: ['monitor.activityLogAlerts.listBySubscriptionId'],
    actions: ['Microsoft.Insights/activityLogAlerts/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.monitor.activityLogAlerts.listBySubscriptionId()),
  },
  {
    command: 'role-definition-list',
    az: 'az role definition list --scope /subscriptions/SUBSCRIPTION',
    level: 'subscription',
    domain: 'identity',
    operations: ['authorization.roleDefinitions.list'],
    actions: ['Microsoft.Authorization/roleDefinitions/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.authorization.roleDefinitions.list(`subscriptions/${ctx.subscription}`)),
  },
  {
    command: 'role-assignment-list',
    az: 'az role assignment list --all --include-inherited',
    level: 'subscription',
    domain: 'identity',
    operations: ['authorization.roleAssignments.listForSubscription'],
    actions: ['Microsoft.Authorization/roleAssignments/read'],
    shape: 'list',
    after: ['role-definition-list'],
    run: async (ctx) => {
      const names = new Map(
        items(ctx.output('role-definition-list')).map((d) => [String(d.id).toLowerCase(), d.roleName]),
      );
      return (await all(ctx.clients.authorization.roleAssignments.listForSubscription())).map((a) => ({
        ...a,
        // az names the role beside its id.
        roleDefinitionName: names.get(String(a.roleDefinitionId ?? '').toLowerCase()),
        resourceGroup: parseArmId(a.scope ?? '').resourceGroup,
      }));
    },
  },
  {
    command: 'deny-assignment-list',
    az: 'az rest --method get --url /subscriptions/SUBSCRIPTION/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01',
    level: 'subscription',
    domain: 'identity',
    operations: ['authorization.denyAssignments.list'],
    actions: ['Microsoft.Authorization/denyAssignments/read'],
    shape: 'arm',
    run: async (ctx) => ({
      value: (await all(ctx.clients.authorization.denyAssignments.list())).map((d) =>
        toArm(d as unknown as Item),
      ),
    }),
  },
  {
    command: 'ad-group-member-list',
    az: 'az ad group member list --group GROUP_OBJECT_ID',
    level: 'subscription',
    domain: 'identity',
    operations: ['graph.groups.members.list'],
    actions: [],
    graphPermissions: ['GroupMember.Read.All'],
    shape: 'list',
    tenantWide: () => true,
    perKey: [
      {
        from: 'role-assignment-list',
        keys: (out) =>
          items(out)
            .filter((a) => String(a.principalType) === 'Group' && str(a.principalId))
            .map((a) => ({ key: String(a.principalId), params: { group: String(a.principalId) } })),
      },
      {
        // A nested group is listed in turn.
        from: 'ad-group-member-list',
        keys: (out) =>
          items(out)
            .filter((m) => String(m['@odata.type']) === '#microsoft.graph.group' && str(m.id))
            .map((m) => ({ key: String(m.id), params: { group: String(m.id) } })),
      },
    ],
    run: (ctx, call) => ctx.graph.groupMembers(call?.params.group ?? ''),
  },
  {
    command: 'security-pricing-list',
    az: 'az security pricing list',
    level: 'subscription',
    domain: 'threat-detectors',
    operations: ['security.pricings.list'],
    actions: ['Microsoft.Security/pricings/read'],
    shape: 'value',
    run: async (ctx) => (await ctx.clients.security.pricings.list()).value ?? [],
  },
  {
    command: 'security-alert-list',
    az: 'az security alert list',
    level: 'subscription',
    domain: 'threat-detectors',
    operations: ['security.alerts.list'],
    actions: ['Microsoft.Security/locations/alerts/read'],
    shape: 'list',
    run: (ctx) => all(ctx.clients.security.alerts.list()),
  },
  {
    command: 'policy-assignment-list',
    az: 'az policy assignment list --disable-scope-strict-match',
    level: 'subscription',
    domain: 'guardrails',
    operations: ['policy.policyAssignments.list'],
    actions: ['Microsoft.Authorization/policyAssignments/read'],
    shape: 'list',
    // atScope(): assignments at the subscription and every management group above it.
    run: (ctx) => all(ctx.clients.policy.policyAssignments.list({ filter: 'atScope()' })),
  },
  {
    command: 'policy-set-definition-show',
    az: 'az policy set-definition show --name NAME [--management-group MG]',
    level: 'subscription',
    domain: 'guardrails',
    operations: [
      'policy.policySetDefinitions.getBuiltIn',
      'policy.policySetDefinitions.get',
      'policy.policySetDefinitions.getAtManagementGroup',
    ],
    actions: ['Microsoft.Authorization/policySetDefinitions/read'],
    shape: 'object',
    tenantWide: builtIn,
    perKey: [
      {
        from: 'policy-assignment-list',
        keys: (out) =>
          items(out)
            .map((a) => str(a.policyDefinitionId))
            .filter((id): id is string => !!id && /\/policySetDefinitions\//i.test(id))
            .map(definitionCall),
      },
    ],
    run: (ctx, call) => {
      const p = call?.params ?? {};
      const name = call?.key ?? '';
      if (p.managementGroup)
        return ctx.clients.policy.policySetDefinitions.getAtManagementGroup(p.managementGroup, name);
      if (p.subscription) return ctx.clientsFor(p.subscription).policy.policySetDefinitions.get(name);
      return ctx.clients.policy.policySetDefinitions.getBuiltIn(name);
    },
  },
  {
    command: 'policy-definition-show',
    az: 'az policy definition show --name NAME [--management-group MG]',
    level: 'subscription',
    domain: 'guardrails',
    operations: [
      'policy.policyDefinitions.getBuiltIn',
      'policy.policyDefinitions.get',
      'policy.policyDefinitions.getAtManagementGroup',
    ],
    actions: ['Microsoft.Authorization/policyDefinitions/read'],
    shape: 'object',
    tenantWide: builtIn,
    perKey: [
      {
        from: 'policy-assignment-list',
        keys: (out) =>
          items(out)
            .map((a) => str(a.policyDefinitionId))
            .filter((id): id is string => !!id && /\/policyDefinitions\//i.test(id))
            .map(definitionCall),
      },
      {
        from: 'policy-set-definition-show',
        keys: (out) => {
          const set = liftProperties(out) as Item;
          return (Array.isArray(set.policyDefinitions) ? (set.policyDefinitions as Item[]) : [])
            .map((d) => str(d.policyDefinitionId))
            .filter((id): id is string => !!id)
            .map(definitionCall);
        },
      },
    ],
    run: (ctx, call) => {
      const p = call?.params ?? {};
      const name = call?.key ?? '';
      if (p.managementGroup)
        return ctx.clients.policy.policyDefinitions.getAtManagementGroup(p.managementGroup, name);
      if (p.subscription) return ctx.clientsFor(p.subscription).policy.policyDefinitions.get(name);
      return ctx.clients.policy.policyDefinitions.getBuiltIn(name);
    },
  },
  {
    command: 'costmanagement-scheduled-action-list',
    az: 'az rest --method get --url /subscriptions/SUBSCRIPTION/providers/Microsoft.CostManagement/scheduledActions?api-version=2023-11-01',
    level: 'subscription',
    domain: 'cost-monitors',
    // arm-costmanagement 1.0 beta has no scheduled actions: a raw GET through the same pipeline.
    operations: ['GET Microsoft.CostManagement/scheduledActions'],
    actions: ['Microsoft.CostManagement/scheduledActions/read'],
    shape: 'arm',
    run: (ctx) =>
      ctx.clients.getAll(
        `/subscriptions/${ctx.subscription}/providers/Microsoft.CostManagement/scheduledActions`,
        '2023-11-01',
      ),
  },
  {
    command: 'dns-resolver-policy-list',
    az: 'az rest --method get --url /subscriptions/SUBSCRIPTION/providers/Microsoft.Network/dnsResolverPolicies?api-version=2025-05-01',
    level: 'subscription',
    domain: 'dns-query-logs',
    // arm-dnsresolver 1.1 predates DNS security policies: a raw GET through the same pipeline.
    operations: ['GET Microsoft.Network/dnsResolverPolicies'],
    actions: ['Microsoft.Network/dnsResolverPolicies/read'],
    shape: 'arm',
    run: (ctx) =>
      ctx.clients.getAll(
        `/subscriptions/${ctx.subscription}/providers/Microsoft.Network/dnsResolverPolicies`,
        '2025-05-01',
      ),
  },
  {
    command: 'dns-resolver-policy-vnet-link-list',
    az: 'az rest --method get --url POLICY_ID/virtualNetworkLinks?api-version=2025-05-01',
    level: 'subscription',
    domain: 'dns-query-logs',
    operations: ['GET Microsoft.Network/dnsResolverPolicies/virtualNetworkLinks'],
    actions: ['Microsoft.Network/dnsResolverPolicies/virtualNetworkLinks/read'],
    shape: 'arm',
    perKey: [{ from: 'dns-resolver-policy-list', keys: (out) => keyedByName(items(out), () => ({})) }],
    run: (ctx, call) => ctx.clients.getAll(`${call?.params.id ?? ''}/virtualNetworkLinks`, '2025-05-01'),
  },
  {
    command: 'monitor-diagnostic-settings-list',
    az: 'az monitor diagnostic-settings list --resource RESOURCE_ID',
    level: 'subscription',
    domain: 'dns-query-logs',
    operations: ['monitor.diagnosticSettings.list'],
    actions: ['Microsoft.Insights/diagnosticSettings/read'],
    shape: 'list',
    perKey: [
      { from: 'dns-resolver-policy-list', keys: (out) => keyedByName(items(out), () => ({})) },
      { from: 'network-firewall-list', keys: (out) => keyedByName(items(out), () => ({})) },
    ],
    run: (ctx, call) =>
      all(ctx.clients.monitor.diagnosticSettings.list((call?.params.id ?? '').replace(/^\/+/, ''))),
  },
];

/**
 * `az vm list --show-details` adds what the VM listing lacks: the power state (from the instance views of the
 * same listing with statusOnly) and the private IPs and MACs of its NICs.
 */
function showDetails(vms: Item[], statuses: Item[], nics: Item[]): Item[] {
  const power = new Map<string, string>();
  for (const s of statuses) {
    const view = (s.instanceView ?? {}) as { statuses?: { code?: string; displayStatus?: string }[] };
    const state = view.statuses?.find((x) => x.code?.startsWith('PowerState/'));
    if (state && str(s.id)) power.set(String(s.id).toLowerCase(), state.displayStatus ?? state.code ?? '');
  }
  const byNic = new Map(nics.map((n) => [String(n.id).toLowerCase(), n]));
  return vms.map((vm) => {
    const refs = ((vm.networkProfile as Item | undefined)?.networkInterfaces ?? []) as Item[];
    const attached = refs.map((r) => byNic.get(String(r.id).toLowerCase())).filter((n): n is Item => !!n);
    const privateIps = attached.flatMap((n) =>
      ((n.ipConfigurations ?? []) as Item[]).map((c) => str(c.privateIPAddress)).filter(Boolean),
    );
    const macs = attached.map((n) => str(n.macAddress)).filter(Boolean);
    const state = power.get(String(vm.id).toLowerCase());
    return {
      ...vm,
      ...(state ? { powerState: state } : {}),
      privateIps: privateIps.join(','),
      macAddresses: macs.join(','),
    };
  });
}
