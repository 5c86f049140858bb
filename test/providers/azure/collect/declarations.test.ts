import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declarations } from '../../../../providers/azure/collect/catalog.js';
import { notReadOnly } from '../../../../providers/azure/collect/read-only.js';
import { azureReadActions } from '../../../../providers/azure/permissions.js';

/** Every file of the DESIGN's Azure layout ("Azure and GCP evidence"). */
const layout = [
  'account-show',
  'vm-list',
  'vmss-list',
  'vmss-list-instances',
  'network-nic-list',
  'network-vnet-list',
  'network-nsg-list',
  'network-route-table-list',
  'network-firewall-list',
  'network-watcher-flow-log-list',
  'monitor-diagnostic-settings-subscription-list',
  'monitor-log-analytics-workspace-list',
  'monitor-log-analytics-workspace-table-show',
  'storage-account-management-policy-show',
  'monitor-metrics-alert-list',
  'monitor-activity-log-alert-list',
  'role-assignment-list',
  'role-definition-list',
  'deny-assignment-list',
  'ad-group-member-list',
  'security-pricing-list',
  'security-alert-list',
  'policy-assignment-list',
  'policy-definition-show',
  'policy-set-definition-show',
  'costmanagement-scheduled-action-list',
  'dns-resolver-policy-list',
  'dns-resolver-policy-vnet-link-list',
  'network-firewall-policy-list',
  'monitor-diagnostic-settings-list',
  'account-management-group-list',
  'account-management-group-show',
];

describe('Azure collector declarations', () => {
  it('declare every file of the bundle layout, once', () => {
    const commands = declarations.map((d) => d.command);
    expect(new Set(commands).size).toBe(commands.length);
    for (const c of layout) expect(commands).toContain(c);
  });

  it('only list and get: nothing that writes, returns keys or secrets, or mints SAS tokens', () => {
    for (const d of declarations) expect(notReadOnly(d), d.command).toBeUndefined();
    expect(notReadOnly({ command: 'x', operations: ['storage.storageAccounts.listKeys'] })).toMatch(
      /returns secrets/,
    );
    expect(notReadOnly({ command: 'x', operations: ['compute.virtualMachines.beginStart'] })).toMatch(
      /not a list or get/,
    );
  });

  it('call only SDK methods whose names read, in the code that makes the calls', () => {
    const source = readFileSync(
      join(import.meta.dirname, '../../../../providers/azure/collect/catalog.ts'),
      'utf8',
    );
    const calls = [...source.matchAll(/ctx(?:\.clients|\.clientsFor\([^)]*\))\??\.\w+\.(\w+)\.(\w+)\(/g)].map(
      (m) => m[2] as string,
    );
    expect(calls.length).toBeGreaterThan(25);
    for (const method of calls) expect(method).toMatch(/^(list|get)/);
    expect(source).not.toMatch(/listKeys|listSecrets|begin[A-Z]|createOrUpdate|delete\(/);
  });

  it('need only read actions, each declared where the call is made', () => {
    for (const d of declarations) {
      for (const a of d.actions) expect(a, d.command).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+\/read$/);
      if (!d.graphPermissions) expect(d.actions.length, d.command).toBeGreaterThan(0);
    }
    expect(azureReadActions()).toContain('Microsoft.Authorization/denyAssignments/read');
  });
});
