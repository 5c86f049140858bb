import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azurePath } from '../../../../providers/azure/bundle-files.js';
import { normalizeAzure } from '../../../../providers/azure/normalize/index.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import type { Inventory } from '../../../../src/model/inventory.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { buildEstate, ids, rule, subscriptionId } from '../../../fakes/azure/estate.js';
import { writeHandBundle } from '../../../fakes/azure/hand-bundle.js';
import type { ArmEstate } from '../../../fakes/azure/server.js';
import { runCli, tempDir } from '../../../helpers/cli.js';

const S = subscriptionId(0);
const sub = `/subscriptions/${S}`;
const net = `${sub}/resourceGroups/rg-net/providers/Microsoft.Network`;
const vnet = `${net}/virtualNetworks/vnet-app`;
const subnet = `${vnet}/subnets/app`;
const nsgApp = `${net}/networkSecurityGroups/nsg-app`;
const nsgSubnet = `${net}/networkSecurityGroups/nsg-subnet`;
const watcher = `${sub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope`;
const workspace = `${sub}/resourceGroups/rg-log/providers/Microsoft.OperationalInsights/workspaces/law-audit`;
const storage = `${sub}/resourceGroups/rg-log/providers/Microsoft.Storage/storageAccounts/stlogs0`;
const vm = (k: number) => `${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-${k}`;

type Item = Record<string, unknown> & { properties: Record<string, unknown> };

/** A one-subscription tenant written as az prints it, after `change` edits the estate; files in `drop` removed. */
async function normalized(
  change: (e: ArmEstate) => void = () => {},
  drop: string[] = [],
): Promise<{ inv: Inventory; dir: string }> {
  const { estate } = buildEstate({ subscriptions: 1, vmsPerSubscription: 7 });
  change(estate);
  const dir = tempDir('rigsight-azure-norm-');
  writeHandBundle(estate, [S], ids.tenant, dir);
  for (const f of drop) rmSync(join(dir, f), { recursive: true, force: true });
  const inv = await normalizeAzure(await EvidenceBundle.open(dir), {
    now: new Date('2026-12-01T00:00:00Z'),
    policy: loadPolicy().policy,
  });
  return { inv, dir };
}

const item = (e: ArmEstate, path: string, index = 0) => e.items(path)[index] as Item;

