import type { GrantCondition } from '../../../src/model/identity.js';
import { denierWords, keyWords } from './condition-words.js';
import { matches } from './glob-sets.js';
import type { PolicyKind } from './policy-document.js';

/** One `operator: {key: values}` pair of a Condition block, as written. */
export interface ConditionClause {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** Without set prefix and IfExists, e.g. `StringLike`. */
  base: string;
  set?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
  key: string;
  values: string[];
}

/** Parses a Condition element; anything that is not an object of objects yields a problem message. */
export function parseConditions(raw: unknown): { clauses: ConditionClause[]; problem?: string } {
  if (raw === undefined || raw === null) return { clauses: [] };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { clauses: [], problem: 'Condition is not an object' };
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block))
      return { clauses, problem: `Condition ${operator} is not an object of keys` };
    let rest = operator;
    let set: ConditionClause['set'];
    const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
    if (prefix) {
      set = prefix[1]?.toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
      rest = rest.slice(prefix[0].length);
    }
    const ifExists = /IfExists$/i.test(rest);
    const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(value) ? value : [value];
      const clause: ConditionClause = { operator, base, ifExists, key, values: list.map((v) => String(v)) };
      if (set) clause.set = set;
      clauses.push(clause);
    }
  }
  return { clauses };
}

/**
 * Facts about the caller that are known offline and so can be decided rather than reported
 * (IAM user guide, "AWS global condition context keys": principal keys are always present).
 */
export type KnownContext = ReadonlyMap<string, string>;

/** A context value meaning "known to be absent from every request" (e.g. aws:PrincipalOrgID outside an organization). */
export const ABSENT = '\u0000absent';

/** Present in a context when the principal's tags are all known: a tag key it lacks is then absent. */
export const ALL_TAGS_KNOWN = 'aws:principaltag/*';

/** The context value of a key (any case), with unknown principal tags absent when all tags are known. */
export function contextValue(ctx: KnownContext, key: string): string | undefined {
  const k = key.toLowerCase();
  const v = ctx.get(k);
  if (v !== undefined) return v;
  return k.startsWith('aws:principaltag/') && ctx.has(ALL_TAGS_KNOWN) ? ABSENT : undefined;
}

export function knownContext(entries: Record<string, string | undefined>): KnownContext {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) m.set(k.toLowerCase(), v);
  return m;
}

const NEGATED = new Set([
  'stringnotequals',
  'stringnotequalsignorecase',
  'stringnotlike',
  'arnnotequals',
  'arnnotlike',
  'numericnotequals',
  'datenotequals',
  'notipaddress',
]);

export function isNegated(base: string): boolean {
  return NEGATED.has(base.toLowerCase());
}

/** ARN operators compare each of the six colon-separated parts on its own (IAM condition operators, ARN). */
function arnLike(pattern: string, value: string): boolean {
  const p = pattern.split(':');
  const v = value.split(':');
  if (p.length < 6 || v.length < 6) return matches(pattern, value);
  const part = (a: string[]): string[] => [...a.slice(0, 5), a.slice(5).join(':')];
  const pp = part(p);
  const vv = part(v);
  return pp.every((x, i) => matches(x, vv[i] as string));
}

function substitute(value: string, ctx: KnownContext): string | undefined {
  if (!value.includes('${')) return value;
  let unknownVar = false;
  const out = value.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const known = contextValue(ctx, name);
    if (known === undefined || known === ABSENT) unknownVar = true;
    return known ?? '';
  });
  return unknownVar ? undefined : out;
}

/** true/false when the clause's key is a known fact; undefined when it depends on the request. */
export function resolveClause(c: ConditionClause, ctx: KnownContext): boolean | undefined {
  const actual = contextValue(ctx, c.key);
  if (actual === undefined) return undefined;
  if (actual === ABSENT) {
    // A missing key: ...IfExists holds; ForAllValues holds and ForAnyValue fails, whatever the operator;
    // otherwise negated operators hold and the rest fail.
    const op = c.base.toLowerCase();
    if (op === 'null') return c.values.some((v) => v.toLowerCase() === 'true');
    if (c.ifExists) return true;
    if (c.set) return c.set === 'ForAllValues';
    return isNegated(op);
  }
  const values: string[] = [];
  for (const v of c.values) {
    const s = substitute(v, ctx);
    if (s === undefined) return undefined;
    values.push(s);
  }
  const op = c.base.toLowerCase();
  switch (op) {
    case 'stringequals':
      return values.includes(actual);
    case 'stringnotequals':
      return !values.includes(actual);
    case 'stringequalsignorecase':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'stringnotequalsignorecase':
      return !values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'stringlike':
      return values.some((v) => matches(v, actual));
    case 'stringnotlike':
      return !values.some((v) => matches(v, actual));
    case 'arnequals':
    case 'arnlike':
      return values.some((v) => arnLike(v, actual));
    case 'arnnotequals':
    case 'arnnotlike':
      return !values.some((v) => arnLike(v, actual));
    case 'bool':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'null':
      // The key is known to be present: Null:true fails, Null:false holds.
      return values.some((v) => v.toLowerCase() === 'false');
    default:
      return undefined;
  }
}

