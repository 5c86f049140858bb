import type { GrantCondition } from '../../../src/model/identity.js';
import { type ConditionClause, describeConditions, type KnownContext, resolveClause } from './conditions.js';
import { matches } from './glob-sets.js';
import { actionMatches, type PrincipalSpec, type Statement, type StatementRef } from './policy-document.js';

/** Who a trust statement lets in, one entry per Principal value (IAM user guide, "Principal"). */
export type Entrant =
  | { kind: 'any' }
  /** `arn:aws:iam::ACCOUNT:root` or a bare account id: delegates to that account's own policies. */
  | { kind: 'account'; account: string; value: string }
  /** A user or role ARN. */
  | { kind: 'arn'; arn: string; account: string }
  /** `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`: sessions of that role. */
  | { kind: 'session'; account: string; roleName: string; value: string }
  | { kind: 'federated'; value: string }
  | { kind: 'service'; value: string };

export interface TrustGrant {
  entrant: Entrant;
  statement: Statement;
}

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

function entrants(p: PrincipalSpec): Entrant[] {
  const out: Entrant[] = [];
  if (p.any) out.push({ kind: 'any' });
  for (const v of p.aws) {
    if (/^\d{12}$/.test(v)) {
      out.push({ kind: 'account', account: v, value: v });
      continue;
    }
    const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(v);
    if (root) {
      out.push({ kind: 'account', account: root[1] as string, value: v });
      continue;
    }
    const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(v);
    if (session) {
      out.push({ kind: 'session', account: session[1] as string, roleName: session[2] as string, value: v });
      continue;
    }
    const arn = /^arn:[^:]+:iam::(\d{12}):(user|role)\//.exec(v);
    // Anything else (a unique id left behind by a deleted principal) admits no one.
    if (arn) out.push({ kind: 'arn', arn: v, account: arn[1] as string });
  }
  for (const v of p.federated) out.push({ kind: 'federated', value: v });
  for (const v of p.service) out.push({ kind: 'service', value: v });
  return out;
}

/** Every principal the trust policy's Allow statements name for assuming the role. */
export function trustGrants(trust: readonly Statement[]): TrustGrant[] {
  const out: TrustGrant[] = [];
  for (const s of trust) {
    if (s.effect !== 'Allow' || !s.principal) continue;
    if (!ASSUME_ACTIONS.some((a) => actionMatches(s, a))) continue;
    for (const e of entrants(s.principal)) out.push({ entrant: e, statement: s });
  }
  return out;
}

/** Who is asking to assume the role, as far as the trust policy can tell. */
export interface Caller {
  arn: string;
  account: string;
  /** Role callers: the role name, for session principals. */
  roleName?: string;
  context: KnownContext;
}

export interface Admission {
  /** named: the caller's ARN (or `*`) is in the trust policy; account: only its account is. */
  how: 'named' | 'account';
  statements: { ref: StatementRef; conditions: GrantCondition[] }[];
  conditions: GrantCondition[];
}

function entrantMatches(e: Entrant, caller: Caller): 'named' | 'account' | null {
  switch (e.kind) {
    case 'any':
      return 'named';
    case 'account':
      return e.account === caller.account ? 'account' : null;
    case 'arn':
      return e.arn === caller.arn ? 'named' : null;
    case 'session':
      return e.account === caller.account && e.roleName === caller.roleName ? 'named' : null;
    default:
      return null;
  }
}

function open(s: Statement, ctx: KnownContext): ConditionClause[] | null {
  const left: ConditionClause[] = [];
  for (const c of s.conditions) {
    const r = resolveClause(c, ctx);
    if (r === false) return null;
    if (r === undefined) left.push(c);
  }
  return left;
}

function principalCovers(p: PrincipalSpec, caller: Caller): boolean {
  return entrants(p).some((e) => entrantMatches(e, caller) !== null);
}

/**
 * Whether a role's trust policy lets `caller` call sts:AssumeRole, and how: naming the caller is
 * enough on its own within the account; naming only the account delegates to the caller's own
 * policies (STS API reference, AssumeRole; IAM user guide, "Principal": AWS account principals).
 * A Deny in the trust policy that covers the caller removes the admission, or makes it conditional.
 */
export function admits(
  trust: readonly Statement[],
  caller: Caller,
  action = 'sts:AssumeRole',
): Admission | null {
  let best: Admission | null = null;
  for (const s of trust) {
    if (s.effect !== 'Allow' || !actionMatches(s, action)) continue;
    let how: 'named' | 'account' | null = null;
    if (s.principal) {
      for (const e of entrants(s.principal)) {
        const m = entrantMatches(e, caller);
        if (m === 'named' || (m === 'account' && how === null)) how = m;
      }
    } else if (s.notPrincipal && !principalCovers(s.notPrincipal, caller)) how = 'named';
    if (!how) continue;
    const left = open(s, caller.context);
    if (!left) continue;
    const conditions = describeConditions(left, 'Allow');
    const candidate: Admission = { how, statements: [{ ref: s.ref, conditions }], conditions };
    if (
      !best ||
      (best.conditions.length > 0 && conditions.length === 0) ||
      (best.how === 'account' && how === 'named' && conditions.length <= best.conditions.length)
    )
      best = candidate;
  }
  if (!best) return null;
  for (const s of trust) {
    if (s.effect !== 'Deny' || !actionMatches(s, action)) continue;
    const covered = s.principal
      ? principalCovers(s.principal, caller)
      : s.notPrincipal
        ? !principalCovers(s.notPrincipal, caller)
        : false;
    if (!covered) continue;
    const left = open(s, caller.context);
    if (!left) continue;
    if (left.length === 0) return null;
    const conditions = describeConditions(left, 'Deny', 'trust');
    best.statements.push({ ref: s.ref, conditions });
    best.conditions.push(...conditions);
  }
  return best;
}

/** The service principals a role trusts (e.g. ec2.amazonaws.com for an instance profile role). */
export function trustedServices(trust: readonly Statement[]): Set<string> {
  const out = new Set<string>();
  for (const g of trustGrants(trust))
    if (g.entrant.kind === 'service') out.add(g.entrant.value.toLowerCase());
  return out;
}

/** Whether a service principal pattern (`ec2.amazonaws.com`, sometimes region-qualified) is trusted. */
export function trustsService(services: ReadonlySet<string>, service: string): boolean {
  for (const s of services) if (s === service || matches(s, service, true)) return true;
  return false;
}

/**
 * Whether a session of the role can carry session tags, which add to or override its IAM tags in
 * aws:PrincipalTag: passing them, transitive ones included, needs sts:TagSession in the trust policy
 * (IAM user guide, "Pass session tags in AWS STS": permissions required to add session tags).
 */
export function sessionTagsPossible(trust: readonly Statement[]): boolean {
  return trust.some((s) => s.effect === 'Allow' && actionMatches(s, 'sts:TagSession'));
}
