import { vocabularyOf } from '../../providers/index.js';
import { capital } from '../../providers/vocabulary.js';
import type { Guardrail, GuardrailEffect } from '../model/defense.js';
import { gapsFor } from '../model/inventory.js';
import { defineControl } from './control.js';
import { fromGaps, result } from './results.js';
import { scopeSubject } from './scope-regions.js';

const creationEffects: GuardrailEffect[] = [
  'restricts-regions',
  'restricts-instance-types',
  'denies-compute-creation',
];

const effectWords: Record<GuardrailEffect, string> = {
  'restricts-regions': 'restricts regions',
  'restricts-instance-types': 'restricts instance types',
  'denies-compute-creation': 'denies compute creation',
  'protects-audit-logs': 'protects audit logs',
  'protects-flow-logs': 'protects flow logs',
  'protects-dns-logs': 'protects DNS query logs',
};

export const creationGuardrails = defineControl({
  id: 'creation-guardrails',
  title: 'Guardrails limit where and what compute can be created',
  pillar: 'creation-governance',
  severity: 'medium',
  grain: 'scope',
  rationale:
    'Stolen keys are used to launch large GPU instances in unused regions; an organization policy that denies unapproved regions or instance types stops that even for administrators, and one that protects the logs keeps the evidence.',
  remediation:
    'Put a preventive guardrail above the scope that limits where and which instance sizes can be created, and that forbids switching off the audit, flow and DNS logs.',
  evaluate(inv) {
    return inv.scopes.map((scope) => {
      const v = vocabularyOf(scope.provider);
      const Scope = `${capital(v.scope.one)} ${scope.id}`;
      const subject = scopeSubject(scope);
      const org = scope.organization;
      if (!org) {
        const gaps = gapsFor(inv, scope.id, 'global', 'organization');
        if (gaps.length > 0) return fromGaps(subject, `guardrails of ${v.scope.one} ${scope.id}`, gaps);
        return result(
          'fail',
          subject,
          `${Scope} is not in an organization, so no ${v.guardrail.one} can restrict compute creation.`,
          scope.evidence,
        );
      }
      if (org.isManagement) {
        return result(
          'fail',
          subject,
          `${Scope} is the organization's ${v.organization.managementScope}: ${v.guardrail.many} do not apply to it, so nothing limits compute created there.`,
          scope.evidence,
        );
      }
      const targets = new Set([...(org.path ?? []), scope.id]);
      const applying = inv.guardrails.filter((g) => g.targets.some((t) => targets.has(t)));
      const restricting = applying.filter((g) => g.effects.some((e) => creationEffects.includes(e)));
      const describe = (gs: Guardrail[]) =>
        gs.map((g) => `${g.name ?? g.id} (${g.effects.map((e) => effectWords[e]).join(', ')})`).join('; ');
      const evidence = [...scope.evidence, ...applying.flatMap((g) => g.evidence)];
      if (restricting.length > 0) {
        return result(
          'pass',
          subject,
          `${Scope} is bound by ${describe(applying.filter((g) => g.effects.length > 0))}.`,
          evidence,
        );
      }
      const gaps = [
        ...gapsFor(inv, org.managementScope, 'global', 'guardrails'),
        ...gapsFor(inv, scope.id, 'global', 'guardrails'),
      ];
      if (gaps.length > 0) return fromGaps(subject, `guardrails of ${v.scope.one} ${scope.id}`, gaps);
      if (org.path === null) {
        return result(
          'unassessed',
          subject,
          `No guardrail restricting compute is attached to ${v.scope.one} ${scope.id} or the root, but its ${v.organization.unit.many} were not collected (${v.sources.organizationParents}), so policies attached there are unknown.`,
          evidence,
        );
      }
      const protecting = applying.filter((g) => g.effects.length > 0);
      const extra = protecting.length ? ` (${describe(protecting)} only)` : '';
      return result(
        'fail',
        subject,
        `No ${v.guardrail.one} restricts the regions, instance types or creation of compute in ${v.scope.one} ${scope.id}${extra}.`,
        evidence,
      );
    });
  },
});
