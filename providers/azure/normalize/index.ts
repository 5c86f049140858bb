import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import { emptyInventory, type Inventory, markPartialScopes } from '../../../src/model/inventory.js';
import type { NormalizeContext } from '../../adapter.js';
import { AzureFiles } from '../bundle-files.js';
import { isKnownAzureFile } from '../known-files.js';
import { analyzeRbac } from '../rbac/index.js';
import { normalizeAlerts } from './alerts.js';
import { normalizeCompute } from './compute.js';
import { ArmIds, type AzureContext } from './context.js';
import { normalizeCostAlerts, normalizeDefender, normalizeGuardrails } from './defense.js';
import { normalizeDns } from './dns.js';
import { normalizeActivityExports, normalizeFlowLogs } from './logging.js';
import { normalizeNetwork } from './network.js';
import { RetentionLookup } from './retention.js';
import { managementGroupPaths, normalizeScope } from './scopes.js';

/** Azure bundle → cloud-neutral inventory, subscription by subscription. */
export async function normalizeAzure(
  bundle: EvidenceBundle,
  { now, policy }: NormalizeContext,
): Promise<Inventory> {
  const ctx: AzureContext = { files: new AzureFiles(bundle), inv: emptyInventory(), now, ids: new ArmIds() };
  const retention = new RetentionLookup(ctx);
  const tree = managementGroupPaths(ctx);
  const subscriptions = ctx.files.subscriptions();
  for (const sub of subscriptions) {
    const scope = normalizeScope(ctx, sub, tree.tenant, tree.paths.get(sub), tree.evidence.get(sub));
    ctx.inv.scopes.push(scope);
    if (scope.status === 'unassessed') continue;
    const net = normalizeNetwork(ctx, sub);
    normalizeCompute(ctx, sub, net);
    normalizeFlowLogs(ctx, retention, sub, net);
    normalizeActivityExports(ctx, retention, sub);
    normalizeAlerts(ctx, sub);
    normalizeDns(ctx, sub, net);
    normalizeDefender(ctx, sub);
    normalizeCostAlerts(ctx, sub);
    normalizeGuardrails(ctx, sub, scope.organization?.path ?? null);
  }
  const assessed = ctx.inv.scopes.filter((s) => s.status !== 'unassessed').map((s) => s.id);
  const rbac = analyzeRbac(bundle, policy, ctx.inv.workloads, undefined, assessed);
  ctx.inv.creators.push(...rbac.creators);
  ctx.inv.gaps.push(...rbac.gaps);
  for (const scope of ctx.inv.scopes) if (rbac.evaluated.has(scope.id)) scope.identityEvaluated = true;
  // Files of commands rigsight knows are accounted for even when nothing needed them this run.
  for (const path of bundle.paths()) if (isKnownAzureFile(path)) bundle.markConsumed(path);
  markPartialScopes(ctx.inv);
  return ctx.inv;
}
