/**
 * The Azure identity engine: who can create compute in each subscription, from role assignments (management
 * group → subscription → resource group), role definitions (actions − notActions), deny assignments, Graph group
 * membership, ABAC conditions and VM managed identities, offline.
 */
import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import type { Creator } from '../../../src/model/identity.js';
import type { Workload } from '../../../src/model/workload.js';
import type { Policy } from '../../../src/policy/schema.js';
import { AzureFiles } from '../bundle-files.js';
import { type AzureComputeActions, defaultAzureComputeActions } from './compute-actions.js';
import { subscriptionCreators } from './creators.js';
import { loadSubscriptionRbac } from './model.js';

export { actionMatches, grantingPattern } from './action-patterns.js';
export {
  type AzureComputeActions,
  defaultAzureComputeActions,
  loadAzureComputeActions,
} from './compute-actions.js';
export { approval, rank, subscriptionCreators } from './creators.js';
export { loadSubscriptionRbac, type SubscriptionRbac, scopeCovers, scopeKey } from './model.js';

export interface RbacResult {
  creators: Creator[];
  gaps: CollectionGap[];
  /** Subscriptions whose role assignments and definitions were read, so the evaluator ran. */
  evaluated: Set<string>;
}

/** Creators for every subscription folder of the bundle. */
export function analyzeRbac(
  bundle: EvidenceBundle,
  policy: Policy,
  workloads: readonly Workload[],
  compute: AzureComputeActions = defaultAzureComputeActions(),
  subscriptions = new AzureFiles(bundle).subscriptions(),
): RbacResult {
  const files = new AzureFiles(bundle);
  const out: RbacResult = { creators: [], gaps: [], evaluated: new Set() };
  for (const sub of subscriptions) {
    const rbac = loadSubscriptionRbac(bundle, sub, files);
    out.gaps.push(...rbac.gaps);
    if (!rbac.ready) continue;
    out.evaluated.add(sub);
    const found = subscriptionCreators(rbac, {
      approved: policy.creators.approved,
      compute,
      workloads: workloads.filter((w) => w.scope === sub),
    });
    for (const c of found) out.creators.push(c);
  }
  return out;
}
