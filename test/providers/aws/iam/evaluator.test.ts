import { beforeAll, describe, expect, test } from 'vitest';
import type { ActionCatalog } from '../../../../providers/aws/iam/action-catalog.js';
import { defaultComputeActions } from '../../../../providers/aws/iam/compute-actions.js';
import { catalogFor } from '../../../../providers/aws/iam/creators.js';
import { evaluate, type ResourceSpec, type Verdict } from '../../../../providers/aws/iam/evaluator.js';
import { resourceSpec } from '../../../../providers/aws/iam/reachability.js';
import { DOC } from './aws-docs.js';
import { ACCOUNT, allow, deny, type SubjectSpec, subject } from './subject-helpers.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogFor(defaultComputeActions());
});

/** RunInstances with every resource type the EC2 guide says a launch touches. */
function runInstances(): ResourceSpec {
  const action = defaultComputeActions().compute.find((c) => c.action === 'ec2:RunInstances');
  return resourceSpec(catalog, action ?? 'ec2:RunInstances', 'aws', ACCOUNT);
}

const ALL_RUN_TYPES = [
  `arn:aws:ec2:*:${ACCOUNT}:instance/*`,
  'arn:aws:ec2:*::image/*',
  `arn:aws:ec2:*:${ACCOUNT}:network-interface/*`,
  `arn:aws:ec2:*:${ACCOUNT}:security-group/*`,
  `arn:aws:ec2:*:${ACCOUNT}:subnet/*`,
  `arn:aws:ec2:*:${ACCOUNT}:volume/*`,
];

interface Case {
  rule: string;
  doc: string;
  who: SubjectSpec;
  action?: string;
  /** An ARN, or undefined for ec2:RunInstances' resource types. */
  arn?: string;
  verdict: Verdict;
  conditions?: string[];
}

