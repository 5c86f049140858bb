import { describe, expect, test } from 'vitest';
import { analyzeCreators } from '../../../../providers/aws/iam/index.js';
import { DOC } from './aws-docs.js';
import { defaultPolicy } from './bundle-helpers.js';
import { allowS, estate, trustS } from './estate-helpers.js';

const A = '111122223333';
const arn = (kind: 'user' | 'role', name: string) => `arn:aws:iam::${A}:${kind}/${name}`;

/** RunInstances for everyone, denied unless the caller carries team=platform (an ABAC guardrail). */
const launch = [
  allowS('ec2:RunInstances'),
  {
    Sid: 'PlatformOnly',
    Effect: 'Deny',
    Action: 'ec2:RunInstances',
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } },
  },
];

async function creators() {
  const bundle = await estate({
    [A]: {
      users: [
        { name: 'platform-user', policy: launch, tags: { team: 'platform' } },
        { name: 'data-user', policy: launch, tags: { team: 'data' } },
        { name: 'untagged-user', policy: launch },
      ],
      roles: [
        {
          name: 'platform-role',
          trust: [trustS({ AWS: `arn:aws:iam::${A}:root` })],
          policy: launch,
          tags: { team: 'platform' },
        },
        {
          name: 'session-tagged',
          trust: [trustS({ AWS: `arn:aws:iam::${A}:root` }, undefined, ['sts:AssumeRole', 'sts:TagSession'])],
          policy: launch,
          tags: { team: 'data' },
        },
      ],
    },
  });
  const { creators: list } = await analyzeCreators(bundle, defaultPolicy());
  return (id: string) => list.find((c) => c.principal.id === id && c.path === 'direct');
}

describe('aws:PrincipalTag', () => {
  test('is decided for users, whose tags are all in the authorization details', async () => {
    const direct = await creators();
    expect(direct(arn('user', 'platform-user'))?.conditions, DOC.principalTag).toBeUndefined();
    expect(direct(arn('user', 'data-user')), DOC.principalTag).toBeUndefined();
    // No team tag: StringNotEquals holds on a missing key, so the Deny applies.
    expect(direct(arn('user', 'untagged-user')), `${DOC.principalTag}; ${DOC.missingKey}`).toBeUndefined();
  });

  test('is decided for a role no session can tag, and reported for one whose trust allows sts:TagSession', async () => {
    const direct = await creators();
    expect(direct(arn('role', 'platform-role'))?.conditions, DOC.sessionTags).toBeUndefined();
    expect(
      direct(arn('role', 'session-tagged'))?.conditions?.map((c) => c.text),
      DOC.sessionTags,
    ).toEqual(['only when aws:PrincipalTag/team in [platform] (an identity policy denies the rest)']);
  });
});
