import type { Leg } from '../model/detection.js';
import type { Provider } from '../model/provider.js';

/** Where in a telemetry file a record sits: `#L<line>` for line-oriented files, a JSON pointer otherwise. */
export type RecordPointer = string;

/** An instance was created (or a creation was attempted and failed). */
export interface CreationSignal {
  provider: Provider;
  scope: string;
  /** Absent for failed launches, which never got an id. */
  instanceId?: string;
  /** Other names the instance is known by (GCP `project/zone/name`, Azure NIC ids). */
  aliases?: string[];
  region?: string;
  time: number;
  principal: string;
  /** The role a session principal ran as (`arn:aws:iam::ACCT:role/NAME`), for approval globs. */
  principalRole?: string;
  principalType?: string;
  /** Service that launched on someone's behalf (autoscaling.amazonaws.com, a scale set, a MIG). */
  invokedBy?: string;
  /** Auto Scaling group, scale set or managed instance group. */
  group?: string;
  /** What the launching service worked from (its group, fleet, template), as `CapacitySignal.keys` name them. */
  capacityKeys?: string[];
  /** In the cloud's words, when the workload is not a virtual machine: `ECS task`, `container group`. */
  kind?: string;
  /** Virtual CPUs it reserved (containers): turns CPU measured in cores into percent. */
  vcpus?: number;
  machineType?: string;
  image?: string;
  userAgent?: string;
  sourceIp?: string;
  outcome: 'succeeded' | 'failed';
  errorCode?: string;
  tags: Record<string, string>;
  /** Dedupe key: CloudTrail eventID, GCP operation id, Azure operation/correlation id. */
  eventId?: string;
  file: string;
  pointer: RecordPointer;
}

/** A network interface (or VM alias) that belongs to an instance, learned from telemetry. */
export interface BindingSignal {
  provider: Provider;
  /** Endpoint key as flow readers emit it: `eni:<id>`, `mac:<MAC>`, `ip:<network>|<ip>`, `vm:<p>/<z>/<name>`. */
  endpoint: string;
  instanceId: string;
  scope?: string;
  /** The network the interface sits in, for network-level flow coverage. */
  networkId?: string;
}

/**
 * A call that asked a service for capacity (a fleet, a scaling group's size or template, a scale set's or managed
 * instance group's capacity, a task start): the service's own launches carry it out, and whoever called is
 * their creator.
 */
export interface CapacitySignal {
  provider: Provider;
  scope: string;
  region?: string;
  time: number;
  /** What the service launches from, as launches name it (a group, fleet, template): matched to `capacityKeys`. */
  keys: string[];
  /** Workloads the call launched itself (an instant fleet lists them). */
  instanceIds?: string[];
  principal: string;
  principalRole?: string;
  /** The call in the cloud's words: `CreateFleet`, `UpdateAutoScalingGroup`, a scale-set write. */
  action: string;
  /** The service that carries it out, in the cloud's words (`EC2 Fleet`, `Auto Scaling`). */
  service: string;
  /** What was asked for, when the record says: `capacity 12`, `template lt-0ab… version 4`. */
  detail?: string;
  eventId?: string;
  file: string;
  pointer: RecordPointer;
}

/** Logging switched off or deleted: DeleteFlowLogs, StopLogging, a diagnostic setting deleted … */
export interface TamperSignal {
  provider: Provider;
  scope: string;
  region?: string;
  time: number;
  action: string;
  principal: string;
  target?: string;
  /** The leg whose evidence it stops: `creation` (audit logs), `network` (flow, DNS logs, a detector); unknown if absent. */
  blinds?: Leg;
  eventId?: string;
  file: string;
  pointer: RecordPointer;
}

/** A crypto finding already raised by GuardDuty, Defender for Cloud or Security Command Center. */
export interface FindingSignal {
  provider: Provider;
  scope: string;
  instanceId?: string;
  endpoint?: string;
  time: number;
  type: string;
  destinations: string[];
  file: string;
  pointer: RecordPointer;
}

/**
 * A leg's source that the collector could not read for a scope (its `.error.json` among the telemetry): that leg is
 * blind there, for the reason given, rather than empty.
 */
export interface UnreadSignal {
  provider: Provider;
  scope: string;
  leg: Leg;
  /** Where the source is regional (AWS event history, metrics): only that region's instances are blind. */
  region?: string;
  /** What could not be read, in the cloud's words (`Activity Log (Microsoft.Compute)`). */
  source: string;
  /** Why, with the cloud's error code: `the Activity Log could not be read (AuthorizationFailed: …)`. */
  why: string;
  file: string;
  pointer: RecordPointer;
}

