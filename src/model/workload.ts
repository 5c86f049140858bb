import type { Known } from './evidence.js';
import type { ResourceBase } from './resource.js';

export interface NetworkAttachment {
  /** Network interface id (AWS ENI, Azure NIC): flows are tied to workloads through it. */
  id: string;
  networkId?: string;
  subnetId?: string;
  privateIps: string[];
  publicIps: string[];
  firewallIds: string[];
  macAddress?: string;
}

/** A compute instance a miner could run on. */
export interface Workload extends ResourceBase {
  /** running, pending, stopped, …; terminated instances are not kept. */
  state: string;
  machineType?: string;
  /** Virtual CPUs (cores × threads per core), when the provider reports them. */
  vcpus?: number;
  image?: string;
  launchedAt?: string;
  tags: Record<string, string>;
  networkId?: string;
  subnetId?: string;
  attachments: NetworkAttachment[];
  /** Finest CPU metric period the provider collects for it, in minutes. */
  cpuResolutionMinutes: Known<number>;
  /** Auto Scaling group / scale set / managed instance group that launched it. */
  group?: string;
  /** Network tags firewall rules select on (GCP). */
  networkTags?: string[];
  /** Identities it runs as (GCP service accounts, Azure managed identities, AWS instance profile role). */
  serviceAccounts?: string[];
  /** The cloud's other id for it where telemetry uses that instead of `id` (GCP numeric instance id). */
  instanceId?: string;
  /** Pointer to the instance in its evidence file. */
  pointer?: string;
}

/** An Auto Scaling group, VM scale set or managed instance group: launches on its own. */
export interface WorkloadGroup extends ResourceBase {
  instanceIds: string[];
  subnetIds: string[];
  desired?: number;
  max?: number;
  tags: Record<string, string>;
}
