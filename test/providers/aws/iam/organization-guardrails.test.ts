import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeCreators } from '../../../../providers/aws/iam/index.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import { type Creator, creatorSchema } from '../../../../src/model/identity.js';
import { DOC } from './aws-docs.js';
import { defaultPolicy, FIXTURES } from './bundle-helpers.js';

/**
 * region-lock-org: the AWS documentation's region deny at the root (exempting
 * OrganizationAccountAccessRole by aws:PrincipalARN), FullAWSAccess and its CloudTrail example at the
 * OU, its instance-type allow-list on the member account; the management account above them.
 */
const MEMBER = '111122223333';
const MGMT = '999988887777';
const arn = (kind: 'user' | 'role', name: string, account = MEMBER) =>
  `arn:aws:iam::${account}:${kind}/${name}`;

async function analyse() {
  const bundle = await EvidenceBundle.open(join(FIXTURES, 'iam', 'region-lock-org'));
  const { creators } = await analyzeCreators(bundle, defaultPolicy());
  const paths = (id: string, scope = MEMBER) =>
    Object.fromEntries(
      creators.filter((c) => c.principal.id === id && c.scope === scope).map((c) => [c.path, c]),
    ) as Partial<Record<Creator['path'], Creator>>;
  return { creators, paths };
}

const keysOf = (c: Creator | undefined) =>
  Object.fromEntries((c?.conditions ?? []).map((k) => [k.key, k.actions ?? 'all']));

