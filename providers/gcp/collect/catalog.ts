import { nodeName } from '../bundle-paths.js';
import { apiJson, noGaxRetry } from './clients.js';
import { type CallTarget, type Declaration, declare, type Json, type Page } from './declaration.js';

// googleapis clients: gaxios's own retries off; the engine retries with pacing it controls.
const once = { retry: false } as const;
const iamV3 = { options: { requestedPolicyVersion: 3 } };
const computeRoot = 'google.cloud.compute.v1.';

/** Lists a googleapis method's answer: the named list, merged across pages. */
function listed(data: unknown, field: string): Page {
  const d = (data ?? {}) as Json;
  return { items: (d[field] as unknown[] | undefined) ?? [], next: d.nextPageToken as string | undefined };
}

function projectOf(t: CallTarget): string {
  return t.node.id;
}

type GaxList = (req: Json, opts: unknown) => Promise<unknown[]>;

/** A compute list method (one page, no gax paging): items as the API names them. */
async function computeList(client: unknown, method: string, type: string, req: Json, token?: string) {
  const fn = (client as Record<string, GaxList>)[method] as GaxList;
  const r = await fn.call(
    client,
    { ...req, maxResults: 500, ...(token ? { pageToken: token } : {}) },
    noGaxRetry,
  );
  const json = apiJson(client, computeRoot + type, r[2]);
  return {
    items: (json.items as unknown[] | undefined) ?? [],
    next: json.nextPageToken as string | undefined,
  };
}

type InnerCall = (req: Json, opts: unknown, cb: (err: unknown, ...r: unknown[]) => void) => void;

/** A compute aggregated list, flattened across zones and regions as `gcloud … list` prints it. */
async function computeAggregated(
  client: unknown,
  type: string,
  field: string,
  project: string,
  token?: string,
) {
  const c = client as { initialize(): Promise<unknown>; innerApiCalls: Record<string, InnerCall> };
  await c.initialize();
  const inner = c.innerApiCalls.aggregatedList as InnerCall;
  const req = {
    project,
    maxResults: 500,
    returnPartialSuccess: true,
    ...(token ? { pageToken: token } : {}),
  };
  const raw = await new Promise<unknown>((resolve, reject) =>
    inner(req, noGaxRetry, (err, ...r) => (err ? reject(err) : resolve(r[2] ?? r[0]))),
  );
  const json = apiJson(client, computeRoot + type, raw);
  const items: unknown[] = [];
  for (const scoped of Object.values((json.items ?? {}) as Record<string, Json>))
    items.push(...(((scoped as Json)[field] as unknown[] | undefined) ?? []));
  return { items, next: json.nextPageToken as string | undefined };
}

/** Roles bound in IAM policies (`roles/…`, `projects/P/roles/…`, `organizations/O/roles/…`). */
function boundRoles(...policies: unknown[]): string[] {
  const roles = new Set<string>();
  for (const p of policies)
    for (const b of ((p as Json | undefined)?.bindings as Json[] | undefined) ?? [])
      if (typeof b.role === 'string') roles.add(b.role);
  return [...roles].sort();
}

/** Constraints worth the effective policy: region restriction always, and every constraint set up the hierarchy. */
const alwaysConstraints = ['gcp.resourceLocations'];
function listedConstraints(...lists: unknown[]): string[] {
  const out = new Set(alwaysConstraints);
  for (const list of lists)
    for (const p of (list as Json[] | undefined) ?? []) {
      const name = typeof p.name === 'string' ? p.name : '';
      const c = name.split('/policies/')[1];
      if (c) out.add(c);
    }
  return [...out].sort();
}

export const threatServices = ['vm-threat-detection', 'event-threat-detection'];

/** SCC categories that name cryptomining (VM Threat Detection and Event Threat Detection). */
export const cryptoFindingsFilter =
  'state="ACTIVE" AND (category:"Cryptocurrency" OR category:"Cryptomining" OR category:"Coinminer")';

