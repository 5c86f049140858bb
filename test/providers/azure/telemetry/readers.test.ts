import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const native = 'test/fixtures/telemetry/native/azure';
const scenario = 'test/fixtures/telemetry/scenarios/azure/telemetry';
const policy = loadPolicy();

describe('Azure Activity Log reader', () => {
  it('reads the REST shape (one event) and dates the subscription it belongs to', async () => {
    const d = await digestFile(`${native}/activity_log_rest_schema_administrative_sample.json`, policy);
    expect(d).toMatchObject({ format: 'azure-activity-log', records: 1, problemCount: 0, creations: [] });
    expect(d?.auditWindows).toEqual([
      expect.objectContaining({ provider: 'azure', scope: '<subscription id>' }),
    ]);
  });

  it('reads the storage / Event Hubs shape ({"records": [...]})', async () => {
    const d = await digestFile(`${native}/activity_log_storage_eventhub_schema_sample.json`, policy);
    expect(d).toMatchObject({ records: 1, problemCount: 0 });
    expect(d?.auditWindows[0]).toMatchObject({ scope: 's1' });
  });

  it('turns a 201 Created VM write into a creation and ties its NIC (MAC, private IP in its VNet) to it', async () => {
    const d = await digestFile(
      `${scenario}/activity/insights-activity-logs/resourceId=/SUBSCRIPTIONS/00000000-AAAA-BBBB-CCCC-000000000001/y=2026/m=11/d=20/h=08/m=00/PT1H.json`,
      policy,
    );
    const vm =
      '/subscriptions/00000000-aaaa-bbbb-cccc-000000000001/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-tmp-7';
    // The Started step of the same operation is not a second creation.
    expect(d?.creations.filter((c) => c.instanceId === vm)).toEqual([
      expect.objectContaining({
        principal: 'contractor@fabrikam.example',
        machineType: 'Standard_F16s_v2',
        outcome: 'succeeded',
        pointer: '#L5',
      }),
    ]);
    expect(d?.bindings).toContainEqual(
      expect.objectContaining({ endpoint: 'mac:000D3A112233', instanceId: vm }),
    );
    expect(d?.bindings).toContainEqual(
      expect.objectContaining({
        endpoint:
          'ip:/subscriptions/00000000-aaaa-bbbb-cccc-000000000001/resourcegroups/rg-prod/providers/microsoft.network/virtualnetworks/vnet-prod|10.1.0.4',
        instanceId: vm,
      }),
    );
    expect(d?.tampering).toEqual([
      expect.objectContaining({ action: 'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE' }),
    ]);
  });

  it("names a failed VM write by ARM's error code from statusMessage, not the HTTP status word", async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'rigsight-az-')), 'PT1H.json');
    const vm =
      '/SUBSCRIPTIONS/00000000-AAAA-BBBB-CCCC-000000000001/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-GPU-1';
    writeFileSync(
      f,
      JSON.stringify({
        records: [
          {
            time: '2026-11-20T08:30:00.1234567Z',
            resourceId: vm,
            operationName: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE',
            category: 'Administrative',
            resultType: 'Failure',
            resultSignature: 'Failed.Conflict',
            callerIpAddress: '198.51.100.40',
            identity: {
              claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'x@fabrikam.example' },
            },
            level: 'Error',
            properties: {
              statusCode: 'Conflict',
              statusMessage:
                '{"status":"Failed","error":{"code":"OperationNotAllowed","message":"Operation could not be completed as it results in exceeding approved standardNCADSA100v4Family Cores quota."}}',
            },
          },
        ],
      }),
    );
    const d = await digestFile(f, policy);
    expect(d?.creations).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        errorCode: 'OperationNotAllowed',
        principal: 'x@fabrikam.example',
      }),
    ]);
  });

  it('takes Defender crypto-mining alerts as network evidence', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'rigsight-az-')), 'alerts.json');
    const vm =
      '/subscriptions/00000000-aaaa-bbbb-cccc-000000000001/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-tmp-7';
    writeFileSync(
      f,
      JSON.stringify([
        {
          id: `/subscriptions/00000000-aaaa-bbbb-cccc-000000000001/resourceGroups/rg-prod/providers/Microsoft.Security/locations/eastus/alerts/2517`,
          name: '2517',
          alertType: 'VM_CryptoCoinMinerExecution',
          alertDisplayName: 'Possible crypto coin miner execution',
          compromisedEntity: 'vm-tmp-7',
          resourceIdentifiers: [{ azureResourceId: vm, type: 'AzureResource' }],
          timeGeneratedUtc: '2026-11-20T10:30:00Z',
          severity: 'High',
        },
      ]),
    );
    const d = await digestFile(f, policy);
    expect(d?.findings).toEqual([
      expect.objectContaining({ instanceId: vm.toLowerCase(), type: 'Defender VM_CryptoCoinMinerExecution' }),
    ]);
  });
});

