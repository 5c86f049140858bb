import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeCreators } from '../../../../providers/aws/iam/index.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import { type Creator, creatorSchema } from '../../../../src/model/identity.js';
import type { Policy } from '../../../../src/policy/schema.js';
import { DOC } from './aws-docs.js';
import { bundleOf, defaultPolicy, FIXTURES, fixtureJson, gaadPath } from './bundle-helpers.js';

const A = '111122223333';
const arn = (kind: 'user' | 'role', name: string, account = A) => `arn:aws:iam::${account}:${kind}/${name}`;

async function run(fixture: string, policy: Policy = defaultPolicy()) {
  const bundle = await EvidenceBundle.open(join(FIXTURES, 'iam', fixture));
  const result = await analyzeCreators(bundle, policy);
  const by = (id: string, scope = A) =>
    result.creators.find((c) => c.principal.id === id && c.scope === scope);
  /** A principal's entries by path. */
  const paths = (id: string, scope = A) =>
    Object.fromEntries(
      result.creators.filter((c) => c.principal.id === id && c.scope === scope).map((c) => [c.path, c]),
    ) as Partial<Record<Creator['path'], Creator>>;
  return {
    ...result,
    bundle,
    by,
    paths,
    ids: (scope = A) => result.creators.filter((c) => c.scope === scope).map((c) => c.principal.id),
  };
}

describe('the sample account dumps (checked by hand)', () => {
  test('example-authz-details: admins, a Lambda user, and an instance role that can mint an admin’s keys', async () => {
    const account = '012345678901';
    const bundle = await bundleOf({
      [gaadPath(account)]: fixtureJson('aws-authorization-details', 'test_files_example-authz-details.json'),
    });
    const { creators, gaps } = await analyzeCreators(bundle, defaultPolicy());
    const summary = Object.fromEntries(
      creators.map((c) => [
        c.principal.id.split(':').pop(),
        [c.kind, c.path, c.actions.length, c.via.length, c.escalation ?? []],
      ]),
    );
    expect(summary).toEqual({
      // AdministratorAccess attached directly (and through the admin group).
      'user/obama': ['user', 'direct', 32, 0, []],
      // AdministratorAccess only through the admin group.
      'user/userwithlotsofpermissions': ['group-member', 'direct', 32, 0, []],
      // AWSLambdaFullAccess: lambda:* (CreateFunction, UpdateFunctionCode); no role trusts Lambda to pass to.
      'user/biden': ['user', 'direct', 2, 0, []],
      // SupYo allows iam:CreateAccessKey on *: minting an administrator's keys is an escalation through that user.
      'role/OverprivilegedEC2': ['service', 'escalation', 32, 1, ['iam:CreateAccessKey']],
      root: ['user', 'direct', 32, 0, []],
    });
    expect(creators).toHaveLength(5);
    expect(creators.find((c) => c.principal.id.endsWith('biden'))?.actions).toEqual([
      'lambda:CreateFunction',
      'lambda:UpdateFunctionCode',
    ]);
    // MyRole and MyOtherRole hold iam:PassRole but no compute action: not creators.
    expect(creators.some((c) => c.principal.id.includes('MyRole'))).toBe(false);
    expect(gaps.map((g) => g.domain).sort()).toEqual(['credential-report', 'organization']);
    for (const c of creators) creatorSchema.parse(c);
  });

  test('example_authz_v2: the group policy is not in the dump, so the user is unknown, not cleared', async () => {
    const account = '012345678901';
    const bundle = await bundleOf({
      [gaadPath(account)]: fixtureJson('aws-authorization-details', 'test_files_example_authz_v2.json'),
    });
    const { creators, gaps } = await analyzeCreators(bundle, defaultPolicy());
    expect(creators.map((c) => c.principal.id)).toEqual([`arn:aws:iam::${account}:root`]);
    const identity = gaps.find((g) => g.domain === 'identity');
    expect(identity?.kind).toBe('missing');
    expect(identity?.reason).toMatch(/arn:aws:iam::aws:policy\/AdministratorAccess/);
  });
});

