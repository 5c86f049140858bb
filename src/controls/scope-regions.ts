import { vocabularyOf } from '../../providers/index.js';
import type { Inventory } from '../model/inventory.js';
import type { Scope } from '../model/scope.js';
import type { Subject } from './results.js';

/** Two locations that can hold each other's items: the same region, or one is global (a GCP network, a project-wide policy). */
export function sameRegion(a: string, b: string): boolean {
  return a === b || a === 'global' || b === 'global';
}

/** Every enabled region of every scope: the grain of scope × region controls. */
export function enabledRegions(inv: Inventory): { scope: Scope; region: string }[] {
  return inv.scopes.flatMap((scope) =>
    scope.regions.filter((r) => r.enabled).map((r) => ({ scope, region: r.name })),
  );
}

export function regionSubject(scope: Scope, region: string): Subject {
  // A scope judged as a whole (an Azure subscription, a GCP project) has one pseudo-region: the scope is the subject.
  if (region === 'global') return scopeSubject(scope);
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

/** Where a scope × region result is, in words: the region, or the scope itself when it is judged as a whole. */
export function placeText(scope: Pick<Scope, 'provider' | 'id'>, region: string): string {
  return region === 'global' ? `${vocabularyOf(scope.provider).scope.one} ${scope.id}` : region;
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
