import { describe, expect, test } from 'vitest';
import {
  ABSENT,
  describeConditions,
  knownContext,
  parseConditions,
  resolveClause,
} from '../../../../providers/aws/iam/conditions.js';
import { DOC } from './aws-docs.js';

const one = (block: unknown) => {
  const [c] = parseConditions(block).clauses;
  if (!c) throw new Error('no clause');
  return c;
};

describe('condition clauses', () => {
  test('set prefixes and IfExists are recognised', () => {
    const c = one({ 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['team', 'owner'] } });
    expect(c).toMatchObject({
      base: 'StringLike',
      set: 'ForAnyValue',
      ifExists: true,
      values: ['team', 'owner'],
    });
  });

  test('a malformed block is reported', () => {
    expect(parseConditions({ StringEquals: 'x' }).problem).toMatch(/not an object of keys/);
  });

  const ctx = knownContext({
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci/Deployer',
    'aws:PrincipalOrgID': ABSENT,
  });

  test.each([
    [{ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci/*' } }, true],
    // ARN operators compare segment by segment: * in the account segment does not swallow the resource part.
    [{ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }, false],
    [{ ArnLike: { 'aws:PrincipalArn': 'arn:aws:*:*:*:role/ci/*' } }, true],
    [
      {
        ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Other', 'arn:aws:iam::*:role/ci/Deployer'] },
      },
      false,
    ],
    [{ StringEqualsIgnoreCase: { 'aws:principalarn': 'ARN:AWS:IAM::111122223333:ROLE/CI/DEPLOYER' } }, true],
    [{ StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }, false],
    [{ StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } }, true],
    [{ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } }, true],
    [{ Null: { 'aws:PrincipalOrgID': 'true' } }, true],
    [{ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }, undefined],
  ])('%j resolves to %s', (block, expected) => {
    expect(resolveClause(one(block), ctx), `${DOC.conditionOperators}; ${DOC.conditionLogic}`).toBe(expected);
  });

  test.each([
    [
      { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      'Allow',
      'only when aws:RequestedRegion in [us-east-1]',
    ],
    [{ StringLike: { 'ec2:InstanceType': 'p*' } }, 'Deny', 'not when ec2:InstanceType like p*'],
    [
      { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
      'Deny',
      'only when aws:RequestedRegion in [eu-west-1]',
    ],
    [
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      'Allow',
      'only when aws:MultiFactorAuthPresent is true',
    ],
    [
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
      'Allow',
      'only when aws:MultiFactorAuthAge < 3600',
    ],
    [
      { StringEqualsIfExists: { 'ec2:Tenancy': 'default' } },
      'Allow',
      'only when ec2:Tenancy in [default] (or ec2:Tenancy is absent)',
    ],
  ] as const)('%j in an %s reads "%s"', (block, effect, text) => {
    expect(describeConditions(parseConditions(block).clauses, effect)[0]?.text).toBe(text);
  });

  test('a Deny with two conditions is lifted when either does not hold', () => {
    const texts = describeConditions(
      parseConditions({
        StringLike: { 'ec2:InstanceType': 'p*' },
        StringEquals: { 'aws:RequestedRegion': 'us-east-1' },
      }).clauses,
      'Deny',
    ).map((c) => c.text);
    expect(new Set(texts)).toEqual(
      new Set(['not when ec2:InstanceType like p* and aws:RequestedRegion in [us-east-1]']),
    );
  });
});