describe('role chains', () => {
  const approved = defaultPolicy({
    creators: {
      approved: [{ principal: `arn:aws:sts::${A}:assumed-role/deployer/*`, reason: 'CI deploys' }],
    },
  });

  test('users reach RunInstances through jump → deployer; the shortest chain is reported', async () => {
    const r = await run('role-chain', approved);
    expect(r.by(arn('user', 'dev-alice'))?.via).toEqual([arn('role', 'jump'), arn('role', 'deployer')]);
    expect(r.by(arn('user', 'carol'))?.via).toEqual([arn('role', 'jump'), arn('role', 'deployer')]);
    expect(r.by(arn('user', 'ops-bob'))?.via).toEqual([arn('role', 'deployer')]);
  });

  test('who cannot: an explicit Deny (dave), a boundary without sts:AssumeRole (erin)', async () => {
    const r = await run('role-chain', approved);
    expect(r.by(arn('user', 'dave')), DOC.denyAllow).toBeUndefined();
    expect(r.by(arn('user', 'erin')), DOC.updateTrust).toBeUndefined();
  });

  test('the approved role is approved; those who can assume it are not, and say so', async () => {
    const r = await run('role-chain', approved);
    expect(r.by(arn('role', 'deployer'))).toMatchObject({
      approved: true,
      approvedBy: `arn:aws:sts::${A}:assumed-role/deployer/*`,
    });
    expect(r.by(arn('user', 'dev-alice'))).toMatchObject({
      approved: false,
      viaApproved: arn('role', 'deployer'),
    });
    expect(r.creators.filter((c) => c.scope === A).at(-1)?.principal.id).toBe(arn('role', 'deployer'));
  });

  test('the instance role passed by the deployer adds lambda:CreateFunction to the chain', async () => {
    const r = await run('role-chain', approved);
    expect(r.by(arn('user', 'dev-alice'))).toMatchObject({
      path: 'chain',
      actions: ['ec2:RunInstances', 'lambda:CreateFunction'],
    });
    // The deployer holds RunInstances; it reaches lambda:CreateFunction only by passing app-instance to EC2.
    const deployer = r.paths(arn('role', 'deployer'));
    expect(deployer.direct).toMatchObject({ actions: ['ec2:RunInstances'], via: [] });
    expect(deployer.chain).toMatchObject({
      actions: ['lambda:CreateFunction'],
      via: [arn('role', 'app-instance')],
    });
    expect(deployer.chain?.escalation).toBeUndefined();
  });

  test('long-lived keys come from the credential report and rank first', async () => {
    const r = await run('role-chain', approved);
    expect(r.by(arn('user', 'dev-alice'))).toMatchObject({ longLivedKeys: true, rank: 1 });
    expect(r.by(arn('user', 'ops-bob'))?.longLivedKeys).toBe(false);
  });

  test('every granting statement is cited with file, hash and pointer', async () => {
    const r = await run('role-chain', approved);
    const alice = r.by(arn('user', 'dev-alice'));
    expect(alice?.grants.map((g) => `${g.policy} ${g.statement}`)).toEqual([
      `inline:assume-jump on ${arn('user', 'dev-alice')} AssumeJump`,
      `trust policy of ${arn('role', 'jump')} AccountDelegates`,
      // Deployer's trust policy names jump: jump needs no Allow of its own for that hop.
      `trust policy of ${arn('role', 'deployer')} JumpAndBob`,
      `inline:launch on ${arn('role', 'deployer')} LaunchInstances`,
      // lambda:CreateFunction: the deployer passes app-instance to EC2, whose policy allows it.
      `inline:launch on ${arn('role', 'deployer')} PassAppRole`,
      `inline:functions on ${arn('role', 'app-instance')} MakeFunctions`,
    ]);
    const gaad = `aws/${A}/global/iam/GetAccountAuthorizationDetails.json`;
    expect(alice?.evidence[0]).toMatchObject({
      file: gaad,
      api: 'iam:GetAccountAuthorizationDetails',
      pointer: '/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement/0',
    });
    expect(alice?.evidence[0]?.sha256).toBe(r.bundle.sha256(gaad));
    expect(alice?.evidence.at(-1)).toMatchObject({
      file: `aws/${A}/global/iam/GetCredentialReport.json`,
      pointer: '/Content',
    });
  });
});

