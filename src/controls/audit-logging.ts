import { vocabularyOf } from '../../providers/index.js';
import { isUnknown } from '../model/evidence.js';
import { gapsFor, type Inventory, listingsFor } from '../model/inventory.js';
import type { AuditTrail } from '../model/logging.js';
import type { Scope } from '../model/scope.js';
import { defineControl } from './control.js';
import { fromGaps, listNames, result } from './results.js';
import { enabledRegions, placeText, regionSubject, sameOrganization } from './scope-regions.js';

/** Trails that record `region` of `scope`: its own (multi-region or homed there) and its organization's. */
export function trailsCovering(inv: Inventory, scope: Scope, region: string): AuditTrail[] {
  const orgScopes = new Set(sameOrganization(inv, scope).map((s) => s.id));
  const byId = new Map<string, AuditTrail[]>();
  for (const trail of inv.auditTrails) {
    const mine = trail.scope === scope.id;
    const orgWide = trail.organizationWide && orgScopes.has(trail.scope);
    if (!mine && !orgWide) continue;
    if (!trail.coversAllRegions && !trail.coveredRegions.includes(region)) continue;
    byId.set(trail.id, [...(byId.get(trail.id) ?? []), trail]);
  }
  return [...byId.values()].map(combineViews);
}

/**
 * One trail seen from several accounts (an organization trail listed in each member) is one trail: the owner's
 * view first, with what a member could not read (its event selectors) taken from a view that could.
 */
function combineViews(views: AuditTrail[]): AuditTrail {
  const owner = views.find((t) => t.ownerScope === t.scope) ?? (views[0] as AuditTrail);
  const known = <K extends 'logging' | 'managementWrites'>(key: K): AuditTrail[K] =>
    isUnknown(owner[key]) ? (views.find((t) => !isUnknown(t[key]))?.[key] ?? owner[key]) : owner[key];
  const logging = known('logging');
  const managementWrites = known('managementWrites');
  if (logging === owner.logging && managementWrites === owner.managementWrites) return owner;
  const evidence = [...owner.evidence, ...views.filter((t) => t !== owner).flatMap((t) => t.evidence)];
  return { ...owner, logging, managementWrites, evidence };
}

/** "organization trail org-trail", "diagnostic setting export", "Admin Activity audit log" (a name that says it all). */
export function label(t: AuditTrail): string {
  const v = vocabularyOf(t.provider);
  const kind = t.organizationWide
    ? v.trailKinds.organization
    : t.coversAllRegions
      ? v.trailKinds.allRegions
      : v.trail.one;
  const name = t.name ?? t.id;
  const saysIt = !kind || name.toLowerCase().endsWith(` ${kind.toLowerCase()}`);
  return saysIt ? name : `${kind} ${name}`;
}

export const auditLogging = defineControl({
  id: 'audit-logging',
  title: 'Instance creation is recorded in every enabled region',
  pillar: 'logging-retention',
  severity: 'high',
  grain: 'scope × region',
  rationale:
    'Who created which instance is the first question after a mining incident; attackers launch in regions nobody watches (T1535).',
  remediation:
    'Record control-plane write events (instance creation) in every enabled region with a cloud-wide audit log that is switched on.',
  evaluate(inv) {
    return enabledRegions(inv).map(({ scope, region }) => {
      const subject = regionSubject(scope, region);
      const v = vocabularyOf(scope.provider);
      const where = placeText(scope, region);
      const covering = trailsCovering(inv, scope, region);
      // The cloud's own copy that nobody can query or alert on does not count as recording.
      const platform = covering.filter((t) => t.platform);
      const trails = covering.filter((t) => !t.platform);
      const evidence = trails.flatMap((t) => t.evidence);
      const good = trails.find((t) => t.logging === true && t.managementWrites === true);
      if (good) {
        return result(
          'pass',
          subject,
          `The ${label(good)} records management write events in ${where}.`,
          good.evidence,
        );
      }
      const unsure = trails.filter((t) => isUnknown(t.logging) || isUnknown(t.managementWrites));
      if (unsure.length > 0) {
        const why = unsure.map((t) => {
          const u = isUnknown(t.logging) ? t.logging : t.managementWrites;
          return `${label(t)}: ${isUnknown(u) ? u.unknown : ''}`;
        });
        const more = unsure.flatMap((t) =>
          [t.logging, t.managementWrites].filter(isUnknown).flatMap((u) => u.evidence),
        );
        return result(
          'unassessed',
          subject,
          `Cannot tell whether ${where} is recorded (${why.join('; ')}).`,
          [...evidence, ...more],
        );
      }
      const gaps = gapsFor(inv, scope.id, region, 'audit-logs');
      if (trails.length === 0 && gaps.length > 0) return fromGaps(subject, `audit logging in ${where}`, gaps);
      if (trails.length === 0) {
        const only = platform.length && v.platformAuditOnly ? `; ${v.platformAuditOnly}` : '';
        return result(
          'fail',
          subject,
          region === 'global'
            ? `No ${v.trail.one} records management write events of ${where}${only || ': instance creation there leaves no audit record'}.`
            : `No ${v.trail.one} records ${region} in ${v.scope.one} ${scope.id}: instance creation there leaves no audit record.`,
          [
            ...evidence,
            ...platform.flatMap((t) => t.evidence),
            ...listingsFor(inv, scope.id, region, 'audit-logs'),
          ],
        );
      }
      const stopped = trails.filter((t) => t.logging === false).map(label);
      const readOnly = trails.filter((t) => t.logging === true && t.managementWrites === false).map(label);
      const parts = [
        stopped.length ? `${listNames(stopped)} ${stopped.length > 1 ? 'are' : 'is'} not logging` : '',
        readOnly.length
          ? `${listNames(readOnly)} ${readOnly.length > 1 ? 'do' : 'does'} not select management write events`
          : '',
      ].filter(Boolean);
      return result(
        'fail',
        subject,
        `Instance creation in ${where} is not recorded: ${parts.join('; ')}.`,
        evidence,
      );
    });
  },
});
