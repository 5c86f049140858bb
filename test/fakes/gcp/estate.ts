/**
 * A small Google Cloud organization as the REST APIs describe it (shapes from the API discovery documents and what
 * `gcloud … --format=json` prints): folders, projects and their resources, IAM policies at every level, roles.
 * Each resource is the API's JSON; the fake serves it and the hand-made bundle writer prints it as gcloud does.
 */
export type Json = Record<string, unknown>;

export interface FakeProject {
  projectId: string;
  projectNumber: string;
  /** `folders/N` or `organizations/N`. */
  parent: string;
  state?: 'ACTIVE' | 'DELETE_REQUESTED';
  /** Every call about this project answers 403 PERMISSION_DENIED. */
  denied?: boolean;
  /** APIs switched off in the project: 403 with ErrorInfo reason SERVICE_DISABLED. */
  disabled?: string[];
  /** Calls whose path matches answer 403 PERMISSION_DENIED (a role that lacks one permission). */
  deniedPaths?: RegExp[];
  /** Admin Activity audit log entries (LogEntry), served by entries.list with its filter honored. */
  auditEntries?: Json[];
  /** Cloud Monitoring time series (points newest first), served by timeSeries.list within the interval asked. */
  timeSeries?: Json[];
  iamPolicy: Json;
  serviceAccounts: Json[];
  serviceAccountPolicies: Record<string, Json>;
  instances: Json[];
  instanceGroupManagers: Json[];
  networks: Json[];
  subnetworks: Json[];
  firewalls: Json[];
  networkFirewallPolicies: Json[];
  routes: Json[];
  routers: Json[];
  sinks: Json[];
  buckets: Json[];
  dnsPolicies: Json[];
  alertPolicies: Json[];
  orgPolicies: Json[];
  effectivePolicies: Record<string, Json>;
  sccServices: Record<string, Json>;
  findings: Json[];
  billingInfo: Json;
}

export interface FakeFolder {
  id: string;
  parent: string;
  displayName: string;
  iamPolicy: Json;
  orgPolicies: Json[];
  sinks: Json[];
  firewallPolicies: Json[];
}

export interface FakeEstate {
  organization: {
    id: string;
    domain: string;
    iamPolicy: Json;
    orgPolicies: Json[];
    customConstraints: Json[];
    sinks: Json[];
    firewallPolicies: Json[];
  };
  folders: FakeFolder[];
  projects: FakeProject[];
  /** Role name → the role as `gcloud iam roles describe` prints it. */
  roles: Record<string, Json>;
  budgets: Record<string, Json[]>;
}

const compute = 'https://www.googleapis.com/compute/v1';

/** The API's role resource. */
export function role(name: string, title: string, includedPermissions: string[]): Json {
  return { name, title, description: title, includedPermissions, stage: 'GA', etag: 'BwYAAAAAAAA=' };
}

