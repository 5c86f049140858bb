import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import { emptyInventory, type Inventory, markPartialScopes } from '../../../src/model/inventory.js';
import type { NormalizeContext } from '../../adapter.js';
import { AwsFiles } from '../bundle-files.js';
import { allCalls } from '../collect/catalog.js';
import { creatorsForNormalize } from '../iam/ready.js';
import { isKnownAwsFile } from '../known-files.js';
import { normalizeAlarms } from './alarms.js';
import { normalizeCompute } from './compute.js';
import type { AwsContext } from './context.js';
import { normalizeCost } from './cost.js';
import { accountExposure } from './exposure.js';
import { normalizeFlowLogs } from './flow-logs.js';
import { normalizeGuardDuty } from './guardduty.js';
import { normalizeNetwork } from './network.js';
import { normalizeGuardrails, placement } from './organization.js';
import { normalizeResolverLogs } from './resolver.js';
import { RetentionLookup } from './retention.js';
import { normalizeScope } from './scopes.js';
import { normalizeTrails } from './trails.js';

/** Which kind of evidence each call provides, as the collector declares it. */
const domainOf = new Map(allCalls.map((d) => [d.id, d.domain]));

/** AWS bundle → cloud-neutral inventory, account by account and region by region. */
export async function normalizeAws(
  bundle: EvidenceBundle,
  { now, policy }: NormalizeContext,
): Promise<Inventory> {
  const inv = emptyInventory();
  const files = new AwsFiles(bundle, (account, region, api, ref) => {
    const domain = domainOf.get(api);
    if (domain) inv.listings.push({ provider: 'aws', scope: account, region, domain, evidence: [ref] });
  });
  const ctx: AwsContext = { files, inv, now };
  const retention = new RetentionLookup(ctx);
  const managements = new Set<string>();
  for (const account of ctx.files.accounts()) {
    const scope = normalizeScope(ctx, account);
    const org = placement(ctx, account);
    if (org) {
      scope.organization = org;
      managements.add(org.managementScope);
    }
    ctx.inv.scopes.push(scope);
    normalizeCost(ctx, account, org?.isManagement === true);
    for (const region of ctx.files.regions(account)) {
      normalizeCompute(ctx, account, region);
      normalizeNetwork(ctx, account, region);
      normalizeFlowLogs(ctx, retention, account, region);
      normalizeTrails(ctx, retention, account, region);
      normalizeAlarms(ctx, account, region);
      normalizeGuardDuty(ctx, account, region);
      normalizeResolverLogs(ctx, retention, account, region);
    }
  }
  for (const management of managements) normalizeGuardrails(ctx, management);
  recordUnlistedTargets(ctx);
  for (const scope of ctx.inv.scopes) {
    const exposure = accountExposure(ctx, scope);
    if (exposure) scope.exposure = exposure;
  }
  normalizeCreators(ctx, bundle, policy);
  for (const scope of ctx.inv.scopes) scope.identityEvaluated = true;
  // Files of operations rigsight knows are accounted for even when nothing needed them this run.
  for (const path of bundle.paths()) if (isKnownAwsFile(path)) bundle.markConsumed(path);
  markPartialScopes(ctx.inv);
  return ctx.inv;
}

/** Who can create compute (providers/aws/iam); an organization gap already recorded for a scope is not repeated. */
function normalizeCreators(
  ctx: AwsContext,
  bundle: EvidenceBundle,
  policy: NormalizeContext['policy'],
): void {
  const { creators, gaps } = creatorsForNormalize(bundle, policy);
  ctx.inv.creators.push(...creators);
  for (const gap of gaps) {
    const known =
      gap.domain === 'organization' &&
      ctx.inv.gaps.some((g) => g.scope === gap.scope && g.domain === 'organization');
    if (!known) ctx.inv.gaps.push(gap);
  }
}

/** A member account whose path nodes have no ListPoliciesForTarget file: guardrails there are unknown. */
function recordUnlistedTargets(ctx: AwsContext): void {
  const listed = new Set(
    ctx.files
      .accounts()
      .flatMap((a) => ctx.files.keys(a, 'global', 'organizations', 'ListPoliciesForTarget')),
  );
  for (const scope of ctx.inv.scopes) {
    const org = scope.organization;
    if (!org || org.isManagement || org.path === null) continue;
    const missing = [...org.path, scope.id].filter((t) => !listed.has(t));
    if (missing.length === 0) continue;
    ctx.inv.gaps.push({
      provider: 'aws',
      scope: scope.id,
      region: 'global',
      domain: 'guardrails',
      kind: 'missing',
      reason: `policies attached to ${missing.join(', ')} were not collected (organizations ListPoliciesForTarget)`,
      evidence: [],
    });
  }
}