describe('Azure flow logs', () => {
  it('reads VNet flow log v4 tuples (millisecond times) per NIC, linking each private IP to its MAC', async () => {
    const d = await digestFile(`${native}/vnet_flow_logs_v4_sample.json`, policy);
    expect(d).toMatchObject({ format: 'azure-vnet-flow-logs', records: 19, problemCount: 0 });
    expect(d?.endpoints.map((e) => e.endpoint)).toEqual(['mac:00224871C205']);
    expect(d?.endpoints[0]?.first).toBe(1663145989563);
    expect(d?.bindings).toContainEqual(
      expect.objectContaining({
        endpoint:
          'ip:/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/myresourcegroup/providers/microsoft.network/virtualnetworks/myvnet|10.0.0.6',
        instanceId: 'mac:00224871C205',
      }),
    );
  });

  it('reads NSG flow log v2 tuples (second times) by MAC', async () => {
    const d = await digestFile(`${native}/nsg_flow_logs_v2_sample.json`, policy);
    expect(d).toMatchObject({ format: 'azure-nsg-flow-logs', records: 11, problemCount: 0 });
    expect(d?.endpoints).toEqual([
      expect.objectContaining({ endpoint: 'mac:000D3AF87856', first: 1542110377000 }),
    ]);
  });

  it('flags an outbound tuple to a listed pool address', async () => {
    const d = await digestFile(
      `${scenario}/flowlogs/insights-logs-flowlogflowevent/flowLogResourceID=/SUBSCRIPTIONS/00000000-AAAA-BBBB-CCCC-000000000001/RESOURCEGROUPS/NETWORKWATCHERRG/y=2026/m=11/d=20/h=10/m=00/macAddress=000D3A112233/PT1H.json`,
      policy,
    );
    expect(d?.flows).toEqual([
      expect.objectContaining({
        endpoint: 'mac:000D3A112233',
        remote: '163.172.114.218',
        port: 3333,
        match: 'ip',
      }),
    ]);
  });
});

describe('Azure Monitor metrics', () => {
  it('reads a documented REST response and ignores metrics that are not Percentage CPU', async () => {
    const d = await digestFile(`${native}/azure_monitor_metrics_rest_GetMetric_body.json`, policy);
    expect(d).toMatchObject({ format: 'azure-monitor-metrics', records: 8, problemCount: 0, cpu: [] });
  });

  it('reads Percentage CPU for the VM named in the metric id', async () => {
    const d = await digestFile(`${scenario}/metrics/vm-tmp-7.json`, policy);
    expect(d?.cpu).toEqual([
      expect.objectContaining({
        instanceId:
          '/subscriptions/00000000-aaaa-bbbb-cccc-000000000001/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-tmp-7',
        scope: '00000000-aaaa-bbbb-cccc-000000000001',
        region: 'eastus',
      }),
    ]);
  });
});