export const predefinedRoles: Record<string, Json> = {
  'roles/compute.instanceAdmin.v1': role('roles/compute.instanceAdmin.v1', 'Compute Instance Admin (v1)', [
    'compute.instances.create',
    'compute.instances.delete',
    'compute.instances.get',
    'compute.instances.list',
    'compute.instances.setMetadata',
    'compute.instances.setServiceAccount',
    'compute.instances.start',
    'compute.instanceTemplates.create',
    'compute.instanceGroupManagers.create',
    'compute.instanceGroupManagers.update',
    'compute.disks.create',
    'compute.subnetworks.use',
  ]),
  'roles/compute.admin': role('roles/compute.admin', 'Compute Admin', [
    'compute.instances.create',
    'compute.instances.list',
    'compute.instances.start',
    'compute.instanceTemplates.create',
    'compute.instanceGroupManagers.create',
    'compute.instanceGroupManagers.update',
    'compute.firewalls.create',
    'compute.networks.create',
  ]),
  'roles/editor': role('roles/editor', 'Editor', [
    'compute.instances.create',
    'compute.instances.list',
    'compute.instanceTemplates.create',
    'compute.instanceGroupManagers.create',
    'container.clusters.create',
    'run.services.create',
    'batch.jobs.create',
    'iam.serviceAccounts.actAs',
    'iam.serviceAccounts.list',
    'resourcemanager.projects.get',
  ]),
  'roles/viewer': role('roles/viewer', 'Viewer', [
    'compute.instances.list',
    'compute.networks.list',
    'resourcemanager.projects.get',
    'iam.serviceAccounts.list',
  ]),
  'roles/iam.serviceAccountTokenCreator': role(
    'roles/iam.serviceAccountTokenCreator',
    'Service Account Token Creator',
    [
      'iam.serviceAccounts.getAccessToken',
      'iam.serviceAccounts.getOpenIdToken',
      'iam.serviceAccounts.implicitDelegation',
      'iam.serviceAccounts.signBlob',
      'iam.serviceAccounts.signJwt',
    ],
  ),
  'roles/iam.serviceAccountUser': role('roles/iam.serviceAccountUser', 'Service Account User', [
    'iam.serviceAccounts.actAs',
    'iam.serviceAccounts.get',
    'iam.serviceAccounts.list',
  ]),
  'roles/iam.serviceAccountAdmin': role('roles/iam.serviceAccountAdmin', 'Service Account Admin', [
    'iam.serviceAccounts.get',
    'iam.serviceAccounts.getIamPolicy',
    'iam.serviceAccounts.list',
    'iam.serviceAccounts.setIamPolicy',
  ]),
  'roles/resourcemanager.projectIamAdmin': role(
    'roles/resourcemanager.projectIamAdmin',
    'Project IAM Admin',
    [
      'resourcemanager.projects.get',
      'resourcemanager.projects.getIamPolicy',
      'resourcemanager.projects.setIamPolicy',
    ],
  ),
  'roles/compute.serviceAgent': role('roles/compute.serviceAgent', 'Compute Engine Service Agent', [
    'compute.instances.create',
    'compute.instances.list',
    'iam.serviceAccounts.actAs',
  ]),
  'roles/resourcemanager.organizationAdmin': role(
    'roles/resourcemanager.organizationAdmin',
    'Organization Administrator',
    [
      'resourcemanager.organizations.get',
      'resourcemanager.organizations.getIamPolicy',
      'resourcemanager.organizations.setIamPolicy',
      'resourcemanager.folders.setIamPolicy',
      'resourcemanager.projects.setIamPolicy',
    ],
  ),
  'roles/iam.roleAdmin': role('roles/iam.roleAdmin', 'Role Administrator', [
    'iam.roles.create',
    'iam.roles.get',
    'iam.roles.list',
    'iam.roles.update',
  ]),
};

function instance(project: string, zone: string, name: string, id: string, o: Partial<Json> = {}): Json {
  return {
    kind: 'compute#instance',
    id,
    creationTimestamp: '2026-11-02T08:14:31.552-07:00',
    name,
    machineType: `${compute}/projects/${project}/zones/${zone}/machineTypes/e2-standard-4`,
    status: 'RUNNING',
    zone: `${compute}/projects/${project}/zones/${zone}`,
    networkInterfaces: [
      {
        kind: 'compute#networkInterface',
        network: `${compute}/projects/${project}/global/networks/prod-vpc`,
        subnetwork: `${compute}/projects/${project}/regions/${zone.slice(0, -2)}/subnetworks/prod-${zone.slice(0, -2)}`,
        networkIP: `10.10.0.${Number(id.slice(-2)) % 250}`,
        name: 'nic0',
        accessConfigs: [],
        fingerprint: 'Nn9Ko3N+VJg=',
        stackType: 'IPV4_ONLY',
      },
    ],
    serviceAccounts: [
      {
        email: `${projectNumberOf(project)}-compute@developer.gserviceaccount.com`,
        scopes: ['https://www.googleapis.com/auth/cloud-platform'],
      },
    ],
    tags: { items: ['web'], fingerprint: '6smc4R4d39I=' },
    labels: { owner: 'payments', env: 'prod' },
    selfLink: `${compute}/projects/${project}/zones/${zone}/instances/${name}`,
    cpuPlatform: 'Intel Broadwell',
    ...o,
  };
}

const numbers: Record<string, string> = {};
function projectNumberOf(project: string): string {
  return numbers[project] ?? '000000000000';
}