const VERBS: Record<string, string> = {
  stringequals: 'in',
  stringequalsignorecase: 'in (any case)',
  stringnotequals: 'not in',
  stringnotequalsignorecase: 'not in (any case)',
  stringlike: 'like',
  stringnotlike: 'not like',
  arnequals: 'in',
  arnlike: 'like',
  arnnotequals: 'not in',
  arnnotlike: 'not like',
  numericequals: 'in',
  numericnotequals: 'not in',
  numericlessthan: '<',
  numericlessthanequals: '<=',
  numericgreaterthan: '>',
  numericgreaterthanequals: '>=',
  dateequals: 'at',
  datenotequals: 'not at',
  datelessthan: 'before',
  datelessthanequals: 'at or before',
  dategreaterthan: 'after',
  dategreaterthanequals: 'at or after',
  bool: 'is',
  binaryequals: 'in',
  ipaddress: 'in',
  notipaddress: 'not in',
};

const POSITIVE_OF: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  notipaddress: 'ipaddress',
};

function phrase(c: ConditionClause, base = c.base.toLowerCase()): string {
  const key =
    c.set === 'ForAnyValue' ? `any of ${c.key}` : c.set === 'ForAllValues' ? `all of ${c.key}` : c.key;
  if (base === 'null') {
    const absent = c.values.some((v) => v.toLowerCase() === 'true');
    return `${key} is ${absent ? 'absent' : 'present'}`;
  }
  const verb = VERBS[base] ?? c.base;
  const list = verb.endsWith('in') || verb.includes('in (') || c.values.length > 1;
  const shown = list ? `[${c.values.join(', ')}]` : (c.values[0] ?? '');
  return `${key} ${verb} ${shown}`;
}

/**
 * Plain words for what a statement's remaining conditions mean for the grant: an Allow holds "only"
 * when they are met; a Deny blocks when they are all met, so the grant holds when one is not, and the
 * words say which layer denies the rest. Operator, key and values stay as written in the statement.
 */
export function describeConditions(
  clauses: readonly ConditionClause[],
  effect: 'Allow' | 'Deny',
  source?: PolicyKind,
): GrantCondition[] {
  const as = (c: ConditionClause, text: string): GrantCondition => ({
    operator: c.operator,
    key: c.key,
    values: c.values,
    text,
    effect,
  });
  const absent = (c: ConditionClause) => (c.ifExists ? ` (or when ${c.key} is absent)` : '');
  if (effect === 'Allow')
    return clauses.map((c) => {
      const words = keyWords(c, true);
      return as(c, `${words ? `only ${words}` : `only when ${phrase(c)}`}${absent(c)}`);
    });
  const denier = denierWords(source);
  if (clauses.length === 1) {
    const c = clauses[0] as ConditionClause;
    const base = c.base.toLowerCase();
    const positive = POSITIVE_OF[base];
    // A negated operator also holds when the key is absent, so the Deny is lifted only when it matches.
    if (positive) {
      const words = keyWords(c, false);
      return [
        as(c, `${words ? `only ${words}` : `only when ${phrase(c, positive)}`} (${denier} denies the rest)`),
      ];
    }
    // Region and instance type are present whenever they limit a launch: said as what is left.
    const words = keyWords(c, false);
    if (words) return [as(c, `only ${words} (${denier} denies the rest)`)];
    return [as(c, `not when ${phrase(c)}${absent(c)} (${denier} denies it)`)];
  }
  const all = `not when ${clauses.map((c) => phrase(c)).join(' and ')} (${denier} denies that)`;
  return clauses.map((c) => as(c, all));
}
