import { vocabularyOf } from '../../providers/index.js';
import type { Inventory } from '../model/inventory.js';
import type { Scope } from '../model/scope.js';
import type { Subject } from './results.js';

/** Every enabled region of every scope: the grain of account × region controls. */
export function enabledRegions(inv: Inventory): { scope: Scope; region: string }[] {
  return inv.scopes.flatMap((scope) =>
    scope.regions.filter((r) => r.enabled).map((r) => ({ scope, region: r.name })),
  );
}

export function regionSubject(scope: Scope, region: string): Subject {
  return {
    provider: scope.provider,
    scope: scope.id,
    region,
    resource: { id: `${scope.id}/${region}`, type: vocabularyOf(scope.provider).types.region, name: region },
  };
}

export function scopeSubject(scope: Scope): Subject {
  return {
    provider: scope.provider,
    scope: scope.id,
    resource: {
      id: scope.id,
      type: vocabularyOf(scope.provider).types.scope,
      ...(scope.name ? { name: scope.name } : {}),
    },
  };
}

/** What a scope is called in its cloud, for reasons: account, subscription, project. */
export function scopeNoun(provider: string): string {
  return vocabularyOf(provider).scope.one;
}

/** Scopes in the same organization as `scope` (itself included). */
export function sameOrganization(inv: Inventory, scope: Scope): Scope[] {
  const org = scope.organization?.organizationId;
  if (!org) return [scope];
  return inv.scopes.filter((s) => s.organization?.organizationId === org);
}
