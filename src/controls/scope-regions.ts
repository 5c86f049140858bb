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
    resource: { id: `${scope.id}/${region}`, type: regionType[scope.provider], name: region },
  };
}

export function scopeSubject(scope: Scope): Subject {
  return {
    provider: scope.provider,
    scope: scope.id,
    resource: { id: scope.id, type: scopeType[scope.provider], ...(scope.name ? { name: scope.name } : {}) },
  };
}

const regionType = { aws: 'AWS::Region', azure: 'Azure::Location', gcp: 'GCP::Region' } as const;
/** What a scope is called in each cloud, for reasons. */
export const scopeNoun = { aws: 'account', azure: 'subscription', gcp: 'project' } as const;
const scopeType = { aws: 'AWS::Account', azure: 'Azure::Subscription', gcp: 'GCP::Project' } as const;

/** Scopes in the same organization as `scope` (itself included). */
export function sameOrganization(inv: Inventory, scope: Scope): Scope[] {
  const org = scope.organization?.organizationId;
  if (!org) return [scope];
  return inv.scopes.filter((s) => s.organization?.organizationId === org);
}
