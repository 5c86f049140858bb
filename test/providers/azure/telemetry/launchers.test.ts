import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
import type { FileDigest } from '../../../../src/detect/signals.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const launchers = 'test/fixtures/telemetry/launchers';
const activity = (folder: string, hour: string) =>
  `${launchers}/${folder}/telemetry/activity/insights-activity-logs/resourceId=/SUBSCRIPTIONS/00000000-AAAA-BBBB-CCCC-000000000001/y=2026/m=11/d=20/h=${hour}/m=00/PT1H.json`;
const policy = loadPolicy();
const SUB = '/subscriptions/00000000-aaaa-bbbb-cccc-000000000001';

async function digest(file: string): Promise<FileDigest> {
  const d = await digestFile(file, policy);
  if (!d) throw new Error(`${file} was not recognized`);
  return d;
}

/** Activity Log events in the export shape, one per line, from the fields that matter here. */
function events(list: Record<string, unknown>[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rigsight-az-')), 'PT1H.json');
  writeFileSync(
    file,
    list
      .map((e) =>
        JSON.stringify({
          category: 'Write',
          resultType: 'Success',
          resultSignature: 'Succeeded.OK',
          location: 'eastus',
          correlationId: `c0ffee00-0000-4000-8000-${String(list.indexOf(e)).padStart(12, '0')}`,
          identity: {
            claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'ops@fabrikam.example' },
          },
          ...e,
        }),
      )
      .join('\n'),
  );
  return file;
}

describe('Activity Log: scale-set capacity and container groups', () => {
  it('keeps every successful scale-set write as a capacity request with its capacity, the Started step none', async () => {
    const d = await digest(activity('azure-scale-set-resized', '08'));
    const set = `${SUB}/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachinescalesets/vmss-web`;
    expect(d.capacity.map((c) => [c.principal, c.keys, c.detail])).toEqual([
      ['platform@fabrikam.example', [set], 'scale set vmss-web, capacity 2'],
      ['contractor@fabrikam.example', [set], 'scale set vmss-web, capacity 10'],
    ]);
    // Only the 201 Created write made the set itself.
    expect(d.creations.map((c) => c.instanceId)).toEqual([set]);
  });

  it('does not charge autoscale’s own resizes to the engine', async () => {
    const d = await digest(
      events([
        {
          time: '2026-11-20T12:00:00Z',
          resourceId: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`,
          operationName: 'MICROSOFT.COMPUTE/VIRTUALMACHINESCALESETS/WRITE',
          caller: 'Microsoft.Insights/autoscaleSettings',
        },
      ]),
    );
    expect(d.capacity).toEqual([]);
  });

  it('turns a created container group into a workload with its requested vCPUs and its private IP in its VNet', async () => {
    const d = await digest(activity('azure-container-group', '10'));
    const group = `${SUB}/resourcegroups/rg-prod/providers/microsoft.containerinstance/containergroups/cg-render-2`;
    expect(d.creations).toEqual([
      expect.objectContaining({
        instanceId: group,
        kind: 'container group',
        vcpus: 4,
        machineType: '4 vCPU 8 GB',
        image: 'docker.io/library/alpine:3.20',
      }),
    ]);
    expect(d.bindings).toEqual([
      expect.objectContaining({
        endpoint: `ip:${SUB}/resourcegroups/rg-prod/providers/microsoft.network/virtualnetworks/vnet-prod|10.1.2.4`,
        instanceId: group,
      }),
    ]);
  });

  it('reads a container group’s CpuUsage (millicores) as cores', async () => {
    const d = await digest(`${launchers}/azure-container-group/telemetry/metrics/cg-render-2.json`);
    expect(d.cpu[0]).toMatchObject({ unit: 'cores' });
    expect(d.cpu[0]?.values[0]).toBeCloseTo(3.84, 2);
  });
});

describe('Activity Log: export of the Activity Log stopped and resumed', () => {
  it('reads the subscription’s diagnostic setting deleted then written back as a gap, a resource’s as network evidence', async () => {
    const setting = `${SUB}/providers/microsoft.insights/diagnosticSettings/activity-to-storage`;
    const d = await digest(
      events([
        {
          time: '2026-11-20T09:00:00Z',
          resourceId: setting,
          operationName: 'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE',
        },
        {
          time: '2026-11-20T09:30:00Z',
          resourceId: `${SUB}/resourceGroups/rg-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-web/providers/microsoft.insights/diagnosticSettings/nsg-logs`,
          operationName:
            'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/PROVIDERS/MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE',
        },
        {
          time: '2026-11-20T12:00:00Z',
          resourceId: setting,
          operationName: 'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE',
        },
      ]),
    );
    expect(d.tampering.map((t) => [t.time, t.blinds])).toEqual([
      [Date.parse('2026-11-20T09:00:00Z'), 'creation'],
      [Date.parse('2026-11-20T09:30:00Z'), 'network'],
    ]);
    expect(d.resumed).toEqual([
      expect.objectContaining({ target: setting, principal: 'ops@fabrikam.example' }),
    ]);
    expect(d.auditRegions).toEqual([expect.objectContaining({ region: 'eastus' })]);
  });
});
