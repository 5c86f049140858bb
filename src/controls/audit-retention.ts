import { capital } from '../../providers/vocabulary.js';
import type { AuditTrail } from '../model/logging.js';
import { label } from './audit-logging.js';
import { defineControl } from './control.js';
import { resourceSubject, result } from './results.js';
import { judgeRetention } from './retention.js';

export const auditRetention = defineControl({
  id: 'audit-retention',
  title: 'Audit logs are kept long enough to investigate',
  pillar: 'logging-retention',
  severity: 'medium',
  grain: 'audit log (trail, diagnostic setting, sink)',
  rationale:
    'Mining often runs for weeks before the bill shows it; the creation record must still exist when someone asks who started the instance.',
  remediation: 'Keep at least one complete copy of the audit log for `retention.auditDays` (or longer).',
  evaluate(inv, policy) {
    // A trail listed in several regions or accounts is judged once, under the account that owns it when present.
    const owners = new Set(inv.scopes.map((s) => s.id));
    const trails = new Map<string, AuditTrail>();
    for (const t of inv.auditTrails) {
      const current = trails.get(t.id);
      const ownsIt = t.ownerScope === t.scope;
      if (!current || (ownsIt && owners.has(t.scope) && current.ownerScope !== current.scope))
        trails.set(t.id, t);
    }
    return [...trails.values()].map((t) => {
      const subject = { ...resourceSubject(t), region: t.homeRegion };
      const verdict = judgeRetention(t.destinations, policy.retention.auditDays);
      const name = capital(label(t));
      const text =
        verdict.status === 'pass'
          ? `${name} meets the ${policy.retention.auditDays}-day requirement: ${verdict.text}.`
          : verdict.status === 'fail'
            ? `${name} is not kept long enough: ${verdict.text}.`
            : `Cannot judge retention of ${name}: ${verdict.text}.`;
      return result(verdict.status, subject, text, [...t.evidence, ...verdict.evidence]);
    });
  },
});
