import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { explain, formatExplain } from '../../../../providers/aws/iam/index.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import { FIXTURES } from './bundle-helpers.js';

const A = '111122223333';
const open = (fixture: string) => EvidenceBundle.open(join(FIXTURES, 'iam', fixture));

describe('explain', () => {
  test('a denied request names the SCP statement that denied it, and the chain that gets around it', async () => {
    const r = await explain(
      await open('scp-layers'),
      `arn:aws:iam::${A}:user/member-admin`,
      'ec2:RunInstances',
    );
    expect(r.direct?.verdict).toBe('explicit-deny');
    expect(r.path).toBe('escalation');
    expect(r.direct?.why).toEqual([
      'ec2:RunInstances on image, instance, network-interface, security-group, subnet, volume is denied by SCP p-guardrails (workload-guardrails) OnlyDeployerLaunches',
    ]);
    expect(r.chain?.principal).toBe(`arn:aws:iam::${A}:role/Deployer`);
    expect(r.chain?.steps.map((s) => [s.from, s.to, s.actions])).toEqual([
      [
        `arn:aws:iam::${A}:user/member-admin`,
        `arn:aws:iam::${A}:role/Deployer`,
        ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
      ],
    ]);
    const text = formatExplain(r);
    expect(text).toContain('Decision   DENIED (explicit Deny)');
    expect(text).toContain('Path       escalation: it must change IAM first');
    expect(text).toContain(
      'Through an escalation: ALLOWED ONLY UNDER CONDITIONS as arn:aws:iam::111122223333:role/Deployer',
    );
    expect(text).toContain('Deny  SCP p-guardrails (workload-guardrails) · OnlyDeployerLaunches');
    expect(text).toContain(
      `aws/999988887777/global/organizations/DescribePolicy/p-guardrails.json#/Policy/Content`,
    );
    expect(text).toContain('at ou-ab12-workload1:');
    expect(text).toContain('the grant holds only in eu-west-1 and us-east-1 (an SCP denies the rest)');
  });

  test('says which path creators[] reports: direct under conditions, chain, escalation', async () => {
    const bundle = await open('region-lock-org');
    const admin = await explain(bundle, `arn:aws:iam::${A}:user/admin`, 'ec2:RunInstances');
    expect([admin.path, admin.direct?.verdict, admin.chain]).toEqual(['direct', 'conditional', undefined]);
    expect(admin.direct?.conditions.map((c) => c.key)).toEqual(['aws:RequestedRegion', 'ec2:InstanceType']);
    expect(formatExplain(admin)).toContain('Path       direct: it holds the action now');

    const dev = await explain(bundle, `arn:aws:iam::${A}:user/dev`, 'ec2:RunInstances');
    expect(dev.path).toBe('chain');
    expect(dev.chain?.principal).toBe(`arn:aws:iam::${A}:role/ci-deployer`);

    const editor = await explain(bundle, `arn:aws:iam::${A}:role/policy-editor`, 'ec2:RunInstances');
    expect(editor.path).toBe('escalation');
    expect(editor.selfEscalation).toMatchObject({
      principal: `arn:aws:iam::${A}:role/policy-editor`,
      actions: ['iam:CreatePolicyVersion'],
      verdict: 'conditional',
    });
    expect(formatExplain(editor)).toContain(
      'It can grant itself this through iam:CreatePolicyVersion (conditional):',
    );

    const nobody = await explain(bundle, `arn:aws:iam::${A}:user/dev`, 'lambda:CreateFunction');
    expect(nobody.path).toBeUndefined();
    expect(formatExplain(nobody)).toContain('Path       none');
  });

  test('an allowed request lists the identity statement, the boundary and each SCP level', async () => {
    const r = await explain(
      await open('scp-layers'),
      `arn:aws:iam::${A}:role/Deployer`,
      'lambda:CreateFunction',
    );
    expect(r.direct?.verdict).toBe('conditional');
    expect(r.direct?.allows.map((a) => a.ref.policy)).toEqual([
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(r.direct?.scp?.map((l) => l.target)).toEqual(['r-ab12', 'ou-ab12-workload1', A]);
    expect(formatExplain(r)).toContain('Permissions boundary: none');
  });

  test('a boundary that stops an administrator is shown as the reason', async () => {
    const r = await explain(
      await open('permission-boundary'),
      `arn:aws:iam::${A}:user/bounded-admin`,
      'ec2:RunInstances',
    );
    expect(r.direct?.why).toEqual([
      'the permissions boundary arn:aws:iam::111122223333:policy/developer-boundary does not allow ec2:RunInstances on image, instance, network-interface, security-group, subnet, volume',
    ]);
    expect(r.path).toBe('chain');
    expect(r.chain?.steps.map((s) => s.to)).toEqual([`arn:aws:iam::${A}:role/builder`]);
  });

  test('a role session ARN is explained as its role', async () => {
    const r = await explain(
      await open('role-chain'),
      `arn:aws:sts::${A}:assumed-role/deployer/ci-1234`,
      'ec2:RunInstances',
    );
    expect(r.found).toBe(true);
    expect(r.direct?.verdict).toBe('allow');
  });

  test('an unknown principal or action says so', async () => {
    const r = await explain(await open('role-chain'), `arn:aws:iam::${A}:user/nobody`, 'ec2:RunInstances');
    expect(r.found).toBe(false);
    expect(formatExplain(r)).toContain(
      'Decision   UNKNOWN: arn:aws:iam::111122223333:user/nobody is not a user, role or root user',
    );
    const typo = await explain(
      await open('role-chain'),
      `arn:aws:iam::${A}:role/deployer`,
      'ec2:RunInstance',
    );
    expect(typo.unknownAction).toBe(true);
    expect(typo.direct?.verdict).toBe('implicit-deny');
  });

  test('a specific resource can be asked about', async () => {
    const r = await explain(await open('role-chain'), `arn:aws:iam::${A}:user/dev-alice`, 'sts:AssumeRole', {
      resource: `arn:aws:iam::${A}:role/deployer`,
    });
    expect(r.direct?.verdict).toBe('implicit-deny');
    expect(r.resource).toBe(`arn:aws:iam::${A}:role/deployer`);
  });
});
