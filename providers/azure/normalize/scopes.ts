import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { Scope } from '../../../src/model/scope.js';
import { isObject, liftProperties } from '../bundle-files.js';
import { accountShow } from '../shapes.js';
import { type AzureContext, readObject } from './context.js';

/** Where each subscription sits: its management groups, root first (from `management-group show --expand --recurse`). */
export function managementGroupPaths(ctx: AzureContext): {
  tenant?: string;
  paths: Map<string, string[]>;
  evidence: Map<string, EvidenceRef>;
} {
  const paths = new Map<string, string[]>();
  const evidence = new Map<string, EvidenceRef>();
  let tenant: string | undefined;
  for (const t of ctx.files.tenants()) {
    tenant ??= t;
    for (const mg of ctx.files.keys(`tenant/${t}`, 'account-management-group-show')) {
      const read = ctx.files.read(`tenant/${t}`, 'account-management-group-show', mg);
      if (read.kind !== 'ok') continue;
      const root = liftProperties(read.data);
      const parent =
        isObject(root) && isObject(root.details) && isObject(root.details.parent)
          ? String(root.details.parent.name ?? '')
          : '';
      const walk = (node: unknown, chain: string[]) => {
        if (!isObject(node)) return;
        const type = String(node.type ?? '').toLowerCase();
        const name = String(node.name ?? '');
        if (type.endsWith('/subscriptions')) {
          paths.set(name.toLowerCase(), chain);
          evidence.set(name.toLowerCase(), read.ref());
          return;
        }
        const next = [...chain, name];
        for (const c of Array.isArray(node.children) ? node.children : []) walk(c, next);
      };
      walk(root, parent && parent !== tenant ? [parent] : []);
    }
  }
  return { ...(tenant ? { tenant } : {}), paths, evidence };
}

/** One scope per subscription folder: account show, the caller from the manifest, its place in the tenant. */
export function normalizeScope(
  ctx: AzureContext,
  sub: string,
  tenant: string | undefined,
  path: string[] | undefined,
  pathRef: EvidenceRef | undefined,
): Scope {
  const read = readObject(ctx, accountShow, sub, 'account-show', undefined);
  const evidence: EvidenceRef[] = [];
  const entry = ctx.files.bundle.manifest?.scopes.find((s) => s.provider === 'azure' && s.id === sub);
  const scope: Scope = {
    provider: 'azure',
    id: sub,
    status: 'assessed',
    // Azure's control plane is global: subscription-wide controls are judged once, under `global`.
    regions: [{ name: 'global', enabled: true, collected: true }],
    evidence,
  };
  if (read.kind === 'ok') {
    evidence.push(read.ref());
    if (read.value.name) scope.name = read.value.name;
    const caller = read.value.user?.name ?? entry?.caller;
    if (caller) scope.caller = caller;
  } else {
    if (entry?.caller) scope.caller = entry.caller;
    if (read.kind === 'error') evidence.push(read.ref());
    ctx.inv.gaps.push(ctx.files.gap(sub, 'global', 'regions', read, 'The subscription (az account show)'));
  }
  const org = tenant ?? (read.kind === 'ok' ? (read.value.tenantId ?? undefined) : undefined);
  if (org) {
    // Azure has no management account holding organization-wide monitors: each subscription manages itself.
    scope.organization = {
      organizationId: org,
      managementScope: sub,
      isManagement: false,
      path: path ?? null,
    };
    if (pathRef) evidence.push(pathRef);
  }
  if (entry?.status === 'failed') {
    scope.status = 'unassessed';
    scope.reason = entry.reason ?? 'collection failed for this subscription';
  } else if (read.kind === 'error' && /AuthorizationFailed|SubscriptionNotFound/.test(read.code)) {
    scope.status = 'unassessed';
    scope.reason = `the subscription could not be read (${read.code}: ${read.message})`;
  }
  return scope;
}
