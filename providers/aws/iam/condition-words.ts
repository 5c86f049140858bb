import type { ConditionClause } from './conditions.js';
import type { PolicyKind } from './policy-document.js';

/** "a", "a and b", "a, b and c". */
export function andList(values: readonly string[], word = 'and'): string {
  if (values.length <= 1) return values[0] ?? '';
  return `${values.slice(0, -1).join(', ')} ${word} ${values.at(-1)}`;
}

/** How a reader names the values a well-known key takes, in both directions. */
interface KeyWords {
  equal: (values: readonly string[]) => string;
  notEqual: (values: readonly string[]) => string;
  like: (values: readonly string[]) => string;
  notLike: (values: readonly string[]) => string;
}

const region: KeyWords = {
  equal: (v) => `in ${andList(v)}`,
  notEqual: (v) => `outside ${andList(v)}`,
  like: (v) => `in regions matching ${andList(v, 'or')}`,
  notLike: (v) => `in regions not matching ${andList(v, 'or')}`,
};

const instanceType: KeyWords = {
  equal: (v) => `instance types ${andList(v)}`,
  notEqual: (v) => `instance types other than ${andList(v)}`,
  like: (v) => `instance types matching ${andList(v, 'or')}`,
  notLike: (v) => `instance types not matching ${andList(v, 'or')}`,
};

/** Keys that limit where and what compute is launched: the ones guardrail SCPs are written with. */
const KNOWN: Record<string, KeyWords> = {
  'aws:requestedregion': region,
  'ec2:region': region,
  'ec2:instancetype': instanceType,
};

/** String operators by what they test, for the keys above (case rules do not change the words). */
const STRING_TESTS: Record<string, { test: 'equal' | 'like'; negated: boolean }> = {
  stringequals: { test: 'equal', negated: false },
  stringequalsignorecase: { test: 'equal', negated: false },
  stringnotequals: { test: 'equal', negated: true },
  stringnotequalsignorecase: { test: 'equal', negated: true },
  stringlike: { test: 'like', negated: false },
  stringnotlike: { test: 'like', negated: true },
};

/**
 * Words for a single-valued, well-known key when the clause holds (`holds`) or fails; undefined for
 * anything else (set operators, other keys and operators), which is then said as written.
 */
export function keyWords(c: ConditionClause, holds: boolean): string | undefined {
  const words = KNOWN[c.key.toLowerCase()];
  const test = STRING_TESTS[c.base.toLowerCase()];
  if (!words || !test || c.set) return undefined;
  const positive = holds !== test.negated;
  if (test.test === 'equal') return positive ? words.equal(c.values) : words.notEqual(c.values);
  return positive ? words.like(c.values) : words.notLike(c.values);
}

/** Which layer a Deny sits in, as a reader says it. */
export function denierWords(kind: PolicyKind | undefined): string {
  switch (kind) {
    case 'scp':
      return 'an SCP';
    case 'boundary':
      return 'the permissions boundary';
    case 'trust':
      return 'the trust policy';
    case 'inline':
    case 'managed':
      return 'an identity policy';
    default:
      return 'a Deny';
  }
}
