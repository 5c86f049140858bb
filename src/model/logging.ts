import type { EvidenceRef, Known } from './evidence.js';
import type { ResourceBase } from './resource.js';

/** Where a log stream lands, and how long it is kept there. */
export interface LogDestination {
  kind: 'object-storage' | 'log-group' | 'stream' | 'workspace';
  /** Bucket ARN, log group ARN or name, stream ARN, workspace id. */
  id: string;
  /** Days kept; null means never expires. */
  retentionDays: Known<number | null>;
  evidence: EvidenceRef[];
}

/** A control-plane audit log (AWS CloudTrail trail, Azure diagnostic setting, GCP sink). */
export interface AuditTrail extends ResourceBase {
  /** The scope that owns it; an organization trail is listed in every member but owned by one scope. */
  ownerScope: string;
  homeRegion: string;
  /** Regions it records: every region, or a list. */
  coversAllRegions: boolean;
  coveredRegions: string[];
  /** Org trails record every account of the organization. */
  organizationWide: boolean;
  /**
   * Kept by the cloud itself for a fixed time, where nobody can query it at length or alert on it (Azure's
   * Activity Log without an export): counts for retention, never for audit logging.
   */
  platform?: boolean;
  logging: Known<boolean>;
  /** Records management (control-plane) write events such as instance creation. */
  managementWrites: Known<boolean>;
  destinations: LogDestination[];
}

export interface FlowLog extends ResourceBase {
  target: { kind: 'network' | 'subnet' | 'interface'; id: string };
  traffic: 'all' | 'accept' | 'reject';
  /** Record fields, in order, as configured (provider's names). */
  fields: string[];
  /** The format records where traffic went (destination address and port). */
  recordsDestination: boolean;
  active: boolean;
  /** Fraction of flows recorded (GCP subnet `flowSampling`, 0–1); absent when every flow is recorded. */
  sampling?: number;
  /** Only flows matching this expression are recorded (Azure enabledFilteringCriteria, GCP filterExpr), as written; absent: all. */
  filter?: string;
  destinations: LogDestination[];
}

/** Resolver / DNS query logging attached to networks. */
export interface DnsQueryLog extends ResourceBase {
  networkIds: string[];
  destinations: LogDestination[];
}

/** An alarm or anomaly detector on CPU; what it watches decides which workloads it covers. */
export interface MetricAlarm extends ResourceBase {
  metric: 'cpu';
  watches: { instanceIds: string[]; groupNames: string[]; allInstances: boolean };
  anomalyDetection: boolean;
  /** The alarm notifies or acts on someone's behalf. */
  notifies: boolean;
  /** Why its coverage could not be decided (a filter rigsight cannot evaluate): it then watches nothing. */
  undecided?: string;
  pointer?: string;
}
