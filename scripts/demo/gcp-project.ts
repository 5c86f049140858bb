/**
 * The demo estate's Google Cloud part: one project, `acme-ml-prod`, under the `ml` folder of the acme.example
 * organization, written as `gcloud … --format=json` prints each command (the files `rigsight collect --provider gcp`
 * writes) through the same BundleWriter and manifest as the AWS accounts. Every file's service and operation come
 * from the collector's own declarations, so the manifest reads as a real collection. It is a demo, labelled as such
 * in the manifest scope's caller; nothing here was collected from a real project.
 *
 * What it holds (the incident itself is in gcp-telemetry.ts):
 *   - ml-vpc: ml-us-central1 logs flows at sampling 1.0, ml-europe-west1 at 0.1, ml-batch-us-central1 not at all;
 *     VPC firewall rules lock egress down only for instances tagged `locked-down`; the organization's hierarchical
 *     policy denies the classic stratum ports and hands the rest on (`goto_next`) to the implied allow-all; Cloud NAT
 *     in us-central1.
 *   - ml-exp-7: a c2d-highcpu-32 with no owner label, created by lena@acme.example (roles/compute.admin on the
 *     folder, not an approved creator): the miner. train-ci-4821: a training VM the approved CI service account
 *     started. inference-eu-1 (locked down) and the batch-workers managed instance group.
 *   - Admin Activity logs kept in _Required and copied by a sink to a 3-year bucket; vpc_flows stay in _Default.
 *   - The Cloud DNS API is switched off (SERVICE_DISABLED): DNS query logging cannot be judged.
 *   - A CPU alert policy covers the instances labelled owner=ml-platform; Event Threat Detection is on and VM Threat
 *     Detection off; gcp.resourceLocations is enforced; the billing account has a budget with threshold alerts.
 *   - Creators: the CI service account (approved, reached by GitHub Actions through workload identity federation),
 *     lena (inherited from the folder), the ml-platform group, ml-batch and sam, who can mint its tokens (a chain),
 *     the default compute service account with Editor, the organization admins (escalation).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { errorPath, gcpPath, type HierarchyNode } from '../../providers/gcp/bundle-paths.js';
import { declarationOf } from '../../providers/gcp/collect/catalog.js';
import type { BundleWriter } from '../../src/evidence/writer.js';
import { policiesDir } from '../../src/package-info.js';

export const GCP_PROJECT = 'acme-ml-prod';
export const GCP_PROJECT_NUMBER = '731962845103';
export const GCP_ORG = '615243789012';
export const GCP_FOLDER = '482917365021';
export const GCP_BILLING = '01F3A7-B2C9D4-E5A6B7';
export const GCP_NETWORK = 'ml-vpc';

const P = GCP_PROJECT;
const N = GCP_PROJECT_NUMBER;
const compute = 'https://www.googleapis.com/compute/v1';
const projectUrl = `${compute}/projects/${P}`;

export const CI_SA = `ci-deployer@${P}.iam.gserviceaccount.com`;
export const BATCH_SA = `ml-batch@${P}.iam.gserviceaccount.com`;
export const WORKLOAD_SA = `ml-workload@${P}.iam.gserviceaccount.com`;
export const DEFAULT_SA = `${N}-compute@developer.gserviceaccount.com`;
export const APIS_AGENT = `${N}@cloudservices.gserviceaccount.com`;
export const GITHUB_PRINCIPALS = `principalSet://iam.googleapis.com/projects/${N}/locations/global/workloadIdentityPools/github-actions/attribute.repository/acme/ml-infra`;

/** The VMs of the demo project; telemetry names the same ones. */
export const GCP_VMS = {
  miner: {
    name: 'ml-exp-7',
    id: '6029384756102938471',
    zone: 'us-central1-b',
    subnet: 'ml-us-central1',
    ip: '10.60.0.37',
    natIp: '34.136.87.210',
  },
  trainer: {
    name: 'train-ci-4821',
    id: '3849201756384920175',
    zone: 'us-central1-a',
    subnet: 'ml-us-central1',
    ip: '10.60.0.12',
  },
  inference: {
    name: 'inference-eu-1',
    id: '1746392058473920583',
    zone: 'europe-west1-b',
    subnet: 'ml-europe-west1',
    ip: '10.60.16.5',
  },
  batchA: {
    name: 'batch-workers-x7k2',
    id: '5520193847561029384',
    zone: 'us-central1-c',
    subnet: 'ml-batch-us-central1',
    ip: '10.60.32.4',
  },
  batchB: {
    name: 'batch-workers-q9m4',
    id: '5520193847561029391',
    zone: 'us-central1-c',
    subnet: 'ml-batch-us-central1',
    ip: '10.60.32.5',
  },
} as const;

type Json = Record<string, unknown>;

const project: HierarchyNode = { kind: 'project', id: P };
const folder: HierarchyNode = { kind: 'folder', id: GCP_FOLDER };
const org: HierarchyNode = { kind: 'organization', id: GCP_ORG };
const billing: HierarchyNode = { kind: 'billing', id: GCP_BILLING };

const regionOf = (zone: string) => zone.replace(/-[a-z]$/, '');

/** A role as `gcloud iam roles describe` prints it; predefined roles are abridged to what matters here. */
const role = (name: string, title: string, includedPermissions: string[], etag = 'AA=='): Json => ({
  description: title,
  etag,
  includedPermissions: [...includedPermissions].sort(),
  name,
  stage: 'GA',
  title,
});

