import { describe, expect, it } from 'vitest';
import { findingId } from '../../../src/controls/engine.js';
import {
  ACCOUNT,
  assessFiles,
  denied,
  errorFile,
  type Files,
  g,
  wellRunEstate,
  without,
} from '../../helpers/aws-estate.js';

const GAAD = g('iam', 'GetAccountAuthorizationDetails');
const REPORT = g('iam', 'GetCredentialReport');
const arn = (kind: 'user' | 'role', name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

/** The well-run estate with IAM: FullAWSAccess at every SCP level (as AWS attaches it) and the given principals. */
function estate(iam: { users?: unknown[]; roles?: unknown[] }, keys: Record<string, boolean> = {}): Files {
  const files = wellRunEstate();
  const full = { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY' };
  files[g('organizations', 'ListPoliciesForTarget', 'r-ex01')] = {
    Policies: [full, { Id: 'p-regions', Name: 'regions', Type: 'SERVICE_CONTROL_POLICY' }],
  };
  files[g('organizations', 'ListPoliciesForTarget', ACCOUNT)] = { Policies: [full] };
  files[g('organizations', 'DescribePolicy', 'p-FullAWSAccess')] = {
    Policy: {
      PolicySummary: full,
      Content: JSON.stringify(doc({ Effect: 'Allow', Action: '*', Resource: '*' })),
    },
  };
  files[GAAD] = {
    UserDetailList: iam.users ?? [],
    GroupDetailList: [],
    RoleDetailList: iam.roles ?? [],
    Policies: [],
  };
  const rows = Object.entries(keys).map(([u, k]) => `${u},${arn('user', u)},true,${k},false`);
  files[REPORT] = {
    Content: Buffer.from(
      [
        'user,arn,password_enabled,access_key_1_active,access_key_2_active',
        `<root_account>,arn:aws:iam::${ACCOUNT}:root,not_supported,false,false`,
        ...rows,
      ].join('\n'),
    ).toString('base64'),
    ReportFormat: 'text/csv',
  };
  return files;
}

const user = (name: string, ...statements: unknown[]) => ({
  UserName: name,
  Arn: arn('user', name),
  GroupList: [],
  UserPolicyList: [{ PolicyName: 'own', PolicyDocument: doc(...statements) }],
  AttachedManagedPolicies: [],
});
const role = (name: string, trust: unknown, ...statements: unknown[]) => ({
  RoleName: name,
  Path: '/',
  Arn: arn('role', name),
  AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: trust, Action: 'sts:AssumeRole' }),
  RolePolicyList: [{ PolicyName: 'own', PolicyDocument: doc(...statements) }],
  AttachedManagedPolicies: [],
  InstanceProfileList: [],
});
const launch = { Sid: 'Launch', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' };
// The root user is denied compute by an SCP in these tests, so only the principals under test remain.
const noRoot = (files: Files): Files => {
  const body = files[g('organizations', 'DescribePolicy', 'p-FullAWSAccess')] as {
    Policy: { Content: string };
  };
  body.Policy.Content = JSON.stringify(
    doc(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
      },
    ),
  );
  return files;
};

async function results(files: Files, overrides: Record<string, unknown> = {}) {
  return (await assessFiles(files, overrides)).of('creation-permissions');
}

