import type { GuardrailEffect } from '../../../src/model/defense.js';
import { globToRegExp } from '../../../src/text/glob.js';

interface Statement {
  Sid?: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** Whether a Deny statement's Action / NotAction covers `action` (IAM action names compare case-insensitively). */
function covers(s: Statement, action: string): boolean {
  const match = (patterns: string[]) => patterns.some((p) => globToRegExp(p, 'i').test(action));
  if (s.Action !== undefined) return match(list(s.Action));
  if (s.NotAction !== undefined) return !match(list(s.NotAction));
  return false;
}

function conditionKeys(s: Statement): string[] {
  return Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block).map((k) => k.toLowerCase()));
}

const principalKey = /^aws:principal(arn|account|orgid|orgpaths|tag\/.*|type|isawsservice|servicename)$/;
const regionKey = /^(aws:requestedregion|ec2:region)$/;
const typeKey = /^ec2:instancetype$/;

/** Conditions that only exempt named principals (a break-glass role) still protect against everyone else. */
function appliesEverywhere(s: Statement): boolean {
  return conditionKeys(s).every((k) => principalKey.test(k));
}

const evidenceActions: [GuardrailEffect, string[]][] = [
  ['protects-audit-logs', ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']],
  ['protects-flow-logs', ['ec2:DeleteFlowLogs']],
  [
    'protects-dns-logs',
    ['route53resolver:DisassociateResolverQueryLogConfig', 'route53resolver:DeleteResolverQueryLogConfig'],
  ],
];

/** What a service control policy's Deny statements do against AN0744, with the statement that does it. */
export function scpEffects(document: unknown): { effects: GuardrailEffect[]; details: string[] } {
  const statements = (document as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  const effects = new Set<GuardrailEffect>();
  const details: string[] = [];
  (Array.isArray(statements) ? statements : statements ? [statements] : []).forEach((s, i) => {
    if (s.Effect !== 'Deny') return;
    const label = s.Sid ? `statement ${s.Sid}` : `statement ${i}`;
    if (covers(s, 'ec2:RunInstances')) {
      const keys = conditionKeys(s);
      // Conditions are ANDed: one the caller controls (a request tag, a source IP) lets an attacker step around it.
      const sidestep = keys.filter((k) => !principalKey.test(k) && !regionKey.test(k) && !typeKey.test(k));
      if (sidestep.length > 0) {
        details.push(
          `${label} denies ec2:RunInstances only when ${sidestep.join(', ')} match${sidestep.length > 1 ? '' : 'es'}: not counted as a limit on where or what compute is created`,
        );
      } else {
        const effect: GuardrailEffect = keys.some((k) => regionKey.test(k))
          ? 'restricts-regions'
          : keys.some((k) => typeKey.test(k))
            ? 'restricts-instance-types'
            : 'denies-compute-creation';
        effects.add(effect);
        details.push(`${label} ${effect.replace(/-/g, ' ')}`);
      }
    }
    // A region-conditioned deny protects logs only outside those regions, so it does not count here.
    if (!appliesEverywhere(s)) return;
    for (const [effect, actions] of evidenceActions) {
      if (actions.some((a) => covers(s, a))) {
        effects.add(effect);
        details.push(`${label} ${effect.replace(/-/g, ' ')}`);
      }
    }
  });
  return { effects: [...effects].sort(), details };
}
