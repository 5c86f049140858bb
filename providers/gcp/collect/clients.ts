import {
  FirewallPoliciesClient,
  FirewallsClient,
  InstanceGroupManagersClient,
  InstancesClient,
  NetworkFirewallPoliciesClient,
  NetworksClient,
  RoutersClient,
  RoutesClient,
  SubnetworksClient,
} from '@google-cloud/compute';
import { AlertPolicyServiceClient, MetricServiceClient } from '@google-cloud/monitoring';
import { v2 as securityCenterV2 } from '@google-cloud/security-center';
import { SecurityCenterManagementClient } from '@google-cloud/securitycentermanagement';
import { createDefaultBackoffSettings, createRetryOptions, serializer } from 'google-gax';
import { billingbudgets_v1 } from 'googleapis/build/src/apis/billingbudgets/v1.js';
import { cloudbilling_v1 } from 'googleapis/build/src/apis/cloudbilling/v1.js';
import { cloudresourcemanager_v1 } from 'googleapis/build/src/apis/cloudresourcemanager/v1.js';
import { cloudresourcemanager_v3 } from 'googleapis/build/src/apis/cloudresourcemanager/v3.js';
import { dns_v1 } from 'googleapis/build/src/apis/dns/v1.js';
import { iam_v1 } from 'googleapis/build/src/apis/iam/v1.js';
import { logging_v2 } from 'googleapis/build/src/apis/logging/v2.js';
import { orgpolicy_v2 } from 'googleapis/build/src/apis/orgpolicy/v2.js';
import { securitycenter_v1 } from 'googleapis/build/src/apis/securitycenter/v1.js';
import type { GcpAuth } from './credentials.js';

/**
 * One client per Google API, all on the REST transport. `@google-cloud/*` clients speak protobuf objects (turned back
 * into the API's JSON with their own protos); the `googleapis` submodules return the API's JSON as it came. Only the
 * submodules rigsight uses are loaded: `googleapis` is needed for Cloud DNS policies, which no smaller client serves.
 */
export class GcpClients {
  readonly compute;
  readonly monitoring: AlertPolicyServiceClient;
  private metricClient: MetricServiceClient | undefined;
  private findingsClient: InstanceType<typeof securityCenterV2.SecurityCenterClient> | undefined;
  private readonly liveOptions: { gax: never; scc: never };
  readonly sccManagement: SecurityCenterManagementClient;
  readonly crm1: cloudresourcemanager_v1.Cloudresourcemanager;
  readonly crm3: cloudresourcemanager_v3.Cloudresourcemanager;
  readonly iam: iam_v1.Iam;
  readonly logging: logging_v2.Logging;
  readonly dns: dns_v1.Dns;
  readonly orgpolicy: orgpolicy_v2.Orgpolicy;
  readonly scc: securitycenter_v1.Securitycenter;
  readonly billing: cloudbilling_v1.Cloudbilling;
  readonly budgets: billingbudgets_v1.Billingbudgets;

  constructor(auth: GcpAuth, endpoint?: string) {
    const gax = endpoint ? gaxEndpoint(endpoint) : {};
    const rest = { fallback: true as const, ...gax };
    const opts = { ...rest, ...auth.gax } as never;
    this.compute = {
      instances: new InstancesClient(opts),
      instanceGroupManagers: new InstanceGroupManagersClient(opts),
      networks: new NetworksClient(opts),
      subnetworks: new SubnetworksClient(opts),
      firewalls: new FirewallsClient(opts),
      networkFirewallPolicies: new NetworkFirewallPoliciesClient(opts),
      firewallPolicies: new FirewallPoliciesClient(opts),
      routes: new RoutesClient(opts),
      routers: new RoutersClient(opts),
    };
    this.monitoring = new AlertPolicyServiceClient(opts);
    this.liveOptions = { gax: opts, scc: { ...rest, ...auth.sccGax } as never };
    // This client ships an older google-gax: it needs an auth client from that copy.
    this.sccManagement = new SecurityCenterManagementClient({ ...rest, ...auth.legacyGax } as never);
    const g = {
      auth: auth.googleapis as never,
      ...(endpoint ? { rootUrl: `${endpoint.replace(/\/+$/, '')}/` } : {}),
    };
    this.crm1 = new cloudresourcemanager_v1.Cloudresourcemanager(g);
    this.crm3 = new cloudresourcemanager_v3.Cloudresourcemanager(g);
    this.iam = new iam_v1.Iam(g);
    this.logging = new logging_v2.Logging(g);
    this.dns = new dns_v1.Dns(g);
    this.orgpolicy = new orgpolicy_v2.Orgpolicy(g);
    this.scc = new securitycenter_v1.Securitycenter(g);
    this.billing = new cloudbilling_v1.Cloudbilling(g);
    this.budgets = new billingbudgets_v1.Billingbudgets(g);
  }

  /** Cloud Monitoring time series (live legs only: built on first use). */
  get metrics(): MetricServiceClient {
    this.metricClient ??= new MetricServiceClient(this.liveOptions.gax);
    return this.metricClient;
  }

  /** Security Command Center v2 findings; it ships a google-gax of its own and needs an auth client from it. */
  get findings(): InstanceType<typeof securityCenterV2.SecurityCenterClient> {
    this.findingsClient ??= new securityCenterV2.SecurityCenterClient(this.liveOptions.scc);
    return this.findingsClient;
  }

  async close(): Promise<void> {
    const all = [
      ...Object.values(this.compute),
      this.monitoring,
      this.sccManagement,
      ...(this.metricClient ? [this.metricClient] : []),
      ...(this.findingsClient ? [this.findingsClient] : []),
    ];
    await Promise.allSettled(all.map((c) => c.close()));
  }
}

/** `http://127.0.0.1:8080` → the gax options that send REST calls there. */
function gaxEndpoint(url: string): { apiEndpoint: string; port: number; protocol: string } {
  const u = new URL(url);
  const protocol = u.protocol.replace(':', '');
  return {
    apiEndpoint: u.hostname,
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 80,
    protocol,
  };
}

/** gax answers no retries of its own: the engine retries with backoff and pacing it controls. */
export const noGaxRetry = {
  autoPaginate: false,
  retry: createRetryOptions([], createDefaultBackoffSettings()),
};

interface ProtoClient {
  _protos?: { lookupType(name: string): { fromObject(o: unknown): unknown } };
}

/** A protobuf response object as the API's JSON (what `gcloud --format=json` prints). */
export function apiJson(client: unknown, typeName: string, message: unknown): Record<string, unknown> {
  const type = (client as ProtoClient)._protos?.lookupType(typeName);
  if (!type) return message as Record<string, unknown>;
  return serializer.toProto3JSON(type.fromObject(message) as never) as Record<string, unknown>;
}
