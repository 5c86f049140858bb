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
  grain: 'account',
  rationale:
    'Stolen keys are used to launch large GPU instances in unused regions; an organization policy that denies unapproved regions or instance types stops that even for administrators, and one that protects the logs keeps the evidence.',
  remediation:
    'Put a preventive guardrail above the scope that limits where and which instance sizes can be created, and that forbids switching off the audit, flow and DNS logs.',
  evaluate(inv) {
    return inv.scopes.map((scope) => {
      const subject = scopeSubject(scope);
      const org = scope.organization;
      if (!org) {
        const gaps = gapsFor(inv, scope.id, 'global', 'organization');
        if (gaps.length > 0) return fromGaps(subject, `guardrails of account ${scope.id}`, gaps);
        return result(
          'fail',
          subject,
          `Account ${scope.id} is not in an organization, so no service control policy can restrict compute creation.`,
          scope.evidence,
        );
      }
      if (org.isManagement) {
        return result(
          'fail',
          subject,
          `Account ${scope.id} is the organization's management account: service control policies do not apply to it, so nothing limits compute created there.`,
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
          `Account ${scope.id} is bound by ${describe(applying.filter((g) => g.effects.length > 0))}.`,
          evidence,
        );
      }
      const gaps = [
        ...gapsFor(inv, org.managementScope, 'global', 'guardrails'),
        ...gapsFor(inv, scope.id, 'global', 'guardrails'),
      ];
      if (gaps.length > 0) return fromGaps(subject, `guardrails of account ${scope.id}`, gaps);
      if (org.path === null) {
        return result(
          'unassessed',
          subject,
          `No guardrail restricting compute is attached to account ${scope.id} or the root, but its organizational units were not collected (organizations ListParents), so policies attached there are unknown.`,
          evidence,
        );
      }
      const protecting = applying.filter((g) => g.effects.length > 0);
      const extra = protecting.length ? ` (${describe(protecting)} only)` : '';
      return result(
        'fail',
        subject,
        `No service control policy restricts the regions, instance types or creation of compute in account ${scope.id}${extra}.`,
        evidence,
      );
    });
  },
});
