import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAzure } from '../../../../providers/azure/normalize/index.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { verifyBundle } from '../../../../src/evidence/verify.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { ids, subscriptionId } from '../../../fakes/azure/estate.js';
import { collectFrom, fakeEstate, startFake } from '../../../fakes/azure/harness.js';
import type { FakeArm } from '../../../fakes/azure/server.js';

const s1 = subscriptionId(0);
const s2 = subscriptionId(1);
let fake: FakeArm | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
const json = (out: string, path: string) => JSON.parse(readFileSync(join(out, path), 'utf8')) as unknown;

describe('rigsight collect for Azure against a fake ARM (real arm-* SDKs over https)', () => {
  it('collects every subscription beneath a management group, nested groups included, into the az layout', async () => {
    fake = await startFake(fakeEstate({ subscriptions: 3 }).estate);
    const { out, summary } = await collectFrom(fake, { managementGroup: ids.managementGroup });
    expect(summary.scopes.map((s) => [s.id, s.status])).toEqual([
      [s1, 'collected'],
      [s2, 'collected'],
      [subscriptionId(2), 'collected'],
    ]);
    expect(summary.failedCalls).toBe(0);
    const files = readdirSync(join(out, 'azure', s1)).sort();
    expect(files).toEqual([
      'account-show.json',
      'ad-group-member-list',
      'costmanagement-scheduled-action-list.json',
      'deny-assignment-list.json',
      'dns-resolver-policy-list.json',
      'dns-resolver-policy-vnet-link-list',
      'monitor-activity-log-alert-list.json',
      'monitor-diagnostic-settings-list',
      'monitor-diagnostic-settings-subscription-list.json',
      'monitor-log-analytics-workspace-list.json',
      'monitor-log-analytics-workspace-table-show',
      'monitor-metrics-alert-list.json',
      'network-firewall-list.json',
      'network-firewall-policy-list.json',
      'network-nic-list.json',
      'network-nsg-list.json',
      'network-route-table-list.json',
      'network-vnet-list.json',
      'network-watcher-flow-log-list',
      'network-watcher-list.json',
      'policy-assignment-list.json',
      'policy-definition-show',
      'role-assignment-list.json',
      'role-definition-list.json',
      'security-alert-list.json',
      'security-pricing-list.json',
      'storage-account-management-policy-show',
      'vm-list.json',
      'vmss-list-instances',
      'vmss-list.json',
    ]);
    // Nested groups are listed in turn; the az shapes: lists lifted out of `properties`, az rest keeps ARM's page.
    expect(readdirSync(join(out, 'azure', s1, 'ad-group-member-list')).sort()).toEqual([
      `${ids.platformGroup}.json`,
      `${ids.nestedGroup}.json`,
    ]);
    const vms = json(out, `azure/${s1}/vm-list.json`) as Record<string, unknown>[];
    expect(vms[0]).toMatchObject({
      name: 'vm-0',
      hardwareProfile: { vmSize: 'Standard_D4s_v5' },
      powerState: 'VM running',
    });
    expect(vms[0]?.properties).toBeUndefined();
    expect(json(out, `azure/${s1}/costmanagement-scheduled-action-list.json`)).toMatchObject({
      value: [{ kind: 'InsightAlert', properties: { status: 'Enabled' } }],
    });
    const manifest = manifestOf(out);
    expect(manifest.scopes.map((s) => s.caller)).toEqual(
      Array(3).fill('aaaaaaaa-bbbb-4ccc-8ddd-000000000001'),
    );
    expect(manifest.files.find((f) => f.path === `azure/${s1}/vm-list.json`)).toMatchObject({
      service: 'az',
      operation: 'vm-list',
      outcome: 'ok',
      parameters: { subscription: s1 },
    });
    expect(verifyBundle(await EvidenceBundle.open(out)).ok).toBe(true);
  });

  it('only ever reads: every ARM and Graph request is a GET, none asks for keys or secrets', async () => {
    fake = await startFake(fakeEstate().estate);
    await collectFrom(fake, { subscriptions: [s1] });
    expect(fake.requests.length).toBeGreaterThan(30);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(fake.requests.filter((r) => /listkeys|listsecrets|sas|regenerate/i.test(r.path))).toEqual([]);
    expect(fake.requests.every((r) => r.authorized)).toBe(true);
  });

  it('follows nextLink through every page of every list', async () => {
    fake = await startFake(fakeEstate({ vmsPerSubscription: 7 }).estate, { pageSize: 1 });
    const { out } = await collectFrom(fake, { subscriptions: [s1] });
    expect((json(out, `azure/${s1}/vm-list.json`) as unknown[]).length).toBe(7);
    expect((json(out, `azure/${s1}/network-nic-list.json`) as unknown[]).length).toBe(7);
    expect((json(out, `azure/${s1}/role-definition-list.json`) as unknown[]).length).toBe(5);
    expect(
      fake.requests.filter((r) => r.path.endsWith('/virtualMachines') && r.query.includes('skiptoken'))
        .length,
    ).toBeGreaterThan(6);
  });

  it('waits out a 429 (Retry-After), retries a 500 and a request that hangs, and still writes the file', async () => {
    fake = await startFake(fakeEstate().estate, {
      faults: [
        { path: /\/virtualMachines$/i, kind: 'throttle', times: 1, retryAfter: 1 },
        { path: /\/networkSecurityGroups$/i, kind: 'server-error', times: 2 },
        { path: /\/routeTables$/i, kind: 'timeout', times: 1 },
      ],
      hangMs: 2_000,
    });
    const started = Date.now();
    const { out, summary } = await collectFrom(fake, { subscriptions: [s1], requestTimeoutMs: 300 });
    expect(summary.failedCalls).toBe(0);
    expect(summary.retries).toBeGreaterThanOrEqual(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect((json(out, `azure/${s1}/network-nsg-list.json`) as unknown[]).length).toBe(2);
    expect((json(out, `azure/${s1}/network-route-table-list.json`) as unknown[]).length).toBe(1);
    expect(fake.requests.filter((r) => r.status === 429).length).toBe(1);
  });

  it('keeps a failure that outlasts the retries as .error.json, and the subscription is partial with the reason', async () => {
    fake = await startFake(fakeEstate().estate, {
      faults: [
        { path: /\/denyAssignments$/i, kind: 'denied', times: Number.POSITIVE_INFINITY },
        { path: /\/flowLogs$/i, kind: 'server-error', times: Number.POSITIVE_INFINITY },
      ],
    });
    const { out, summary } = await collectFrom(fake, { subscriptions: [s1] });
    expect(summary.failedCalls).toBe(2);
    expect(summary.scopes[0]).toMatchObject({
      status: 'partial',
      reason: expect.stringMatching(/^2 calls failed/),
    });
    expect(json(out, `azure/${s1}/deny-assignment-list.error.json`)).toEqual({
      Code: 'AuthorizationFailed',
      Message: expect.stringMatching(/does not have authorization to perform action/),
      HttpStatus: 403,
      Command: expect.stringMatching(/^az rest --method get/),
      Parameters: { subscription: s1 },
    });
    expect(json(out, `azure/${s1}/network-watcher-flow-log-list/westeurope.error.json`)).toMatchObject({
      Code: 'InternalServerError',
      HttpStatus: 500,
    });
    const inv = await normalizeAzure(await EvidenceBundle.open(out), {
      now: new Date(),
      policy: loadPolicy().policy,
    });
    expect(inv.gaps.map((g) => [g.domain, g.kind])).toEqual(
      expect.arrayContaining([
        ['organization', 'denied'],
        ['flow-logs', 'error'],
      ]),
    );
    expect(inv.flowLogs).toEqual([]);
  });

  it('marks a subscription the caller may not read as failed and goes on with the others', async () => {
    fake = await startFake(fakeEstate().estate, {
      faults: [
        { path: new RegExp(`^/subscriptions/${s2}`, 'i'), kind: 'denied', times: Number.POSITIVE_INFINITY },
      ],
    });
    const { out, summary } = await collectFrom(fake, { subscriptions: [s1, s2] });
    expect(summary.scopes.map((s) => s.status)).toEqual(['collected', 'failed']);
    expect(summary.scopes[1]?.reason).toMatch(/^cannot read subscription .*\(AuthorizationFailed: /);
    expect(readdirSync(join(out, 'azure', s2))).toEqual(['account-show.error.json']);
    const inv = await normalizeAzure(await EvidenceBundle.open(out), {
      now: new Date(),
      policy: loadPolicy().policy,
    });
    expect(inv.scopes.find((s) => s.id === s2)).toMatchObject({
      status: 'unassessed',
      reason: expect.stringMatching(/AuthorizationFailed/),
    });
    expect(inv.workloads.every((w) => w.scope === s1)).toBe(true);
  });
});

describe('pacing', () => {
  it('keeps each subscription within its read bucket (burst, then the refill rate)', async () => {
    fake = await startFake(fakeEstate({ subscriptions: 1, vmsPerSubscription: 1 }).estate);
    const started = Date.now();
    const { summary } = await collectFrom(fake, {
      subscriptions: [s1],
      rates: { arm: { burst: 5, perSecond: 40 } },
    });
    const armCalls = fake.requests.filter(
      (r) => r.path.startsWith('/subscriptions/') || r.path.startsWith('/providers/'),
    ).length;
    expect(summary.failedCalls).toBe(0);
    // 5 at once, then 40 a second (paced 10% under): the rest cannot arrive sooner.
    expect(Date.now() - started).toBeGreaterThanOrEqual(((armCalls - 5) / 36) * 1000 * 0.9);
  });
});

describe('native ARM answers (REST API specs examples) through the real SDKs', () => {
  const spec = (name: string) =>
    (
      JSON.parse(
        readFileSync(join(import.meta.dirname, '../../../fakes/azure/rest-api-specs', name), 'utf8'),
      ) as { value: unknown[] }
    ).value;

  it('keeps an NSG listing as az prints it and reads the six default rules as implied, outbound ones in order', async () => {
    const { estate } = fakeEstate({ subscriptions: 1, vmsPerSubscription: 1 });
    estate.list(
      `/subscriptions/${s1}/providers/Microsoft.Network/networkSecurityGroups`,
      spec('NetworkSecurityGroupListAll.json'),
    );
    fake = await startFake(estate);
    const { out } = await collectFrom(fake, { subscriptions: [s1] });
    const listed = json(out, `azure/${s1}/network-nsg-list.json`) as Record<string, unknown>[];
    expect(listed.map((g) => g.name)).toEqual(['nsg1', 'nsg3']);
    const defaults = (listed[0] as { defaultSecurityRules: Record<string, unknown>[] }).defaultSecurityRules;
    expect(defaults[4]).toMatchObject({
      name: 'AllowInternetOutBound',
      destinationAddressPrefix: 'Internet',
      priority: 65001,
      direction: 'Outbound',
    });
    const inv = await normalizeAzure(await EvidenceBundle.open(out), {
      now: new Date(),
      policy: loadPolicy().policy,
    });
    const nsg1 = inv.firewalls.find((f) => f.name === 'nsg1');
    expect(nsg1).toMatchObject({ level: 'interface', region: 'westus', ordered: true });
    expect(nsg1?.egress.every((r) => r.implied)).toBe(true);
    expect(nsg1?.egress.map((r) => [r.priority, r.action, r.destination.value])).toEqual([
      [65000, 'allow', 'VirtualNetwork'],
      [65001, 'allow', '0.0.0.0/0'],
      [65001, 'allow', '::/0'],
      [65500, 'deny', '0.0.0.0/0'],
      [65500, 'deny', '::/0'],
    ]);
  });

  it('keeps NSG flow logs with their filtering criteria and ids as ARM spells them', async () => {
    const { estate } = fakeEstate({ subscriptions: 1, vmsPerSubscription: 1 });
    const watcher = `/subscriptions/${s1}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope`;
    const native = spec('NetworkWatcherFlowLogList.json') as { properties: Record<string, unknown> }[];
    // The examples' NSG becomes this estate's NIC NSG, so the log has something to cover.
    const nsgApp = `/subscriptions/${s1}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-app`;
    estate.list(`${watcher}/flowLogs`, [
      { ...native[0], properties: { ...native[0]?.properties, targetResourceId: nsgApp } },
    ]);
    fake = await startFake(estate);
    const { out } = await collectFrom(fake, { subscriptions: [s1] });
    expect(json(out, `azure/${s1}/network-watcher-flow-log-list/westeurope.json`)).toEqual([
      expect.objectContaining({
        id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkWatchers/тц1/FlowLogs/flowLog1',
        enabledFilteringCriteria: 'srcIP=158.255.7.8 || dstPort=56891',
        retentionPolicy: { days: 0, enabled: false },
      }),
    ]);
    const inv = await normalizeAzure(await EvidenceBundle.open(out), {
      now: new Date(),
      policy: loadPolicy().policy,
    });
    expect(inv.flowLogs.length).toBeGreaterThan(0);
    expect(inv.flowLogs[0]).toMatchObject({
      filter: 'srcIP=158.255.7.8 || dstPort=56891',
      active: true,
      target: { kind: 'interface' },
    });
    // No traffic analytics (disabled, "-" workspace); the storage account is in a subscription not collected.
    expect(inv.flowLogs[0]?.destinations).toEqual([
      expect.objectContaining({
        kind: 'object-storage',
        retentionDays: expect.objectContaining({ unknown: expect.any(String) }),
      }),
    ]);
  });
});

describe('secrets', () => {
  it('scrubs a token an error message echoes before it is written or logged', async () => {
    fake = await startFake(fakeEstate({ subscriptions: 1, vmsPerSubscription: 1 }).estate, {
      faults: [{ path: /\/metricAlerts$/i, kind: 'echo', times: Number.POSITIVE_INFINITY }],
    });
    const lines: string[] = [];
    const { LogLinesProgress } = await import('../../../../src/collect/progress.js');
    const { out } = await collectFrom(fake, {
      subscriptions: [s1],
      progress: new LogLinesProgress((l) => lines.push(l)),
    });
    const saved = readFileSync(join(out, `azure/${s1}/monitor-metrics-alert-list.error.json`), 'utf8');
    expect(saved).toMatch(/Bearer \[redacted\] \(token \[redacted\]\)/);
    expect(saved).not.toMatch(/eyJ|alg/);
    expect(lines.join('\n')).toMatch(/call.failed .*api=az:monitor-metrics-alert-list .*code=BadRequest/);
    expect(lines.join('\n')).not.toMatch(/eyJ/);
  });
});
