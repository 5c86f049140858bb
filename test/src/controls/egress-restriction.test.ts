import { describe, expect, it } from 'vitest';
import { assessFiles, edit, p, SG, wellRunEstate, without } from '../../helpers/aws-estate.js';

const groups = p('ec2', 'DescribeSecurityGroups');
const acls = p('ec2', 'DescribeNetworkAcls');
const routes = p('ec2', 'DescribeRouteTables');
type Groups = { SecurityGroups: { IpPermissionsEgress: Record<string, unknown>[] }[] };
const rule = (
  IpProtocol: string,
  from: number | undefined,
  to: number | undefined,
  cidr: string,
  v6 = false,
) => ({
  IpProtocol,
  ...(from === undefined ? {} : { FromPort: from, ToPort: to }),
  IpRanges: v6 ? [] : [{ CidrIp: cidr }],
  Ipv6Ranges: v6 ? [{ CidrIpv6: cidr }] : [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
});
const egress = (...rules: Record<string, unknown>[]) =>
  edit<Groups>(wellRunEstate(), groups, (g) => {
    (g.SecurityGroups[0] as { IpPermissionsEgress: unknown[] }).IpPermissionsEgress = rules;
  });
const sgFinding = async (files: Record<string, unknown>) =>
  (await assessFiles(files)).of('egress-restriction').find((f) => f.resource.id === SG);
const aclFinding = async (files: Record<string, unknown>) =>
  (await assessFiles(files)).of('egress-restriction').find((f) => f.resource.id === 'acl-0aaa01');

describe('egress-restriction: security groups attached to workloads', () => {
  it('passes egress limited to 443 and private ranges', async () => {
    expect((await sgFinding(wellRunEstate()))?.status).toBe('pass');
  });

  it('fails all traffic to 0.0.0.0/0 as high, citing the rule', async () => {
    const f = await sgFinding(egress(rule('-1', undefined, undefined, '0.0.0.0/0')));
    expect(f).toMatchObject({ status: 'fail', severity: 'high' });
    expect(f?.reason).toMatch(
      /allows all outbound traffic to the internet from i-0aaa00000000000001 \(app-1\)/,
    );
    expect(f?.evidence.some((e) => e.pointer === '/SecurityGroups/0/IpPermissionsEgress/0')).toBe(true);
  });

  it('fails all traffic to ::/0', async () => {
    expect((await sgFinding(egress(rule('-1', undefined, undefined, '::/0', true))))?.status).toBe('fail');
  });

  it('fails a port range that includes stratum ports as medium when the ACL lets it out', async () => {
    const files = egress(rule('tcp', 1024, 65535, '0.0.0.0/0'));
    (files[acls] as { NetworkAcls: { Entries: unknown[] }[] }).NetworkAcls[0]?.Entries.unshift({
      RuleNumber: 1,
      Protocol: '-1',
      RuleAction: 'allow',
      Egress: true,
      CidrBlock: '0.0.0.0/0',
    });
    const f = await sgFinding(files);
    expect(f).toMatchObject({ status: 'fail', severity: 'medium' });
    expect(f?.reason).toMatch(/mining ports 3333/);
  });

  it('fails the split-default trick 0.0.0.0/1 + 128.0.0.0/1', async () => {
    expect(
      (
        await sgFinding(
          egress(
            rule('-1', undefined, undefined, '0.0.0.0/1'),
            rule('-1', undefined, undefined, '128.0.0.0/1'),
          ),
        )
      )?.status,
    ).toBe('fail');
  });

  it('does not count private destinations', async () => {
    expect((await sgFinding(egress(rule('-1', undefined, undefined, '10.0.0.0/8'))))?.status).toBe('pass');
  });

  it('passes an open group whose instances have no route to the internet, saying why', async () => {
    const files = egress(rule('-1', undefined, undefined, '0.0.0.0/0'));
    (files[routes] as { RouteTables: { Routes: unknown[] }[] }).RouteTables[0]?.Routes.splice(1, 1);
    const f = await sgFinding(files);
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/has a route to the internet/);
  });

  it('stays failed, with a note, when route tables were not collected', async () => {
    const f = await sgFinding(without(egress(rule('-1', undefined, undefined, '0.0.0.0/0')), routes));
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/routes were not collected/);
  });

  it('is contained by a network ACL that denies the open mining ports', async () => {
    const files = egress(rule('tcp', 3333, 3333, '0.0.0.0/0'));
    expect((await sgFinding(files))?.status).toBe('pass');
  });

  it('does not judge groups that no workload uses', async () => {
    const files = edit<Groups>(wellRunEstate(), groups, (g) => {
      g.SecurityGroups.push({
        GroupId: 'sg-unused',
        VpcId: 'vpc-x',
        IpPermissionsEgress: [rule('-1', undefined, undefined, '0.0.0.0/0')],
      } as never);
    });
    expect(
      (await assessFiles(files)).of('egress-restriction').some((f) => f.resource.id === 'sg-unused'),
    ).toBe(false);
  });
});

describe('egress-restriction: network ACLs of workload subnets', () => {
  it('passes an ACL whose only internet rule is 443', async () => {
    expect((await aclFinding(wellRunEstate()))?.status).toBe('pass');
  });

  it('fails (low) an allow-all default ACL, first match wins', async () => {
    const files = edit<{ NetworkAcls: { Entries: Record<string, unknown>[] }[] }>(
      wellRunEstate(),
      acls,
      (a) => {
        const entries = a.NetworkAcls[0]?.Entries ?? [];
        entries.unshift({
          RuleNumber: 50,
          Protocol: '-1',
          RuleAction: 'allow',
          Egress: true,
          CidrBlock: '0.0.0.0/0',
        });
      },
    );
    const f = await aclFinding(files);
    expect(f).toMatchObject({ status: 'fail', severity: 'low' });
  });

  it('lets an earlier deny win over a later allow', async () => {
    const files = edit<{ NetworkAcls: { Entries: Record<string, unknown>[] }[] }>(
      wellRunEstate(),
      acls,
      (a) => {
        const entries = a.NetworkAcls[0]?.Entries ?? [];
        entries.push({
          RuleNumber: 10,
          Protocol: '-1',
          RuleAction: 'deny',
          Egress: true,
          CidrBlock: '0.0.0.0/0',
        });
        entries.push({
          RuleNumber: 200,
          Protocol: '-1',
          RuleAction: 'allow',
          Egress: true,
          CidrBlock: '0.0.0.0/0',
        });
      },
    );
    expect((await aclFinding(files))?.status).toBe('pass');
  });
});