function roles(): Record<string, Json> {
  const collector = parse(readFileSync(join(policiesDir, 'gcp-role.yaml'), 'utf8')) as {
    title: string;
    description: string;
    includedPermissions: string[];
  };
  const collectorRole = `organizations/${GCP_ORG}/roles/rigsightCollector`;
  return {
    'roles/compute.instanceAdmin.v1': role('roles/compute.instanceAdmin.v1', 'Compute Instance Admin (v1)', [
      'compute.disks.create',
      'compute.disks.use',
      'compute.instanceGroupManagers.create',
      'compute.instanceGroupManagers.update',
      'compute.instanceTemplates.create',
      'compute.instances.create',
      'compute.instances.delete',
      'compute.instances.get',
      'compute.instances.list',
      'compute.instances.setLabels',
      'compute.instances.setMetadata',
      'compute.instances.setServiceAccount',
      'compute.instances.start',
      'compute.instances.stop',
      'compute.subnetworks.use',
      'compute.subnetworks.useExternalIp',
    ]),
    'roles/compute.admin': role('roles/compute.admin', 'Compute Admin', [
      'compute.disks.create',
      'compute.firewalls.create',
      'compute.firewalls.update',
      'compute.instanceGroupManagers.create',
      'compute.instanceGroupManagers.update',
      'compute.instanceTemplates.create',
      'compute.instances.create',
      'compute.instances.list',
      'compute.instances.setMetadata',
      'compute.instances.start',
      'compute.networks.create',
      'compute.subnetworks.update',
      'compute.subnetworks.use',
      'compute.subnetworks.useExternalIp',
    ]),
    'roles/editor': role('roles/editor', 'Editor', [
      'batch.jobs.create',
      'compute.instanceGroupManagers.create',
      'compute.instanceTemplates.create',
      'compute.instances.create',
      'compute.instances.list',
      'compute.instances.setMetadata',
      'container.clusters.create',
      'iam.serviceAccounts.actAs',
      'iam.serviceAccounts.list',
      'resourcemanager.projects.get',
      'run.services.create',
      'storage.objects.create',
    ]),
    'roles/viewer': role('roles/viewer', 'Viewer', [
      'compute.instances.list',
      'compute.networks.list',
      'iam.serviceAccounts.list',
      'logging.logEntries.list',
      'resourcemanager.projects.get',
    ]),
    'roles/compute.serviceAgent': role('roles/compute.serviceAgent', 'Compute Engine Service Agent', [
      'compute.instances.create',
      'compute.instances.list',
      'iam.serviceAccounts.actAs',
    ]),
    'roles/iam.serviceAccountUser': role('roles/iam.serviceAccountUser', 'Service Account User', [
      'iam.serviceAccounts.actAs',
      'iam.serviceAccounts.get',
      'iam.serviceAccounts.list',
      'resourcemanager.projects.get',
    ]),
    'roles/iam.serviceAccountTokenCreator': role(
      'roles/iam.serviceAccountTokenCreator',
      'Service Account Token Creator',
      [
        'iam.serviceAccounts.get',
        'iam.serviceAccounts.getAccessToken',
        'iam.serviceAccounts.getOpenIdToken',
        'iam.serviceAccounts.implicitDelegation',
        'iam.serviceAccounts.list',
        'iam.serviceAccounts.signBlob',
        'iam.serviceAccounts.signJwt',
      ],
    ),
    'roles/iam.workloadIdentityUser': role('roles/iam.workloadIdentityUser', 'Workload Identity User', [
      'iam.serviceAccounts.get',
      'iam.serviceAccounts.getAccessToken',
      'iam.serviceAccounts.getOpenIdToken',
      'iam.serviceAccounts.list',
    ]),
    'roles/storage.objectViewer': role('roles/storage.objectViewer', 'Storage Object Viewer', [
      'resourcemanager.projects.get',
      'storage.folders.get',
      'storage.folders.list',
      'storage.managedFolders.get',
      'storage.managedFolders.list',
      'storage.objects.get',
      'storage.objects.list',
    ]),
    'roles/resourcemanager.organizationAdmin': role(
      'roles/resourcemanager.organizationAdmin',
      'Organization Administrator',
      [
        'resourcemanager.folders.get',
        'resourcemanager.folders.getIamPolicy',
        'resourcemanager.folders.list',
        'resourcemanager.folders.setIamPolicy',
        'resourcemanager.organizations.get',
        'resourcemanager.organizations.getIamPolicy',
        'resourcemanager.organizations.setIamPolicy',
        'resourcemanager.projects.get',
        'resourcemanager.projects.getIamPolicy',
        'resourcemanager.projects.list',
        'resourcemanager.projects.setIamPolicy',
      ],
    ),
    [collectorRole]: {
      ...role(collectorRole, collector.title, collector.includedPermissions, 'BwYgQ2x1c3Q='),
      description: collector.description,
    },
  };
}