const project: Declaration[] = [
  declare({
    command: 'projects-describe',
    gcloud: 'gcloud projects describe PROJECT',
    level: 'project',
    service: 'cloudresourcemanager',
    method: 'cloudresourcemanager.projects.get',
    domain: 'organization',
    permissions: ['resourcemanager.projects.get'],
    call: async (c, t) => ({ value: (await c.crm1.projects.get({ projectId: projectOf(t) }, once)).data }),
  }),
  declare({
    command: 'projects-get-ancestors',
    gcloud: 'gcloud projects get-ancestors PROJECT',
    level: 'project',
    service: 'cloudresourcemanager',
    method: 'cloudresourcemanager.projects.getAncestry',
    domain: 'organization',
    permissions: ['resourcemanager.projects.get'],
    call: async (c, t) => {
      const r = await c.crm1.projects.getAncestry({ projectId: projectOf(t), requestBody: {} }, once);
      // gcloud prints the ancestry as [{id, type}], project first.
      const value = (r.data.ancestor ?? []).map((a) => ({ id: a.resourceId?.id, type: a.resourceId?.type }));
      return { value };
    },
  }),
  declare({
    command: 'projects-get-iam-policy',
    gcloud: 'gcloud projects get-iam-policy PROJECT (policy version 3)',
    level: 'project',
    service: 'cloudresourcemanager',
    method: 'cloudresourcemanager.projects.getIamPolicy',
    domain: 'identity',
    permissions: ['resourcemanager.projects.getIamPolicy'],
    call: async (c, t) => ({
      value: (await c.crm1.projects.getIamPolicy({ resource: projectOf(t), requestBody: iamV3 }, once)).data,
    }),
  }),
  declare({
    command: 'iam-service-accounts-list',
    gcloud: 'gcloud iam service-accounts list --project PROJECT',
    level: 'project',
    service: 'iam',
    method: 'iam.projects.serviceAccounts.list',
    domain: 'identity',
    permissions: ['iam.serviceAccounts.list'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.iam.projects.serviceAccounts.list(
            { name: `projects/${projectOf(t)}`, pageSize: 100, ...(pageToken ? { pageToken } : {}) },
            once,
          )
        ).data,
        'accounts',
      ),
  }),
  declare({
    command: 'iam-service-accounts-get-iam-policy',
    gcloud: 'gcloud iam service-accounts get-iam-policy EMAIL',
    level: 'project',
    service: 'iam',
    method: 'iam.projects.serviceAccounts.getIamPolicy',
    domain: 'identity',
    permissions: ['iam.serviceAccounts.getIamPolicy'],
    after: ['iam-service-accounts-list'],
    keys: (ctx) =>
      ((ctx.own('iam-service-accounts-list') as Json[] | undefined) ?? [])
        .map((a) => a.email)
        .filter((e): e is string => typeof e === 'string'),
    call: async (c, t) => ({
      value: (
        await c.iam.projects.serviceAccounts.getIamPolicy(
          {
            resource: `projects/${projectOf(t)}/serviceAccounts/${t.key}`,
            'options.requestedPolicyVersion': 3,
          },
          once,
        )
      ).data,
    }),
  }),
  declare({
    command: 'iam-roles-describe',
    gcloud: 'gcloud iam roles describe ROLE',
    level: 'project',
    service: 'iam',
    method: 'iam.roles.get',
    domain: 'identity',
    permissions: ['iam.roles.get'],
    after: ['projects-get-iam-policy', 'iam-service-accounts-get-iam-policy', 'ancestors'],
    keys: (ctx) =>
      boundRoles(
        ctx.own('projects-get-iam-policy'),
        ...ctx.ancestors('resource-manager-folders-get-iam-policy'),
        ...ctx.ancestors('organizations-get-iam-policy'),
        ...((ctx.own('iam-service-accounts-get-iam-policy') as unknown[] | undefined) ?? []),
      ),
    call: async (c, t) => {
      const name = t.key as string;
      const r = name.startsWith('projects/')
        ? await c.iam.projects.roles.get({ name }, once)
        : name.startsWith('organizations/')
          ? await c.iam.organizations.roles.get({ name }, once)
          : await c.iam.roles.get({ name }, once);
      return { value: r.data };
    },
  }),
  declare({
    command: 'compute-instances-list',
    gcloud: 'gcloud compute instances list',
    level: 'project',
    service: 'compute',
    method: 'compute.instances.aggregatedList',
    domain: 'workloads',
    permissions: ['compute.instances.list'],
    call: (c, t, token) =>
      computeAggregated(c.compute.instances, 'InstanceAggregatedList', 'instances', projectOf(t), token),
  }),
  declare({
    command: 'compute-instance-groups-managed-list',
    gcloud: 'gcloud compute instance-groups managed list',
    level: 'project',
    service: 'compute',
    method: 'compute.instanceGroupManagers.aggregatedList',
    domain: 'autoscaling-groups',
    permissions: ['compute.instanceGroupManagers.list'],
    call: (c, t, token) =>
      computeAggregated(
        c.compute.instanceGroupManagers,
        'InstanceGroupManagerAggregatedList',
        'instanceGroupManagers',
        projectOf(t),
        token,
      ),
  }),
  declare({
    command: 'compute-networks-list',
    gcloud: 'gcloud compute networks list',
    level: 'project',
    service: 'compute',
    method: 'compute.networks.list',
    domain: 'networks',
    permissions: ['compute.networks.list'],
    call: (c, t, token) =>
      computeList(c.compute.networks, 'list', 'NetworkList', { project: projectOf(t) }, token),
  }),
  declare({
    command: 'compute-networks-subnets-list',
    gcloud: 'gcloud compute networks subnets list',
    level: 'project',
    service: 'compute',
    method: 'compute.subnetworks.aggregatedList',
    domain: 'subnets',
    permissions: ['compute.subnetworks.list'],
    call: (c, t, token) =>
      computeAggregated(
        c.compute.subnetworks,
        'SubnetworkAggregatedList',
        'subnetworks',
        projectOf(t),
        token,
      ),
  }),
  declare({
    command: 'compute-firewall-rules-list',
    gcloud: 'gcloud compute firewall-rules list',
    level: 'project',
    service: 'compute',
    method: 'compute.firewalls.list',
    domain: 'firewalls',
    permissions: ['compute.firewalls.list'],
    call: (c, t, token) =>
      computeList(c.compute.firewalls, 'list', 'FirewallList', { project: projectOf(t) }, token),
  }),
  declare({
    command: 'compute-network-firewall-policies-list',
    gcloud: 'gcloud compute network-firewall-policies list --global',
    level: 'project',
    service: 'compute',
    method: 'compute.networkFirewallPolicies.list',
    domain: 'firewalls',
    permissions: ['compute.networkFirewallPolicies.list'],
    call: (c, t, token) =>
      computeList(
        c.compute.networkFirewallPolicies,
        'list',
        'FirewallPolicyList',
        { project: projectOf(t) },
        token,
      ),
  }),
  declare({
    command: 'compute-routes-list',
    gcloud: 'gcloud compute routes list',
    level: 'project',
    service: 'compute',
    method: 'compute.routes.list',
    domain: 'route-tables',
    permissions: ['compute.routes.list'],
    call: (c, t, token) =>
      computeList(c.compute.routes, 'list', 'RouteList', { project: projectOf(t) }, token),
  }),
  declare({
    command: 'compute-routers-list',
    gcloud: 'gcloud compute routers list',
    level: 'project',
    service: 'compute',
    method: 'compute.routers.aggregatedList',
    domain: 'route-tables',
    permissions: ['compute.routers.list'],
    call: (c, t, token) =>
      computeAggregated(c.compute.routers, 'RouterAggregatedList', 'routers', projectOf(t), token),
  }),
  declare({
    command: 'logging-sinks-list',
    gcloud: 'gcloud logging sinks list --project PROJECT',
    level: 'project',
    service: 'logging',
    method: 'logging.projects.sinks.list',
    domain: 'audit-logs',
    permissions: ['logging.sinks.list'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.logging.projects.sinks.list(
            { parent: `projects/${projectOf(t)}`, pageSize: 200, ...(pageToken ? { pageToken } : {}) },
            once,
          )
        ).data,
        'sinks',
      ),
  }),
  declare({
    command: 'logging-buckets-list',
    gcloud: 'gcloud logging buckets list --project PROJECT (all locations)',
    level: 'project',
    service: 'logging',
    method: 'logging.projects.locations.buckets.list',
    domain: 'log-groups',
    permissions: ['logging.buckets.list'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.logging.projects.locations.buckets.list(
            {
              parent: `projects/${projectOf(t)}/locations/-`,
              pageSize: 200,
              ...(pageToken ? { pageToken } : {}),
            },
            once,
          )
        ).data,
        'buckets',
      ),
  }),
  declare({
    command: 'dns-policies-list',
    gcloud: 'gcloud dns policies list',
    level: 'project',
    service: 'dns',
    method: 'dns.policies.list',
    domain: 'dns-query-logs',
    permissions: ['dns.policies.list'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.dns.policies.list(
            { project: projectOf(t), maxResults: 1000, ...(pageToken ? { pageToken } : {}) },
            once,
          )
        ).data,
        'policies',
      ),
  }),
  declare({
    command: 'monitoring-policies-list',
    gcloud: 'gcloud monitoring policies list',
    level: 'project',
    service: 'monitoring',
    method: 'monitoring.projects.alertPolicies.list',
    domain: 'alarms',
    permissions: ['monitoring.alertPolicies.list'],
    call: async (c, t, pageToken) => {
      const r = await c.monitoring.listAlertPolicies(
        { name: `projects/${projectOf(t)}`, pageSize: 1000, ...(pageToken ? { pageToken } : {}) },
        noGaxRetry as never,
      );
      const json = apiJson(c.monitoring, 'google.monitoring.v3.ListAlertPoliciesResponse', r[2]);
      return listed(json, 'alertPolicies');
    },
  }),
  declare({
    command: 'org-policies-list',
    gcloud: 'gcloud org-policies list --project PROJECT',
    level: 'project',
    service: 'orgpolicy',
    method: 'orgpolicy.projects.policies.list',
    domain: 'guardrails',
    permissions: ['orgpolicy.policies.list'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.orgpolicy.projects.policies.list(
            { parent: `projects/${projectOf(t)}`, pageSize: 100, ...(pageToken ? { pageToken } : {}) },
            once,
          )
        ).data,
        'policies',
      ),
  }),
  declare({
    command: 'org-policies-describe',
    gcloud: 'gcloud org-policies describe CONSTRAINT --project PROJECT --effective',
    level: 'project',
    service: 'orgpolicy',
    method: 'orgpolicy.projects.policies.getEffectivePolicy',
    domain: 'guardrails',
    permissions: ['orgpolicy.policy.get'],
    after: ['org-policies-list', 'ancestors'],
    keys: (ctx) => listedConstraints(ctx.own('org-policies-list'), ...ctx.ancestors('org-policies-list')),
    call: async (c, t) => ({
      value: (
        await c.orgpolicy.projects.policies.getEffectivePolicy(
          { name: `projects/${projectOf(t)}/policies/${t.key}` },
          once,
        )
      ).data,
    }),
  }),
  declare({
    command: 'scc-manage-services-describe',
    gcloud: 'gcloud scc manage services describe SERVICE --project PROJECT',
    level: 'project',
    service: 'securitycentermanagement',
    method: 'securitycentermanagement.projects.locations.securityCenterServices.get',
    domain: 'threat-detectors',
    permissions: ['securitycentermanagement.securityCenterServices.get'],
    keys: () => threatServices,
    call: async (c, t) => {
      const r = await c.sccManagement.getSecurityCenterService(
        { name: `projects/${projectOf(t)}/locations/global/securityCenterServices/${t.key}` },
        noGaxRetry as never,
      );
      return {
        value: apiJson(
          c.sccManagement,
          'google.cloud.securitycentermanagement.v1.SecurityCenterService',
          r[0],
        ),
      };
    },
  }),
  declare({
    command: 'scc-findings-list',
    gcloud: `gcloud scc findings list projects/PROJECT --filter='${cryptoFindingsFilter}'`,
    level: 'project',
    service: 'securitycenter',
    method: 'securitycenter.projects.sources.findings.list',
    domain: 'threat-detectors',
    permissions: ['securitycenter.findings.list'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.scc.projects.sources.findings.list(
            {
              parent: `projects/${projectOf(t)}/sources/-`,
              filter: cryptoFindingsFilter,
              pageSize: 1000,
              ...(pageToken ? { pageToken } : {}),
            },
            once,
          )
        ).data,
        'listFindingsResults',
      ),
  }),
  declare({
    command: 'billing-projects-describe',
    gcloud: 'gcloud billing projects describe PROJECT',
    level: 'project',
    service: 'cloudbilling',
    method: 'cloudbilling.projects.getBillingInfo',
    domain: 'cost-monitors',
    permissions: ['resourcemanager.projects.get'],
    call: async (c, t) => ({
      value: (await c.billing.projects.getBillingInfo({ name: `projects/${projectOf(t)}` }, once)).data,
    }),
  }),
];

