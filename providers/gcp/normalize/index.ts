import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { emptyInventory, markPartialScopes } from '../../../src/model/inventory.js';
import type { NormalizeContext } from '../../adapter.js';
import { commandDomains, GcpFiles } from '../bundle-files.js';
import { liveCommands } from '../collect/live-commands.js';
import { gcpCreators } from '../iam/index.js';
import { arrayOf, sinkSchema } from '../shapes.js';
import { normalizeAlarms } from './alarms.js';
import { normalizeGroups, normalizeWorkloads } from './compute.js';
import { type GcpContext, readOrGap } from './context.js';
import { normalizeBudgets, normalizeGuardrails, normalizeThreatDetection } from './defense.js';
import { normalizeFirewalls } from './firewalls.js';
import { normalizeAuditTrail, normalizeDnsLogs, normalizeFlowLogs } from './logging.js';
import { normalizeNetworks, normalizeRoutes, sharedNetworks } from './network.js';
import { normalizeScope, readProjectNumbers } from './scopes.js';

/** GCP bundle → cloud-neutral inventory, project by project; every missing or failed file is a gap. */
export async function normalizeGcp(
  bundle: EvidenceBundle,
  { now, policy }: NormalizeContext,
): Promise<Inventory> {
  const ctx: GcpContext = {
    files: new GcpFiles(bundle),
    inv: emptyInventory(),
    now,
    policy,
    projectIds: new Map(),
    ancestry: new Map(),
  };
  readProjectNumbers(ctx);
  const projects = ctx.files.projects();
  for (const project of projects) {
    const scope = normalizeScope(ctx, project);
    ctx.inv.scopes.push(scope);
    normalizeWorkloads(ctx, project);
    normalizeGroups(ctx, project);
    normalizeNetworks(ctx, project);
    normalizeRoutes(ctx, project);
    normalizeFirewalls(ctx, project);
    normalizeFlowLogs(ctx, project);
    // Admin Activity logging is a platform fact, but not for a project nothing could be read of.
    if (scope.status !== 'unassessed') normalizeAuditTrail(ctx, project);
    else readOrGap(ctx, arrayOf(sinkSchema), project, 'logging-sinks-list');
    normalizeDnsLogs(ctx, project);
    normalizeAlarms(ctx, project);
    normalizeThreatDetection(ctx, project);
    normalizeGuardrails(ctx, project);
  }
  sharedNetworks(ctx);
  normalizeBudgets(ctx, projects);
  const identity = gcpCreators(ctx.files, projects, policy);
  ctx.inv.creators.push(...identity.creators);
  ctx.inv.gaps.push(...identity.gaps);
  for (const scope of ctx.inv.scopes) {
    if (identity.evaluated.has(scope.id)) scope.identityEvaluated = true;
    const running = ctx.inv.workloads.filter((w) => w.scope === scope.id && w.state === 'running');
    if (running.length && running.every((w) => w.vcpus !== undefined))
      scope.exposure = { vcpus: running.reduce((n, w) => n + (w.vcpus ?? 0), 0) };
  }
  dedupeGaps(ctx.inv);
  // Every file of a command rigsight knows is accounted for, even when nothing needed it this run.
  for (const path of bundle.paths()) if (isKnownGcpFile(path)) bundle.markConsumed(path);
  markPartialScopes(ctx.inv);
  return ctx.inv;
}

/** One gap per scope, domain and reason (a file read by several normalizers is reported once). */
function dedupeGaps(inv: Inventory): void {
  const seen = new Set<string>();
  inv.gaps = inv.gaps.filter((g) => {
    const key = `${g.scope}|${g.domain}|${g.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A file of a gcloud command rigsight reads: `gcp/<node…>/<command>.json` or `<command>/<key>.json`, or a live
 * leg's file under `telemetry/gcp/<project>/` (read by detection, not here).
 */
function isKnownGcpFile(path: string): boolean {
  const live = /^telemetry\/gcp\/[^/]+\/([^/.]+)(\.error)?\.json$/.exec(path)?.[1];
  if (live) return live in liveCommands;
  if (!path.startsWith('gcp/')) return false;
  const parts = path.replace(/(\.error)?\.json$/, '').split('/');
  return parts.slice(2).some((p) => p in commandDomains);
}