describe('an organization with a region lock at the root and an instance-type allow-list on the account', () => {
  test('every principal that holds ec2:RunInstances is a direct creator limited by both SCPs', async () => {
    const { creators } = await analyse();
    const holders = creators.filter(
      (c) => c.scope === MEMBER && c.path === 'direct' && c.actions.includes('ec2:RunInstances'),
    );
    expect(holders.map((c) => c.principal.id).sort()).toEqual(
      [
        `arn:aws:iam::${MEMBER}:root`,
        arn('role', 'OrganizationAccountAccessRole'),
        arn('role', 'ci-deployer'),
        arn('user', 'admin'),
        arn('user', 'launcher'),
        arn('user', 'ops'),
      ].sort(),
    );
    for (const c of holders.filter((h) => !h.principal.id.endsWith('OrganizationAccountAccessRole'))) {
      const keys = keysOf(c);
      expect(Object.keys(keys).sort(), `${c.principal.id}: ${DOC.scpRegionExample}`).toEqual([
        'aws:RequestedRegion',
        'ec2:InstanceType',
      ]);
      // The region lock limits every compute action; the instance types only the launch.
      expect(keys['aws:RequestedRegion']).toBe('all');
      expect(keys['ec2:InstanceType'], DOC.scpInstanceTypeExample).toEqual(
        c.actions.length === 1 ? 'all' : ['ec2:RunInstances'],
      );
    }
  });

  test('the condition is said in the key’s own terms and in words, with the Deny that sets it', async () => {
    const { paths } = await analyse();
    const admin = paths(arn('user', 'admin')).direct;
    expect(admin?.conditions).toEqual([
      {
        operator: 'StringNotEquals',
        key: 'aws:RequestedRegion',
        values: ['us-east-1', 'eu-west-1'],
        text: 'only in us-east-1 and eu-west-1 (an SCP denies the rest)',
        effect: 'Deny',
      },
      {
        operator: 'StringNotEquals',
        key: 'ec2:InstanceType',
        values: ['t3.micro', 't3.small', 't3.medium', 'm7i.large'],
        text: 'only instance types t3.micro, t3.small, t3.medium and m7i.large (an SCP denies the rest)',
        effect: 'Deny',
        actions: ['ec2:RunInstances'],
      },
    ]);
    expect(admin?.grants.filter((g) => g.effect === 'Deny')).toEqual([
      { policy: 'SCP p-regionlock (region-lock)', statement: 'DenyAllOutsideAllowedRegions', effect: 'Deny' },
      {
        policy: 'SCP p-instancetypes (instance-types)',
        statement: 'RequireApprovedInstanceTypes',
        effect: 'Deny',
      },
    ]);
  });

  test('the conditional deny at the root is not lifted by the unconditional FullAWSAccess at the OU', async () => {
    const { paths } = await analyse();
    expect(keysOf(paths(arn('user', 'ops')).direct), `${DOC.scpDeny}; ${DOC.scpAllow}`).toMatchObject({
      'aws:RequestedRegion': 'all',
    });
    expect(paths(arn('user', 'ops')).direct?.kind).toBe('group-member');
  });

  test('the exempted role is decided from its ARN, and the account’s instance-type SCP still binds it', async () => {
    const { paths } = await analyse();
    const role = paths(arn('role', 'OrganizationAccountAccessRole'));
    expect(Object.keys(role)).toEqual(['direct']);
    expect(keysOf(role.direct), `${DOC.scpRegionExample}; ${DOC.scpInstanceTypeExample}`).toEqual({
      'ec2:InstanceType': ['ec2:RunInstances'],
    });
    expect(role.direct?.actions).toHaveLength(32);
  });

  test('the management account is not bound by SCPs; entering the member, only the account’s SCP binds it', async () => {
    const { paths } = await analyse();
    const inOwn = paths(arn('user', 'mgmt-admin', MGMT), MGMT);
    expect(inOwn.direct?.conditions, DOC.scpManagement).toBeUndefined();
    const inMember = paths(arn('user', 'mgmt-admin', MGMT));
    expect(inMember.chain).toMatchObject({
      external: true,
      via: [arn('role', 'OrganizationAccountAccessRole')],
    });
    expect(keysOf(inMember.chain)).toEqual({ 'ec2:InstanceType': ['ec2:RunInstances'] });
  });

  test('a role that can only rewrite its own policy is an escalation, not a direct creator', async () => {
    const { paths } = await analyse();
    const editor = paths(arn('role', 'policy-editor'));
    expect(Object.keys(editor)).toEqual(['escalation']);
    expect(editor.escalation).toMatchObject({ via: [], escalation: ['iam:CreatePolicyVersion'] });
    expect(editor.escalation?.actions).toHaveLength(32);
    // Granting itself a policy does not get it past the SCPs.
    expect(Object.keys(keysOf(editor.escalation))).toEqual(['aws:RequestedRegion', 'ec2:InstanceType']);
  });

  test('a user that assumes a deploying role is a chain, and says through which role', async () => {
    const { paths } = await analyse();
    const dev = paths(arn('user', 'dev'));
    expect(Object.keys(dev)).toEqual(['chain']);
    expect(dev.chain).toMatchObject({
      via: [arn('role', 'ci-deployer')],
      actions: ['ec2:RunInstances', 'ec2:CreateLaunchTemplate'],
    });
    expect(dev.chain?.escalation).toBeUndefined();
  });

  test('a direct holder that can also escalate has two entries, each with only its own actions', async () => {
    const { paths } = await analyse();
    const launcher = paths(arn('user', 'launcher'));
    expect(Object.keys(launcher).sort()).toEqual(['direct', 'escalation']);
    expect(launcher.direct).toMatchObject({ actions: ['ec2:RunInstances'], via: [] });
    expect(launcher.direct?.escalation).toBeUndefined();
    expect(launcher.escalation?.escalation).toEqual(['iam:PutUserPolicy']);
    expect(launcher.escalation?.actions).toHaveLength(31);
    expect(launcher.escalation?.actions).not.toContain('ec2:RunInstances');
  });

  test('the CloudTrail SCP denies no compute and limits no creator', async () => {
    const { creators } = await analyse();
    const cited = creators.flatMap((c) => c.grants.map((g) => g.policy));
    expect(
      cited.some((p) => p.includes('p-cloudtrail')),
      DOC.scpCloudTrailExample,
    ).toBe(false);
  });

  test('each entry follows the contract: via only on chains and escalations, escalation only on escalations', async () => {
    const { creators } = await analyse();
    for (const c of creators) {
      creatorSchema.parse(c);
      if (c.path === 'direct') expect(c.via).toEqual([]);
      if (c.path === 'chain') expect(c.via.length).toBeGreaterThan(0);
      expect(c.escalation !== undefined).toBe(c.path === 'escalation');
    }
  });

  test('entering from outside ranks first, then long-lived keys, then escalations', async () => {
    const { creators } = await analyse();
    const member = creators.filter((c) => c.scope === MEMBER);
    expect(member.slice(0, 4).map((c) => [c.principal.name, c.path])).toEqual([
      ['mgmt-admin', 'chain'],
      ['admin', 'direct'],
      ['policy-editor', 'escalation'],
      ['launcher', 'escalation'],
    ]);
  });
});
