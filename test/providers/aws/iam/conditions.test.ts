import { describe, expect, test } from 'vitest';
import {
  ABSENT,
  ALL_TAGS_KNOWN,
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
    // A missing key: negated operators hold, ForAllValues holds, ForAnyValue fails, whatever the operator.
    [{ StringNotLike: { 'aws:PrincipalOrgID': 'o-*' } }, true],
    [{ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }, false],
    [{ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-1' } }, true],
    [{ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-1' } }, false],
    [{ 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': 'o-1' } }, false],
    [{ 'ForAnyValue:StringEqualsIfExists': { 'aws:PrincipalOrgID': 'o-1' } }, true],
  ])('a missing key: %j resolves to %s', (block, expected) => {
    expect(resolveClause(one(block), ctx), `${DOC.missingKey}; ${DOC.setOperators}`).toBe(expected);
  });

  test('principal tags: known ones are decided, a missing one is absent, unknown ones stay open', () => {
    const known = knownContext({ 'aws:PrincipalTag/team': 'platform', [ALL_TAGS_KNOWN]: ABSENT });
    const team = one({ StringEquals: { 'aws:PrincipalTag/Team': 'platform' } });
    const cost = one({ StringNotEquals: { 'aws:PrincipalTag/cost-center': '42' } });
    expect(resolveClause(team, known), DOC.principalTag).toBe(true);
    expect(resolveClause(cost, known), `${DOC.principalTag}; ${DOC.missingKey}`).toBe(true);
    expect(resolveClause(team, knownContext({})), DOC.sessionTags).toBeUndefined();
  });

  test.each([
    [{ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }, 'Allow', 'scp', 'only in us-east-1'],
    [
      { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      'Deny',
      'scp',
      'only in us-east-1 and eu-west-1 (an SCP denies the rest)',
    ],
    [
      { StringNotEquals: { 'ec2:InstanceType': ['t3.micro', 't3.small', 't3.medium', 'm7i.large'] } },
      'Deny',
      'scp',
      'only instance types t3.micro, t3.small, t3.medium and m7i.large (an SCP denies the rest)',
    ],
    [
      { StringLike: { 'ec2:InstanceType': ['p*', 'g*'] } },
      'Deny',
      'boundary',
      'only instance types not matching p* or g* (the permissions boundary denies the rest)',
    ],
    [
      { StringLike: { 'aws:RequestedRegion': 'ap-*' } },
      'Deny',
      'inline',
      'only in regions not matching ap-* (an identity policy denies the rest)',
    ],
    [
      { StringNotEquals: { 'ec2:Tenancy': 'default' } },
      'Deny',
      'scp',
      'only when ec2:Tenancy in [default] (an SCP denies the rest)',
    ],
    [
      { StringEquals: { 'ec2:Tenancy': 'dedicated' } },
      'Deny',
      'managed',
      'not when ec2:Tenancy in [dedicated] (an identity policy denies it)',
    ],
    [
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      'Allow',
      'inline',
      'only when aws:MultiFactorAuthPresent is true',
    ],
    [
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
      'Allow',
      'inline',
      'only when aws:MultiFactorAuthAge < 3600',
    ],
    [
      { StringEqualsIfExists: { 'ec2:Tenancy': 'default' } },
      'Allow',
      'inline',
      'only when ec2:Tenancy in [default] (or when ec2:Tenancy is absent)',
    ],
  ] as const)('%j in an %s (%s) reads "%s"', (block, effect, source, text) => {
    const [c] = describeConditions(parseConditions(block).clauses, effect, source);
    expect(c?.text).toBe(text);
    // The key's own terms stay as written, with the effect that says how to read them.
    expect(c).toMatchObject({ effect, operator: Object.keys(block)[0] });
  });

  test('a Deny with two conditions is lifted when either does not hold', () => {
    const texts = describeConditions(
      parseConditions({
        StringLike: { 'ec2:InstanceType': 'p*' },
        StringEquals: { 'aws:RequestedRegion': 'us-east-1' },
      }).clauses,
      'Deny',
      'scp',
    ).map((c) => c.text);
    expect(new Set(texts)).toEqual(
      new Set([
        'not when ec2:InstanceType like p* and aws:RequestedRegion in [us-east-1] (an SCP denies that)',
      ]),
    );
  });
});
