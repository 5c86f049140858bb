import { gapsFor } from '../model/inventory.js';
import { defineControl } from './control.js';
import { fromGaps, result } from './results.js';
import { scopeSubject } from './scope-regions.js';

export const creationPermissions = defineControl({
  id: 'creation-permissions',
  title: 'Only approved principals can create compute',
  pillar: 'creation-governance',
  severity: 'high',
  grain: 'principal',
  rationale:
    'Every principal that can launch compute, directly or through a chain of roles, is a path for a stolen credential to start miners; outside the approved deployment paths each one is a risk.',
  remediation:
    'Remove compute-creating permissions (and the roles that lead to them) from principals outside the approved deployment paths, or add the path to `creators.approved` with a reason.',
  evaluate(inv) {
    return inv.scopes.map((scope) => {
      const subject = scopeSubject(scope);
      const gaps = gapsFor(inv, scope.id, 'global', 'identity');
      if (gaps.length > 0) return fromGaps(subject, `who can create compute in ${scope.id}`, gaps);
      return result(
        'unassessed',
        subject,
        `Who can create compute in account ${scope.id} is not assessed: the identity evaluator has not run.`,
        scope.evidence,
      );
    });
  },
});