/** `gcloud compute instances list` prints one of these per VM (aggregated across zones). */
function instance(
  vm: (typeof GCP_VMS)[keyof typeof GCP_VMS],
  o: {
    created: string;
    machineType: string;
    labels: Record<string, string>;
    tags: string[];
    /** None: `--no-service-account --no-scopes` (attaching one needs iam.serviceAccounts.actAs on it). */
    serviceAccount?: string;
    scopes?: string[];
    externalIp?: string;
    metadata?: { key: string; value: string }[];
  },
): Json {
  const region = regionOf(vm.zone);
  return {
    canIpForward: false,
    cpuPlatform: o.machineType.startsWith('c2d-') ? 'AMD Milan' : 'Intel Cascade Lake',
    creationTimestamp: o.created,
    deletionProtection: false,
    disks: [
      {
        autoDelete: true,
        boot: true,
        deviceName: vm.name,
        diskSizeGb: '50',
        index: 0,
        interface: 'SCSI',
        kind: 'compute#attachedDisk',
        mode: 'READ_WRITE',
        source: `${projectUrl}/zones/${vm.zone}/disks/${vm.name}`,
        type: 'PERSISTENT',
      },
    ],
    fingerprint: 'qP6h0oJ3Z2c=',
    id: vm.id,
    kind: 'compute#instance',
    labelFingerprint: '42WmSpB8rSM=',
    ...(Object.keys(o.labels).length ? { labels: o.labels } : {}),
    machineType: `${projectUrl}/zones/${vm.zone}/machineTypes/${o.machineType}`,
    metadata: {
      fingerprint: 'xUdJ0bRl8TI=',
      kind: 'compute#metadata',
      ...(o.metadata ? { items: o.metadata } : {}),
    },
    name: vm.name,
    networkInterfaces: [
      {
        ...(o.externalIp
          ? {
              accessConfigs: [
                {
                  kind: 'compute#accessConfig',
                  name: 'external-nat',
                  natIP: o.externalIp,
                  networkTier: 'PREMIUM',
                  type: 'ONE_TO_ONE_NAT',
                },
              ],
            }
          : {}),
        fingerprint: 'cU4Vb7Ct3Vo=',
        kind: 'compute#networkInterface',
        name: 'nic0',
        network: `${projectUrl}/global/networks/${GCP_NETWORK}`,
        networkIP: vm.ip,
        stackType: 'IPV4_ONLY',
        subnetwork: `${projectUrl}/regions/${region}/subnetworks/${vm.subnet}`,
      },
    ],
    scheduling: { automaticRestart: true, onHostMaintenance: 'MIGRATE', preemptible: false },
    selfLink: `${projectUrl}/zones/${vm.zone}/instances/${vm.name}`,
    ...(o.serviceAccount ? { serviceAccounts: [{ email: o.serviceAccount, scopes: o.scopes ?? [] }] } : {}),
    shieldedInstanceConfig: { enableIntegrityMonitoring: true, enableSecureBoot: false, enableVtpm: true },
    startRestricted: false,
    status: 'RUNNING',
    tags: { fingerprint: 'gU3pW7lbWZI=', ...(o.tags.length ? { items: o.tags } : {}) },
    zone: `${projectUrl}/zones/${vm.zone}`,
  };
}

const cloudPlatform = ['https://www.googleapis.com/auth/cloud-platform'];

const binding = (roleName: string, members: string[]) => ({ members, role: roleName });

/** The Event Threat Detection finding on the miner's pool contact (also read by detect from telemetry). */
export function minerFinding(): Json {
  const vm = GCP_VMS.miner;
  const resource = `//compute.googleapis.com/projects/${P}/zones/${vm.zone}/instances/${vm.id}`;
  return {
    finding: {
      canonicalName: `projects/${N}/sources/11386457219027451622/findings/5b1e7d0c93a24f6b8e1d2c3a4f5b6c7d`,
      category: 'Malware: Cryptomining Bad IP',
      createTime: '2026-11-22T04:02:31.884Z',
      eventTime: '2026-11-22T03:58:07.150Z',
      findingClass: 'THREAT',
      indicator: { ipAddresses: ['194.145.227.21'] },
      mitreAttack: {
        primaryTactic: 'IMPACT',
        primaryTechniques: ['RESOURCE_HIJACKING'],
        version: '15.1',
      },
      mute: 'UNMUTED',
      name: `organizations/${GCP_ORG}/sources/11386457219027451622/findings/5b1e7d0c93a24f6b8e1d2c3a4f5b6c7d`,
      parent: `organizations/${GCP_ORG}/sources/11386457219027451622`,
      resourceName: resource,
      severity: 'HIGH',
      sourceProperties: {
        detectionCategory: {
          indicator: 'ip',
          ruleName: 'bad_ip',
          subRuleName: 'cryptomining',
          technique: 'cryptomining',
        },
        detectionPriority: 'HIGH',
        evidence: [{ sourceLogId: { insertId: 'vpcflow-0d4e2c', timestamp: '2026-11-22T03:58:07.150Z' } }],
        properties: {
          instanceDetails: resource,
          ip: ['194.145.227.21'],
          location: 'us-central1-b',
          network: { location: 'us-central1-b', project: P, subnetworkId: '5274019836450192837' },
          sourceInstance: resource,
        },
      },
      state: 'ACTIVE',
    },
    resource: {
      displayName: vm.name,
      name: resource,
      parentDisplayName: 'ml',
      projectDisplayName: P,
      projectName: `//cloudresourcemanager.googleapis.com/projects/${N}`,
      type: 'google.compute.Instance',
    },
  };
}

/**
 * Writes the project, its folder and organization, and its billing account's budgets into the demo bundle, and
 * records the project as a scope. Call before `writer.finish()`.
 */
