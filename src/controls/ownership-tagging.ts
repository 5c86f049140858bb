import { defineControl } from './control.js';
import { resourceSubject, result } from './results.js';
import { unlistedWorkloads, workloadLabel } from './workload-networks.js';

export const ownershipTagging = defineControl({
  id: 'ownership-tagging',
  title: 'Every instance says who owns it',
  pillar: 'ownership-change',
  severity: 'low',
  grain: 'instance',
  rationale:
    'An instance nobody owns is the one nobody questions; required tags make an attacker’s instance stand out and route alerts to a person.',
  remediation: 'Give every instance the keys in `tags.required`, and enforce them at creation.',
  evaluate(inv, policy) {
    const required = policy.tags.required;
    return [
      ...inv.workloads.map((w) => {
        const subject = resourceSubject(w);
        const keys = new Set(Object.keys(w.tags).map((k) => k.toLowerCase()));
        const missing = required.filter(
          (k) => !keys.has(k.toLowerCase()) || !w.tags[matchKey(w.tags, k)]?.trim(),
        );
        if (required.length === 0)
          return result('not_applicable', subject, 'The policy requires no tags.', w.evidence);
        if (missing.length === 0) {
          return result(
            'pass',
            subject,
            `${workloadLabel(w)} carries ${required.map((k) => `${k}=${w.tags[matchKey(w.tags, k)]}`).join(', ')}.`,
            w.evidence,
          );
        }
        return result(
          'fail',
          subject,
          `${workloadLabel(w)} lacks the required tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
          w.evidence,
        );
      }),
      ...unlistedWorkloads(inv, 'instance tags'),
    ];
  },
});

/** Tag keys compare case-insensitively (Owner = owner), values must not be blank. */
function matchKey(tags: Record<string, string>, key: string): string {
  return Object.keys(tags).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}
