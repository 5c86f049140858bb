/**
 * The demo estate's Google Cloud logs (demo/telemetry/gcp), as an incident responder pulls them: Cloud Audit Logs and
 * VPC Flow Logs with `gcloud logging read … --order=asc --format=json` (LogEntry arrays), CPU utilization as
 * Cloud Monitoring `projects.timeSeries.list` responses (5-minute means, newest point first), and the Security Command
 * Center findings as `gcloud scc findings list` prints them. Same project, VMs and addresses as gcp-project.ts.
 *   - 2026-11-22 03:39 UTC, from a Tor exit: lena@acme.example's credentials try an A100 VM (quota refused), then
 *     start ml-exp-7 (c2d-highcpu-32, no owner label). Its CPU sits near 98% from then on and it holds a connection
 *     to 194.145.227.21:5443, a pool in the shipped maltrail list, on a port the organization's stratum-port deny
 *     does not cover. Event Threat Detection flags the address.
 *   - 2026-11-23 14:00 UTC: the approved ci-deployer service account (GitHub Actions) starts train-ci-4821, whose
 *     CPU runs above 90% for four hours while it reads training data from Cloud Storage: explained.
 *   - The batch-workers group runs hot at night but has no flow logs and no creation record in the window read; the
 *     Cloud DNS API is off, so no query logs exist.
 * Nothing here was collected from a real project. Run: npm run demo:telemetry
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CI_SA,
  GCP_NETWORK,
  GCP_PROJECT,
  GCP_PROJECT_NUMBER,
  GCP_VMS,
  minerFinding,
  WORKLOAD_SA,
} from './gcp-project.js';

const P = GCP_PROJECT;
const POOL = { ip: '194.145.227.21', port: 5443 };
const STORAGE_IPS = ['142.250.152.207', '142.251.116.207', '172.217.214.207'];
const TOR_EXIT = '185.220.101.52';

type Json = Record<string, unknown>;
type Vm = { name: string; id: string; zone: string; subnet: string; ip: string };

const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * 60_000);
const isoZ = (d: Date) => d.toISOString();
const regionOf = (zone: string) => zone.replace(/-[a-z]$/, '');

/** gcloud prints JSON with sorted keys and two-space indentation. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Json)[k])]),
    );
  return v;
}
const gcloudJson = (v: unknown) => `${JSON.stringify(sortKeys(v), null, 2)}\n`;

/**
 * Writes the GCP part of the demo telemetry under `root/gcp`, deterministically (its own seeded generator, so the
 * AWS files are untouched by it).
 */
