import type { z } from 'zod';
import type { EvidenceBundle } from '../../src/evidence/bundle.js';
import type { EvidenceRef } from '../../src/model/evidence.js';
import type { CollectionGap, Domain } from '../../src/model/gap.js';
import {
  errorPath,
  gcpPath,
  type HierarchyNode,
  keyOfFile,
  nodeFolder,
  reservedFolders,
} from './bundle-paths.js';

/** What each gcloud command's file tells (a failed or absent file leaves that domain unassessed). */
export const commandDomains: Record<string, Domain> = {
  'projects-describe': 'organization',
  'projects-get-ancestors': 'organization',
  'projects-get-iam-policy': 'identity',
  'iam-service-accounts-list': 'identity',
  'iam-service-accounts-get-iam-policy': 'identity',
  'iam-roles-describe': 'identity',
  'compute-instances-list': 'workloads',
  'compute-instance-groups-managed-list': 'autoscaling-groups',
  'compute-networks-list': 'networks',
  'compute-networks-subnets-list': 'subnets',
  'compute-firewall-rules-list': 'firewalls',
  'compute-network-firewall-policies-list': 'firewalls',
  'compute-firewall-policies-list': 'firewalls',
  'compute-routes-list': 'route-tables',
  'compute-routers-list': 'route-tables',
  'logging-sinks-list': 'audit-logs',
  'logging-buckets-list': 'log-groups',
  'dns-policies-list': 'dns-query-logs',
  'monitoring-policies-list': 'alarms',
  'org-policies-list': 'guardrails',
  'org-policies-describe': 'guardrails',
  'org-policies-list-custom-constraints': 'guardrails',
  'scc-manage-services-describe': 'threat-detectors',
  'scc-findings-list': 'threat-detectors',
  'billing-projects-describe': 'cost-monitors',
  'billing-budgets-list': 'cost-monitors',
  'resource-manager-folders-describe': 'organization',
  'resource-manager-folders-get-iam-policy': 'identity',
  'organizations-describe': 'organization',
  'organizations-get-iam-policy': 'identity',
  'identity-groups-memberships-list': 'identity',
};

export type FileRead<T = unknown> =
  | { kind: 'ok'; path: string; value: T; ref: (pointer?: string) => EvidenceRef }
  | { kind: 'error'; path: string; code: string; message: string; ref: (pointer?: string) => EvidenceRef }
  | { kind: 'missing'; path: string };

const apiNames: Record<string, string> = {
  compute: 'Compute Engine API',
  logging: 'Cloud Logging API',
  dns: 'Cloud DNS API',
  monitoring: 'Cloud Monitoring API',
  orgpolicy: 'Organization Policy API',
  securitycentermanagement: 'Security Command Center Management API',
  securitycenter: 'Security Command Center API',
  cloudbilling: 'Cloud Billing API',
  billingbudgets: 'Cloud Billing Budget API',
  iam: 'IAM API',
  cloudresourcemanager: 'Cloud Resource Manager API',
};

/** Reads gcloud-shaped files from a GCP bundle: `gcp/<project>/<command>[/<key>].json`, folders, organization, billing. */
export class GcpFiles {
  constructor(readonly bundle: EvidenceBundle) {}

  projects(): string[] {
    const set = new Set<string>();
    for (const p of this.bundle.paths()) {
      const m = /^gcp\/([^/]+)\//.exec(p);
      if (m?.[1] && !reservedFolders.has(m[1])) set.add(m[1]);
    }
    return [...set].sort();
  }

  /** Keys present for a per-resource command (decoded: `roles~editor` → `roles/editor`). */
  keys(node: HierarchyNode, command: string): string[] {
    const prefix = `${nodeFolder(node)}/${command}/`;
    return this.bundle
      .paths()
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map((p) => keyOfFile(p.slice(prefix.length).replace(/(\.error)?\.json$/, '')))
      .sort();
  }

  read(node: HierarchyNode, command: string, key?: string): FileRead {
    const path = gcpPath(node, command, key);
    const api = `gcloud:${command}`;
    const ref = (at: string) => (pointer?: string) => this.bundle.ref(at, api, pointer);
    if (this.bundle.has(path)) {
      const parsed = this.bundle.readJson(path);
      if (!parsed.ok)
        return { kind: 'error', path, code: 'Unreadable', message: parsed.problem.reason, ref: ref(path) };
      return { kind: 'ok', path, value: parsed.value, ref: ref(path) };
    }
    const err = errorPath(path);
    if (this.bundle.has(err)) {
      const parsed = this.bundle.readJson(err);
      const body = (parsed.ok ? parsed.value : {}) as { Code?: string; Message?: string };
      return {
        kind: 'error',
        path: err,
        code: body.Code ?? 'Unknown',
        message: body.Message ?? 'the call failed',
        ref: ref(err),
      };
    }
    return { kind: 'missing', path };
  }

  /** Reads and checks the shape; a wrong shape is reported with the file and field, and read as an error. */
  readAs<S extends z.ZodType>(
    schema: S,
    node: HierarchyNode,
    command: string,
    key?: string,
  ): FileRead<z.infer<S>> {
    const r = this.read(node, command, key);
    if (r.kind !== 'ok') return r;
    const parsed = schema.safeParse(r.value);
    if (parsed.success) return { ...r, value: parsed.data };
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `/${issue.path.join('/')}` : '(top level)';
    const reason = `not what gcloud ${command.replace(/-/g, ' ')} prints: ${where}: ${issue?.message ?? 'unexpected shape'}`;
    this.bundle.report({ file: r.path, reason });
    return { kind: 'error', path: r.path, code: 'WrongShape', message: reason, ref: r.ref };
  }

  /** The gap a failed or absent file leaves in a project: denied, the API switched off, or not collected. */
  gap(
    project: string,
    command: string,
    read: Exclude<FileRead, { kind: 'ok' }>,
    what?: string,
  ): CollectionGap {
    const domain = commandDomains[command] ?? 'organization';
    const words = `gcloud ${command.replace(/-/g, ' ')}`;
    const subject = what ? ` (${what})` : '';
    if (read.kind === 'missing')
      return {
        provider: 'gcp',
        scope: project,
        region: 'global',
        domain,
        kind: 'missing',
        reason: `${words}${subject} was not collected for project ${project}.`,
        evidence: [],
        api: words,
      };
    const service = /api\/([a-z]+)\.googleapis\.com/.exec(read.message)?.[1];
    const kind =
      read.code === 'SERVICE_DISABLED' || read.code === 'BILLING_DISABLED'
        ? 'unsupported'
        : read.code === 'PERMISSION_DENIED' || read.code === 'UNAUTHENTICATED'
          ? 'denied'
          : 'error';
    const reason =
      read.code === 'SERVICE_DISABLED'
        ? `the ${apiNames[service ?? ''] ?? 'API'} is disabled in project ${project} (SERVICE_DISABLED), so ${words}${subject} could not be read.`
        : kind === 'denied'
          ? `${words}${subject} was denied in project ${project} (${read.code}).`
          : `${words}${subject} failed in project ${project} (${read.code}: ${read.message.slice(0, 160)}).`;
    return {
      provider: 'gcp',
      scope: project,
      region: 'global',
      domain,
      kind,
      reason,
      evidence: [read.ref()],
      api: words,
    };
  }
}
