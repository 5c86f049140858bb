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

/** Conditions that only exempt named principals (a break-glass role) still protect against everyone else. */
function appliesEverywhere(s: Statement): boolean {
  return conditionKeys(s).every((k) =>
    /^aws:principal(arn|account|orgid|orgpaths|tag\/.*|type|isawsservice)$/.test(k),
  );
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
      const effect: GuardrailEffect = keys.includes('aws:requestedregion')
        ? 'restricts-regions'
        : keys.some((k) => k === 'ec2:instancetype')
          ? 'restricts-instance-types'
          : 'denies-compute-creation';
      effects.add(effect);
      details.push(`${label} ${effect.replace(/-/g, ' ')}`);
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