export function writeGcpProject(writer: BundleWriter, collectedAt: string): void {
  const record = (node: HierarchyNode, command: string, key?: string) => {
    const d = declarationOf(node.kind, command);
    return {
      service: d.service,
      operation: d.method.split('.').slice(1).join('.'),
      region: 'global',
      parameters: { [node.kind]: node.id, ...(key !== undefined ? { key } : {}) },
      collectedAt,
    };
  };
  const put = (node: HierarchyNode, command: string, data: unknown, key?: string) =>
    writer.writeJson(gcpPath(node, command, key), data, { ...record(node, command, key), outcome: 'ok' });
  const fail = (node: HierarchyNode, command: string, code: string, message: string, status: number) => {
    const r = record(node, command);
    writer.writeJson(
      errorPath(gcpPath(node, command)),
      { Code: code, Message: message, HttpStatus: status, Command: command, Parameters: r.parameters },
      { ...r, outcome: 'error', errorCode: code },
    );
  };

  // ---------- organization ----------
  put(org, 'organizations-describe', {
    creationTime: '2019-04-02T16:20:11.412Z',
    displayName: 'acme.example',
    lifecycleState: 'ACTIVE',
    name: `organizations/${GCP_ORG}`,
    owner: { directoryCustomerId: 'C03k8ab2x' },
  });
  put(org, 'organizations-get-iam-policy', {
    bindings: [
      binding(`organizations/${GCP_ORG}/roles/rigsightCollector`, [
        'serviceAccount:rigsight-collector@acme-sec-tools.iam.gserviceaccount.com',
      ]),
      binding('roles/resourcemanager.organizationAdmin', ['group:gcp-org-admins@acme.example']),
    ],
    etag: 'BwYkX1m8Hq4=',
    version: 1,
  });
  const orgPolicies = [
    {
      name: `organizations/${GCP_ORG}/policies/gcp.resourceLocations`,
      spec: {
        etag: 'CMvS2LkGEKi3m6QB',
        rules: [{ values: { allowedValues: ['in:us-locations', 'in:eu-locations'] } }],
        updateTime: '2024-03-11T09:14:35.217512Z',
      },
    },
    {
      name: `organizations/${GCP_ORG}/policies/iam.disableServiceAccountKeyCreation`,
      spec: {
        etag: 'CMvS2LkGEOCb0qMC',
        rules: [{ enforce: true }],
        updateTime: '2024-03-11T09:15:02.118094Z',
      },
    },
  ];
  put(org, 'org-policies-list', orgPolicies);
  put(org, 'org-policies-list-custom-constraints', []);
  put(org, 'logging-sinks-list', []);
  // Hierarchical policy: classic stratum ports are refused for every VM; everything else is handed on.
  const gotoNext = (priority: number, direction: 'INGRESS' | 'EGRESS', range: string) => ({
    action: 'goto_next',
    description: `default ${direction.toLowerCase()} rule`,
    direction,
    enableLogging: false,
    kind: 'compute#firewallPolicyRule',
    match: {
      layer4Configs: [{ ipProtocol: 'all' }],
      ...(direction === 'EGRESS' ? { destIpRanges: [range] } : { srcIpRanges: [range] }),
    },
    priority,
    ruleTupleCount: 2,
  });
  put(org, 'compute-firewall-policies-list', [
    {
      associations: [
        {
          attachmentTarget: `organizations/${GCP_ORG}`,
          displayName: 'acme-org-baseline',
          firewallPolicyId: '849302716455',
          name: `organization-${GCP_ORG}`,
        },
      ],
      creationTimestamp: '2024-03-11T02:40:18.118-07:00',
      description: 'Organization-wide baseline: known mining ports out, everything else decided below',
      displayName: 'acme-org-baseline',
      fingerprint: 'Xk3mQ9wHbE0=',
      id: '849302716455',
      kind: 'compute#firewallPolicy',
      name: '849302716455',
      parent: `organizations/${GCP_ORG}`,
      ruleTupleCount: 16,
      rules: [
        {
          action: 'deny',
          description: 'stratum ports of the common public pools',
          direction: 'EGRESS',
          enableLogging: true,
          kind: 'compute#firewallPolicyRule',
          match: {
            destIpRanges: ['0.0.0.0/0'],
            layer4Configs: [{ ipProtocol: 'tcp', ports: ['3333', '4444', '5555', '7777', '14444'] }],
          },
          priority: 1000,
          ruleName: 'deny-stratum-egress',
          ruleTupleCount: 7,
        },
        gotoNext(2147483644, 'EGRESS', '::/0'),
        gotoNext(2147483645, 'INGRESS', '::/0'),
        gotoNext(2147483646, 'EGRESS', '0.0.0.0/0'),
        gotoNext(2147483647, 'INGRESS', '0.0.0.0/0'),
      ],
      selfLink: `${compute}/locations/global/firewallPolicies/849302716455`,
      shortName: 'acme-org-baseline',
    },
  ]);

  // ---------- folder ----------
  put(folder, 'resource-manager-folders-describe', {
    createTime: '2022-08-30T13:02:44.190Z',
    displayName: 'ml',
    etag: 'W/"1a2b3c4d5e6f7a8b"',
    name: `folders/${GCP_FOLDER}`,
    parent: `organizations/${GCP_ORG}`,
    state: 'ACTIVE',
    updateTime: '2022-08-30T13:02:44.190Z',
  });
  put(folder, 'resource-manager-folders-get-iam-policy', {
    // Granted for a GPU experiment in 2025 and never taken back: it reaches every project under ml.
    bindings: [binding('roles/compute.admin', ['user:lena@acme.example'])],
    etag: 'BwYc8dQ2kLw=',
    version: 1,
  });
  put(folder, 'org-policies-list', []);
  put(folder, 'logging-sinks-list', []);
  put(folder, 'compute-firewall-policies-list', []);

  // ---------- project: resource manager and IAM ----------
  put(project, 'projects-describe', {
    createTime: '2022-09-01T08:31:07.552Z',
    labels: { env: 'prod', 'cost-center': 'ml-4410' },
    lifecycleState: 'ACTIVE',
    name: 'acme-ml-production',
    parent: { id: GCP_FOLDER, type: 'folder' },
    projectId: P,
    projectNumber: N,
  });
  put(project, 'projects-get-ancestors', [
    { id: P, type: 'project' },
    { id: GCP_FOLDER, type: 'folder' },
    { id: GCP_ORG, type: 'organization' },
  ]);
  const projectPolicy = {
    bindings: [
      binding('roles/compute.instanceAdmin.v1', [
        'group:ml-platform@acme.example',
        `serviceAccount:${CI_SA}`,
        `serviceAccount:${BATCH_SA}`,
      ]),
      binding('roles/compute.serviceAgent', [
        `serviceAccount:service-${N}@compute-system.iam.gserviceaccount.com`,
      ]),
      binding('roles/editor', [`serviceAccount:${APIS_AGENT}`, `serviceAccount:${DEFAULT_SA}`]),
      binding('roles/iam.serviceAccountUser', [`serviceAccount:${CI_SA}`]),
      binding('roles/storage.objectViewer', [`serviceAccount:${WORKLOAD_SA}`]),
      binding('roles/viewer', ['group:ml-researchers@acme.example']),
    ],
    etag: 'BwYm4zR7tXo=',
    version: 3,
  };
  put(project, 'projects-get-iam-policy', projectPolicy);
  const account = (email: string, displayName: string, uniqueId: string, description?: string) => ({
    ...(description ? { description } : {}),
    displayName,
    email,
    etag: 'MDEwMjE5MjA=',
    name: `projects/${P}/serviceAccounts/${email}`,
    oauth2ClientId: uniqueId,
    projectId: P,
    uniqueId,
  });
  put(project, 'iam-service-accounts-list', [
    account(DEFAULT_SA, 'Compute Engine default service account', '104729384756102938475'),
    account(
      CI_SA,
      'ci-deployer',
      '104729384756102938476',
      'GitHub Actions of acme/ml-infra (workload identity)',
    ),
    account(BATCH_SA, 'ml-batch', '104729384756102938477', 'Batch scheduler: sizes the worker pool'),
    account(
      WORKLOAD_SA,
      'ml-workload',
      '104729384756102938478',
      'Runtime identity of training and inference VMs',
    ),
  ]);
  const saPolicies: Record<string, Json> = {
    [DEFAULT_SA]: { etag: 'ACAB' },
    [CI_SA]: {
      bindings: [binding('roles/iam.workloadIdentityUser', [GITHUB_PRINCIPALS])],
      etag: 'BwYl2v9Rk0s=',
      version: 1,
    },
    // Given to sam to debug the scheduler in 2025; a token for ml-batch creates VMs.
    [BATCH_SA]: {
      bindings: [binding('roles/iam.serviceAccountTokenCreator', ['user:sam@acme.example'])],
      etag: 'BwYa7kP1mQc=',
      version: 1,
    },
    [WORKLOAD_SA]: { etag: 'ACAB' },
  };
  for (const [email, policy] of Object.entries(saPolicies))
    put(project, 'iam-service-accounts-get-iam-policy', policy, email);
  for (const [name, r] of Object.entries(roles())) put(project, 'iam-roles-describe', r, name);

  // ---------- project: compute ----------
  const mig = `projects/${N}/zones/us-central1-c/instanceGroupManagers/batch-workers`;
  const migMetadata = [
    { key: 'instance-template', value: `projects/${N}/global/instanceTemplates/batch-workers-v12` },
    { key: 'created-by', value: mig },
  ];
  put(project, 'compute-instances-list', [
    instance(GCP_VMS.trainer, {
      created: '2026-11-23T06:00:04.118-08:00',
      machineType: 'n2-standard-16',
      labels: { 'ci-run': '4821', env: 'prod', owner: 'ml-platform' },
      tags: ['ml-training'],
      serviceAccount: WORKLOAD_SA,
      scopes: cloudPlatform,
    }),
    instance(GCP_VMS.miner, {
      created: '2026-11-21T19:41:12.604-08:00',
      machineType: 'c2d-highcpu-32',
      labels: {},
      tags: [],
      externalIp: GCP_VMS.miner.natIp,
    }),
    instance(GCP_VMS.batchA, {
      created: '2026-11-10T01:12:44.903-08:00',
      machineType: 'e2-standard-8',
      labels: { env: 'prod', owner: 'data-eng' },
      tags: ['batch'],
      serviceAccount: WORKLOAD_SA,
      scopes: cloudPlatform,
      metadata: migMetadata,
    }),
    instance(GCP_VMS.batchB, {
      created: '2026-11-10T01:12:45.377-08:00',
      machineType: 'e2-standard-8',
      labels: { env: 'prod', owner: 'data-eng' },
      tags: ['batch'],
      serviceAccount: WORKLOAD_SA,
      scopes: cloudPlatform,
      metadata: migMetadata,
    }),
    instance(GCP_VMS.inference, {
      created: '2026-09-14T02:12:40.331-07:00',
      machineType: 'n2-standard-4',
      labels: { env: 'prod', owner: 'ml-platform' },
      tags: ['inference', 'locked-down'],
      serviceAccount: WORKLOAD_SA,
      scopes: cloudPlatform,
    }),
  ]);
  put(project, 'compute-instance-groups-managed-list', [
    {
      baseInstanceName: 'batch-workers',
      creationTimestamp: '2026-03-02T04:20:13.551-08:00',
      currentActions: {
        abandoning: 0,
        creating: 0,
        creatingWithoutRetries: 0,
        deleting: 0,
        none: 2,
        recreating: 0,
        refreshing: 0,
        restarting: 0,
        resuming: 0,
        starting: 0,
        stopping: 0,
        suspending: 0,
        verifying: 0,
      },
      fingerprint: 'aT0lJ8wYxvM=',
      id: '8374650192837465019',
      instanceGroup: `${projectUrl}/zones/us-central1-c/instanceGroups/batch-workers`,
      instanceTemplate: `${projectUrl}/global/instanceTemplates/batch-workers-v12`,
      kind: 'compute#instanceGroupManager',
      name: 'batch-workers',
      selfLink: `${projectUrl}/zones/us-central1-c/instanceGroupManagers/batch-workers`,
      status: { isStable: true, stateful: { hasStatefulConfig: false }, versionTarget: { isReached: true } },
      targetSize: 2,
      updatePolicy: { maxSurge: { calculated: 1, fixed: 1 }, minimalAction: 'REPLACE', type: 'PROACTIVE' },
      versions: [{ instanceTemplate: `${projectUrl}/global/instanceTemplates/batch-workers-v12` }],
      zone: `${projectUrl}/zones/us-central1-c`,
    },
  ]);
  const networkUrl = `${projectUrl}/global/networks/${GCP_NETWORK}`;
  const subnets = [
    {
      name: 'ml-us-central1',
      id: '5274019836450192837',
      region: 'us-central1',
      cidr: '10.60.0.0/20',
      logConfig: {
        aggregationInterval: 'INTERVAL_1_MIN',
        enable: true,
        filterExpr: 'true',
        flowSampling: 1,
        metadata: 'INCLUDE_ALL_METADATA',
      },
    },
    {
      name: 'ml-europe-west1',
      id: '5274019836450192838',
      region: 'europe-west1',
      cidr: '10.60.16.0/20',
      // Turned down in 2025 to cut logging cost: nine connections in ten go unrecorded.
      logConfig: {
        aggregationInterval: 'INTERVAL_5_SEC',
        enable: true,
        filterExpr: 'true',
        flowSampling: 0.1,
        metadata: 'INCLUDE_ALL_METADATA',
      },
    },
    { name: 'ml-batch-us-central1', id: '5274019836450192839', region: 'us-central1', cidr: '10.60.32.0/20' },
  ];
  put(project, 'compute-networks-list', [
    {
      autoCreateSubnetworks: false,
      creationTimestamp: '2022-09-01T01:40:22.118-07:00',
      id: '2938475610293847561',
      kind: 'compute#network',
      mtu: 1460,
      name: GCP_NETWORK,
      networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
      routingConfig: { routingMode: 'REGIONAL' },
      selfLink: networkUrl,
      selfLinkWithId: `${projectUrl}/global/networks/2938475610293847561`,
      subnetworks: subnets.map((s) => `${projectUrl}/regions/${s.region}/subnetworks/${s.name}`),
    },
  ]);
  put(
    project,
    'compute-networks-subnets-list',
    subnets.map((s) => ({
      creationTimestamp: '2022-09-01T01:41:05.772-07:00',
      fingerprint: 'ZP9c0Qn1Xy8=',
      gatewayAddress: s.cidr.replace(/0\/20$/, '1'),
      id: s.id,
      ipCidrRange: s.cidr,
      kind: 'compute#subnetwork',
      ...(s.logConfig ? { enableFlowLogs: true, logConfig: s.logConfig } : {}),
      name: s.name,
      network: networkUrl,
      privateIpGoogleAccess: true,
      privateIpv6GoogleAccess: 'DISABLE_GOOGLE_ACCESS',
      purpose: 'PRIVATE',
      region: `${projectUrl}/regions/${s.region}`,
      selfLink: `${projectUrl}/regions/${s.region}/subnetworks/${s.name}`,
      stackType: 'IPV4_ONLY',
    })),
  );
  const firewall = (
    name: string,
    id: string,
    o: { direction: 'INGRESS' | 'EGRESS'; priority: number; description: string } & Json,
  ) => ({
    creationTimestamp: '2022-09-01T01:44:30.061-07:00',
    disabled: false,
    id,
    kind: 'compute#firewall',
    logConfig: { enable: false },
    name,
    network: networkUrl,
    selfLink: `${projectUrl}/global/firewalls/${name}`,
    ...o,
  });
  put(project, 'compute-firewall-rules-list', [
    firewall('ml-vpc-allow-google-apis-locked-down', '7462019384756102931', {
      allowed: [{ IPProtocol: 'tcp', ports: ['443'] }],
      description: 'locked-down VMs reach Google APIs through private.googleapis.com only',
      destinationRanges: ['199.36.153.8/30'],
      direction: 'EGRESS',
      priority: 900,
      targetTags: ['locked-down'],
    }),
    firewall('ml-vpc-deny-egress-locked-down', '7462019384756102932', {
      denied: [{ IPProtocol: 'all' }],
      description: 'nothing else leaves a locked-down VM',
      destinationRanges: ['0.0.0.0/0'],
      direction: 'EGRESS',
      priority: 1000,
      targetTags: ['locked-down'],
    }),
    firewall('ml-vpc-allow-health-checks', '7462019384756102933', {
      allowed: [{ IPProtocol: 'tcp', ports: ['8080'] }],
      description: 'Google Cloud load balancer health checks',
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: ['130.211.0.0/22', '35.191.0.0/16'],
      targetTags: ['inference'],
    }),
    firewall('ml-vpc-allow-iap-ssh', '7462019384756102934', {
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
      description: 'SSH through Identity-Aware Proxy',
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: ['35.235.240.0/20'],
    }),
    firewall('ml-vpc-allow-internal', '7462019384756102935', {
      allowed: [{ IPProtocol: 'tcp' }, { IPProtocol: 'udp' }, { IPProtocol: 'icmp' }],
      description: 'traffic inside ml-vpc',
      direction: 'INGRESS',
      priority: 65534,
      sourceRanges: ['10.60.0.0/16'],
    }),
  ]);
  put(project, 'compute-network-firewall-policies-list', []);
  put(project, 'compute-routes-list', [
    {
      creationTimestamp: '2022-09-01T01:40:25.903-07:00',
      description: 'Default route to the Internet.',
      destRange: '0.0.0.0/0',
      id: '3847561029384756101',
      kind: 'compute#route',
      name: 'default-route-4c1f0a9e2b7d6e35',
      network: networkUrl,
      nextHopGateway: `${projectUrl}/global/gateways/default-internet-gateway`,
      priority: 1000,
      routeStatus: 'ACTIVE',
      routeType: 'STATIC',
      selfLink: `${projectUrl}/global/routes/default-route-4c1f0a9e2b7d6e35`,
    },
    ...subnets.map((s, i) => ({
      creationTimestamp: '2022-09-01T01:41:06.118-07:00',
      description: `Default local route to the subnetwork ${s.cidr}.`,
      destRange: s.cidr,
      id: `384756102938475610${i + 2}`,
      kind: 'compute#route',
      name: `default-route-9a${i}e5d3c2b1f0a7e6`,
      network: networkUrl,
      nextHopNetwork: networkUrl,
      priority: 0,
      routeStatus: 'ACTIVE',
      routeType: 'SUBNET',
      selfLink: `${projectUrl}/global/routes/default-route-9a${i}e5d3c2b1f0a7e6`,
    })),
  ]);
  put(project, 'compute-routers-list', [
    {
      creationTimestamp: '2022-09-01T01:50:12.442-07:00',
      encryptedInterconnectRouter: false,
      id: '6102938475610293847',
      kind: 'compute#router',
      name: 'ml-nat-router',
      nats: [
        {
          enableEndpointIndependentMapping: false,
          endpointTypes: ['ENDPOINT_TYPE_VM'],
          logConfig: { enable: true, filter: 'ERRORS_ONLY' },
          name: 'ml-nat-us-central1',
          natIpAllocateOption: 'AUTO_ONLY',
          sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
          type: 'PUBLIC',
        },
      ],
      network: networkUrl,
      region: `${projectUrl}/regions/us-central1`,
      selfLink: `${projectUrl}/regions/us-central1/routers/ml-nat-router`,
    },
  ]);

  // ---------- project: logging, DNS, monitoring ----------
  const everything = (ids: string[], negate: boolean) =>
    ids.map((id) => `${negate ? 'NOT ' : ''}LOG_ID("${id}")`).join(negate ? ' AND ' : ' OR ');
  const platformLogs = [
    'cloudaudit.googleapis.com/activity',
    'externalaudittrail.googleapis.com/activity',
    'cloudaudit.googleapis.com/system_event',
    'externalaudittrail.googleapis.com/system_event',
    'cloudaudit.googleapis.com/access_transparency',
    'externalaudittrail.googleapis.com/access_transparency',
  ];
  const bucket = (name: string) => `logging.googleapis.com/projects/${P}/locations/global/buckets/${name}`;
  put(project, 'logging-sinks-list', [
    {
      createTime: '2022-09-01T08:31:15.412Z',
      destination: bucket('_Required'),
      filter: everything(platformLogs, false),
      name: '_Required',
      updateTime: '2022-09-01T08:31:15.412Z',
    },
    {
      createTime: '2022-09-01T08:31:15.502Z',
      destination: bucket('_Default'),
      filter: everything(platformLogs, true),
      name: '_Default',
      updateTime: '2022-09-01T08:31:15.502Z',
    },
    {
      createTime: '2023-02-14T10:02:41.887Z',
      description: 'Admin Activity and System Event audit logs, kept three years',
      destination: bucket('audit-archive'),
      filter:
        'LOG_ID("cloudaudit.googleapis.com/activity") OR LOG_ID("cloudaudit.googleapis.com/system_event")',
      name: 'audit-to-archive',
      updateTime: '2023-02-14T10:02:41.887Z',
      writerIdentity: `serviceAccount:service-${N}@gcp-sa-logging.iam.gserviceaccount.com`,
    },
  ]);
  const logBucket = (name: string, retentionDays: number, extra: Json = {}) => ({
    createTime: '2022-09-01T08:31:15.300Z',
    lifecycleState: 'ACTIVE',
    name: `projects/${P}/locations/global/buckets/${name}`,
    retentionDays,
    updateTime: '2022-09-01T08:31:15.300Z',
    ...extra,
  });
  put(project, 'logging-buckets-list', [
    logBucket('_Default', 30, { description: 'Default bucket' }),
    logBucket('_Required', 400, { description: 'Audit bucket', locked: true }),
    logBucket('audit-archive', 1095, {
      createTime: '2023-02-14T10:01:58.118Z',
      description: 'Audit logs, three years (locked)',
      locked: true,
      updateTime: '2023-02-14T10:01:58.118Z',
    }),
  ]);
  fail(
    project,
    'dns-policies-list',
    'SERVICE_DISABLED',
    `Cloud DNS API has not been used in project ${N} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/dns.googleapis.com/overview?project=${N} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
    403,
  );
  put(project, 'monitoring-policies-list', [
    {
      combiner: 'OR',
      conditions: [
        {
          conditionThreshold: {
            aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_MEAN' }],
            comparison: 'COMPARISON_GT',
            duration: '1800s',
            filter:
              'resource.type = "gce_instance" AND metric.type = "compute.googleapis.com/instance/cpu/utilization" AND metadata.user_labels."owner" = "ml-platform"',
            thresholdValue: 0.9,
            trigger: { count: 1 },
          },
          displayName: 'CPU above 90% for 30 minutes',
          name: `projects/${P}/alertPolicies/14820937561029384756/conditions/14820937561029384123`,
        },
      ],
      creationRecord: {
        mutateTime: '2024-05-06T12:40:03.551Z',
        mutatedBy: 'ml-platform-oncall@acme.example',
      },
      displayName: 'ML platform VMs: sustained high CPU',
      enabled: true,
      mutationRecord: {
        mutateTime: '2024-05-06T12:40:03.551Z',
        mutatedBy: 'ml-platform-oncall@acme.example',
      },
      name: `projects/${P}/alertPolicies/14820937561029384756`,
      notificationChannels: [`projects/${P}/notificationChannels/9182736450192837465`],
      severity: 'WARNING',
    },
  ]);

  // ---------- project: guardrails, threat detection, billing ----------
  put(project, 'org-policies-list', []);
  put(
    project,
    'org-policies-describe',
    {
      name: `projects/${N}/policies/gcp.resourceLocations`,
      spec: { rules: [{ values: { allowedValues: ['in:us-locations', 'in:eu-locations'] } }] },
    },
    'gcp.resourceLocations',
  );
  put(
    project,
    'org-policies-describe',
    {
      name: `projects/${N}/policies/iam.disableServiceAccountKeyCreation`,
      spec: { rules: [{ enforce: true }] },
    },
    'iam.disableServiceAccountKeyCreation',
  );
  put(
    project,
    'scc-manage-services-describe',
    {
      effectiveEnablementState: 'DISABLED',
      intendedEnablementState: 'INHERITED',
      name: `projects/${P}/locations/global/securityCenterServices/vm-threat-detection`,
      updateTime: '2025-06-18T07:22:10.004Z',
    },
    'vm-threat-detection',
  );
  put(
    project,
    'scc-manage-services-describe',
    {
      effectiveEnablementState: 'ENABLED',
      intendedEnablementState: 'INHERITED',
      name: `projects/${P}/locations/global/securityCenterServices/event-threat-detection`,
      updateTime: '2025-06-18T07:22:10.004Z',
    },
    'event-threat-detection',
  );
  put(project, 'scc-findings-list', [minerFinding()]);
  put(project, 'billing-projects-describe', {
    billingAccountName: `billingAccounts/${GCP_BILLING}`,
    billingEnabled: true,
    name: `projects/${P}/billingInfo`,
    projectId: P,
  });
  put(billing, 'billing-budgets-list', [
    {
      amount: { specifiedAmount: { currencyCode: 'USD', units: '18000' } },
      budgetFilter: {
        calendarPeriod: 'MONTH',
        creditTypesTreatment: 'INCLUDE_ALL_CREDITS',
        projects: [`projects/${N}`],
      },
      displayName: 'acme-ml-prod monthly',
      etag: 'f3b1c9a2e7d44e10',
      name: `billingAccounts/${GCP_BILLING}/budgets/0c9e8d7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f`,
      notificationsRule: {
        disableDefaultIamRecipients: false,
        monitoringNotificationChannels: [`projects/${P}/notificationChannels/5647382910564738291`],
      },
      thresholdRules: [
        { spendBasis: 'CURRENT_SPEND', thresholdPercent: 0.5 },
        { spendBasis: 'CURRENT_SPEND', thresholdPercent: 0.9 },
        { spendBasis: 'FORECASTED_SPEND', thresholdPercent: 1 },
      ],
    },
  ]);

  writer.addScope({
    provider: 'gcp',
    id: P,
    caller: 'rigsight-collector@acme-sec-tools.iam.gserviceaccount.com (demo estate)',
    status: 'partial',
    reason: 'dns-policies-list: SERVICE_DISABLED',
  });
}