/** One CPU sample in percent (GCP fractions are converted by the reader). */
export interface CpuPoint {
  time: number;
  value: number;
}

/** A CPU series while a file is read: plain arrays to push to, packed into a CpuSeriesSignal at the end. */
export interface CpuSeriesBuilder {
  times: number[];
  values: number[];
}

export interface CpuSeriesSignal {
  provider: Provider;
  scope?: string;
  instanceId: string;
  region?: string;
  /** `cores` when the source measures cores in use (containers): scaled to percent of what the workload reserved. */
  unit?: 'percent' | 'cores';
  /** Parallel arrays (epoch ms, percent or cores): compact, and cheap to pass between threads. */
  times: Float64Array;
  values: Float64Array;
  file: string;
  /** Where the series starts in the file (first point's record). */
  pointer: RecordPointer;
}

/** A DNS answer for a pool domain: the answered IPs become pool IPs for flows after `time`. */
export interface DnsSignal {
  provider: Provider;
  scope?: string;
  /** The asking instance, when the log names it (Resolver `srcids.instance`, Cloud DNS vmInstanceId). */
  instanceId?: string;
  /** Asking endpoint when only an address is known, scoped to its network (`ip:<vpc>|<addr>`). */
  endpoint?: string;
  networkId?: string;
  time: number;
  query: string;
  indicator: string;
  source: string;
  answers: string[];
  file: string;
  pointer: RecordPointer;
}

/** Flows from one endpoint to one remote address and port that matched intel or a mining port. */
export interface FlowHit {
  provider: Provider;
  scope?: string;
  endpoint: string;
  instanceId?: string;
  remote: string;
  port: number;
  /** How it matched: listed IP / IP:port / CIDR, an IP a pool domain resolved to, or only a mining port. */
  match: 'ip' | 'ip-port' | 'cidr' | 'dns-answer' | 'port';
  indicator: string;
  source: string;
  first: number;
  last: number;
  records: number;
  bytes: number;
  packets: number;
  accepted: number;
  rejected: number;
  file: string;
  pointer: RecordPointer;
}

/** What one flow-log endpoint was seen doing, for coverage (not per record). */
export interface EndpointSeen {
  provider: Provider;
  scope?: string;
  endpoint: string;
  instanceId?: string;
  networkId?: string;
  /** The subnet, where flow logs are switched on per subnet (GCP): coverage is then judged per subnet. */
  subnet?: string;
  first: number;
  last: number;
  records: number;
}

/** Everything one file contributed. Small: it grows with instances and matches, not records. */
export interface FileDigest {
  file: string;
  sha256: string;
  format: string;
  records: number;
  problems: { line?: number; reason: string }[];
  problemCount: number;
  outOfOrder: number;
  outOfOrderSamples: { line?: number; reason: string }[];
  creations: CreationSignal[];
  capacity: CapacitySignal[];
  tampering: TamperSignal[];
  /** Logging switched back on (a trail started, a diagnostic setting or sink written again): ends a gap. */
  resumed: TamperSignal[];
  findings: FindingSignal[];
  bindings: BindingSignal[];
  cpu: CpuSeriesSignal[];
  dns: DnsSignal[];
  flows: FlowHit[];
  endpoints: EndpointSeen[];
  /** Per scope: first and last audit-log record time, to tell what creation history was read. */
  auditWindows: { provider: Provider; scope: string; first: number; last: number }[];
  /** Per scope and region: the first audit-log record time, to tell a region never used before. */
  auditRegions: { provider: Provider; scope: string; region: string; first: number }[];
  /** Networks whose DNS queries were logged (Resolver vpc_id, Cloud DNS network). */
  dnsNetworks: string[];
  /** Sources the collector could not read (live legs denied or failed). */
  unread: UnreadSignal[];
}

export function emptyDigest(file: string, format: string): FileDigest {
  return {
    file,
    sha256: '',
    format,
    records: 0,
    problems: [],
    problemCount: 0,
    outOfOrder: 0,
    outOfOrderSamples: [],
    creations: [],
    capacity: [],
    tampering: [],
    resumed: [],
    findings: [],
    bindings: [],
    cpu: [],
    dns: [],
    flows: [],
    endpoints: [],
    auditWindows: [],
    auditRegions: [],
    dnsNetworks: [],
    unread: [],
  };
}
