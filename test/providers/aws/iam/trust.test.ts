import { describe, expect, test } from 'vitest';
import { analyzeCreators } from '../../../../providers/aws/iam/index.js';
import type { Creator } from '../../../../src/model/identity.js';
import { DOC } from './aws-docs.js';
import { defaultPolicy } from './bundle-helpers.js';
import { type AccountSpec, allowS, denyS, estate, trustS } from './estate-helpers.js';

const A = '111122223333';
const B = '444455556666';
const user = (name: string) => `arn:aws:iam::${A}:user/${name}`;
const launcher = (trust: unknown[]) => ({ name: 'launcher', trust, policy: [allowS('ec2:RunInstances')] });

async function creators(accounts: Record<string, AccountSpec>): Promise<Creator[]> {
  const r = await analyzeCreators(await estate(accounts), defaultPolicy());
  return r.creators;
}
const find = (list: Creator[], id: string) => list.find((c) => c.principal.id === id && c.scope === A);

interface Case {
  rule: string;
  doc: string;
  accounts: Record<string, AccountSpec>;
  principal: string;
  /** Expected hops of its chain (or escalation), [] when it only holds compute itself, null when it is no creator. */
  via: string[] | null;
}

const cases: Case[] = [
  {
    rule: 'same account: a trust policy naming the user is enough on its own',
    doc: `${DOC.assumeRoleApi}; ${DOC.identityVsResource}`,
    accounts: { [A]: { users: [{ name: 'alice' }], roles: [launcher([trustS({ AWS: user('alice') })])] } },
    principal: user('alice'),
    via: [`arn:aws:iam::${A}:role/launcher`],
  },
  {
    rule: 'same account: the account-root principal only delegates; without an identity Allow nothing happens',
    doc: DOC.principal,
    accounts: {
      [A]: { users: [{ name: 'alice' }], roles: [launcher([trustS({ AWS: `arn:aws:iam::${A}:root` })])] },
    },
    principal: user('alice'),
    via: null,
  },
  {
    rule: 'same account: account-root trust plus an identity Allow for sts:AssumeRole',
    doc: DOC.principal,
    accounts: {
      [A]: {
        users: [{ name: 'alice', policy: [allowS('sts:AssumeRole', `arn:aws:iam::${A}:role/launcher`)] }],
        roles: [launcher([trustS({ AWS: A })])],
      },
    },
    principal: user('alice'),
    via: [`arn:aws:iam::${A}:role/launcher`],
  },
  {
    rule: 'cross account: the trust policy names the user, but its own account must allow too',
    doc: DOC.crossAccount,
    accounts: {
      [A]: { roles: [launcher([trustS({ AWS: `arn:aws:iam::${B}:user/bob` })])] },
      [B]: { users: [{ name: 'bob' }] },
    },
    principal: `arn:aws:iam::${B}:user/bob`,
    via: null,
  },
  {
    rule: 'cross account: both sides allow',
    doc: DOC.crossAccount,
    accounts: {
      [A]: { roles: [launcher([trustS({ AWS: `arn:aws:iam::${B}:root` })])] },
      [B]: { users: [{ name: 'bob', policy: [allowS('sts:AssumeRole')] }] },
    },
    principal: `arn:aws:iam::${B}:user/bob`,
    via: [`arn:aws:iam::${A}:role/launcher`],
  },
  {
    rule: 'named in the trust policy, but the permissions boundary does not allow sts:AssumeRole',
    doc: DOC.updateTrust,
    accounts: {
      [A]: {
        users: [{ name: 'alice', boundary: [allowS('s3:*')] }],
        roles: [launcher([trustS({ AWS: user('alice') })])],
      },
    },
    principal: user('alice'),
    via: null,
  },
  {
    rule: 'named in the trust policy, but an identity Deny on sts:AssumeRole wins',
    doc: DOC.denyAllow,
    accounts: {
      [A]: {
        users: [{ name: 'alice', policy: [denyS('sts:AssumeRole')] }],
        roles: [launcher([trustS({ AWS: user('alice') })])],
      },
    },
    principal: user('alice'),
    via: null,
  },
  {
    rule: 'a Deny in the trust policy for the caller wins',
    doc: DOC.denyAllow,
    accounts: {
      [A]: {
        users: [{ name: 'alice' }],
        roles: [
          launcher([
            trustS({ AWS: user('alice') }),
            trustS({ AWS: user('alice') }, undefined, 'sts:AssumeRole', 'Deny'),
          ]),
        ],
      },
    },
    principal: user('alice'),
    via: null,
  },
  {
    rule: 'a trust condition on the caller is decided, not reported',
    doc: DOC.conditionOperators,
    accounts: {
      [A]: {
        users: [
          { name: 'alice', policy: [allowS('sts:AssumeRole')] },
          { name: 'mallory', policy: [allowS('sts:AssumeRole')] },
        ],
        roles: [launcher([trustS({ AWS: A }, { ArnEquals: { 'aws:PrincipalArn': user('alice') } })])],
      },
    },
    principal: user('mallory'),
    via: null,
  },
  {
    rule: 'chains are followed transitively, shortest first',
    doc: DOC.assumeRoleApi,
    accounts: {
      [A]: {
        users: [{ name: 'alice' }],
        roles: [
          { name: 'hop1', trust: [trustS({ AWS: user('alice') })] },
          { name: 'hop2', trust: [trustS({ AWS: `arn:aws:iam::${A}:role/hop1` })] },
          launcher([trustS({ AWS: `arn:aws:iam::${A}:role/hop2` })]),
        ],
      },
    },
    principal: user('alice'),
    via: [`arn:aws:iam::${A}:role/hop1`, `arn:aws:iam::${A}:role/hop2`, `arn:aws:iam::${A}:role/launcher`],
  },
  {
    rule: 'PassRole plus a compute action creates compute with the passed role’s permissions',
    doc: DOC.passRole,
    accounts: {
      [A]: {
        users: [
          {
            name: 'alice',
            policy: [allowS('lambda:CreateFunction'), allowS('iam:PassRole', `arn:aws:iam::${A}:role/fn`)],
          },
        ],
        roles: [
          {
            name: 'fn',
            trust: [trustS({ Service: 'lambda.amazonaws.com' })],
            policy: [allowS('ec2:RunInstances')],
          },
        ],
      },
    },
    principal: user('alice'),
    via: [`arn:aws:iam::${A}:role/fn`],
  },
  {
    rule: 'PassRole limited to another service (iam:PassedToService) does not reach the role',
    doc: DOC.passRole,
    accounts: {
      [A]: {
        users: [
          {
            name: 'alice',
            policy: [
              allowS('lambda:CreateFunction'),
              allowS('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
            ],
          },
        ],
        roles: [
          {
            name: 'fn',
            trust: [trustS({ Service: 'lambda.amazonaws.com' })],
            policy: [allowS('ec2:RunInstances')],
          },
        ],
      },
    },
    principal: user('alice'),
    via: [],
  },
];

describe('role trust and reachability', () => {
  test.each(cases)('$rule', async (c) => {
    const entries = (await creators(c.accounts)).filter(
      (x) => x.principal.id === c.principal && x.scope === A,
    );
    if (c.via === null) expect(entries, c.doc).toEqual([]);
    else {
      expect(entries.length, c.doc).toBeGreaterThan(0);
      expect(entries.find((x) => x.path !== 'direct')?.via ?? [], c.doc).toEqual(c.via);
    }
  });

  test('PassRole adds the passed role’s compute as a chain beside what the principal holds', async () => {
    const passing = cases[10] as Case;
    const limited = cases[11] as Case;
    const a = (await creators(passing.accounts)).filter((c) => c.principal.id === user('alice'));
    const b = (await creators(limited.accounts)).filter((c) => c.principal.id === user('alice'));
    expect(
      a.map((c) => [c.path, c.actions]),
      DOC.passRole,
    ).toEqual([
      ['direct', ['lambda:CreateFunction']],
      ['chain', ['ec2:RunInstances']],
    ]);
    expect(a.every((c) => c.escalation === undefined)).toBe(true);
    expect(
      b.map((c) => [c.path, c.actions]),
      DOC.passRole,
    ).toEqual([['direct', ['lambda:CreateFunction']]]);
  });

  test('cross-account principals are external in the scope where they create compute', async () => {
    const c = find(await creators(cases[4]?.accounts ?? {}), `arn:aws:iam::${B}:user/bob`);
    expect(c).toMatchObject({ kind: 'user', external: true });
  });
});

describe('entry points from outside the bundle', () => {
  const accounts = {
    [A]: {
      roles: [
        { name: 'vendor', trust: [trustS({ AWS: '999999999999' })], policy: [allowS('ec2:RunInstances')] },
        { name: 'public', trust: [trustS('*')], policy: [allowS('lambda:CreateFunction')] },
        {
          name: 'sso',
          trust: [
            trustS(
              { Federated: `arn:aws:iam::${A}:saml-provider/Okta` },
              { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
              'sts:AssumeRoleWithSAML',
            ),
          ],
          policy: [allowS('ecs:RunTask')],
        },
        {
          name: 'workers',
          trust: [trustS({ Service: 'ec2.amazonaws.com' })],
          policy: [allowS('batch:SubmitJob')],
        },
      ],
    },
  };

  test('another account, anyone, and a SAML provider are external; a service is recorded as such', async () => {
    const list = await creators(accounts);
    const entry = (id: string) => find(list, id);
    expect(entry('arn:aws:iam::999999999999:root'), DOC.principal).toMatchObject({
      kind: 'external-account',
      external: true,
      principal: { type: 'account' },
      via: [`arn:aws:iam::${A}:role/vendor`],
    });
    expect(entry('*'), DOC.principal).toMatchObject({
      kind: 'external-account',
      external: true,
      principal: { type: 'anonymous' },
    });
    expect(entry(`arn:aws:iam::${A}:saml-provider/Okta`), DOC.principal).toMatchObject({
      kind: 'federated',
      external: true,
      conditions: [{ key: 'SAML:aud', text: 'only when SAML:aud in [https://signin.aws.amazon.com/saml]' }],
    });
    expect(entry(`arn:aws:iam::${A}:role/workers`)).toMatchObject({ kind: 'service', external: false });
    expect(list.some((c) => c.principal.id === 'ec2.amazonaws.com')).toBe(false);
  });

  test('external entry points rank before principals of the account', async () => {
    const list = (await creators(accounts)).filter((c) => c.scope === A);
    const firstInternal = list.findIndex((c) => !c.external);
    expect(list.slice(0, firstInternal).every((c) => c.external)).toBe(true);
    expect(list.slice(firstInternal).every((c) => !c.external)).toBe(true);
  });
});
