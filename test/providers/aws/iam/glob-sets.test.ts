import { describe, expect, test } from 'vitest';
import {
  covers,
  exists,
  glob,
  intersects,
  matches,
  SEGMENT,
} from '../../../../providers/aws/iam/glob-sets.js';

describe('wildcard set reasoning', () => {
  test.each([
    ['arn:aws:ec2:us-east-1:*', `arn:aws:ec2:${SEGMENT}:1:instance/${SEGMENT}`, true],
    ['arn:aws:ec2:*:*:instance/*', `arn:aws:ec2:${SEGMENT}:1:subnet/${SEGMENT}`, false],
    ['arn:aws:s3:::*', `arn:aws:ec2:${SEGMENT}:1:instance/${SEGMENT}`, false],
    ['arn:aws:ec2:??-*', `arn:aws:ec2:${SEGMENT}:1:instance/${SEGMENT}`, true],
  ])('%s overlaps %s: %s', (a, b, expected) => {
    expect(intersects(a, b)).toBe(expected);
  });

  test.each([
    ['*', 'anything', true],
    ['arn:aws:ec2:*', `arn:aws:ec2:${SEGMENT}:1:instance/${SEGMENT}`, true],
    ['arn:aws:ec2:us-*', `arn:aws:ec2:${SEGMENT}:1:instance/${SEGMENT}`, false],
    ['arn:aws:ec2:*:*:instance/*', `arn:aws:ec2:${SEGMENT}:1:instance/${SEGMENT}`, true],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(covers(outer, inner)).toBe(expected);
  });

  test('a union of denies can cover what no single deny covers', () => {
    const t = glob(`arn:aws:ec2:${SEGMENT}:1:instance/${SEGMENT}`);
    const denyUs = glob('arn:aws:ec2:us-*');
    const denyRest = { globs: [denyUs], negated: true };
    // Every instance is either in a us- region (first deny) or not (second, NotResource-style deny).
    expect(
      exists([{ globs: [t] }, { globs: [denyUs] }, denyRest], ([x, a, b]) => Boolean(x && !a && !b)),
    ).toBe(false);
    expect(exists([{ globs: [t] }, { globs: [denyUs] }], ([x, a]) => Boolean(x && !a))).toBe(true);
  });

  test('concrete matching: * spans, ? is one character, case matters unless asked', () => {
    expect(matches('arn:aws:iam::*:role/ci-?', 'arn:aws:iam::1:role/ci-a')).toBe(true);
    expect(matches('arn:aws:iam::*:role/ci-?', 'arn:aws:iam::1:role/ci-ab')).toBe(false);
    expect(matches('ec2:run*', 'ec2:RunInstances')).toBe(false);
    expect(matches('ec2:run*', 'ec2:RunInstances', true)).toBe(true);
  });
});