/** Calls made once for each folder and the organization above the projects. */
const ancestors: Declaration[] = [
  declare({
    command: 'resource-manager-folders-describe',
    gcloud: 'gcloud resource-manager folders describe FOLDER',
    level: 'folder',
    service: 'cloudresourcemanager',
    method: 'cloudresourcemanager.folders.get',
    domain: 'organization',
    permissions: ['resourcemanager.folders.get'],
    call: async (c, t) => ({ value: (await c.crm3.folders.get({ name: nodeName(t.node) }, once)).data }),
  }),
  declare({
    command: 'resource-manager-folders-get-iam-policy',
    gcloud: 'gcloud resource-manager folders get-iam-policy FOLDER (policy version 3)',
    level: 'folder',
    service: 'cloudresourcemanager',
    method: 'cloudresourcemanager.folders.getIamPolicy',
    domain: 'identity',
    permissions: ['resourcemanager.folders.getIamPolicy'],
    call: async (c, t) => ({
      value: (await c.crm3.folders.getIamPolicy({ resource: nodeName(t.node), requestBody: iamV3 }, once))
        .data,
    }),
  }),
  declare({
    command: 'organizations-describe',
    gcloud: 'gcloud organizations describe ORGANIZATION',
    level: 'organization',
    service: 'cloudresourcemanager',
    method: 'cloudresourcemanager.organizations.get',
    domain: 'organization',
    permissions: ['resourcemanager.organizations.get'],
    call: async (c, t) => ({
      value: (await c.crm1.organizations.get({ name: nodeName(t.node) }, once)).data,
    }),
  }),
  declare({
    command: 'organizations-get-iam-policy',
    gcloud: 'gcloud organizations get-iam-policy ORGANIZATION (policy version 3)',
    level: 'organization',
    service: 'cloudresourcemanager',
    method: 'cloudresourcemanager.organizations.getIamPolicy',
    domain: 'identity',
    permissions: ['resourcemanager.organizations.getIamPolicy'],
    call: async (c, t) => ({
      value: (
        await c.crm1.organizations.getIamPolicy({ resource: nodeName(t.node), requestBody: iamV3 }, once)
      ).data,
    }),
  }),
  declare({
    command: 'org-policies-list-custom-constraints',
    gcloud: 'gcloud org-policies list-custom-constraints --organization ORGANIZATION',
    level: 'organization',
    service: 'orgpolicy',
    method: 'orgpolicy.organizations.customConstraints.list',
    domain: 'guardrails',
    permissions: ['orgpolicy.customConstraints.list'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.orgpolicy.organizations.customConstraints.list(
            { parent: nodeName(t.node), pageSize: 100, ...(pageToken ? { pageToken } : {}) },
            once,
          )
        ).data,
        'customConstraints',
      ),
  }),
  ...(['folder', 'organization'] as const).flatMap((level) => [
    declare({
      command: 'org-policies-list',
      gcloud: `gcloud org-policies list --${level} ID`,
      level,
      service: 'orgpolicy',
      method: `orgpolicy.${level === 'folder' ? 'folders' : 'organizations'}.policies.list`,
      domain: 'guardrails',
      permissions: ['orgpolicy.policies.list'],
      call: async (c, t, pageToken) => {
        const req = { parent: nodeName(t.node), pageSize: 100, ...(pageToken ? { pageToken } : {}) };
        const r =
          level === 'folder'
            ? await c.orgpolicy.folders.policies.list(req, once)
            : await c.orgpolicy.organizations.policies.list(req, once);
        return listed(r.data, 'policies');
      },
    }),
    declare({
      command: 'logging-sinks-list',
      gcloud: `gcloud logging sinks list --${level} ID`,
      level,
      service: 'logging',
      method: `logging.${level === 'folder' ? 'folders' : 'organizations'}.sinks.list`,
      domain: 'audit-logs',
      permissions: ['logging.sinks.list'],
      call: async (c, t, pageToken) => {
        const req = { parent: nodeName(t.node), pageSize: 200, ...(pageToken ? { pageToken } : {}) };
        const r =
          level === 'folder'
            ? await c.logging.folders.sinks.list(req, once)
            : await c.logging.organizations.sinks.list(req, once);
        return listed(r.data, 'sinks');
      },
    }),
    declare({
      command: 'compute-firewall-policies-list',
      gcloud: `gcloud compute firewall-policies list --${level} ID`,
      level,
      service: 'compute',
      method: 'compute.firewallPolicies.list',
      domain: 'firewalls',
      permissions: ['compute.firewallPolicies.list'],
      call: (c, t, token) =>
        computeList(
          c.compute.firewallPolicies,
          'list',
          'FirewallPolicyList',
          { parentId: nodeName(t.node) },
          token,
        ),
    }),
  ]),
];

