import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepsLog } from '../../../../providers/gcp/normalize/log-routing.js';
import { acmeEstate } from '../../../fakes/gcp/estate.js';
import { handMade, inventoryOf } from '../helpers.js';

describe('GCP bundle → inventory', async () => {
  const inv = await inventoryOf(handMade());
  const prod = <T extends { scope: string }>(items: T[]) => items.filter((x) => x.scope === 'acme-prod');

  it('names instances by relative resource name, in their zone’s region, with tags, accounts and MIG membership', () => {
    const batch = inv.workloads.find((w) => w.name === 'batch-7x2k');
    expect(batch).toMatchObject({
      id: 'projects/acme-prod/zones/europe-west1-b/instances/batch-7x2k',
      region: 'europe-west1',
      type: 'compute.googleapis.com/Instance',
      state: 'running',
      machineType: 'e2-standard-4',
      vcpus: 4,
      launchedAt: '2026-11-02T15:14:31.552Z',
      tags: { owner: 'data' },
      networkTags: ['batch'],
      serviceAccounts: ['batch-runner@acme-prod.iam.gserviceaccount.com'],
      instanceId: '4815162342000000003',
      group: 'projects/acme-prod/zones/europe-west1-b/instanceGroupManagers/batch',
      cpuResolutionMinutes: 1,
    });
    expect(batch?.attachments[0]).toMatchObject({ publicIps: ['34.76.1.2'], privateIps: ['10.20.0.7'] });
    expect(inv.workloadGroups[0]).toMatchObject({ instanceIds: [batch?.id], desired: 1 });
  });

  it('orders the effective egress in tiers: organization policy, VPC rules, network policy, implied allow-all', () => {
    const fws = inv.firewalls.filter((f) => f.networkId === 'projects/acme-prod/global/networks/prod-vpc');
    expect(fws.map((f) => [f.tier, f.id])).toEqual([
      [0, 'locations/global/firewallPolicies/811111111111'],
      [3, 'projects/acme-prod/global/networks/prod-vpc/firewalls'],
      [4, 'projects/acme-prod/global/firewallPolicies/prod-egress'],
      [5, 'projects/acme-prod/global/networks/prod-vpc/implied-rules'],
    ]);
    const [org, vpc, policy, implied] = fws;
    expect(org?.egress.map((r) => r.action)).toEqual(['deny', 'deny', 'next']);
    expect(vpc?.egress).toContainEqual({
      action: 'allow',
      priority: 1000,
      protocol: 'tcp',
      ports: { from: 8000, to: 9000 },
      destination: { kind: 'cidr', value: '0.0.0.0/0' },
      pointer: '/1',
      targets: { serviceAccounts: ['batch-runner@acme-prod.iam.gserviceaccount.com'] },
    });
    expect(vpc?.egress.find((r) => r.action === 'deny')?.targets).toEqual({ tags: ['web'] });
    expect(vpc?.egress.some((r) => r.ports !== 'all' && r.ports.from === 22)).toBe(false); // ingress is not egress
    expect(policy?.egress[0]).toMatchObject({
      action: 'deny',
      priority: 100,
      destination: { value: '198.51.100.0/24' },
    });
    expect(implied?.egress).toEqual([
      {
        action: 'allow',
        priority: 65535,
        protocol: 'all',
        ports: 'all',
        destination: { kind: 'cidr', value: '0.0.0.0/0' },
        implied: true,
      },
      {
        action: 'allow',
        priority: 65535,
        protocol: 'all',
        ports: 'all',
        destination: { kind: 'cidr', value: '::/0' },
        implied: true,
      },
    ]);
  });

  it('puts the network firewall policy before VPC rules when the network says BEFORE_CLASSIC_FIREWALL', async () => {
    const estate = acmeEstate();
    const net = estate.projects[0]?.networks[0];
    if (net) net.networkFirewallPolicyEnforcementOrder = 'BEFORE_CLASSIC_FIREWALL';
    const fws = (await inventoryOf(handMade(estate))).firewalls.filter((f) => f.scope === 'acme-prod');
    expect(fws.map((f) => f.id.split('/').pop())).toEqual([
      '811111111111',
      'prod-egress',
      'firewalls',
      'implied-rules',
    ]);
  });

  it('routes per subnet, with Cloud NAT where it serves the subnet', () => {
    const us = inv.routeTables.find(
      (t) => t.id === 'projects/acme-prod/regions/us-central1/subnetworks/prod-us-central1/routes',
    );
    expect(us?.routes.map((r) => r.target)).toEqual(['internet-gateway', 'local', 'nat-gateway']);
    const eu = inv.routeTables.find((t) => t.region === 'europe-west1');
    expect(eu?.routes.map((r) => r.target)).toEqual(['internet-gateway', 'local']);
  });

  it('records flow-log sampling and filters, and where vpc_flows land', () => {
    const logs = prod(inv.flowLogs);
    expect(logs.map((l) => [l.target.id, l.active, l.sampling, l.filter])).toEqual([
      ['projects/acme-prod/regions/us-central1/subnetworks/prod-us-central1', true, 1, undefined],
      [
        'projects/acme-prod/regions/europe-west1/subnetworks/prod-europe-west1',
        true,
        0.1,
        'connection.dest_port != 3333',
      ],
    ]);
    // `_Default` keeps vpc_flows 30 days; a sink copies them to BigQuery, whose expiration is not collected.
    expect(logs[0]?.destinations.map((d) => [d.id, d.retentionDays])).toEqual([
      ['projects/acme-prod/locations/global/buckets/_Default', 30],
      [
        'projects/acme-prod/datasets/flows',
        {
          unknown: 'the table expiration of BigQuery dataset destinations is not collected',
          evidence: expect.any(Array),
        },
      ],
    ]);
    expect(inv.flowLogs.some((l) => l.scope === 'acme-dev')).toBe(false);
  });

  it('keeps one Admin Activity audit log per project: _Required 400 days plus every sink that copies it', () => {
    const [trail] = prod(inv.auditTrails);
    expect(trail).toMatchObject({ logging: true, managementWrites: true, coversAllRegions: true });
    expect(
      trail?.destinations.map((d) => [
        d.id,
        typeof d.retentionDays === 'object' ? 'unknown' : d.retentionDays,
      ]),
    ).toEqual([
      ['projects/acme-prod/locations/global/buckets/_Required', 400],
      ['projects/acme-prod/locations/global/buckets/audit-archive', 800],
      ['acme-org-audit-logs', 'unknown'],
    ]);
  });

  it('reads sink filters as Cloud Logging does', () => {
    expect(keepsLog('', 'cloudaudit.googleapis.com/activity')).toBe(true);
    expect(
      keepsLog('logName:"cloudaudit.googleapis.com%2Factivity"', 'cloudaudit.googleapis.com/activity'),
    ).toBe(true);
    expect(
      keepsLog('NOT LOG_ID("cloudaudit.googleapis.com/activity")', 'cloudaudit.googleapis.com/activity'),
    ).toBe(false);
    expect(
      keepsLog('NOT LOG_ID("cloudaudit.googleapis.com/activity")', 'compute.googleapis.com/vpc_flows'),
    ).toBe(true);
    expect(keepsLog('severity>=ERROR', 'compute.googleapis.com/vpc_flows')).toBe(false);
  });

  it('lists the networks a logging DNS policy covers', () => {
    expect(prod(inv.dnsQueryLogs)).toMatchObject([
      {
        id: 'projects/acme-prod/policies/query-logging',
        networkIds: ['projects/acme-prod/global/networks/prod-vpc'],
      },
    ]);
  });

  it('resolves which instances a CPU alert covers from its label filter', () => {
    const alarms = prod(inv.alarms);
    expect(alarms.map((a) => [a.region, a.watches.instanceIds, a.notifies])).toEqual([
      ['us-central1', ['projects/acme-prod/zones/us-central1-a/instances/web-1'], true],
      ['europe-west1', [], true],
    ]);
  });

  it('says when an alert filter cannot be decided, and covers nothing then', async () => {
    const estate = acmeEstate();
    const policy = estate.projects[0]?.alertPolicies[0] as {
      conditions: { conditionThreshold: { filter: string } }[];
    };
    (policy.conditions[0] as { conditionThreshold: { filter: string } }).conditionThreshold.filter =
      'metric.type = "compute.googleapis.com/instance/cpu/utilization" AND metadata.user_labels.owner = starts_with("pay")';
    const alarms = (await inventoryOf(handMade(estate))).alarms.filter((a) => a.scope === 'acme-prod');
    expect(alarms[0]?.watches.instanceIds).toEqual([]);
    expect(alarms[0]?.undecided).toMatch(/cannot be evaluated offline/);
  });

  it('takes VM Threat Detection as the detector, with Event Threat Detection as a feature', () => {
    expect(inv.threatDetectors.find((d) => d.scope === 'acme-dev')).toMatchObject({
      enabled: false,
      features: [
        { name: 'VM Threat Detection', enabled: false },
        { name: 'Event Threat Detection', enabled: true },
      ],
    });
  });

  it('turns effective org policies into guardrails and budgets into cost monitors for the projects they cover', () => {
    expect(prod(inv.guardrails).map((g) => g.effects[0])).toEqual([
      'restricts-instance-types',
      'restricts-regions',
    ]);
    expect(inv.guardrails.some((g) => g.scope === 'acme-dev')).toBe(false);
    expect(inv.costMonitors).toMatchObject([
      { coverage: 'linked', coveredScopes: ['acme-prod'], alerting: true },
    ]);
    expect(inv.scopes.find((s) => s.id === 'acme-prod')?.organization).toEqual({
      organizationId: '123456789012',
      managementScope: 'organizations/123456789012',
      isManagement: false,
      path: ['organizations/123456789012', 'folders/1001', 'folders/2001'],
    });
  });

  it('lists a Shared VPC network in the service project, owned by its host', async () => {
    const estate = acmeEstate();
    const vm = estate.projects[1]?.instances[0] as { networkInterfaces: Record<string, unknown>[] };
    const nic = vm.networkInterfaces[0] as Record<string, unknown>;
    nic.network = 'https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/prod-vpc';
    const shared = (await inventoryOf(handMade(estate))).networks.find(
      (n) => n.scope === 'acme-dev' && n.ownerScope,
    );
    expect(shared).toMatchObject({
      id: 'projects/acme-prod/global/networks/prod-vpc',
      ownerScope: 'acme-prod',
    });
  });

  it('turns every absent file into a gap, so nothing it decides reads as pass or fail', async () => {
    const dir = handMade(undefined, (d) => {
      rmSync(join(d, 'gcp/acme-prod/compute-firewall-rules-list.json'));
      rmSync(join(d, 'gcp/folders/2001/compute-firewall-policies-list.json'));
      writeFileSync(join(d, 'gcp/acme-prod/dns-policies-list.json'), '{"not": "a list"}');
    });
    const gaps = (await inventoryOf(dir)).gaps.filter((g) => g.scope === 'acme-prod');
    expect(gaps.map((g) => [g.domain, g.kind])).toEqual(
      expect.arrayContaining([
        ['firewalls', 'missing'],
        ['dns-query-logs', 'error'],
      ]),
    );
    expect(gaps.find((g) => /folders\/2001/.test(g.reason))?.reason).toMatch(
      /hierarchical firewall policies of folders\/2001 were not collected/,
    );
  });
});
