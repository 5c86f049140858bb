import type { Known } from './evidence.js';
import type { ResourceBase } from './resource.js';

/** A managed threat detector: GuardDuty, Defender for Cloud, Security Command Center. */
export interface ThreatDetector extends ResourceBase {
  enabled: boolean;
  /** Why a part that is on does not count (GCP: Event Threat Detection sees only pool contacts, not the miner). */
  note?: string;
  features: { name: string; enabled: boolean }[];
}

/** A spend-anomaly monitor and whether anyone hears from it. */
export interface CostMonitor extends ResourceBase {
  /** account: the scope it lives in; linked: listed accounts; organization: every linked account. */
  coverage: 'account' | 'linked' | 'organization';
  coveredScopes: string[];
  alerting: Known<boolean>;
}

export const guardrailEffects = [
  'restricts-regions',
  'restricts-instance-types',
  'denies-compute-creation',
  'protects-audit-logs',
  'protects-flow-logs',
  'protects-dns-logs',
] as const;
export type GuardrailEffect = (typeof guardrailEffects)[number];

/** A preventive policy above the scope (AWS SCP, Azure Policy deny, GCP org policy). */
export interface Guardrail extends ResourceBase {
  /** Organization nodes (root, OU, account) it is attached to. */
  targets: string[];
  effects: GuardrailEffect[];
  /** One line per effect saying which statement does it. */
  details: string[];
}