export function writeGcpTelemetry(root: string): void {
  let seed = 20261122;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let serial = 0;
  const insertId = () => {
    serial++;
    return `${(0x1f3a9c + serial * 7919).toString(16)}${serial.toString(36).padStart(4, '0')}`;
  };
  const write = (path: string, text: string) => {
    const file = join(root, 'gcp', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };

  // ---------- Cloud Audit Logs: Admin Activity ----------
  const receive = (d: Date, ms = 1412) => isoZ(new Date(d.getTime() + ms));
  const activity = `projects/${P}/logs/cloudaudit.googleapis.com%2Factivity`;
  const gcloudAgent = (command: string) =>
    `google-cloud-sdk gcloud/502.0.0 command/gcloud.compute.instances.${command} invocation-id/9f3e1c2a7b5d4e6f8a0b1c2d3e4f5a6b environment/None environment-version/None client-os/LINUX client-os-ver/6.8.0 client-pltf-arch/x86_64 interactive/False from-script/True python/3.12.3 term/xterm-256color (Linux 6.8.0-49-generic)`;
  const terraformAgent =
    'google-api-go-client/0.5 Terraform/1.9.8 (+https://www.terraform.io) Terraform-Plugin-SDK/2.33.0 terraform-provider-google/6.12.0 blueprints/terraform/ml-infra/v3.4.1';
  const lena = { principalEmail: 'lena@acme.example', principalSubject: 'user:lena@acme.example' };
  const ci = {
    principalEmail: CI_SA,
    principalSubject: `serviceAccount:${CI_SA}`,
    serviceAccountDelegationInfo: [
      {
        principalSubject: `principal://iam.googleapis.com/projects/${GCP_PROJECT_NUMBER}/locations/global/workloadIdentityPools/github-actions/subject/repo:acme/ml-infra:ref:refs/heads/main`,
      },
    ],
  };
  const authz = (resource: string, permissions: string[]) =>
    permissions.map((permission) => ({
      granted: true,
      permission,
      permissionType: 'ADMIN_WRITE',
      resource,
      resourceAttributes: { name: resource, service: 'compute', type: 'compute.instances' },
    }));
  const insertRequest = (
    vm: Vm,
    machineType: string,
    o: { labels?: Record<string, string>; external?: boolean; serviceAccount?: string },
  ) => ({
    '@type': 'type.googleapis.com/compute.instances.insert',
    canIpForward: false,
    deletionProtection: false,
    disks: [
      {
        autoDelete: true,
        boot: true,
        initializeParams: {
          diskSizeGb: '50',
          sourceImage:
            'https://www.googleapis.com/compute/v1/projects/ubuntu-os-cloud/global/images/ubuntu-2204-jammy-v20261104',
        },
        mode: 'READ_WRITE',
        type: 'PERSISTENT',
      },
    ],
    ...(o.labels ? { labels: Object.entries(o.labels).map(([key, value]) => ({ key, value })) } : {}),
    machineType: `https://www.googleapis.com/compute/v1/projects/${P}/zones/${vm.zone}/machineTypes/${machineType}`,
    name: vm.name,
    networkInterfaces: [
      {
        ...(o.external
          ? { accessConfigs: [{ name: 'external-nat', networkTier: 'PREMIUM', type: 'ONE_TO_ONE_NAT' }] }
          : {}),
        subnetwork: `https://www.googleapis.com/compute/v1/projects/${P}/regions/${regionOf(vm.zone)}/subnetworks/${vm.subnet}`,
      },
    ],
    scheduling: { automaticRestart: true, onHostMaintenance: 'MIGRATE', preemptible: false },
    ...(o.serviceAccount
      ? {
          serviceAccounts: [
            { email: o.serviceAccount, scopes: ['https://www.googleapis.com/auth/cloud-platform'] },
          ],
        }
      : {}),
  });
  /** The two entries Compute Engine writes for one insert: the request (operation.first) and its end (last). */
  const insert = (o: {
    vm: Vm;
    machineType: string;
    who: Json;
    agent: string;
    ip: string;
    time: Date;
    doneAfterSeconds: number;
    labels?: Record<string, string>;
    external?: boolean;
    serviceAccount?: string;
  }): Json[] => {
    const resource = `projects/${P}/zones/${o.vm.zone}/instances/${o.vm.name}`;
    const opId = `operation-${o.time.getTime()}-${o.vm.id.slice(-6)}-insert`;
    const done = new Date(o.time.getTime() + o.doneAfterSeconds * 1000);
    const entry = (time: Date, first: boolean): Json => ({
      insertId: insertId(),
      logName: activity,
      operation: {
        ...(first ? { first: true } : { last: true }),
        id: opId,
        producer: 'compute.googleapis.com',
      },
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        authenticationInfo: o.who,
        ...(first
          ? {
              authorizationInfo: authz(resource, [
                'compute.instances.create',
                'compute.disks.create',
                'compute.subnetworks.use',
                ...(o.external ? ['compute.subnetworks.useExternalIp'] : []),
                ...(o.serviceAccount ? ['compute.instances.setServiceAccount'] : []),
              ]),
            }
          : {}),
        methodName: 'v1.compute.instances.insert',
        ...(first ? { request: insertRequest(o.vm, o.machineType, o) } : {}),
        requestMetadata: {
          callerIp: o.ip,
          callerSuppliedUserAgent: o.agent,
          destinationAttributes: {},
          requestAttributes: { auth: {}, time: isoZ(o.time) },
        },
        resourceLocation: { currentLocations: [o.vm.zone] },
        resourceName: resource,
        ...(first
          ? {
              response: {
                '@type': 'type.googleapis.com/operation',
                id: `${o.vm.id.slice(0, 10)}${o.time.getTime() % 1_000_000_000}`,
                insertTime: isoZ(o.time),
                name: opId,
                operationType: 'insert',
                progress: '0',
                selfLink: `https://www.googleapis.com/compute/v1/projects/${P}/zones/${o.vm.zone}/operations/${opId}`,
                startTime: isoZ(o.time),
                status: 'RUNNING',
                targetId: o.vm.id,
                targetLink: `https://www.googleapis.com/compute/v1/${resource}`,
                user: o.who.principalEmail,
                zone: `https://www.googleapis.com/compute/v1/projects/${P}/zones/${o.vm.zone}`,
              },
            }
          : {}),
        serviceName: 'compute.googleapis.com',
      },
      receiveTimestamp: receive(time),
      resource: {
        labels: { instance_id: o.vm.id, project_id: P, zone: o.vm.zone },
        type: 'gce_instance',
      },
      severity: 'NOTICE',
      timestamp: isoZ(time),
    });
    return [entry(o.time, true), entry(done, false)];
  };
  const setMetadata = (vm: Vm, time: Date, who: Json, agent: string): Json => {
    const resource = `projects/${P}/zones/${vm.zone}/instances/${vm.name}`;
    return {
      insertId: insertId(),
      logName: activity,
      operation: {
        first: true,
        id: `operation-${time.getTime()}-setmetadata`,
        producer: 'compute.googleapis.com',
      },
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        authenticationInfo: who,
        authorizationInfo: authz(resource, ['compute.instances.setMetadata']),
        methodName: 'v1.compute.instances.setMetadata',
        request: { '@type': 'type.googleapis.com/compute.instances.setMetadata' },
        requestMetadata: {
          callerIp: '140.82.112.33',
          callerSuppliedUserAgent: agent,
          destinationAttributes: {},
          requestAttributes: { auth: {}, time: isoZ(time) },
        },
        resourceLocation: { currentLocations: [vm.zone] },
        resourceName: resource,
        serviceName: 'compute.googleapis.com',
      },
      receiveTimestamp: receive(time),
      resource: { labels: { instance_id: vm.id, project_id: P, zone: vm.zone }, type: 'gce_instance' },
      severity: 'NOTICE',
      timestamp: isoZ(time),
    };
  };

  const refused = at('2026-11-22T03:39:47.211Z');
  const gpuVm: Vm = { ...GCP_VMS.miner, name: 'ml-exp-6', zone: 'us-central1-a' };
  write(
    `logging/${P}/activity-2026-11-22.json`,
    gcloudJson([
      setMetadata(GCP_VMS.inference, at('2026-11-22T02:10:14.530Z'), ci, terraformAgent),
      {
        insertId: insertId(),
        logName: activity,
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          authenticationInfo: lena,
          authorizationInfo: authz(`projects/${P}/zones/${gpuVm.zone}/instances/${gpuVm.name}`, [
            'compute.instances.create',
          ]),
          methodName: 'v1.compute.instances.insert',
          request: insertRequest(gpuVm, 'a2-highgpu-8g', { external: true }),
          requestMetadata: {
            callerIp: TOR_EXIT,
            callerSuppliedUserAgent: gcloudAgent('create'),
            destinationAttributes: {},
            requestAttributes: { auth: {}, time: isoZ(refused) },
          },
          resourceLocation: { currentLocations: [gpuVm.zone] },
          resourceName: `projects/${P}/zones/${gpuVm.zone}/instances/${gpuVm.name}`,
          serviceName: 'compute.googleapis.com',
          status: {
            code: 8,
            message: "Quota 'NVIDIA_A100_GPUS' exceeded. Limit: 0.0 in region us-central1.",
          },
        },
        receiveTimestamp: receive(refused),
        resource: { labels: { project_id: P, zone: gpuVm.zone }, type: 'gce_instance' },
        severity: 'ERROR',
        timestamp: isoZ(refused),
      },
      ...insert({
        vm: GCP_VMS.miner,
        machineType: 'c2d-highcpu-32',
        who: lena,
        agent: gcloudAgent('create'),
        ip: TOR_EXIT,
        time: at('2026-11-22T03:41:12.604Z'),
        doneAfterSeconds: 19,
        external: true,
      }),
    ]),
  );
  write(
    `logging/${P}/activity-2026-11-23.json`,
    gcloudJson([
      ...insert({
        vm: GCP_VMS.trainer,
        machineType: 'n2-standard-16',
        who: ci,
        agent: terraformAgent,
        ip: '140.82.112.33',
        time: at('2026-11-23T14:00:04.118Z'),
        doneAfterSeconds: 17,
        labels: { 'ci-run': '4821', env: 'prod', owner: 'ml-platform' },
        serviceAccount: WORKLOAD_SA,
      }),
    ]),
  );

  // ---------- VPC Flow Logs (ml-us-central1 at sampling 1.0, ml-europe-west1 at 0.1) ----------
  const flows = `projects/${P}/logs/compute.googleapis.com%2Fvpc_flows`;
  const subnetIds: Record<string, string> = {
    'ml-us-central1': '5274019836450192837',
    'ml-europe-west1': '5274019836450192838',
  };
  const side = (vm: Vm) => ({
    instance: { project_id: P, region: regionOf(vm.zone), vm_name: vm.name, zone: vm.zone },
    vpc: { project_id: P, subnetwork_name: vm.subnet, vpc_name: GCP_NETWORK },
  });
  /** One vpc_flows entry: `out` is the VM sending (reporter SRC), else receiving (reporter DEST). */
  const flow = (
    vm: Vm,
    out: boolean,
    remote: { ip: string; port: number },
    localPort: number,
    start: Date,
    seconds: number,
    packets: number,
    bytes: number,
  ): Json => {
    const end = new Date(start.getTime() + seconds * 1000);
    const local = side(vm);
    return {
      insertId: insertId(),
      jsonPayload: {
        bytes_sent: String(bytes),
        connection: out
          ? { dest_ip: remote.ip, dest_port: remote.port, protocol: 6, src_ip: vm.ip, src_port: localPort }
          : { dest_ip: vm.ip, dest_port: localPort, protocol: 6, src_ip: remote.ip, src_port: remote.port },
        end_time: isoZ(end),
        packets_sent: String(packets),
        reporter: out ? 'SRC' : 'DEST',
        ...(out
          ? { src_instance: local.instance, src_vpc: local.vpc }
          : { dest_instance: local.instance, dest_vpc: local.vpc }),
        start_time: isoZ(start),
      },
      logName: flows,
      receiveTimestamp: isoZ(new Date(end.getTime() + 9_317)),
      resource: {
        labels: {
          location: vm.zone,
          project_id: P,
          subnetwork_id: subnetIds[vm.subnet] ?? '',
          subnetwork_name: vm.subnet,
        },
        type: 'gce_subnetwork',
      },
      timestamp: isoZ(new Date(end.getTime() + 4_000)),
    };
  };
  const byTime = (entries: Json[]) =>
    entries.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
  {
    const entries: Json[] = [];
    const miner = GCP_VMS.miner;
    // One stratum session, held open: a minute-long record each way every two minutes, a few KB each.
    for (let m = 0; m < 120; m += 2) {
      const t = at('2026-11-22T03:44:00Z', m);
      entries.push(
        flow(miner, true, POOL, 47312, t, 58, 9 + Math.floor(rand() * 5), 2300 + Math.floor(rand() * 900)),
      );
      entries.push(
        flow(miner, false, POOL, 47312, t, 58, 8 + Math.floor(rand() * 5), 2100 + Math.floor(rand() * 900)),
      );
    }
    // inference-eu-1 at sampling 0.1: only a few of its load-balancer health checks are recorded.
    for (let m = 0; m < 120; m += 17) {
      const t = at('2026-11-22T03:40:00Z', m);
      const probe = {
        ip: `35.191.${8 + Math.floor(rand() * 4)}.${10 + Math.floor(rand() * 200)}`,
        port: 35000 + m,
      };
      entries.push(flow(GCP_VMS.inference, false, probe, 8080, t, 5, 6, 412));
    }
    write(`logging/${P}/vpc-flows-2026-11-22.json`, gcloudJson(byTime(entries)));
  }
  {
    const entries: Json[] = [];
    const miner = GCP_VMS.miner;
    for (let m = 0; m < 60; m += 2) {
      const t = at('2026-11-23T13:50:00Z', m);
      entries.push(
        flow(miner, true, POOL, 47312, t, 58, 9 + Math.floor(rand() * 5), 2300 + Math.floor(rand() * 900)),
      );
      entries.push(
        flow(miner, false, POOL, 47312, t, 58, 8 + Math.floor(rand() * 5), 2100 + Math.floor(rand() * 900)),
      );
    }
    // train-ci-4821 pulls its training set from Cloud Storage: heavy, short-lived HTTPS to Google.
    for (let m = 5; m < 250; m += 5) {
      const t = at('2026-11-23T14:00:00Z', m);
      const ip = STORAGE_IPS[Math.floor(rand() * STORAGE_IPS.length)] as string;
      entries.push(
        flow(
          GCP_VMS.trainer,
          false,
          { ip, port: 443 },
          52000 + m,
          t,
          60,
          31000 + Math.floor(rand() * 4000),
          44_000_000 + Math.floor(rand() * 9_000_000),
        ),
      );
      entries.push(
        flow(
          GCP_VMS.trainer,
          true,
          { ip, port: 443 },
          52000 + m,
          t,
          60,
          9000,
          610_000 + Math.floor(rand() * 90_000),
        ),
      );
    }
    write(`logging/${P}/vpc-flows-2026-11-23.json`, gcloudJson(byTime(entries)));
  }

  // ---------- Cloud Monitoring: compute.googleapis.com/instance/cpu/utilization, 5-minute means ----------
  const cpuFile = (
    day: string,
    start: string,
    hours: number,
    series: { vm: Vm; level: (m: number) => number | undefined }[],
  ) => {
    const timeSeries = series.map(({ vm, level }) => {
      const points: Json[] = [];
      for (let m = hours * 60 - 5; m >= 0; m -= 5) {
        const v = level(m);
        if (v === undefined) continue;
        const t = isoZ(at(start, m + 5));
        points.push({
          interval: { startTime: t, endTime: t },
          value: { doubleValue: Math.round(v * 10000) / 10000 },
        });
      }
      return {
        metric: {
          labels: { instance_name: vm.name },
          type: 'compute.googleapis.com/instance/cpu/utilization',
        },
        resource: { type: 'gce_instance', labels: { instance_id: vm.id, zone: vm.zone, project_id: P } },
        metricKind: 'GAUGE',
        valueType: 'DOUBLE',
        points,
      };
    });
    write(
      `monitoring/${P}/cpu-utilization-${day}.json`,
      `${JSON.stringify({ timeSeries, unit: '10^2.%' }, null, 2)}\n`,
    );
  };
  const mining = () => 0.97 + rand() * 0.025;
  const steady = (low: number, spread: number) => () => low + rand() * spread;
  cpuFile('2026-11-22', '2026-11-22T00:00:00Z', 12, [
    { vm: GCP_VMS.miner, level: (m) => (m < 225 ? undefined : mining()) },
    { vm: GCP_VMS.batchA, level: (m) => (m >= 60 && m < 240 ? 0.86 + rand() * 0.08 : 0.06 + rand() * 0.05) },
    { vm: GCP_VMS.batchB, level: (m) => (m >= 60 && m < 235 ? 0.84 + rand() * 0.08 : 0.05 + rand() * 0.05) },
    { vm: GCP_VMS.inference, level: steady(0.22, 0.14) },
  ]);
  cpuFile('2026-11-23', '2026-11-23T12:00:00Z', 12, [
    { vm: GCP_VMS.miner, level: mining },
    {
      vm: GCP_VMS.trainer,
      level: (m) => (m < 120 ? undefined : m < 370 ? 0.9 + rand() * 0.06 : 0.03 + rand() * 0.03),
    },
    { vm: GCP_VMS.batchA, level: steady(0.05, 0.05) },
    { vm: GCP_VMS.batchB, level: steady(0.05, 0.05) },
    { vm: GCP_VMS.inference, level: steady(0.24, 0.16) },
  ]);

  // ---------- Security Command Center (gcloud scc findings list, cryptomining categories) ----------
  write(`scc/${P}-findings-list.json`, gcloudJson([minerFinding()]));
}