const billing: Declaration[] = [
  declare({
    command: 'billing-budgets-list',
    gcloud: 'gcloud billing budgets list --billing-account ACCOUNT',
    level: 'billing',
    service: 'billingbudgets',
    method: 'billingbudgets.billingAccounts.budgets.list',
    domain: 'cost-monitors',
    permissions: ['billing.resourcebudgets.read'],
    call: async (c, t, pageToken) =>
      listed(
        (
          await c.budgets.billingAccounts.budgets.list(
            { parent: nodeName(t.node), pageSize: 100, ...(pageToken ? { pageToken } : {}) },
            once,
          )
        ).data,
        'budgets',
      ),
  }),
];

/** Discovery reads: they find the projects beneath a folder or organization and write no file. */
export const discovery = {
  permissions: ['resourcemanager.folders.list', 'resourcemanager.projects.list'],
  methods: ['cloudresourcemanager.folders.list', 'cloudresourcemanager.projects.list'],
};

export const declarations: readonly Declaration[] = [...project, ...ancestors, ...billing];

export function declarationsAt(level: Declaration['level']): Declaration[] {
  return declarations.filter((d) => d.level === level);
}

export function declarationOf(level: Declaration['level'], command: string): Declaration {
  const d = declarations.find((x) => x.level === level && x.command === command);
  if (!d) throw new Error(`no GCP collector is declared for ${level} ${command}`);
  return d;
}