describe('creation-permissions (principal)', () => {
  it('fails an unapproved user, naming it, its compute and the granting statement, with the statement as evidence', async () => {
    const [f] = await results(noRoot(estate({ users: [user('dev', launch)] })));
    expect(f).toMatchObject({
      status: 'fail',
      severity: 'low',
      resource: { id: arn('user', 'dev'), type: 'AWS::IAM::User' },
    });
    expect(f?.reason).toBe(
      `User ${arn('user', 'dev')} can create compute directly (ec2:RunInstances), only in us-east-1 (an SCP denies the rest) (granted by inline:own on ${arn('user', 'dev')} Launch), outside creators.approved.`,
    );
    expect(f?.evidence[0]).toMatchObject({
      file: GAAD,
      pointer: '/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement/0',
    });
    expect(f?.id).toBe(findingId('aws', ACCOUNT, 'creation-permissions', arn('user', 'dev')));
  });

  it('passes an approved principal, and the account when nobody else can create compute', async () => {
    const list = await results(noRoot(estate({ users: [user('deployer', launch)] })), {
      creators: { approved: [{ principal: arn('user', 'deployer'), reason: 'CI' }] },
    });
    expect(list.map((f) => [f.resource.id, f.status, f.severity])).toEqual([
      [arn('user', 'deployer'), 'pass', 'info'],
      [ACCOUNT, 'pass', 'high'],
    ]);
    expect(list[0]?.reason).toMatch(
      /and is approved by creators\.approved \(arn:aws:iam::123456789012:user\/deployer\)\.$/,
    );
  });

  it('ranks severity: long-lived keys high, conditional lower', async () => {
    const files = estate(
      { users: [user('keyed', launch), user('plain', launch)] },
      { keyed: true, plain: false },
    );
    // The SCP's region condition makes every grant conditional: keys lift it to medium, the rest stay low.
    const list = await results(noRoot(files));
    expect(list.map((f) => [f.resource.name, f.severity])).toEqual([
      ['keyed', 'medium'],
      ['plain', 'low'],
    ]);
    expect(list[0]?.reason).toMatch(/it holds long-lived access keys/);
  });

  it('rates an external entry point high and says it comes from outside', async () => {
    const files = noRoot(estate({ roles: [role('vendor', { AWS: '210987654321' }, launch)] }));
    const list = await results(files);
    const vendor = list.find((f) => f.resource.id === 'arn:aws:iam::210987654321:root');
    expect(vendor).toMatchObject({ status: 'fail', resource: { type: 'AWS::Account' } });
    expect(vendor?.reason).toMatch(/through vendor \(ec2:RunInstances\).*it enters from outside the account/);
  });

  it('does not approve a principal that can merely assume an approved role, and says so', async () => {
    const files = noRoot(
      estate({
        users: [
          user('alice', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'deployer') }),
        ],
        roles: [role('deployer', { AWS: ACCOUNT }, launch)],
      }),
    );
    const list = await results(files, {
      creators: {
        approved: [{ principal: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/*`, reason: 'CI sessions' }],
      },
    });
    expect(list.find((f) => f.resource.id === arn('role', 'deployer'))?.status).toBe('pass');
    const alice = list.find((f) => f.resource.id === arn('user', 'alice'));
    expect(alice?.status).toBe('fail');
    expect(alice?.reason).toMatch(/the chain runs through the approved deployer, which does not approve it/);
  });

  it('one result per principal, naming each of its paths; an escalation raises the severity', async () => {
    const selfEdit = {
      Sid: 'EditOwnPolicies',
      Effect: 'Allow',
      Action: 'iam:PutUserPolicy',
      Resource: arn('user', 'dev'),
    };
    const list = await results(noRoot(estate({ users: [user('dev', launch, selfEdit)] })));
    const dev = list.filter((f) => f.resource.id === arn('user', 'dev'));
    expect(dev).toHaveLength(1);
    expect(dev[0]?.reason).toMatch(
      /can create compute directly \(ec2:RunInstances\), only in us-east-1 .*; and by escalation using iam:PutUserPolicy \(ec2:StartInstances, ec2:RequestSpotInstances, ec2:RequestSpotFleet and \d+ more\), only in us-east-1/,
    );
    // The region SCP limits both paths; the escalation makes it medium rather than low.
    expect(dev[0]?.severity).toBe('medium');
  });

  it('a waiver turns a principal’s failure into waived', async () => {
    const list = await results(noRoot(estate({ users: [user('dev', launch)] })), {
      waivers: [
        {
          control: 'creation-permissions',
          resource: arn('user', 'dev'),
          owner: 'sec@example.com',
          reason: 'migration',
          expires: '2027-12-31',
        },
      ],
    });
    expect(list[0]?.status).toBe('waived');
  });
});

describe('creation-permissions when inputs are missing', () => {
  it('is unassessed for the account when GetAccountAuthorizationDetails was not collected', async () => {
    const list = await results(without(estate({}), GAAD));
    expect(list.map((f) => [f.resource.id, f.status])).toEqual([[ACCOUNT, 'unassessed']]);
    expect(list[0]?.reason).toMatch(/iam:GetAccountAuthorizationDetails was not collected/);
  });

  it('is unassessed, citing the error file, when the call was denied', async () => {
    const files = without(estate({}), GAAD);
    files[errorFile(GAAD)] = denied('GetAccountAuthorizationDetails');
    const [f] = await results(files);
    expect(f?.status).toBe('unassessed');
    expect(f?.evidence.map((e) => e.file)).toEqual([errorFile(GAAD)]);
  });

  it('reports but does not judge principals while the SCPs that could restrict them are unknown', async () => {
    const files = without(
      estate({ users: [user('dev', launch)] }),
      g('organizations', 'ListPoliciesForTarget', ACCOUNT),
    );
    const list = await results(files);
    const dev = list.find((f) => f.resource.id === arn('user', 'dev'));
    expect(dev?.status).toBe('unassessed');
    expect(dev?.reason).toMatch(
      /can create compute directly \(ec2:RunInstances\).* according to the policies read, but/,
    );
  });

  it('a missing caller identity does not stop the judgement', async () => {
    const list = await results(
      without(noRoot(estate({ users: [user('dev', launch)] })), g('sts', 'GetCallerIdentity')),
    );
    expect(list.map((f) => f.status)).toEqual(['fail']);
  });
});