function emptyProject(projectId: string, projectNumber: string, parent: string): FakeProject {
  numbers[projectId] = projectNumber;
  return {
    projectId,
    projectNumber,
    parent,
    iamPolicy: { version: 1, etag: 'BwXhXyYbBeA=', bindings: [] },
    serviceAccounts: [],
    serviceAccountPolicies: {},
    instances: [],
    instanceGroupManagers: [],
    networks: [],
    subnetworks: [],
    firewalls: [],
    networkFirewallPolicies: [],
    routes: [],
    routers: [],
    sinks: [],
    buckets: [],
    dnsPolicies: [],
    alertPolicies: [],
    orgPolicies: [],
    effectivePolicies: {},
    sccServices: {},
    findings: [],
    billingInfo: {
      name: `projects/${projectId}/billingInfo`,
      projectId,
      billingAccountName: 'billingAccounts/01A2B3-C4D5E6-F7A8B9',
      billingEnabled: true,
    },
  };
}

function defaultBuckets(project: string): Json[] {
  return [
    {
      name: `projects/${project}/locations/global/buckets/_Default`,
      retentionDays: 30,
      lifecycleState: 'ACTIVE',
      createTime: '2025-01-01T00:00:00Z',
    },
    {
      name: `projects/${project}/locations/global/buckets/_Required`,
      retentionDays: 400,
      locked: true,
      lifecycleState: 'ACTIVE',
      createTime: '2025-01-01T00:00:00Z',
    },
  ];
}

function defaultSinks(project: string): Json[] {
  return [
    {
      name: '_Required',
      destination: `logging.googleapis.com/projects/${project}/locations/global/buckets/_Required`,
      filter:
        'LOG_ID("cloudaudit.googleapis.com/activity") OR LOG_ID("externalaudittrail.googleapis.com/activity") OR LOG_ID("cloudaudit.googleapis.com/system_event") OR LOG_ID("externalaudittrail.googleapis.com/system_event") OR LOG_ID("cloudaudit.googleapis.com/access_transparency") OR LOG_ID("externalaudittrail.googleapis.com/access_transparency")',
      createTime: '2025-01-01T00:00:00Z',
      updateTime: '2025-01-01T00:00:00Z',
    },
    {
      name: '_Default',
      destination: `logging.googleapis.com/projects/${project}/locations/global/buckets/_Default`,
      filter:
        'NOT LOG_ID("cloudaudit.googleapis.com/activity") AND NOT LOG_ID("externalaudittrail.googleapis.com/activity") AND NOT LOG_ID("cloudaudit.googleapis.com/system_event") AND NOT LOG_ID("externalaudittrail.googleapis.com/system_event") AND NOT LOG_ID("cloudaudit.googleapis.com/access_transparency") AND NOT LOG_ID("externalaudittrail.googleapis.com/access_transparency")',
      createTime: '2025-01-01T00:00:00Z',
      updateTime: '2025-01-01T00:00:00Z',
    },
  ];
}

export const ORG = '123456789012';
export const BILLING = '01A2B3-C4D5E6-F7A8B9';

/**
 * acme.example: the organization → folder `prod` (→ folder `payments`) and `sandbox`. `acme-prod` carries every
 * case the evaluator must get right; `acme-dev` is plain; `acme-locked` denies every read; `acme-nocompute` has the
 * Compute Engine API switched off.
 */