const cases: Case[] = [
  {
    rule: 'nothing allows it: implicit deny',
    doc: DOC.denyAllow,
    who: { identity: [allow('s3:GetObject')] },
    verdict: 'implicit-deny',
  },
  {
    rule: 'an identity-policy Allow grants it',
    doc: DOC.singleAccount,
    who: { identity: [allow('ec2:RunInstances')] },
    verdict: 'allow',
  },
  {
    rule: 'an explicit Deny in any policy overrides the Allow',
    doc: DOC.denyAllow,
    who: { identity: [allow('ec2:*'), deny('ec2:RunInstances')] },
    verdict: 'explicit-deny',
  },
  {
    rule: 'action names compare case-insensitively',
    doc: DOC.action,
    who: { identity: [allow('EC2:runinstances')] },
    verdict: 'allow',
  },
  {
    rule: 'a wildcard in the action name matches',
    doc: DOC.action,
    who: { identity: [allow('ec2:Run*')] },
    verdict: 'allow',
  },
  {
    rule: 'a wildcard that does not cover the action grants nothing',
    doc: DOC.action,
    who: { identity: [allow(['ec2:Start*', 'ec2:Describe*'])] },
    verdict: 'implicit-deny',
  },
  {
    rule: 'Allow with NotAction grants every action not listed',
    doc: DOC.notAction,
    who: {
      identity: [
        { Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }] },
      ],
    },
    verdict: 'allow',
  },
  {
    rule: 'Allow with NotAction grants nothing it lists',
    doc: DOC.notAction,
    who: { identity: [{ Statement: [{ Effect: 'Allow', NotAction: 'ec2:*', Resource: '*' }] }] },
    verdict: 'implicit-deny',
  },
  {
    rule: 'Deny with NotAction denies every action not listed',
    doc: DOC.notAction,
    who: {
      identity: [
        allow('*'),
        { Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 's3:*'], Resource: '*' }] },
      ],
    },
    verdict: 'explicit-deny',
  },
  {
    rule: 'resource ARNs compare case-sensitively',
    doc: DOC.resource,
    who: { identity: [allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/Deployer`)] },
    action: 'sts:AssumeRole',
    arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
    verdict: 'implicit-deny',
  },
  {
    rule: 'a resource wildcard matches the ARN',
    doc: DOC.resource,
    who: { identity: [allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/deploy-*`)] },
    action: 'sts:AssumeRole',
    arn: `arn:aws:iam::${ACCOUNT}:role/deploy-prod`,
    verdict: 'allow',
  },
  {
    rule: 'Allow with NotResource applies to every other resource',
    doc: DOC.notResource,
    who: { identity: [{ Statement: [{ Effect: 'Allow', Action: 'ec2:*', NotResource: 'arn:aws:s3:::*' }] }] },
    verdict: 'allow',
  },
  {
    rule: 'a Deny with NotResource leaves the listed resources: a region-limited launch is still possible',
    doc: DOC.notResource,
    who: {
      identity: [
        allow('ec2:RunInstances'),
        {
          Statement: [
            {
              Effect: 'Deny',
              Action: 'ec2:*',
              NotResource: ['arn:aws:ec2:eu-west-1:*', 'arn:aws:ec2:eu-west-1::*'],
            },
          ],
        },
      ],
    },
    verdict: 'allow',
  },
  {
    rule: 'RunInstances needs every resource type it touches: instances alone are not enough',
    doc: DOC.runInstances,
    who: { identity: [allow('ec2:RunInstances', `arn:aws:ec2:*:${ACCOUNT}:instance/*`)] },
    verdict: 'implicit-deny',
  },
  {
    rule: 'RunInstances allowed on instance, image, network-interface, security-group, subnet and volume',
    doc: DOC.runInstances,
    who: { identity: [allow('ec2:RunInstances', ALL_RUN_TYPES)] },
    verdict: 'allow',
  },
  {
    rule: 'RunInstances without volumes cannot launch an EBS-backed AMI',
    doc: DOC.runInstances,
    who: { identity: [allow('ec2:RunInstances', ALL_RUN_TYPES.slice(0, 5))] },
    verdict: 'implicit-deny',
  },
  {
    rule: 'a Deny on every instance blocks RunInstances even with Allow *',
    doc: DOC.denyAllow,
    who: { identity: [allow('ec2:RunInstances'), deny('ec2:RunInstances', 'arn:aws:ec2:*:*:instance/*')] },
    verdict: 'explicit-deny',
  },
  {
    rule: 'a Deny in some regions leaves RunInstances possible elsewhere',
    doc: DOC.denyAllow,
    who: { identity: [allow('ec2:RunInstances'), deny('ec2:RunInstances', 'arn:aws:ec2:ap-*')] },
    verdict: 'allow',
  },
  {
    rule: 'the permissions boundary must allow it too',
    doc: DOC.boundaries,
    who: { identity: [allow('ec2:*')], boundary: allow('s3:*') },
    verdict: 'implicit-deny',
  },
  {
    rule: 'identity policy and boundary both allowing grants it',
    doc: DOC.boundaries,
    who: { identity: [allow('ec2:*')], boundary: allow(['ec2:RunInstances', 's3:*']) },
    verdict: 'allow',
  },
  {
    rule: 'a boundary alone grants nothing',
    doc: DOC.boundaries,
    who: { identity: [allow('s3:*')], boundary: allow('*') },
    verdict: 'implicit-deny',
  },
  {
    rule: 'an SCP must allow at every level from the root to the account',
    doc: DOC.scpAllow,
    who: { identity: [allow('*')], scp: [[allow('*')], [allow('s3:*')], [allow('*')]] },
    verdict: 'implicit-deny',
  },
  {
    rule: 'SCPs allowing at every level let the identity policy decide',
    doc: DOC.scpAllow,
    who: { identity: [allow('ec2:RunInstances')], scp: [[allow('*')], [allow('ec2:*')], [allow('*')]] },
    verdict: 'allow',
  },
  {
    rule: 'an SCP Deny at the account level wins',
    doc: DOC.scpDeny,
    who: { identity: [allow('*')], scp: [[allow('*')], [allow('*'), deny('ec2:RunInstances')]] },
    verdict: 'explicit-deny',
  },
  {
    rule: 'an SCP grants nothing by itself',
    doc: DOC.scpAllow,
    who: { identity: [], scp: [[allow('*')]] },
    verdict: 'implicit-deny',
  },
  {
    rule: 'the root user needs no identity policy',
    doc: DOC.rootUser,
    who: { type: 'root' },
    verdict: 'allow',
  },
  {
    rule: 'SCPs restrict the root user of a member account',
    doc: DOC.scpDeny,
    who: { type: 'root', scp: [[allow('*'), deny('ec2:*')]] },
    verdict: 'explicit-deny',
  },
  {
    rule: 'an Allow that depends on the request is reported, never guessed',
    doc: DOC.conditionLogic,
    who: {
      identity: [allow('ec2:RunInstances', '*', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } })],
    },
    verdict: 'conditional',
    conditions: ['only in us-east-1'],
  },
  {
    rule: 'a Deny that depends on the request makes the grant conditional',
    doc: DOC.conditionLogic,
    who: {
      identity: [
        allow('ec2:RunInstances'),
        deny('ec2:RunInstances', '*', { StringLike: { 'ec2:InstanceType': 'p*' } }),
      ],
    },
    verdict: 'conditional',
    conditions: ['only instance types not matching p* (an identity policy denies the rest)'],
  },
  {
    rule: 'a Deny with a negated operator is lifted only when the key matches',
    doc: DOC.conditionLogic,
    who: {
      identity: [allow('*')],
      scp: [
        [
          allow('*'),
          deny('*', '*', { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } }),
        ],
      ],
    },
    verdict: 'conditional',
    conditions: ['only in eu-central-1 and eu-west-1 (an SCP denies the rest)'],
  },
  {
    rule: 'a condition on the caller is decided: the exempted role passes an SCP deny',
    doc: DOC.conditionOperators,
    who: {
      type: 'role',
      name: 'Deployer',
      identity: [allow('ec2:RunInstances')],
      scp: [
        [
          allow('*'),
          deny('ec2:RunInstances', '*', {
            ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Deployer' },
          }),
        ],
      ],
    },
    verdict: 'allow',
  },
  {
    rule: 'a condition on the caller is decided: anyone else is denied',
    doc: DOC.conditionOperators,
    who: {
      type: 'role',
      name: 'Intern',
      identity: [allow('ec2:RunInstances')],
      scp: [
        [
          allow('*'),
          deny('ec2:RunInstances', '*', {
            ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Deployer' },
          }),
        ],
      ],
    },
    verdict: 'explicit-deny',
  },
  {
    rule: 'values of one key are OR-ed',
    doc: DOC.conditionLogic,
    who: {
      identity: [
        allow('ec2:RunInstances', '*', {
          StringEquals: { 'aws:PrincipalAccount': ['999999999999', ACCOUNT] },
        }),
      ],
    },
    verdict: 'allow',
  },
  {
    rule: 'keys are AND-ed: one known false key voids the statement',
    doc: DOC.conditionLogic,
    who: {
      identity: [
        allow('ec2:RunInstances', '*', {
          StringEquals: { 'aws:PrincipalAccount': '999999999999', 'aws:RequestedRegion': 'us-east-1' },
        }),
      ],
    },
    verdict: 'implicit-deny',
  },
  {
    rule: 'a policy variable for the caller is filled in',
    doc: DOC.policyVariables,
    who: {
      name: 'alice',
      identity: [allow('iam:PutUserPolicy', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`)],
    },
    action: 'iam:PutUserPolicy',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    verdict: 'allow',
  },
  {
    rule: 'a policy variable for the caller does not reach other users',
    doc: DOC.policyVariables,
    who: {
      name: 'alice',
      identity: [allow('iam:PutUserPolicy', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`)],
    },
    action: 'iam:PutUserPolicy',
    arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
    verdict: 'implicit-deny',
  },
];

