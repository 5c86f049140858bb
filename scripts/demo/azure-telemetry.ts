/**
 * Native Azure logs for the demo's subscription (azure-subscription.ts), as Azure delivers them: the Activity
 * Log its diagnostic setting exports to storage (insights-activity-logs, `{"records":[…]}`), VNet flow logs
 * (version 4) from vnet-app's flow log, and `az monitor metrics list` output for Percentage CPU.
 *   - vm-sandbox-7 (Standard_F32s_v2, untagged) is created by casey.lin from an unfamiliar address after a
 *     failed A100 attempt, pegs its CPU and talks to a mining pool on 3333 for hours: the miner.
 *   - vm-render-02 is started by the deployment pipeline, CPU-bound for four hours and talking only to
 *     storage: explained.
 *   - vm-api-01 serves HTTPS as usual; vnet-batch has no flow log, so its workloads are not seen.
 * Nothing here was collected from a real tenant.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DemoVm, monitoring, POOL, principals, SUB, TENANT, vms, vnets } from './azure-ids.js';

/** A deterministic PRNG of its own, so the AWS demo's sequence is untouched. */
let seed = 20261122;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
let counter = 0;
const guid = (prefix: string) => {
  counter++;
  return `${prefix}-${counter.toString(16).padStart(4, '0')}-4${counter.toString(16).padStart(3, '0')}-9a5e-${(0x3c0000 + counter * 7919).toString(16).padStart(12, '0')}`;
};
const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * 60_000);
/** Activity Log times carry seven fractional digits. */
const ticks = (d: Date, extra: number) =>
  d.toISOString().replace(/\.(\d{3})Z$/, `.$1${String(extra).padStart(4, '0')}Z`);

