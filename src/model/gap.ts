import type { EvidenceRef } from './evidence.js';
import type { Provider } from './provider.js';

/** Kinds of configuration rigsight reads; a gap in one makes the controls that need it `unassessed`. */
export const domains = [
  'regions',
  'identity',
  'organization',
  'guardrails',
  'workloads',
  'autoscaling-groups',
  'networks',
  'subnets',
  'route-tables',
  'firewalls',
  'network-acls',
  'flow-logs',
  'audit-logs',
  'log-groups',
  'object-storage-retention',
  'alarms',
  'threat-detectors',
  'dns-query-logs',
  'cost-monitors',
  'credential-report',
] as const;
export type Domain = (typeof domains)[number];

/**
 * A file read to learn a domain in a scope and region, whatever it held: an empty listing is evidence too
 * ("no detector exists" cites the detector listing that was empty).
 */
export interface Listing {
  provider: Provider;
  scope: string;
  region: string;
  domain: Domain;
  evidence: EvidenceRef[];
}

/** A piece of evidence that is absent or failed, recorded so that nothing reads as pass or fail by default. */
export interface CollectionGap {
  provider: Provider;
  scope: string;
  /** Region name, or `global` for account-wide services. */
  region: string;
  domain: Domain;
  /** missing: not in the bundle; denied: access denied; error: any other failure. */
  kind: 'missing' | 'denied' | 'error' | 'unsupported';
  /** One sentence naming the API and what went wrong. */
  reason: string;
  /** The `.error.json` file, when there is one. */
  evidence: EvidenceRef[];
  /** The `service:Operation` whose result is missing, when one API is to blame. */
  api?: string;
}