describe('AWS policy evaluation, rule by rule', () => {
  test.each(cases)('$rule', (c) => {
    const spec: ResourceSpec = c.arn ? { kind: 'arn', arn: c.arn } : runInstances();
    const d = evaluate(subject(c.who), c.action ?? 'ec2:RunInstances', spec, { explain: true });
    expect(d.verdict, c.doc).toBe(c.verdict);
    if (c.conditions) expect(d.conditions.map((x) => x.text)).toEqual(c.conditions);
  });
});

/**
 * The AWS documentation's own SCP examples, as an organization attaches them (FullAWSAccess beside
 * them). The region deny's NotAction list of global services is abridged (the fixture region-lock-org
 * carries it whole); its regions and exempted roles are the documentation's.
 */
const regionLock = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyAllOutsideEU',
      Effect: 'Deny',
      NotAction: ['cloudfront:*', 'iam:*', 'organizations:*', 'route53:*', 'sts:*', 'support:*'],
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] },
        ArnNotLike: {
          'aws:PrincipalARN': [
            'arn:aws:iam::*:role/Role1AllowedToBypassThisSCP',
            'arn:aws:iam::*:role/Role2AllowedToBypassThisSCP',
          ],
        },
      },
    },
  ],
};
const instanceTypes = deny('ec2:RunInstances', 'arn:aws:ec2:*:*:instance/*', {
  StringNotEquals: { 'ec2:InstanceType': ['t2.micro', 't3.micro'] },
});
const noStopLogging = deny('cloudtrail:StopLogging');

