import type { EvidenceRef } from './evidence.js';
import type { Provider } from './provider.js';

/** An account (AWS), subscription (Azure) or project (GCP): the unit findings are grouped by. */
export interface Scope {
  provider: Provider;
  id: string;
  name?: string;
  /** assessed: all inputs read; partial: some collection gaps; unassessed: nothing usable. */
  status: 'assessed' | 'partial' | 'unassessed';
  reason?: string;
  /** The identity that collected this scope's evidence (never a secret). */
  caller?: string;
  /** Regions (or locations) enabled in the scope, and which ones the evidence covers. */
  regions: RegionState[];
  /** Compute a stolen credential could run here: vCPUs running now, and the vCPU quota it could launch up to. */
  exposure?: { vcpus?: number; vcpuQuota?: number };
  /** The cloud's identity evaluator ran for this scope: only then can "nobody else can create compute" pass. */
  identityEvaluated?: boolean;
  /** The organization this scope belongs to, when known. */
  organization?: OrganizationPlacement;
  evidence: EvidenceRef[];
}

export interface RegionState {
  name: string;
  /** enabled: in use or usable; disabled: opt-in region not enabled, nothing can run there. */
  enabled: boolean;
  /** Whether the bundle holds evidence for this region. */
  collected: boolean;
}

/** Where a scope sits in its organization, root first; policies attached along it apply. */
export interface OrganizationPlacement {
  organizationId: string;
  managementScope: string;
  /** True for the organization's management account, which service control policies do not bind. */
  isManagement: boolean;
  /** Root → organizational units → the scope itself; unknown when the parents were not collected. */
  path: string[] | null;
}
