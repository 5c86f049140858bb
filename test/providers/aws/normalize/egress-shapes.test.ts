import { describe, expect, it } from 'vitest';
import { assessFiles, edit, type Files, p, SG, wellRunEstate } from '../../../helpers/aws-estate.js';

const groups = p('ec2', 'DescribeSecurityGroups');
const acls = p('ec2', 'DescribeNetworkAcls');
type Groups = { SecurityGroups: { IpPermissionsEgress: Record<string, unknown>[] }[] };
type Acls = { NetworkAcls: { Entries: Record<string, unknown>[] }[] };
const permission = (over: Record<string, unknown>) => ({
  IpRanges: [],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
  ...over,
});
const egress = (...rules: Record<string, unknown>[]) =>
  edit<Groups>(wellRunEstate(), groups, (g) => {
    (g.SecurityGroups[0] as { IpPermissionsEgress: unknown[] }).IpPermissionsEgress = rules.map(permission);
  });
const sgFinding = async (files: Files) =>
  (await assessFiles(files)).of('egress-restriction').find((f) => f.resource.id === SG);
const aclFinding = async (files: Files) =>
  (await assessFiles(files)).of('egress-restriction').find((f) => f.resource.id === 'acl-0aaa01');
/** The well-run ACL let everything out, so only the security group decides. */
const openAcl = (files: Files) => {
  (files[acls] as Acls).NetworkAcls[0]?.Entries.unshift({
    RuleNumber: 1,
    Protocol: '-1',
    RuleAction: 'allow',
    Egress: true,
    CidrBlock: '0.0.0.0/0',
  });
  return files;
};

describe('security group egress as DescribeSecurityGroups prints it', () => {
  it('ICMP to anywhere (FromPort/ToPort -1 are types and codes) is not open egress', async () => {
    const f = await sgFinding(
      openAcl(egress({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })),
    );
    expect(f?.status).toBe('pass');
  });

  it('an IPsec ESP rule (protocol 50, every port) is not all traffic', async () => {
    const f = await sgFinding(openAcl(egress({ IpProtocol: '50', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })));
    expect(f?.status).toBe('pass');
  });

  it('every TCP port to ::/0 is all traffic', async () => {
    const f = await sgFinding(
      openAcl(egress({ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, Ipv6Ranges: [{ CidrIpv6: '::/0' }] })),
    );
    expect(f).toMatchObject({ status: 'fail', severity: 'high' });
  });

  it('a peer security group or an AWS-managed prefix list is not the internet', async () => {
    const files = openAcl(
      egress({
        IpProtocol: '-1',
        UserIdGroupPairs: [{ GroupId: 'sg-0peer', UserId: '123456789012' }],
        PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }],
      }),
    );
    files[p('ec2', 'DescribeManagedPrefixLists')] = {
      PrefixLists: [
        { PrefixListId: 'pl-63a5400a', PrefixListName: 'com.amazonaws.us-east-1.s3', OwnerId: 'AWS' },
      ],
    };
    expect((await sgFinding(files))?.status).toBe('pass');
  });

  it('a customer prefix list whose entries hold 0.0.0.0/0 is judged by those entries', async () => {
    const files = openAcl(egress({ IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'pl-0cust' }] }));
    files[p('ec2', 'GetManagedPrefixListEntries', 'pl-0cust')] = {
      Entries: [{ Cidr: '0.0.0.0/0', Description: 'anywhere' }],
    };
    const f = await sgFinding(files);
    expect(f).toMatchObject({ status: 'fail', severity: 'high' });
  });

  it('a prefix list whose entries were not collected is unassessed, never a silent pass', async () => {
    const f = await sgFinding(
      openAcl(egress({ IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'pl-0cust' }] })),
    );
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/prefix list pl-0cust .*entries were not collected/);
  });
});

describe('network ACL egress, first match over the whole internet', () => {
  const entries = (...list: Record<string, unknown>[]) =>
    edit<Acls>(wellRunEstate(), acls, (a) => {
      (a.NetworkAcls[0] as { Entries: unknown[] }).Entries = [
        ...list,
        { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
      ];
    });

  it('an allow of 0.0.0.0/1 on every port opens half the internet', async () => {
    const f = await aclFinding(
      entries({ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/1' }),
    );
    expect(f?.status).toBe('fail');
  });

  it('denying one pool /24 before an allow-all still lets the rest of the internet in', async () => {
    const f = await aclFinding(
      entries(
        { RuleNumber: 90, Protocol: '6', RuleAction: 'deny', Egress: true, CidrBlock: '203.0.113.0/24' },
        { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
      ),
    );
    expect(f?.status).toBe('fail');
  });

  it('an allow to private space only is not egress to the internet', async () => {
    const f = await aclFinding(
      entries({
        RuleNumber: 100,
        Protocol: '-1',
        RuleAction: 'allow',
        Egress: true,
        CidrBlock: '10.0.0.0/8',
      }),
    );
    expect(f?.status).toBe('pass');
  });

  it('an IPv6 allow-all matters only for instances with an IPv6 address', async () => {
    const v6 = { RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Egress: true, Ipv6CidrBlock: '::/0' };
    expect((await aclFinding(entries(v6)))?.status).toBe('pass');
    const files = entries(v6);
    const instances = files[p('ec2', 'DescribeInstances')] as {
      Reservations: { Instances: { NetworkInterfaces: Record<string, unknown>[] }[] }[];
    };
    const eni = instances.Reservations[0]?.Instances[0]?.NetworkInterfaces[0] as Record<string, unknown>;
    eni.Ipv6Addresses = [{ Ipv6Address: '2600:1f18:abcd:1200::10', IsPrimaryIpv6: true }];
    expect((await aclFinding(files))?.status).toBe('fail');
  });
});