export function acmeEstate(): FakeEstate {
  const prod = emptyProject('acme-prod', '210987654321', 'folders/2001');
  const p = 'acme-prod';
  const deployer = `deployer@${p}.iam.gserviceaccount.com`;
  const batch = `batch-runner@${p}.iam.gserviceaccount.com`;
  prod.iamPolicy = {
    version: 3,
    etag: 'BwYRp3n2Fds=',
    bindings: [
      { role: `organizations/${ORG}/roles/vmLauncher`, members: ['user:bob@acme.example'] },
      {
        role: 'roles/compute.instanceAdmin.v1',
        members: ['user:carol@acme.example'],
        condition: {
          title: 'until-2026-12-31',
          description: 'temporary access for the migration',
          expression: 'request.time < timestamp("2026-12-31T00:00:00Z")',
        },
      },
      {
        role: 'roles/compute.instanceAdmin.v1',
        members: [`serviceAccount:${deployer}`, `serviceAccount:${batch}`],
      },
      { role: `organizations/${ORG}/roles/auditReader`, members: ['user:rita@acme.example'] },
      {
        role: 'roles/editor',
        members: [
          'user:mallory@gmail.com',
          `serviceAccount:210987654321-compute@developer.gserviceaccount.com`,
        ],
      },
      { role: 'roles/resourcemanager.projectIamAdmin', members: ['user:erin@acme.example'] },
      {
        role: 'roles/compute.serviceAgent',
        members: ['serviceAccount:service-210987654321@compute-system.iam.gserviceaccount.com'],
      },
      {
        role: 'roles/viewer',
        members: ['group:auditors@acme.example', 'deleted:user:old@acme.example?uid=123'],
      },
      { role: 'roles/iam.serviceAccountAdmin', members: ['user:sam@acme.example'] },
    ],
  };
  prod.serviceAccounts = [deployer, batch].map((email, i) => ({
    name: `projects/${p}/serviceAccounts/${email}`,
    projectId: p,
    uniqueId: `10987654321098765432${i}`,
    email,
    displayName: email.split('@')[0],
    etag: 'MDEwMjE5MjA=',
    oauth2ClientId: `10987654321098765432${i}`,
  }));
  prod.serviceAccountPolicies = {
    [deployer]: {
      version: 1,
      etag: 'BwYRp3n2Fds=',
      bindings: [
        { role: 'roles/iam.serviceAccountTokenCreator', members: ['user:dave@acme.example'] },
        { role: 'roles/iam.serviceAccountAdmin', members: ['user:tess@acme.example'] },
      ],
    },
    [batch]: {
      version: 1,
      etag: 'ACAB',
      bindings: [
        { role: 'roles/iam.serviceAccountTokenCreator', members: ['allAuthenticatedUsers'] },
        { role: 'roles/iam.serviceAccountUser', members: ['user:frank@acme.example'] },
      ],
    },
  };
  prod.instances = [
    instance(p, 'us-central1-a', 'web-1', '4815162342000000001'),
    instance(p, 'us-central1-b', 'web-2', '4815162342000000002', { labels: { env: 'prod' } }),
    instance(p, 'europe-west1-b', 'batch-7x2k', '4815162342000000003', {
      labels: { owner: 'data' },
      tags: { items: ['batch'], fingerprint: 'x' },
      networkInterfaces: [
        {
          kind: 'compute#networkInterface',
          network: `${compute}/projects/${p}/global/networks/prod-vpc`,
          subnetwork: `${compute}/projects/${p}/regions/europe-west1/subnetworks/prod-europe-west1`,
          networkIP: '10.20.0.7',
          name: 'nic0',
          accessConfigs: [
            {
              kind: 'compute#accessConfig',
              type: 'ONE_TO_ONE_NAT',
              name: 'External NAT',
              natIP: '34.76.1.2',
              networkTier: 'PREMIUM',
            },
          ],
        },
      ],
      serviceAccounts: [{ email: batch, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }],
      metadata: {
        kind: 'compute#metadata',
        fingerprint: 'abc',
        items: [
          {
            key: 'created-by',
            value: `projects/210987654321/zones/europe-west1-b/instanceGroupManagers/batch`,
          },
        ],
      },
    }),
  ];
  prod.instanceGroupManagers = [
    {
      kind: 'compute#instanceGroupManager',
      id: '7000000000000000001',
      name: 'batch',
      zone: `${compute}/projects/${p}/zones/europe-west1-b`,
      instanceTemplate: `${compute}/projects/${p}/global/instanceTemplates/batch-v3`,
      instanceGroup: `${compute}/projects/${p}/zones/europe-west1-b/instanceGroups/batch`,
      baseInstanceName: 'batch',
      targetSize: 1,
      selfLink: `${compute}/projects/${p}/zones/europe-west1-b/instanceGroupManagers/batch`,
      creationTimestamp: '2026-10-01T10:00:00.000-07:00',
      currentActions: { none: 1 },
    },
  ];
  prod.networks = [
    {
      kind: 'compute#network',
      id: '5000000000000000001',
      name: 'prod-vpc',
      selfLink: `${compute}/projects/${p}/global/networks/prod-vpc`,
      autoCreateSubnetworks: false,
      subnetworks: [
        `${compute}/projects/${p}/regions/us-central1/subnetworks/prod-us-central1`,
        `${compute}/projects/${p}/regions/europe-west1/subnetworks/prod-europe-west1`,
      ],
      routingConfig: { routingMode: 'GLOBAL' },
      networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
      creationTimestamp: '2025-03-01T00:00:00.000-08:00',
    },
  ];
  prod.subnetworks = [
    {
      kind: 'compute#subnetwork',
      id: '5100000000000000001',
      name: 'prod-us-central1',
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      ipCidrRange: '10.10.0.0/20',
      region: `${compute}/projects/${p}/regions/us-central1`,
      selfLink: `${compute}/projects/${p}/regions/us-central1/subnetworks/prod-us-central1`,
      enableFlowLogs: true,
      logConfig: {
        enable: true,
        aggregationInterval: 'INTERVAL_5_SEC',
        flowSampling: 1,
        metadata: 'INCLUDE_ALL_METADATA',
      },
      privateIpGoogleAccess: true,
    },
    {
      kind: 'compute#subnetwork',
      id: '5100000000000000002',
      name: 'prod-europe-west1',
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      ipCidrRange: '10.20.0.0/20',
      region: `${compute}/projects/${p}/regions/europe-west1`,
      selfLink: `${compute}/projects/${p}/regions/europe-west1/subnetworks/prod-europe-west1`,
      logConfig: {
        enable: true,
        aggregationInterval: 'INTERVAL_5_SEC',
        flowSampling: 0.1,
        metadata: 'EXCLUDE_ALL_METADATA',
        filterExpr: 'connection.dest_port != 3333',
      },
      privateIpGoogleAccess: false,
    },
  ];
  prod.firewalls = [
    {
      kind: 'compute#firewall',
      id: '6000000000000000001',
      name: 'deny-stratum-egress',
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      priority: 900,
      direction: 'EGRESS',
      denied: [{ IPProtocol: 'tcp', ports: ['3333', '4444', '5555'] }],
      destinationRanges: ['0.0.0.0/0'],
      targetTags: ['web'],
      disabled: false,
      selfLink: `${compute}/projects/${p}/global/firewalls/deny-stratum-egress`,
      creationTimestamp: '2025-03-01T00:00:00.000-08:00',
    },
    {
      kind: 'compute#firewall',
      id: '6000000000000000002',
      name: 'allow-batch-egress',
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      priority: 1000,
      direction: 'EGRESS',
      allowed: [{ IPProtocol: 'tcp', ports: ['443', '8000-9000'] }, { IPProtocol: 'udp' }],
      destinationRanges: ['0.0.0.0/0'],
      targetServiceAccounts: [batch],
      disabled: false,
      selfLink: `${compute}/projects/${p}/global/firewalls/allow-batch-egress`,
      creationTimestamp: '2025-03-01T00:00:00.000-08:00',
    },
    {
      kind: 'compute#firewall',
      id: '6000000000000000003',
      name: 'allow-ssh-ingress',
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      priority: 1000,
      direction: 'INGRESS',
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
      sourceRanges: ['35.235.240.0/20'],
      disabled: false,
      selfLink: `${compute}/projects/${p}/global/firewalls/allow-ssh-ingress`,
      creationTimestamp: '2025-03-01T00:00:00.000-08:00',
    },
  ];
  prod.networkFirewallPolicies = [
    {
      kind: 'compute#firewallPolicy',
      id: '8000000000000000001',
      name: 'prod-egress',
      selfLink: `${compute}/projects/${p}/global/firewallPolicies/prod-egress`,
      associations: [
        { name: 'prod-vpc-assoc', attachmentTarget: `${compute}/projects/${p}/global/networks/prod-vpc` },
      ],
      rules: [
        {
          kind: 'compute#firewallPolicyRule',
          priority: 100,
          direction: 'EGRESS',
          action: 'deny',
          match: { destIpRanges: ['198.51.100.0/24'], layer4Configs: [{ ipProtocol: 'all' }] },
        },
        {
          kind: 'compute#firewallPolicyRule',
          priority: 2147483645,
          direction: 'EGRESS',
          action: 'goto_next',
          match: { destIpRanges: ['::/0'], layer4Configs: [{ ipProtocol: 'all' }] },
        },
      ],
      ruleTupleCount: 4,
    },
  ];
  prod.routes = [
    {
      kind: 'compute#route',
      id: '9000000000000000001',
      name: 'default-route-internet',
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      destRange: '0.0.0.0/0',
      priority: 1000,
      nextHopGateway: `${compute}/projects/${p}/global/gateways/default-internet-gateway`,
      selfLink: `${compute}/projects/${p}/global/routes/default-route-internet`,
    },
    {
      kind: 'compute#route',
      id: '9000000000000000002',
      name: 'default-route-subnet-us',
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      destRange: '10.10.0.0/20',
      priority: 0,
      nextHopNetwork: `${compute}/projects/${p}/global/networks/prod-vpc`,
      selfLink: `${compute}/projects/${p}/global/routes/default-route-subnet-us`,
    },
  ];
  prod.routers = [
    {
      kind: 'compute#router',
      id: '9100000000000000001',
      name: 'nat-router',
      region: `${compute}/projects/${p}/regions/us-central1`,
      network: `${compute}/projects/${p}/global/networks/prod-vpc`,
      nats: [
        {
          name: 'prod-nat',
          natIpAllocateOption: 'AUTO_ONLY',
          sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
          logConfig: { enable: false, filter: 'ALL' },
        },
      ],
      selfLink: `${compute}/projects/${p}/regions/us-central1/routers/nat-router`,
    },
  ];
  prod.sinks = [
    ...defaultSinks(p),
    {
      name: 'audit-to-archive',
      destination: `logging.googleapis.com/projects/${p}/locations/global/buckets/audit-archive`,
      filter: 'logName:"cloudaudit.googleapis.com%2Factivity"',
      writerIdentity: 'serviceAccount:service-210987654321@gcp-sa-logging.iam.gserviceaccount.com',
      createTime: '2025-05-01T00:00:00Z',
      updateTime: '2025-05-01T00:00:00Z',
    },
    {
      name: 'flows-to-bq',
      destination: `bigquery.googleapis.com/projects/${p}/datasets/flows`,
      filter: 'logName:"compute.googleapis.com%2Fvpc_flows"',
      writerIdentity: 'serviceAccount:service-210987654321@gcp-sa-logging.iam.gserviceaccount.com',
      createTime: '2025-05-01T00:00:00Z',
      updateTime: '2025-05-01T00:00:00Z',
    },
  ];
  prod.buckets = [
    ...defaultBuckets(p),
    {
      name: `projects/${p}/locations/global/buckets/audit-archive`,
      retentionDays: 800,
      lifecycleState: 'ACTIVE',
      createTime: '2025-05-01T00:00:00Z',
    },
  ];
  prod.dnsPolicies = [
    {
      kind: 'dns#policy',
      id: '1000000000000000001',
      name: 'query-logging',
      enableLogging: true,
      enableInboundForwarding: false,
      networks: [
        { kind: 'dns#policyNetwork', networkUrl: `${compute}/projects/${p}/global/networks/prod-vpc` },
      ],
      description: 'log every query',
    },
  ];
  prod.alertPolicies = [
    {
      name: `projects/${p}/alertPolicies/1111111111111111111`,
      displayName: 'High CPU on payments instances',
      combiner: 'OR',
      enabled: true,
      notificationChannels: [`projects/${p}/notificationChannels/2222222222222222222`],
      conditions: [
        {
          name: `projects/${p}/alertPolicies/1111111111111111111/conditions/3333`,
          displayName: 'CPU above 80% for 15 minutes',
          conditionThreshold: {
            filter:
              'resource.type = "gce_instance" AND metric.type = "compute.googleapis.com/instance/cpu/utilization" AND metadata.user_labels."owner" = "payments"',
            comparison: 'COMPARISON_GT',
            thresholdValue: 0.8,
            duration: '900s',
            aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_MEAN' }],
          },
        },
      ],
    },
  ];
  prod.orgPolicies = [
    {
      name: `projects/210987654321/policies/compute.vmExternalIpAccess`,
      spec: { rules: [{ denyAll: true }], etag: 'CNbgm8AGEJiYlN4C' },
    },
  ];
  prod.effectivePolicies = {
    'gcp.resourceLocations': {
      name: 'projects/210987654321/policies/gcp.resourceLocations',
      spec: { rules: [{ values: { allowedValues: ['in:us-locations', 'in:eu-locations'] } }] },
    },
    'compute.vmExternalIpAccess': {
      name: 'projects/210987654321/policies/compute.vmExternalIpAccess',
      spec: { rules: [{ denyAll: true }] },
    },
    'custom.allowedMachineTypes': {
      name: 'projects/210987654321/policies/custom.allowedMachineTypes',
      spec: { rules: [{ enforce: true }] },
    },
  };
  prod.sccServices = {
    'vm-threat-detection': {
      name: `projects/${p}/locations/global/securityCenterServices/vm-threat-detection`,
      intendedEnablementState: 'INHERITED',
      effectiveEnablementState: 'ENABLED',
      updateTime: '2026-06-01T00:00:00Z',
    },
    'event-threat-detection': {
      name: `projects/${p}/locations/global/securityCenterServices/event-threat-detection`,
      intendedEnablementState: 'INHERITED',
      effectiveEnablementState: 'ENABLED',
      updateTime: '2026-06-01T00:00:00Z',
    },
  };
  prod.findings = [
    {
      finding: {
        name: `organizations/${ORG}/sources/111/findings/f-1`,
        parent: `organizations/${ORG}/sources/111`,
        resourceName: `//compute.googleapis.com/projects/${p}/zones/europe-west1-b/instances/4815162342000000003`,
        state: 'ACTIVE',
        category: 'Execution: Cryptocurrency Mining Hash Match',
        findingClass: 'THREAT',
        severity: 'CRITICAL',
        eventTime: '2026-11-20T10:05:00Z',
        createTime: '2026-11-20T10:06:00Z',
      },
      resource: {
        name: `//compute.googleapis.com/projects/${p}/zones/europe-west1-b/instances/4815162342000000003`,
        projectDisplayName: p,
      },
    },
  ];

  const dev = emptyProject('acme-dev', '310987654321', 'folders/1001');
  dev.instances = [
    instance('acme-dev', 'us-east1-b', 'scratch', '5815162342000000001', {
      labels: {},
      serviceAccounts: [],
      networkInterfaces: [
        {
          kind: 'compute#networkInterface',
          network: `${compute}/projects/acme-dev/global/networks/default`,
          subnetwork: `${compute}/projects/acme-dev/regions/us-east1/subnetworks/default`,
          networkIP: '10.142.0.2',
          name: 'nic0',
          accessConfigs: [
            { kind: 'compute#accessConfig', type: 'ONE_TO_ONE_NAT', name: 'External NAT', natIP: '35.1.2.3' },
          ],
        },
      ],
      tags: { fingerprint: '42WmSpB8rSM=' },
    }),
  ];
  dev.networks = [
    {
      kind: 'compute#network',
      id: '5000000000000000002',
      name: 'default',
      selfLink: `${compute}/projects/acme-dev/global/networks/default`,
      autoCreateSubnetworks: true,
      routingConfig: { routingMode: 'REGIONAL' },
      networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
    },
  ];
  dev.subnetworks = [
    {
      kind: 'compute#subnetwork',
      id: '5100000000000000003',
      name: 'default',
      network: `${compute}/projects/acme-dev/global/networks/default`,
      ipCidrRange: '10.142.0.0/20',
      region: `${compute}/projects/acme-dev/regions/us-east1`,
      selfLink: `${compute}/projects/acme-dev/regions/us-east1/subnetworks/default`,
    },
  ];
  dev.routes = [
    {
      kind: 'compute#route',
      id: '9000000000000000003',
      name: 'default-route-dev',
      network: `${compute}/projects/acme-dev/global/networks/default`,
      destRange: '0.0.0.0/0',
      priority: 1000,
      nextHopGateway: `${compute}/projects/acme-dev/global/gateways/default-internet-gateway`,
    },
  ];
  dev.sinks = defaultSinks('acme-dev');
  dev.buckets = defaultBuckets('acme-dev');
  dev.sccServices = {
    'vm-threat-detection': {
      name: 'projects/acme-dev/locations/global/securityCenterServices/vm-threat-detection',
      intendedEnablementState: 'DISABLED',
      effectiveEnablementState: 'DISABLED',
    },
    'event-threat-detection': {
      name: 'projects/acme-dev/locations/global/securityCenterServices/event-threat-detection',
      intendedEnablementState: 'INHERITED',
      effectiveEnablementState: 'ENABLED',
    },
  };
  dev.billingInfo = {
    name: 'projects/acme-dev/billingInfo',
    projectId: 'acme-dev',
    billingAccountName: '',
    billingEnabled: false,
  };

  const locked = emptyProject('acme-locked', '410987654321', 'folders/1001');
  locked.denied = true;
  const nocompute = emptyProject('acme-nocompute', '510987654321', 'folders/1001');
  nocompute.disabled = ['compute'];
  nocompute.sinks = defaultSinks('acme-nocompute');
  nocompute.buckets = defaultBuckets('acme-nocompute');

  const leaving = emptyProject('acme-old', '610987654321', 'folders/2001');
  leaving.state = 'DELETE_REQUESTED';

  return {
    organization: {
      id: ORG,
      domain: 'acme.example',
      iamPolicy: {
        version: 1,
        etag: 'BwWWja0YfJA=',
        bindings: [
          { role: 'roles/compute.instanceAdmin.v1', members: ['group:platform@acme.example'] },
          { role: 'roles/resourcemanager.organizationAdmin', members: ['user:admin@acme.example'] },
          { role: 'roles/iam.roleAdmin', members: ['user:rita@acme.example'] },
        ],
      },
      orgPolicies: [
        {
          name: `organizations/${ORG}/policies/gcp.resourceLocations`,
          spec: { rules: [{ values: { allowedValues: ['in:us-locations', 'in:eu-locations'] } }] },
        },
      ],
      customConstraints: [
        {
          name: `organizations/${ORG}/customConstraints/custom.allowedMachineTypes`,
          resourceTypes: ['compute.googleapis.com/Instance'],
          methodTypes: ['CREATE', 'UPDATE'],
          condition: "resource.machineType.endsWith('-standard-4') || resource.machineType.contains('e2-')",
          actionType: 'ALLOW',
          displayName: 'Only approved machine types',
        },
      ],
      sinks: [
        {
          name: 'org-audit',
          destination: 'storage.googleapis.com/acme-org-audit-logs',
          filter: 'logName:"cloudaudit.googleapis.com%2Factivity"',
          includeChildren: true,
          writerIdentity: 'serviceAccount:o123456789012-111111@gcp-sa-logging.iam.gserviceaccount.com',
        },
      ],
      firewallPolicies: [
        {
          kind: 'compute#firewallPolicy',
          id: '811111111111',
          name: '811111111111',
          shortName: 'org-baseline',
          displayName: 'org-baseline',
          parent: `organizations/${ORG}`,
          associations: [{ name: 'org-assoc', attachmentTarget: `organizations/${ORG}` }],
          rules: [
            {
              kind: 'compute#firewallPolicyRule',
              priority: 1000,
              direction: 'EGRESS',
              action: 'deny',
              match: {
                destIpRanges: ['0.0.0.0/0'],
                layer4Configs: [{ ipProtocol: 'tcp', ports: ['3333', '14444'] }],
              },
            },
            {
              kind: 'compute#firewallPolicyRule',
              priority: 2000,
              direction: 'EGRESS',
              action: 'goto_next',
              match: { destIpRanges: ['0.0.0.0/0'], layer4Configs: [{ ipProtocol: 'all' }] },
            },
          ],
        },
      ],
    },
    folders: [
      {
        id: '1001',
        parent: `organizations/${ORG}`,
        displayName: 'prod',
        iamPolicy: {
          version: 1,
          etag: 'BwX',
          bindings: [{ role: 'roles/compute.admin', members: ['user:alice@acme.example'] }],
        },
        orgPolicies: [],
        sinks: [],
        firewallPolicies: [],
      },
      {
        id: '2001',
        parent: 'folders/1001',
        displayName: 'payments',
        iamPolicy: { version: 1, etag: 'BwY', bindings: [] },
        orgPolicies: [
          { name: 'folders/2001/policies/custom.allowedMachineTypes', spec: { rules: [{ enforce: true }] } },
        ],
        sinks: [],
        firewallPolicies: [],
      },
    ],
    projects: [prod, dev, locked, nocompute, leaving],
    roles: {
      ...predefinedRoles,
      [`organizations/${ORG}/roles/vmLauncher`]: role(
        `organizations/${ORG}/roles/vmLauncher`,
        'VM launcher',
        ['compute.instances.create', 'compute.disks.create', 'compute.subnetworks.use'],
      ),
      [`organizations/${ORG}/roles/auditReader`]: role(
        `organizations/${ORG}/roles/auditReader`,
        'Audit reader',
        ['logging.logEntries.list', 'resourcemanager.projects.get'],
      ),
    },
    budgets: {
      [BILLING]: [
        {
          name: `billingAccounts/${BILLING}/budgets/b-1`,
          displayName: 'prod compute',
          budgetFilter: { projects: ['projects/210987654321'], creditTypesTreatment: 'INCLUDE_ALL_CREDITS' },
          amount: { specifiedAmount: { currencyCode: 'USD', units: '5000' } },
          thresholdRules: [
            { thresholdPercent: 0.5, spendBasis: 'CURRENT_SPEND' },
            { thresholdPercent: 0.9, spendBasis: 'CURRENT_SPEND' },
          ],
          notificationsRule: { monitoringNotificationChannels: [], disableDefaultIamRecipients: false },
          etag: 'abc',
        },
      ],
    },
  };
}