describe('external trust', () => {
  test('another account, an org-wide *, and GitHub OIDC are external entry points with their conditions', async () => {
    const r = await run('external-trust');
    expect(r.by('arn:aws:iam::444455556666:root')).toMatchObject({
      kind: 'external-account',
      external: true,
      via: [arn('role', 'vendor-access')],
      conditions: [
        {
          operator: 'StringEquals',
          key: 'sts:ExternalId',
          values: ['vendor-7731'],
          text: 'only when sts:ExternalId in [vendor-7731]',
        },
      ],
    });
    expect(r.by('*')?.conditions?.map((c) => c.text)).toEqual([
      'only when aws:PrincipalOrgID in [o-a1b2c3d4e5]',
    ]);
    expect(r.by(`arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`)).toMatchObject({
      kind: 'federated',
      actions: ['ecs:RunTask', 'ecs:CreateService'],
    });
  });

  test('outside any organization, a trust limited to an org ID admits none of the account’s own principals', async () => {
    const r = await run('external-trust');
    // ci-deploy and vendor-access would otherwise reach open-door's lambda:CreateFunction.
    expect(r.by(arn('role', 'ci-deploy'))?.actions).toEqual(['ecs:RunTask', 'ecs:CreateService']);
  });

  test('roles only services can assume are recorded as services, service-linked roles included', async () => {
    const r = await run('external-trust');
    expect(r.by(arn('role', 'batch-service'))?.kind).toBe('service');
    expect(
      r.by(`arn:aws:iam::${A}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`)
        ?.kind,
    ).toBe('service');
  });

  test('the default policy approves service-linked roles, and only them', async () => {
    const r = await run('external-trust');
    const slr = r.by(
      `arn:aws:iam::${A}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    );
    expect(slr).toMatchObject({ approved: true, approvedBy: 'arn:aws:iam::*:role/aws-service-role/*' });
    expect(r.creators.filter((c) => c.approved).map((c) => c.principal.id)).toEqual([slr?.principal.id]);
  });
});

describe('permission boundaries', () => {
  test('a boundary caps an administrator; it still reaches compute through a role', async () => {
    const r = await run('permission-boundary');
    expect(r.by(arn('user', 'bounded-admin')), DOC.boundaries).toMatchObject({
      via: [arn('role', 'builder')],
      actions: ['ec2:RunInstances'],
    });
  });

  test('writing its own policies does not lift the boundary; deleting the boundary first does', async () => {
    const r = await run('permission-boundary');
    expect(r.by(arn('user', 'self-granter')), DOC.boundaries).toBeUndefined();
    expect(r.by(arn('user', 'boundary-lifter'))?.escalation).toEqual([
      'iam:PutUserPolicy',
      'iam:DeleteUserPermissionsBoundary',
    ]);
  });
});

describe('SCP layers', () => {
  test('a guardrail SCP stops RunInstances for everyone but the exempted Deployer role', async () => {
    const r = await run('scp-layers');
    expect(r.by(arn('role', 'Deployer'))?.actions, DOC.scpDeny).toContain('ec2:RunInstances');
    // The member admin holds the rest; it gets the two launches only by rewriting Deployer's trust policy.
    const admin = r.paths(arn('user', 'member-admin'));
    expect(admin.direct?.actions).toHaveLength(29);
    expect(admin.direct?.actions).not.toContain('ec2:RunInstances');
    expect(admin.escalation).toMatchObject({
      actions: ['ec2:RunInstances', 'ec2:RequestSpotInstances'],
      via: [arn('role', 'Deployer')],
      escalation: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
    });
  });

  test('every grant in the member account holds only in the two allowed regions; lightsail is denied outright', async () => {
    const r = await run('scp-layers');
    for (const c of r.creators.filter((x) => x.scope === A)) {
      expect(
        c.conditions?.map((x) => x.text),
        DOC.scpDeny,
      ).toEqual(['only in eu-west-1 and us-east-1 (an SCP denies the rest)']);
      expect(c.actions).not.toContain('lightsail:CreateInstances');
    }
  });

  test('the member root user is denied by SCP; the management account is not bound by SCPs', async () => {
    const r = await run('scp-layers');
    expect(r.by(`arn:aws:iam::${A}:root`)).toBeUndefined();
    expect(
      r.by('arn:aws:iam::999988887777:root', '999988887777')?.conditions,
      DOC.scpManagement,
    ).toBeUndefined();
    expect(r.by(arn('user', 'mgmt-admin', '999988887777'), '999988887777')?.actions).toHaveLength(32);
  });

  test('the management admin named in Deployer’s trust is an external creator in the member account', async () => {
    const r = await run('scp-layers');
    expect(r.by(arn('user', 'mgmt-admin', '999988887777'))).toMatchObject({
      path: 'chain',
      external: true,
      via: [arn('role', 'Deployer')],
    });
  });
});

describe('conditional grants', () => {
  test('conditions are reported as written, never guessed', async () => {
    const r = await run('conditional-grants');
    expect(r.by(arn('user', 'region-pinned'))?.conditions?.[0]).toEqual({
      operator: 'StringEquals',
      key: 'aws:RequestedRegion',
      values: ['us-east-1'],
      text: 'only in us-east-1',
      effect: 'Allow',
    });
    expect(r.by(arn('user', 'no-gpu'))?.conditions?.map((c) => c.text)).toEqual([
      'only instance types not matching p* or g* (an identity policy denies the rest)',
    ]);
    expect(r.by(arn('user', 'mfa-only'))?.conditions?.map((c) => c.text)).toEqual([
      'only when aws:MultiFactorAuthPresent is true',
    ]);
    expect(r.by(arn('user', 'plain'))?.conditions).toBeUndefined();
  });

  test('conditional grants rank after unconditional ones (long-lived keys first)', async () => {
    const r = await run('conditional-grants');
    expect(r.ids()).toEqual([
      arn('user', 'region-pinned'),
      `arn:aws:iam::${A}:root`,
      arn('user', 'plain'),
      arn('user', 'mfa-only'),
      arn('user', 'no-gpu'),
    ]);
  });
});

describe('escalation to compute', () => {
  test.each([
    // Passing a role to a service that runs its code is a chain: the user changes nothing in IAM.
    ['lambda-dev', 'chain', [arn('role', 'lambda-admin')], undefined],
    ['stack-author', 'chain', [arn('role', 'cfn-deployer')], undefined],
    ['self-attacher', 'escalation', [], ['iam:AttachUserPolicy']],
    ['key-minter', 'escalation', [arn('user', 'admin')], ['iam:CreateAccessKey']],
    ['group-joiner', 'escalation', [], ['iam:AddUserToGroup']],
    [
      'trust-rewriter',
      'escalation',
      [arn('role', 'cfn-deployer')],
      ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
    ],
  ] as const)('%s: %s', async (name, path, via, escalation) => {
    const r = await run('escalation');
    const entry = r.paths(arn('user', name))[path];
    expect(entry?.via).toEqual(via);
    expect(entry?.escalation).toEqual(escalation);
  });

  test('a Lambda developer holds CreateFunction now and reaches the rest by passing an admin role', async () => {
    const r = await run('escalation');
    const dev = r.paths(arn('user', 'lambda-dev'));
    expect(dev.direct?.actions).toEqual(['lambda:CreateFunction']);
    expect(dev.chain?.actions).toHaveLength(31);
    expect(dev.chain?.actions).not.toContain('lambda:CreateFunction');
    expect(dev.escalation).toBeUndefined();
  });

  test('CloudFormation without a role to pass creates nothing by itself', async () => {
    const r = await run('escalation');
    expect(r.by(arn('user', 'stack-reader'))).toBeUndefined();
  });
});

describe('inputs that could not be read', () => {
  test('a denied GetAccountAuthorizationDetails is a gap of kind denied and no creators', async () => {
    const r = await run('identity-denied');
    expect(r.creators).toEqual([]);
    expect(r.gaps.map((g) => [g.domain, g.kind, g.evidence[0]?.file])).toEqual([
      ['identity', 'denied', `aws/${A}/global/iam/GetAccountAuthorizationDetails.error.json`],
    ]);
  });

  test('a malformed file is reported with file and line; the other account is still analysed', async () => {
    const bundle = await bundleOf({
      [gaadPath(A)]: '{"UserDetailList": [\n  {"UserName": }\n]}',
      [gaadPath('444455556666')]: fixtureJson(
        'iam',
        'escalation',
        'aws',
        A,
        'global',
        'iam',
        'GetAccountAuthorizationDetails.json',
      ),
    });
    const { creators, gaps } = await analyzeCreators(bundle, defaultPolicy());
    expect(bundle.problems.find((p) => p.file === gaadPath(A))?.line).toEqual(expect.any(Number));
    expect(gaps.find((g) => g.scope === A && g.domain === 'identity')?.kind).toBe('error');
    expect(creators.some((c) => c.scope === '444455556666')).toBe(true);
  });
});