/** Writes demo/telemetry/azure/… under `root` (demo/telemetry). */
export function writeAzureTelemetry(root: string): void {
  // Every call writes the same bytes.
  seed = 20261122;
  counter = 0;
  const write = (path: string, data: unknown) => {
    const file = join(root, 'azure', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  };
  writeActivityLog(write);
  writeFlowLogs(write);
  writeMetrics(write);
}

type Write = (path: string, data: unknown) => void;

// ---------- Activity Log (diagnostic setting activity-to-law → storage account stacmeauditlogs) ----------

const iat = (d: Date) => String(Math.floor(d.getTime() / 1000) - 600);
function userClaims(
  user: { oid: string; upn: string; name: string },
  ip: string,
  time: Date,
  app = '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
) {
  const [given = '', surname = ''] = user.name.split(' ');
  return {
    aud: 'https://management.core.windows.net/',
    iss: `https://sts.windows.net/${TENANT}/`,
    iat: iat(time),
    nbf: iat(time),
    exp: String(Number(iat(time)) + 4500),
    'http://schemas.microsoft.com/claims/authnclassreference': '1',
    'http://schemas.microsoft.com/claims/authnmethodsreferences': 'pwd',
    appid: app,
    appidacr: '0',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': surname,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': given,
    ipaddr: ip,
    name: user.name,
    'http://schemas.microsoft.com/identity/claims/objectidentifier': user.oid,
    'http://schemas.microsoft.com/identity/claims/scope': 'user_impersonation',
    'http://schemas.microsoft.com/identity/claims/tenantid': TENANT,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name': user.upn,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': user.upn,
    ver: '1.0',
  };
}
function appClaims(app: { oid: string; app: string }, time: Date) {
  return {
    aud: 'https://management.core.windows.net/',
    iss: `https://sts.windows.net/${TENANT}/`,
    iat: iat(time),
    nbf: iat(time),
    exp: String(Number(iat(time)) + 86_400),
    appid: app.app,
    appidacr: '2',
    idp: `https://sts.windows.net/${TENANT}/`,
    idtyp: 'app',
    'http://schemas.microsoft.com/identity/claims/identityprovider': `https://sts.windows.net/${TENANT}/`,
    'http://schemas.microsoft.com/identity/claims/objectidentifier': app.oid,
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier': app.oid,
    'http://schemas.microsoft.com/identity/claims/tenantid': TENANT,
    ver: '1.0',
  };
}

interface Caller {
  claims: Record<string, string>;
  ip: string;
  role: string;
  roleDefinition: string;
  assignment: string;
  principalId: string;
  principalType: 'User' | 'ServicePrincipal';
}

function record(o: {
  time: Date;
  tick: number;
  resourceId: string;
  operation: string;
  result: 'Start' | 'Success' | 'Failure';
  signature: string;
  caller: Caller;
  correlationId: string;
  durationMs?: number;
  statusCode?: string;
  properties?: Record<string, string>;
}) {
  const action = o.operation;
  return {
    RoleLocation: 'West Europe',
    time: ticks(o.time, o.tick),
    resourceId: o.resourceId.toUpperCase(),
    operationName: action.toUpperCase(),
    category: 'Administrative',
    resultType: o.result,
    resultSignature: o.signature,
    durationMs: o.durationMs ?? 0,
    callerIpAddress: o.caller.ip,
    correlationId: o.correlationId,
    identity: {
      authorization: {
        scope: o.resourceId,
        action,
        evidence: {
          role: o.caller.role,
          roleAssignmentScope: `/subscriptions/${SUB}`,
          roleAssignmentId: o.caller.assignment,
          roleDefinitionId: o.caller.roleDefinition,
          principalId: o.caller.principalId.replace(/-/g, ''),
          principalType: o.caller.principalType,
        },
      },
      claims: o.caller.claims,
    },
    level: o.result === 'Failure' ? 'Error' : 'Information',
    location: 'global',
    properties: {
      ...(o.statusCode ? { statusCode: o.statusCode } : {}),
      serviceRequestId: o.result === 'Start' ? null : guid('5e1f0a2b'),
      ...o.properties,
      eventCategory: 'Administrative',
      entity: o.resourceId,
      message: action,
      hierarchy: `${TENANT}/mg-acme/mg-acme-workloads/${SUB}`,
    },
  };
}

/** The body ARM answers a VM PUT with (as a string in the record, as Azure writes it). */
function vmBody(v: DemoVm, tags: Record<string, string>, state: string, vmGuid: string, size = v.size) {
  return JSON.stringify({
    name: v.name,
    id: v.id,
    type: 'Microsoft.Compute/virtualMachines',
    location: v.location,
    tags,
    properties: {
      hardwareProfile: { vmSize: size },
      provisioningState: state,
      vmId: vmGuid,
      storageProfile: {
        imageReference: {
          publisher: 'Canonical',
          offer: 'ubuntu-24_04-lts',
          sku: 'server',
          version: 'latest',
          exactVersion: '24.04.202611050',
        },
        osDisk: { osType: 'Linux', createOption: 'FromImage', caching: 'ReadWrite', deleteOption: 'Delete' },
      },
      osProfile: { computerName: v.name, adminUsername: 'azureuser', linuxConfiguration: {} },
      networkProfile: { networkInterfaces: [{ id: v.nic, properties: { deleteOption: 'Delete' } }] },
      securityProfile: { securityType: 'TrustedLaunch' },
    },
    zones: ['1'],
  });
}
function nicBody(v: DemoVm) {
  // A new NIC has no MAC until its VM starts; its private IP in the VNet ties flows to it.
  return JSON.stringify({
    name: `${v.name}-nic`,
    id: v.nic,
    type: 'Microsoft.Network/networkInterfaces',
    location: v.location,
    properties: {
      provisioningState: 'Succeeded',
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${v.nic}/ipConfigurations/ipconfig1`,
          properties: {
            privateIPAddress: v.ip,
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: v.subnet },
            primary: true,
            privateIPAddressVersion: 'IPv4',
          },
        },
      ],
      enableAcceleratedNetworking: true,
      nicType: 'Standard',
    },
  });
}

function writeActivityLog(write: Write): void {
  const casey: Caller = {
    claims: userClaims(principals.casey, '198.51.100.73', at('2026-11-22T21:30:00Z')),
    ip: '198.51.100.73',
    role: 'Contributor',
    roleDefinition: 'b24988ac618042a0ab8820f7382dd24c',
    assignment: '3c5e7a9b1d3f4b5d8f1a7e9b1d3f5a33',
    principalId: principals.casey.oid,
    principalType: 'User',
  };
  const deploy: Caller = {
    claims: appClaims(principals.deploy, at('2026-11-23T05:55:00Z')),
    ip: '20.61.133.48',
    role: 'Contributor',
    roleDefinition: 'b24988ac618042a0ab8820f7382dd24c',
    assignment: '0b2d4f6a8c0e4a2c9e4b6d8f0a2c4e22',
    principalId: principals.deploy.oid,
    principalType: 'ServicePrincipal',
  };
  const priya: Caller = {
    claims: userClaims(
      principals.priya,
      '203.0.113.24',
      at('2026-11-24T03:05:00Z'),
      'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    ),
    ip: '203.0.113.24',
    role: 'VM Command Operator',
    roleDefinition: 'c7d4e1f82a5b4c9e8f036b1d9a2e5c47',
    assignment: '6d8f0b2c4e6a4c8e9a2c8f0b2d4e6b44',
    principalId: principals.priya.oid,
    principalType: 'User',
  };
  const sandbox = vms.sandbox;
  const render = vms.render;
  const vmWrite = 'Microsoft.Compute/virtualMachines/write';
  const nicWrite = 'Microsoft.Network/networkInterfaces/write';
  const failed = guid('c0a1e2d3');
  const sandboxNic = guid('c0a1e2d3');
  const sandboxVm = guid('c0a1e2d3');
  const deployment = guid('d3b2a1f0');
  const records = [
    // casey.lin first asks for an A100 box; the quota refuses it.
    record({
      time: at('2026-11-22T21:37:52Z'),
      tick: 4410,
      resourceId: sandbox.id,
      operation: vmWrite,
      result: 'Start',
      signature: 'Started.',
      caller: casey,
      correlationId: failed,
      properties: { requestbody: vmBody(sandbox, {}, 'Creating', '', 'Standard_NC24ads_A100_v4') },
    }),
    record({
      time: at('2026-11-22T21:38:04Z'),
      tick: 1187,
      resourceId: sandbox.id,
      operation: vmWrite,
      result: 'Failure',
      signature: 'Failed.Conflict',
      caller: casey,
      correlationId: failed,
      durationMs: 11903,
      statusCode: 'Conflict',
      properties: {
        statusMessage: JSON.stringify({
          status: 'Failed',
          error: {
            code: 'OperationNotAllowed',
            message:
              'Operation could not be completed as it results in exceeding approved standardNCADSA100v4Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: westeurope, Current Limit: 0, Current Usage: 0, Additional Required: 24, (Minimum) New Limit Required: 24.',
          },
        }),
      },
    }),
    record({
      time: at('2026-11-22T21:40:31Z'),
      tick: 9052,
      resourceId: sandbox.nic,
      operation: nicWrite,
      result: 'Start',
      signature: 'Started.',
      caller: casey,
      correlationId: sandboxNic,
    }),
    record({
      time: at('2026-11-22T21:40:33Z'),
      tick: 2716,
      resourceId: sandbox.nic,
      operation: nicWrite,
      result: 'Success',
      signature: 'Succeeded.Created',
      caller: casey,
      correlationId: sandboxNic,
      durationMs: 1840,
      statusCode: 'Created',
      properties: { responseBody: nicBody(sandbox) },
    }),
    record({
      time: at('2026-11-22T21:41:55Z'),
      tick: 3301,
      resourceId: sandbox.id,
      operation: vmWrite,
      result: 'Start',
      signature: 'Started.',
      caller: casey,
      correlationId: sandboxVm,
      properties: { requestbody: vmBody(sandbox, {}, 'Creating', '') },
    }),
    record({
      time: at('2026-11-22T21:42:37Z'),
      tick: 6198,
      resourceId: sandbox.id,
      operation: vmWrite,
      result: 'Success',
      signature: 'Succeeded.Created',
      caller: casey,
      correlationId: sandboxVm,
      durationMs: 41912,
      statusCode: 'Created',
      properties: { responseBody: vmBody(sandbox, {}, 'Creating', '9e1b3d5f-7a2c-4e6b-8d0a-4f6b8d0c2e24') },
    }),
    // The pipeline's nightly render job: a deployment that creates vm-render-02.
    record({
      time: at('2026-11-23T05:58:10Z'),
      tick: 1024,
      resourceId: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Resources/deployments/render-batch-20261123`,
      operation: 'Microsoft.Resources/deployments/write',
      result: 'Start',
      signature: 'Started.',
      caller: deploy,
      correlationId: deployment,
    }),
    record({
      time: at('2026-11-23T05:58:40Z'),
      tick: 5531,
      resourceId: render.nic,
      operation: nicWrite,
      result: 'Success',
      signature: 'Succeeded.Created',
      caller: deploy,
      correlationId: deployment,
      durationMs: 1622,
      statusCode: 'Created',
      properties: { responseBody: nicBody(render) },
    }),
    record({
      time: at('2026-11-23T06:03:15Z'),
      tick: 8870,
      resourceId: render.id,
      operation: vmWrite,
      result: 'Success',
      signature: 'Succeeded.Created',
      caller: deploy,
      correlationId: deployment,
      durationMs: 38250,
      statusCode: 'Created',
      properties: {
        responseBody: vmBody(
          render,
          { owner: 'media', env: 'prod', workload: 'render-batch' },
          'Creating',
          '3a5c7e9b-1d2f-4a6c-8e0b-2c4e6a8d0f13',
        ),
      },
    }),
    record({
      time: at('2026-11-23T06:03:21Z'),
      tick: 4402,
      resourceId: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Resources/deployments/render-batch-20261123`,
      operation: 'Microsoft.Resources/deployments/write',
      result: 'Success',
      signature: 'Succeeded.Created',
      caller: deploy,
      correlationId: deployment,
      durationMs: 311204,
      statusCode: 'Created',
    }),
    // On-call restarts a stuck agent through run command on vm-ops-runner (the chain the posture names).
    record({
      time: at('2026-11-24T03:12:05Z'),
      tick: 7713,
      resourceId: vms.runner.id,
      operation: 'Microsoft.Compute/virtualMachines/runCommand/action',
      result: 'Success',
      signature: 'Succeeded.OK',
      caller: priya,
      correlationId: guid('e4c3b2a1'),
      durationMs: 24110,
      statusCode: 'OK',
    }),
    // The pipeline updates vm-api-01 (an existing VM: not a creation).
    record({
      time: at('2026-11-25T10:14:00Z'),
      tick: 2290,
      resourceId: vms.api.id,
      operation: vmWrite,
      result: 'Success',
      signature: 'Succeeded.OK',
      caller: { ...deploy, claims: appClaims(principals.deploy, at('2026-11-25T10:10:00Z')) },
      correlationId: guid('d3b2a1f0'),
      durationMs: 6530,
      statusCode: 'OK',
      properties: {
        responseBody: vmBody(
          vms.api,
          { owner: 'payments', env: 'prod' },
          'Updating',
          '7f1c3a5e-2b4d-4c6e-8a0f-1d3b5c7e9a02',
        ),
      },
    }),
  ];
  // One blob per hour, as the export writes them.
  const byHour = new Map<string, unknown[]>();
  for (const r of records) {
    const hour = r.time.slice(0, 13);
    byHour.set(hour, [...(byHour.get(hour) ?? []), r]);
  }
  for (const [hour, list] of byHour) {
    const [y, m, d, h] = [hour.slice(0, 4), hour.slice(5, 7), hour.slice(8, 10), hour.slice(11, 13)];
    write(
      `stacmeauditlogs/insights-activity-logs/resourceId=/SUBSCRIPTIONS/${SUB.toUpperCase()}/y=${y}/m=${m}/d=${d}/h=${h}/m=00/PT1H.json`,
      { records: list },
    );
  }
}

// ---------- VNet flow logs (vnet-app-flows → stacmeflowlogs01), version 4 ----------

const ACL_APP = '5a1c3e7b-9d2f-4b6a-8c0e-1f3a5c7e9b20';
const macOf = (v: DemoVm) => v.mac.replace(/-/g, '');
interface Tuple {
  time: Date;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  dir: 'I' | 'O';
  state: 'B' | 'C' | 'E';
  counts: [number, number, number, number];
}
const tupleText = (t: Tuple) =>
  [t.time.getTime(), t.src, t.dst, t.sport, t.dport, 6, t.dir, t.state, 'NX', ...t.counts].join(',');

/** One PT1H.json blob of one NIC: a record per aggregation interval, tuples grouped by the rule that let them. */
function flowBlob(write: Write, v: DemoVm, hourIso: string, tuples: (Tuple & { rule: string })[]): void {
  const hour = at(hourIso);
  const windows = new Map<number, (Tuple & { rule: string })[]>();
  for (const t of tuples) {
    // Records close every ten minutes here (Azure: at most once a minute, per NIC).
    const end = Math.floor(t.time.getTime() / 600_000) * 600_000 + 600_000;
    windows.set(end, [...(windows.get(end) ?? []), t]);
  }
  const records = [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([end, list]) => {
      const rules = [...new Set(list.map((t) => t.rule))];
      return {
        time: new Date(end - 60_000).toISOString().replace(/\.000Z$/, '.5625085Z'),
        flowLogVersion: 4,
        flowLogGUID: '7c2e4a6b-8d1f-4e3a-9b5c-0d2f4a6c8e31',
        macAddress: macOf(v),
        category: 'FlowLogFlowEvent',
        flowLogResourceID: monitoring.flowLog.toUpperCase(),
        targetResourceID: vnets.app,
        operationName: 'FlowLogFlowEvent',
        flowRecords: {
          flows: [
            {
              aclID: ACL_APP,
              flowGroups: rules.map((rule) => ({
                rule,
                flowTuples: list
                  .filter((t) => t.rule === rule)
                  .sort((a, b) => a.time.getTime() - b.time.getTime())
                  .map(tupleText),
              })),
            },
          ],
        },
      };
    });
  const y = hour.toISOString().slice(0, 4);
  const m = hour.toISOString().slice(5, 7);
  const d = hour.toISOString().slice(8, 10);
  const h = hour.toISOString().slice(11, 13);
  // Azure names the blob …/flowLogResourceID=/SUBSCRIPTIONS/…/FLOWLOGS/<NAME>/y=…; cut after the resource group
  // here, as in the test scenarios, so no path passes Windows' 260-character limit.
  const folder = monitoring.flowLog.toUpperCase().replace(/\/PROVIDERS\/.*$/, '');
  write(
    `stacmeflowlogs01/insights-logs-flowlogflowevent/flowLogResourceID=${folder}/y=${y}/m=${m}/d=${d}/h=${h}/m=00/macAddress=${macOf(v)}/PT1H.json`,
    { records },
  );
}

const out = 'DefaultRule_AllowInternetOutBound';
const https = 'UserRule_AllowHttpsInbound';
const int = (from: number, span: number) => from + Math.floor(rand() * span);

function writeFlowLogs(write: Write): void {
  const miner = vms.sandbox;
  // vm-sandbox-7: packages, the miner's download, then one long stratum connection to the pool.
  for (let hour = 0; hour < 12; hour++) {
    const start = at('2026-11-22T21:00:00Z', hour * 60);
    const tuples: (Tuple & { rule: string })[] = [];
    const pool = (time: Date, state: 'B' | 'C') =>
      tuples.push({
        time,
        src: miner.ip,
        dst: POOL.ip,
        sport: 48212,
        dport: POOL.port,
        dir: 'O',
        state,
        counts: state === 'B' ? [0, 0, 0, 0] : [int(52, 16), int(8200, 2400), int(48, 14), int(12600, 3800)],
        rule: out,
      });
    if (hour === 0) {
      const ubuntu = (m: number, state: 'B' | 'E', counts: [number, number, number, number]) =>
        tuples.push({
          time: at('2026-11-22T21:46:00Z', m),
          src: miner.ip,
          dst: '185.125.190.36',
          sport: 41004,
          dport: 80,
          dir: 'O',
          state,
          counts,
          rule: out,
        });
      ubuntu(0.2, 'B', [0, 0, 0, 0]);
      ubuntu(0.9, 'E', [412, 28_904, 1280, 1_811_450]);
      const github = (m: number, state: 'B' | 'E', counts: [number, number, number, number]) =>
        tuples.push({
          time: at('2026-11-22T21:47:00Z', m),
          src: miner.ip,
          dst: '140.82.121.4',
          sport: 50882,
          dport: 443,
          dir: 'O',
          state,
          counts,
          rule: out,
        });
      github(0.3, 'B', [0, 0, 0, 0]);
      github(0.6, 'E', [96, 8_410, 2_310, 3_402_117]);
      pool(at('2026-11-22T21:48:05Z'), 'B');
      for (let m = 50; m < 60; m += 5) pool(at(start.toISOString(), m), 'C');
    } else for (let m = 0; m < 60; m += 5) pool(at(start.toISOString(), m), 'C');
    flowBlob(write, miner, start.toISOString(), tuples);
  }

  // vm-render-02: pulls scenes from and writes frames to storage; nothing else.
  const render = vms.render;
  for (let hour = 0; hour < 5; hour++) {
    const start = at('2026-11-23T06:00:00Z', hour * 60);
    const tuples: (Tuple & { rule: string })[] = [];
    for (let m = hour === 0 ? 5 : 0; m < 60; m += 10) {
      const sport = 52000 + hour * 60 + m;
      const t = at(start.toISOString(), m);
      tuples.push(
        {
          time: t,
          src: render.ip,
          dst: '20.60.40.4',
          sport,
          dport: 443,
          dir: 'O',
          state: 'B',
          counts: [0, 0, 0, 0],
          rule: out,
        },
        {
          time: at(t.toISOString(), 4),
          src: render.ip,
          dst: '20.60.40.4',
          sport,
          dport: 443,
          dir: 'O',
          state: 'E',
          counts: [
            int(9000, 2000),
            int(48_000_000, 9_000_000),
            int(21_000, 4000),
            int(310_000_000, 40_000_000),
          ],
          rule: out,
        },
      );
      if (m % 30 === 0)
        tuples.push({
          time: at(t.toISOString(), 1),
          src: render.ip,
          dst: '20.50.201.195',
          sport: sport + 7,
          dport: 443,
          dir: 'O',
          state: 'E',
          counts: [int(30, 10), int(18_000, 4000), int(24, 8), int(6_200, 1500)],
          rule: out,
        });
    }
    flowBlob(write, render, start.toISOString(), tuples);
  }

  // vm-api-01: customers in, a database call out.
  const api = vms.api;
  for (let hour = 0; hour < 3; hour++) {
    const start = at('2026-11-22T21:00:00Z', hour * 60);
    const tuples: (Tuple & { rule: string })[] = [];
    for (let m = 0; m < 60; m += 6) {
      const t = at(start.toISOString(), m);
      const client = `198.51.100.${int(20, 200)}`;
      const port = int(40000, 20000);
      tuples.push({
        time: t,
        src: client,
        dst: api.ip,
        sport: port,
        dport: 443,
        dir: 'I',
        state: 'E',
        counts: [int(12, 8), int(2400, 900), int(14, 8), int(18_000, 9000)],
        rule: https,
      });
      tuples.push({
        time: at(t.toISOString(), 2),
        src: api.ip,
        dst: '20.60.40.4',
        sport: int(30000, 20000),
        dport: 443,
        dir: 'O',
        state: 'E',
        counts: [int(20, 10), int(6000, 2000), int(22, 10), int(41_000, 9000)],
        rule: out,
      });
    }
    flowBlob(write, api, start.toISOString(), tuples);
  }
}

// ---------- Percentage CPU (az monitor metrics list --metric "Percentage CPU" --interval PT5M) ----------

function metrics(
  write: Write,
  v: DemoVm,
  from: string,
  hours: number,
  level: (minute: number) => number | undefined,
): void {
  const data: { average: number; timeStamp: string }[] = [];
  for (let m = 0; m < hours * 60; m += 5) {
    const value = level(m);
    if (value === undefined) continue;
    data.push({
      average: Math.round(value * 100) / 100,
      timeStamp: at(from, m).toISOString().replace('.000Z', '+00:00'),
    });
  }
  const end = at(from, hours * 60)
    .toISOString()
    .replace('.000Z', 'Z');
  const metricId = `${v.id.replace(/resourceGroups\/[^/]+/, `resourceGroups/${v.group}`)}/providers/Microsoft.Insights/metrics/Percentage CPU`;
  write(`metrics/${v.name}-percentage-cpu-${from.slice(0, 10)}.json`, {
    cost: hours * 60 - 1,
    interval: 'PT5M',
    namespace: 'Microsoft.Compute/virtualMachines',
    resourceregion: v.location,
    timespan: `${from.replace('.000Z', 'Z')}/${end}`,
    value: [
      {
        displayDescription:
          'The percentage of allocated compute units that are currently in use by the Virtual Machine(s)',
        errorCode: 'Success',
        id: metricId,
        name: { localizedValue: 'Percentage CPU', value: 'Percentage CPU' },
        timeseries: [{ data, metadatavalues: [] }],
        type: 'Microsoft.Insights/metrics',
        unit: 'Percent',
      },
    ],
  });
}

function writeMetrics(write: Write): void {
  // The miner: nothing before it exists, a boot blip, then flat out.
  metrics(write, vms.sandbox, '2026-11-22T21:00:00Z', 12, (m) =>
    m < 45 ? undefined : m < 50 ? 11.4 : 97.2 + rand() * 2.6,
  );
  // The render box: four hours of frames, then idle until the pipeline deletes it.
  metrics(write, vms.render, '2026-11-23T05:00:00Z', 7, (m) =>
    m < 65 ? undefined : m < 70 ? 8.1 : m < 330 ? 88 + rand() * 7 : 3 + rand() * 2,
  );
  metrics(write, vms.api, '2026-11-22T21:00:00Z', 12, () => 21 + rand() * 14);
}