describe('the AWS documentation’s SCP examples', () => {
  const admin = (name = 'alice', type: 'user' | 'role' = 'user', ...scp: unknown[][]) =>
    subject({ name, type, identity: [allow('*')], scp });

  test('region deny: an administrator keeps RunInstances, only in the two Regions', () => {
    const d = evaluate(admin('alice', 'user', [allow('*'), regionLock]), 'ec2:RunInstances', runInstances());
    expect(d.verdict, DOC.scpRegionExample).toBe('conditional');
    expect(d.conditions).toEqual([
      {
        operator: 'StringNotEquals',
        key: 'aws:RequestedRegion',
        values: ['eu-central-1', 'eu-west-1'],
        text: 'only in eu-central-1 and eu-west-1 (an SCP denies the rest)',
        effect: 'Deny',
      },
    ]);
    expect(d.denies.map((u) => u.ref.statement)).toEqual(['DenyAllOutsideEU']);
  });

  test('region deny: the exempted role is decided from its own ARN and is not limited', () => {
    const d = evaluate(
      admin('Role2AllowedToBypassThisSCP', 'role', [allow('*'), regionLock]),
      'ec2:RunInstances',
      runInstances(),
    );
    expect(d.verdict, `${DOC.scpRegionExample}; ${DOC.conditionOperators}`).toBe('allow');
  });

  test('region deny: the exempted global services (NotAction) are not limited', () => {
    const d = evaluate(admin('alice', 'user', [allow('*'), regionLock]), 'iam:PutUserPolicy', {
      kind: 'arn',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
    expect(d.verdict, `${DOC.scpRegionExample}; ${DOC.notAction}`).toBe('allow');
  });

  test('instance-type allow-list: only RunInstances’ instance is limited, in the key’s own terms', () => {
    const d = evaluate(
      admin('alice', 'user', [allow('*'), instanceTypes]),
      'ec2:RunInstances',
      runInstances(),
    );
    expect(d.verdict, DOC.scpInstanceTypeExample).toBe('conditional');
    expect(d.conditions.map((c) => [c.operator, c.key, c.values, c.text])).toEqual([
      [
        'StringNotEquals',
        'ec2:InstanceType',
        ['t2.micro', 't3.micro'],
        'only instance types t2.micro and t3.micro (an SCP denies the rest)',
      ],
    ]);
    const start = evaluate(admin('alice', 'user', [allow('*'), instanceTypes]), 'ec2:StartInstances', {
      kind: 'types',
      types: [{ name: 'instance', pattern: `arn:aws:ec2:*:${ACCOUNT}:instance/*` }],
    });
    expect(start.verdict, DOC.scpInstanceTypeExample).toBe('allow');
  });

  test('deny of disabling CloudTrail: StopLogging is denied outright, compute is untouched', () => {
    const who = admin('alice', 'user', [allow('*'), noStopLogging]);
    const stop = evaluate(who, 'cloudtrail:StopLogging', {
      kind: 'arn',
      arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`,
    });
    expect(stop.verdict, DOC.scpCloudTrailExample).toBe('explicit-deny');
    expect(evaluate(who, 'ec2:RunInstances', runInstances()).verdict, DOC.scpCloudTrailExample).toBe('allow');
  });

  test('a conditional deny at the root is not undone by an unconditional Allow at the OU', () => {
    const d = evaluate(
      admin('alice', 'user', [allow('*'), regionLock], [allow('*')], [allow('*')]),
      'ec2:RunInstances',
      runInstances(),
    );
    expect(d.verdict, `${DOC.scpDeny}; ${DOC.scpAllow}`).toBe('conditional');
    expect(d.conditions.map((c) => c.key)).toEqual(['aws:RequestedRegion']);
  });

  test('the exempted role is still bound by an instance-type SCP on its account', () => {
    const d = evaluate(
      admin('Role1AllowedToBypassThisSCP', 'role', [allow('*'), regionLock], [allow('*'), instanceTypes]),
      'ec2:RunInstances',
      runInstances(),
    );
    expect(d.verdict, `${DOC.scpRegionExample}; ${DOC.scpInstanceTypeExample}`).toBe('conditional');
    expect(d.conditions.map((c) => c.key)).toEqual(['ec2:InstanceType']);
  });
});

describe('conditions decided from the principal itself', () => {
  const tagged = (tags: Record<string, string> | undefined, ...scp: unknown[][]) =>
    subject({ identity: [allow('ec2:RunInstances')], scp, ...(tags ? { tags } : {}) });
  const teamOnly = deny('ec2:RunInstances', '*', {
    StringNotEquals: { 'aws:PrincipalTag/team': 'platform' },
  });

  test('aws:PrincipalTag is decided when the principal’s tags are known', () => {
    expect(
      evaluate(tagged({ team: 'platform' }, [allow('*'), teamOnly]), 'ec2:RunInstances', runInstances())
        .verdict,
      DOC.principalTag,
    ).toBe('allow');
    expect(
      evaluate(tagged({ team: 'data' }, [allow('*'), teamOnly]), 'ec2:RunInstances', runInstances()).verdict,
      DOC.principalTag,
    ).toBe('explicit-deny');
    // No such tag: the negated operator holds on a missing key, so the Deny applies.
    expect(
      evaluate(tagged({}, [allow('*'), teamOnly]), 'ec2:RunInstances', runInstances()).verdict,
      `${DOC.principalTag}; ${DOC.missingKey}`,
    ).toBe('explicit-deny');
  });

  test('aws:PrincipalTag is reported, not guessed, when the tags are not known', () => {
    const d = evaluate(tagged(undefined, [allow('*'), teamOnly]), 'ec2:RunInstances', runInstances());
    expect(d.verdict, DOC.sessionTags).toBe('conditional');
    expect(d.conditions.map((c) => c.text)).toEqual([
      'only when aws:PrincipalTag/team in [platform] (an SCP denies the rest)',
    ]);
  });

  test('aws:PrincipalAccount and aws:PrincipalARN are decided', () => {
    const otherAccount = deny('ec2:RunInstances', '*', {
      StringNotEquals: { 'aws:PrincipalAccount': '999999999999' },
    });
    expect(
      evaluate(tagged(undefined, [allow('*'), otherAccount]), 'ec2:RunInstances', runInstances()).verdict,
      DOC.conditionOperators,
    ).toBe('explicit-deny');
  });
});

describe('what explain shows', () => {
  test('the boundary and SCP layers that stopped a request', () => {
    const d = evaluate(
      subject({ identity: [allow('ec2:*')], boundary: allow('s3:*'), scp: [[allow('*')], [allow('s3:*')]] }),
      'ec2:RunInstances',
      runInstances(),
      { explain: true },
    );
    expect(d.why.some((w) => w.startsWith('the permissions boundary'))).toBe(true);
    expect(d.why.some((w) => w.startsWith('no SCP attached to'))).toBe(true);
    expect(d.allows.map((a) => a.ref.statement)).toEqual(['Statement[0]']);
  });

  test('which resource type is missing for RunInstances', () => {
    const d = evaluate(
      subject({
        identity: [
          allow(
            'ec2:RunInstances',
            ALL_RUN_TYPES.filter((t) => !t.includes('subnet')),
          ),
        ],
      }),
      'ec2:RunInstances',
      runInstances(),
      { explain: true },
    );
    expect(d.why).toEqual(['no identity-based policy allows ec2:RunInstances on subnet']);
  });
});