describe('Azure normalize: compute', () => {
  it('turns az vm list -d into workloads with power state, size, tags, identities and NICs', async () => {
    const { inv } = await normalized();
    const w = inv.workloads.find((x) => x.id === vm(0));
    expect(w).toMatchObject({
      region: 'westeurope',
      state: 'running',
      machineType: 'Standard_D4s_v5',
      tags: { Owner: 'team-payments', Environment: 'prod' },
      networkId: vnet,
      subnetId: subnet,
      cpuResolutionMinutes: 1,
      serviceAccounts: ['77770000-0000-4000-8000-000000000000'],
      attachments: [
        {
          id: `${net}/networkInterfaces/vm-0-nic`,
          networkId: vnet,
          subnetId: subnet,
          privateIps: ['10.0.1.4'],
          firewallIds: [nsgApp],
          macAddress: '00-0D-3A-00-00-00',
        },
      ],
    });
    expect(inv.workloads.find((x) => x.id === vm(6))?.state).toBe('deallocated');
  });

  it('makes each scale-set instance a workload of its own, with the set’s tags, NSG and subnet', async () => {
    const { inv } = await normalized();
    const vmss = `${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
    expect(inv.workloadGroups).toEqual([
      expect.objectContaining({
        id: vmss,
        instanceIds: [`${vmss}/virtualMachines/0`, `${vmss}/virtualMachines/1`],
        desired: 2,
      }),
    ]);
    expect(inv.workloads.find((w) => w.id === `${vmss}/virtualMachines/1`)).toMatchObject({
      group: vmss,
      tags: { owner: 'team-web' },
      machineType: 'Standard_D2s_v5',
      attachments: [{ subnetId: subnet, networkId: vnet, firewallIds: [nsgApp] }],
    });
  });

  it('uses one spelling for an ARM id written in different cases', async () => {
    const { inv } = await normalized((e) => {
      const nic = item(e, `${sub}/providers/Microsoft.Network/networkInterfaces`);
      const configs = nic.properties.ipConfigurations as Item[];
      (configs[0] as Item).properties.subnet = { id: subnet.toUpperCase() };
    });
    expect(inv.workloads.find((w) => w.id === vm(0))?.subnetId).toBe(subnet);
  });
});

describe('Azure normalize: network', () => {
  it('lists an NSG at the level it is attached, outbound rules in priority order with the defaults implied', async () => {
    const { inv } = await normalized((e) => {
      const g = item(e, `${sub}/providers/Microsoft.Network/networkSecurityGroups`);
      (g.properties.securityRules as unknown[]).push(
        rule(nsgApp, 'storage-out', 300, 'Outbound', 'Allow', 'Tcp', '443', 'Storage.WestEurope'),
        rule(nsgApp, 'ssh-in', 100, 'Inbound', 'Allow', 'Tcp', '22', '*'),
      );
    });
    const nic = inv.firewalls.find((f) => f.id === nsgApp);
    expect(nic).toMatchObject({ level: 'interface', ordered: true, subnetIds: [] });
    expect(
      nic?.egress.map((r) => [
        r.priority,
        r.action,
        r.protocol,
        r.ports,
        r.destination.value,
        r.implied ?? false,
      ]),
    ).toEqual([
      [100, 'allow', 'tcp', { from: 443, to: 443 }, '0.0.0.0/0', false],
      [100, 'allow', 'tcp', { from: 443, to: 443 }, '::/0', false],
      [200, 'allow', 'tcp', { from: 3333, to: 3333 }, '0.0.0.0/0', false],
      [200, 'allow', 'tcp', { from: 3333, to: 3333 }, '::/0', false],
      [300, 'allow', 'tcp', { from: 443, to: 443 }, 'Storage.WestEurope', false],
      [65000, 'allow', 'all', 'all', 'VirtualNetwork', true],
      [65001, 'allow', 'all', 'all', '0.0.0.0/0', true],
      [65001, 'allow', 'all', 'all', '::/0', true],
      [65500, 'deny', 'all', 'all', '0.0.0.0/0', true],
      [65500, 'deny', 'all', 'all', '::/0', true],
    ]);
    expect(nic?.egress.find((r) => r.destination.value === 'Storage.WestEurope')).toMatchObject({
      destination: { kind: 'prefix-list' },
      listOwner: 'provider',
    });
    expect(inv.firewalls.find((f) => f.id === nsgSubnet)).toMatchObject({
      level: 'subnet',
      subnetIds: [subnet],
      networkId: vnet,
    });
  });

  it('adds Azure’s system routes per VNet and maps next hops of custom route tables', async () => {
    const { inv } = await normalized();
    expect(inv.routeTables.find((t) => t.main)).toMatchObject({
      id: `${vnet}/systemRoutes`,
      networkId: vnet,
      routes: [
        { destination: '10.0.0.0/16', target: 'local' },
        { destination: '0.0.0.0/0', target: 'internet-gateway' },
      ],
    });
    expect(inv.routeTables.find((t) => !t.main)).toMatchObject({
      subnetIds: [subnet],
      networkId: vnet,
      routes: [{ destination: '0.0.0.0/0', target: 'firewall-endpoint', targetId: '10.0.0.4' }],
    });
  });
});

describe('Azure normalize: logging and retention', () => {
  it('keeps a VNet flow log on the VNet for the shorter of its retention policy and the storage lifecycle, plus traffic analytics', async () => {
    const { inv } = await normalized();
    expect(inv.flowLogs).toEqual([
      expect.objectContaining({
        target: { kind: 'network', id: vnet },
        traffic: 'all',
        recordsDestination: true,
        active: true,
        destinations: [
          expect.objectContaining({ kind: 'object-storage', id: storage, retentionDays: 30 }),
          expect.objectContaining({ kind: 'workspace', id: workspace, retentionDays: 90 }),
        ],
      }),
    ]);
  });

  it('reads an NSG flow log as covering every NIC and subnet behind the NSG, and no lifecycle policy as never deleted', async () => {
    const { inv } = await normalized((e) => {
      const f = item(e, `${watcher}/flowLogs`);
      f.properties.targetResourceId = nsgApp;
      f.properties.retentionPolicy = { days: 0, enabled: false };
      delete f.properties.flowAnalyticsConfiguration;
      e.error(
        `${storage}/managementPolicies/default`,
        404,
        'ManagementPolicyNotFound',
        'No ManagementPolicy found for account stlogs0',
      );
    });
    const targets = inv.flowLogs.map((f) => f.target.id);
    expect(targets).toContain(`${net}/networkInterfaces/vm-0-nic`);
    expect(targets).toContain(
      `${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web/virtualMachines/0/networkInterfaces/web-nic`,
    );
    expect(inv.flowLogs[0]?.destinations).toEqual([
      expect.objectContaining({ kind: 'object-storage', retentionDays: null }),
    ]);
  });

  it('reads the Activity Log export: Administrative recorded, the AzureActivity table’s total retention over the workspace’s', async () => {
    const { inv } = await normalized();
    expect(inv.auditTrails).toEqual([
      expect.objectContaining({
        name: 'activity-export',
        region: 'global',
        coversAllRegions: true,
        logging: true,
        managementWrites: true,
        destinations: [
          expect.objectContaining({ kind: 'workspace', id: workspace, retentionDays: 730 }),
          expect.objectContaining({ kind: 'object-storage', id: storage, retentionDays: 400 }),
        ],
      }),
    ]);
  });

  it('does not count an export without the Administrative category; a missing table leaves the workspace’s retention', async () => {
    const { inv } = await normalized(
      (e) => {
        const d = item(e, `${sub}/providers/Microsoft.Insights/diagnosticSettings`);
        d.properties.logs = [{ category: 'Security', enabled: true }];
      },
      [azurePath(S, 'monitor-log-analytics-workspace-table-show', 'law-audit/AzureActivity')],
    );
    expect(inv.auditTrails[0]).toMatchObject({ managementWrites: false });
    expect(inv.auditTrails[0]?.destinations[0]).toMatchObject({ kind: 'workspace', retentionDays: 90 });
  });

  it('counts CPU alerts by what their scope covers: subscription in one region, a resource group, never a disabled one', async () => {
    const { inv } = await normalized((e) => {
      const alerts = e.items(`${sub}/providers/Microsoft.Insights/metricAlerts`) as Item[];
      const base = alerts[0] as Item;
      alerts.push(
        {
          ...base,
          id: `${base.id}-rg`,
          name: 'cpu-rg',
          properties: { ...base.properties, scopes: [`${sub}/resourceGroups/rg-app`], enabled: false },
        },
        {
          ...base,
          id: `${base.id}-east`,
          name: 'cpu-east',
          properties: { ...base.properties, targetResourceRegion: 'eastus' },
        },
      );
    });
    const cpu = inv.alarms.find((a) => a.name === 'cpu-plateau');
    expect(cpu).toMatchObject({ region: 'westeurope', notifies: true, metric: 'cpu' });
    expect(cpu?.watches.instanceIds).toHaveLength(9);
    expect(inv.alarms.find((a) => a.name === 'cpu-rg')).toMatchObject({ notifies: false });
    expect(inv.alarms.find((a) => a.name === 'cpu-east')).toMatchObject({
      region: 'eastus',
      watches: { instanceIds: [] },
    });
  });

  it('logs DNS for a VNet linked to a DNS security policy sending DnsResponse, or resolving through the firewall’s DNS proxy', async () => {
    const { inv } = await normalized();
    expect(inv.dnsQueryLogs.map((d) => [d.type, d.networkIds])).toEqual([
      ['Microsoft.Network/dnsResolverPolicies', [vnet]],
      ['Microsoft.Network/azureFirewalls', [vnet]],
    ]);
    const quiet = await normalized((e) => {
      const policy = `${net}/dnsResolverPolicies/dns-security`;
      const setting = item(e, `${policy}/providers/Microsoft.Insights/diagnosticSettings`);
      setting.properties.logs = [{ category: 'Other', enabled: true }];
      item(e, `${sub}/providers/Microsoft.Network/firewallPolicies`).properties.dnsSettings = {
        enableProxy: false,
      };
    });
    expect(quiet.inv.dnsQueryLogs).toEqual([]);
  });
});

describe('Azure normalize: defenses', () => {
  it('takes Defender for Servers from the VirtualMachines plan and cost anomaly alerts from InsightAlert scheduled actions', async () => {
    const { inv } = await normalized();
    expect(inv.threatDetectors).toEqual([
      expect.objectContaining({ enabled: true, region: 'global', name: 'Defender for Servers' }),
    ]);
    expect(inv.costMonitors).toEqual([
      expect.objectContaining({ coverage: 'account', coveredScopes: [S], alerting: true }),
    ]);
    const off = await normalized((e) => {
      item(e, `${sub}/providers/Microsoft.Security/pricings`).properties.pricingTier = 'Free';
      item(e, `${sub}/providers/Microsoft.CostManagement/scheduledActions`).properties.notification = {
        to: [],
      };
    });
    expect(off.inv.threatDetectors[0]?.enabled).toBe(false);
    expect(off.inv.costMonitors[0]?.alerting).toBe(false);
  });

  it('counts an enforced policy assignment covering the subscription as a guardrail, and not one that does not enforce or excludes it', async () => {
    const { inv } = await normalized();
    expect(inv.guardrails).toEqual([
      expect.objectContaining({ targets: [S], effects: ['restricts-regions'] }),
    ]);
    expect(inv.scopes[0]?.organization).toEqual({
      organizationId: ids.tenant,
      managementScope: S,
      isManagement: false,
      path: [ids.managementGroup],
    });
    const lax = await normalized((e) => {
      item(e, `${sub}/providers/Microsoft.Authorization/policyAssignments`).properties.enforcementMode =
        'DoNotEnforce';
    });
    expect(lax.inv.guardrails[0]).toMatchObject({ targets: [], effects: [] });
    const excluded = await normalized((e) => {
      item(e, `${sub}/providers/Microsoft.Authorization/policyAssignments`).properties.notScopes = [sub];
    });
    expect(excluded.inv.guardrails[0]?.details[0]).toMatch(/^excludes this subscription/);
  });

  it('reads a custom deny on VMs inside an initiative', async () => {
    const set = `/providers/Microsoft.Management/managementGroups/${ids.managementGroup}/providers/Microsoft.Authorization/policySetDefinitions/compute-baseline`;
    const custom = `/providers/Microsoft.Management/managementGroups/${ids.managementGroup}/providers/Microsoft.Authorization/policyDefinitions/deny-gpu`;
    const { inv } = await normalized((e) => {
      item(e, `${sub}/providers/Microsoft.Authorization/policyAssignments`).properties.policyDefinitionId =
        set;
      e.object(set, {
        id: set,
        name: 'compute-baseline',
        type: 'Microsoft.Authorization/policySetDefinitions',
        properties: { displayName: 'Compute baseline', policyDefinitions: [{ policyDefinitionId: custom }] },
      });
      e.object(custom, {
        id: custom,
        name: 'deny-gpu',
        type: 'Microsoft.Authorization/policyDefinitions',
        properties: {
          displayName: 'Deny GPU VM sizes',
          policyRule: {
            if: {
              allOf: [
                { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
                { field: 'Microsoft.Compute/virtualMachines/sku.name', like: 'Standard_N*' },
              ],
            },
            // biome-ignore lint/suspicious/noThenProperty: Azure Policy's own rule shape (if/then).
            then: { effect: 'deny' },
          },
        },
      });
    });
    expect(inv.guardrails[0]).toMatchObject({
      targets: [S],
      effects: ['denies-compute-creation'],
      details: ['denies-compute-creation: initiative Compute baseline: custom definition Deny GPU VM sizes'],
    });
  });
});

describe('Azure assessed end to end', () => {
  it('fails cost-anomaly and threat-detection for a subscription without them, rather than waiting for a management account', async () => {
    const { dir } = await normalized((e) => {
      e.items(`${sub}/providers/Microsoft.CostManagement/scheduledActions`).length = 0;
      item(e, `${sub}/providers/Microsoft.Security/pricings`).properties.pricingTier = 'Free';
    });
    const out = tempDir();
    expect(
      (await runCli('assess', '--evidence', dir, '--out', out, '--now', '2026-12-01T00:00:00Z', '--quiet'))
        .code,
    ).toBe(0);
    const doc = JSON.parse((await import('node:fs')).readFileSync(join(out, 'findings.json'), 'utf8')) as {
      findings: { control: string; status: string; scope: string }[];
    };
    const status = (control: string) => doc.findings.find((f) => f.control === control)?.status;
    expect(status('cost-anomaly')).toBe('fail');
    expect(status('threat-detection')).toBe('fail');
    expect(status('creation-guardrails')).toBe('pass');
  });
});

describe('Azure normalize: what was not collected is unassessed, never pass or fail', () => {
  it('records a gap per missing or failed file, and the controls that need it say unassessed', async () => {
    const { inv, dir } = await normalized(() => {}, [
      azurePath(S, 'network-nsg-list'),
      azurePath(S, 'security-pricing-list'),
      azurePath(S, 'monitor-metrics-alert-list'),
    ]);
    expect(inv.gaps.map((g) => g.domain).sort()).toEqual(['alarms', 'firewalls', 'threat-detectors']);
    expect(inv.scopes[0]).toMatchObject({
      status: 'partial',
      reason: expect.stringMatching(/was not collected/),
    });
    const out = tempDir();
    const r = await runCli(
      'assess',
      '--evidence',
      dir,
      '--out',
      out,
      '--now',
      '2026-12-01T00:00:00Z',
      '--quiet',
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse((await import('node:fs')).readFileSync(join(out, 'findings.json'), 'utf8')) as {
      findings: { control: string; status: string; reason: string }[];
    };
    const statuses = (control: string) => [
      ...new Set(doc.findings.filter((f) => f.control === control).map((f) => f.status)),
    ];
    expect(statuses('threat-detection')).toEqual(['unassessed']);
    expect(statuses('metric-logging')).toEqual(['unassessed']);
    expect(statuses('egress-restriction')).toContain('unassessed');
  });
});
