import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { azurePath, liftProperties } from '../../../providers/azure/bundle-files.js';
import type { ArmEstate } from './server.js';

type Item = Record<string, unknown>;

/**
 * The bundle an auditor builds by hand from the same tenant, without rigsight: `az … --output json` for every
 * command that has one (fields lifted out of `properties`, as az prints them; `az vm list -d` adds power state,
 * private IPs and MACs) and `az rest --method get` (ARM's own `{"value": […]}`) where no az command exists.
 * No manifest: a hand-made bundle cannot be verified.
 */
export function writeHandBundle(
  estate: ArmEstate,
  subscriptions: string[],
  tenant: string,
  out: string,
): void {
  const write = (folder: string, command: string, data: unknown, key?: string) => {
    const file = join(out, azurePath(folder, command, key));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  };
  const list = (path: string): Item[] => {
    const a = estate.answer(path.toLowerCase());
    return a && 'list' in a ? (a.list as Item[]) : [];
  };
  const body = (path: string): Item | undefined => {
    const a = estate.answer(path.toLowerCase());
    return a && 'body' in a ? (a.body as Item) : undefined;
  };
  const az = (items: Item[]) => items.map((i) => liftProperties(i) as Item);
  const rest = (items: Item[]) => ({ value: items });

  const t = `tenant/${tenant}`;
  write(t, 'account-management-group-list', az(list('/providers/Microsoft.Management/managementGroups')));
  for (const mg of list('/providers/Microsoft.Management/managementGroups')) {
    const shown = body(String(mg.id));
    if (shown) write(t, 'account-management-group-show', liftProperties(shown), String(mg.name));
  }
  for (const s of subscriptions) {
    const sub = `/subscriptions/${s}`;
    const account = body(sub);
    if (account)
      write(s, 'account-show', {
        environmentName: 'AzureCloud',
        homeTenantId: account.tenantId,
        id: s,
        isDefault: false,
        managedByTenants: [],
        name: account.displayName,
        state: account.state,
        tenantId: account.tenantId,
        user: { name: 'auditor@contoso.example', type: 'user' },
      });
    const nics = az(list(`${sub}/providers/Microsoft.Network/networkInterfaces`));
    write(s, 'network-nic-list', nics);
    const power = new Map(
      list(`${sub}/providers/Microsoft.Compute/virtualMachines?statusOnly=true`).map((v) => {
        const statuses = (
          (v.properties as Item).instanceView as { statuses: { code: string; displayStatus: string }[] }
        ).statuses;
        return [
          String(v.id).toLowerCase(),
          statuses.find((x) => x.code.startsWith('PowerState/'))?.displayStatus,
        ];
      }),
    );
    write(
      s,
      'vm-list',
      az(list(`${sub}/providers/Microsoft.Compute/virtualMachines`)).map((vm) => {
        const refs = ((vm.networkProfile as Item).networkInterfaces as Item[]).map((r) =>
          String(r.id).toLowerCase(),
        );
        const mine = nics.filter((n) => refs.includes(String(n.id).toLowerCase()));
        return {
          ...vm,
          powerState: power.get(String(vm.id).toLowerCase()),
          privateIps: mine
            .flatMap((n) => (n.ipConfigurations as Item[]).map((c) => c.privateIPAddress))
            .join(','),
          macAddresses: mine.map((n) => n.macAddress).join(','),
        };
      }),
    );
    const sets = az(list(`${sub}/providers/Microsoft.Compute/virtualMachineScaleSets`));
    write(s, 'vmss-list', sets);
    for (const v of sets)
      write(s, 'vmss-list-instances', az(list(`${v.id}/virtualMachines`)), String(v.name));
    for (const [command, path] of [
      ['network-vnet-list', 'Microsoft.Network/virtualNetworks'],
      ['network-nsg-list', 'Microsoft.Network/networkSecurityGroups'],
      ['network-route-table-list', 'Microsoft.Network/routeTables'],
      ['network-firewall-list', 'Microsoft.Network/azureFirewalls'],
      ['network-firewall-policy-list', 'Microsoft.Network/firewallPolicies'],
      ['network-watcher-list', 'Microsoft.Network/networkWatchers'],
      ['monitor-log-analytics-workspace-list', 'Microsoft.OperationalInsights/workspaces'],
      ['monitor-metrics-alert-list', 'Microsoft.Insights/metricAlerts'],
      ['monitor-activity-log-alert-list', 'Microsoft.Insights/activityLogAlerts'],
      ['role-assignment-list', 'Microsoft.Authorization/roleAssignments'],
      ['security-alert-list', 'Microsoft.Security/alerts'],
      ['policy-assignment-list', 'Microsoft.Authorization/policyAssignments'],
    ] as const)
      write(s, command, az(list(`${sub}/providers/${path}`)));
    // az prints a role definition's properties.type as roleType.
    write(
      s,
      'role-definition-list',
      list(`${sub}/providers/Microsoft.Authorization/roleDefinitions`).map((d) => ({
        ...(liftProperties(d) as Item),
        roleType: (d.properties as Item).type,
        type: d.type,
      })),
    );
    write(s, 'security-pricing-list', { value: az(list(`${sub}/providers/Microsoft.Security/pricings`)) });
    const settings = az(list(`${sub}/providers/Microsoft.Insights/diagnosticSettings`));
    write(s, 'monitor-diagnostic-settings-subscription-list', { value: settings });
    for (const w of list(`${sub}/providers/Microsoft.Network/networkWatchers`)) {
      const flows = az(list(`${w.id}/flowLogs`));
      write(s, 'network-watcher-flow-log-list', flows, String(w.location));
      for (const f of flows) storagePolicy(String(f.storageId));
    }
    for (const d of settings) if (d.storageAccountId) storagePolicy(String(d.storageAccountId));
    for (const ws of list(`${sub}/providers/Microsoft.OperationalInsights/workspaces`))
      for (const table of ['AzureActivity', 'NTANetAnalytics']) {
        const shown = body(`${ws.id}/tables/${table}`);
        if (shown)
          write(
            s,
            'monitor-log-analytics-workspace-table-show',
            liftProperties(shown),
            `${ws.name}/${table}`,
          );
      }
    write(s, 'deny-assignment-list', rest(list(`${sub}/providers/Microsoft.Authorization/denyAssignments`)));
    const groups = new Set<string>();
    const addGroup = (id: string) => {
      if (groups.has(id)) return;
      groups.add(id);
      const members = list(`/v1.0/groups/${id}/members`);
      write(s, 'ad-group-member-list', members, id);
      for (const m of members) if (m['@odata.type'] === '#microsoft.graph.group') addGroup(String(m.id));
    };
    for (const a of az(list(`${sub}/providers/Microsoft.Authorization/roleAssignments`)))
      if (a.principalType === 'Group') addGroup(String(a.principalId));
    const definition = (id: string) => {
      const shown = body(id);
      if (!shown) return;
      const set = /policySetDefinitions/i.test(id);
      write(
        s,
        set ? 'policy-set-definition-show' : 'policy-definition-show',
        liftProperties(shown),
        id.split('/').pop(),
      );
      if (set)
        for (const m of ((shown.properties as Item).policyDefinitions ?? []) as Item[])
          definition(String(m.policyDefinitionId));
    };
    for (const a of az(list(`${sub}/providers/Microsoft.Authorization/policyAssignments`)))
      definition(String(a.policyDefinitionId));
    write(
      s,
      'costmanagement-scheduled-action-list',
      rest(list(`${sub}/providers/Microsoft.CostManagement/scheduledActions`)),
    );
    const policies = list(`${sub}/providers/Microsoft.Network/dnsResolverPolicies`);
    write(s, 'dns-resolver-policy-list', rest(policies));
    for (const p of policies) {
      write(
        s,
        'dns-resolver-policy-vnet-link-list',
        rest(list(`${p.id}/virtualNetworkLinks`)),
        String(p.name),
      );
      write(
        s,
        'monitor-diagnostic-settings-list',
        az(list(`${p.id}/providers/Microsoft.Insights/diagnosticSettings`)),
        String(p.name),
      );
    }
    for (const f of list(`${sub}/providers/Microsoft.Network/azureFirewalls`))
      write(
        s,
        'monitor-diagnostic-settings-list',
        az(list(`${f.id}/providers/Microsoft.Insights/diagnosticSettings`)),
        String(f.name),
      );
  }

  function storagePolicy(id: string) {
    const folder = /\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? '';
    const path = `${id}/managementPolicies/default`;
    const shown = body(path);
    const account = id.split('/').pop() ?? id;
    if (shown) write(folder, 'storage-account-management-policy-show', liftProperties(shown), account);
    const failed = estate.answer(path.toLowerCase());
    // What az prints for a failed command, kept as the error file.
    if (failed && 'code' in failed) {
      const file = join(out, azurePath(folder, 'storage-account-management-policy-show', account)).replace(
        /\.json$/,
        '.error.json',
      );
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(
        file,
        JSON.stringify({
          Code: failed.code,
          Message: failed.message,
          HttpStatus: failed.status,
          Command: 'az storage account management-policy show',
        }),
      );
    }
  }
}
