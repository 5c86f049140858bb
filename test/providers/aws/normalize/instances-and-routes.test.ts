import { describe, expect, it } from 'vitest';
import {
  assessFiles,
  edit,
  type Files,
  g,
  INSTANCE,
  p,
  SG,
  SUBNET,
  VPC,
  wellRunEstate,
} from '../../../helpers/aws-estate.js';

const instances = p('ec2', 'DescribeInstances');
type Instances = { Reservations: { Instances: Record<string, unknown>[] }[] };
const instance = (change: (i: Record<string, unknown>) => void) =>
  edit<Instances>(wellRunEstate(), instances, (d) =>
    change(d.Reservations[0]?.Instances[0] as Record<string, unknown>),
  );

describe('instances as DescribeInstances prints them', () => {
  it('keeps every interface, including one attached later in another VPC, with its own groups', async () => {
    const files = instance((i) => {
      (i.NetworkInterfaces as unknown[]).push({
        NetworkInterfaceId: 'eni-0bbb00000000000002',
        InterfaceType: 'interface',
        Attachment: { DeviceIndex: 1, NetworkCardIndex: 0, Status: 'attached' },
        SubnetId: 'subnet-0bbb000000000002',
        VpcId: 'vpc-0bbb0000000000002',
        PrivateIpAddress: '10.9.0.5',
        Groups: [{ GroupId: 'sg-0bbb0000000000002', GroupName: 'mgmt' }],
      });
    });
    const { inventory, of } = await assessFiles(files);
    expect(inventory.workloads[0]?.attachments.map((a) => a.networkId)).toEqual([
      VPC,
      'vpc-0bbb0000000000002',
    ]);
    // The second VPC hosts the instance too, so it is judged (and has no flow log).
    expect(of('flow-logging').find((f) => f.resource.id === 'vpc-0bbb0000000000002')?.status).toBe('fail');
    expect(of('egress-restriction').find((f) => f.resource.id === 'sg-0bbb0000000000002')?.status).toBe(
      'unassessed',
    );
  });

  it('judges an instance listed without NetworkInterfaces by its own SecurityGroups', async () => {
    const files = instance((i) => {
      delete i.NetworkInterfaces;
    });
    const { inventory, of } = await assessFiles(files);
    expect(inventory.workloads[0]?.attachments[0]).toMatchObject({
      networkId: VPC,
      subnetId: SUBNET,
      firewallIds: [SG],
      privateIps: ['10.0.1.10'],
    });
    expect(of('egress-restriction').find((f) => f.resource.id === SG)?.status).toBe('pass');
  });

  it('reads an IPv6-only instance (no private IPv4) by its IPv6 addresses', async () => {
    const files = instance((i) => {
      delete i.PrivateIpAddress;
      i.Ipv6Address = '2600:1f18:abcd:1200::10';
      const eni = (i.NetworkInterfaces as Record<string, unknown>[])[0] as Record<string, unknown>;
      delete eni.PrivateIpAddress;
      eni.PrivateIpAddresses = [];
      eni.Ipv6Addresses = [{ Ipv6Address: '2600:1f18:abcd:1200::10', IsPrimaryIpv6: true }];
    });
    const { inventory } = await assessFiles(files);
    expect(inventory.workloads[0]?.attachments[0]?.privateIps).toEqual(['2600:1f18:abcd:1200::10']);
  });

  it('leaves out an EFA-only interface, which carries no IP traffic', async () => {
    const files = instance((i) => {
      (i.NetworkInterfaces as unknown[]).push({
        NetworkInterfaceId: 'eni-0efa0000000000003',
        InterfaceType: 'efa-only',
        Attachment: { DeviceIndex: 0, NetworkCardIndex: 1 },
        SubnetId: SUBNET,
        VpcId: VPC,
        Groups: [{ GroupId: SG }],
      });
    });
    const { inventory } = await assessFiles(files);
    expect(inventory.workloads[0]?.attachments.map((a) => a.id)).toEqual(['eni-0aaa00000000000001']);
  });

  it('keeps Spot and stopped instances, drops terminated and shutting-down ones', async () => {
    const files = instance((i) => {
      i.InstanceLifecycle = 'spot';
      i.SpotInstanceRequestId = 'sir-abc123';
      i.State = { Code: 80, Name: 'stopped' };
    });
    const reservation = (files[instances] as Instances).Reservations[0] as {
      Instances: Record<string, unknown>[];
    };
    reservation.Instances.push(
      {
        ...(reservation.Instances[0] as object),
        InstanceId: 'i-0gone1',
        State: { Code: 48, Name: 'terminated' },
      },
      {
        ...(reservation.Instances[0] as object),
        InstanceId: 'i-0gone2',
        State: { Code: 32, Name: 'shutting-down' },
      },
    );
    const { inventory } = await assessFiles(files);
    expect(inventory.workloads.map((w) => [w.id, w.state])).toEqual([[INSTANCE, 'stopped']]);
  });

  it('counts detailed monitoring only once it is enabled (pending is still 5-minute data)', async () => {
    const { inventory } = await assessFiles(
      instance((i) => {
        i.Monitoring = { State: 'pending' };
      }),
    );
    expect(inventory.workloads[0]?.cpuResolutionMinutes).toBe(5);
  });
});

describe('routes as DescribeRouteTables prints them', () => {
  const routes = p('ec2', 'DescribeRouteTables');
  const groups = p('ec2', 'DescribeSecurityGroups');
  /** An all-open group, so whether the instance can route out decides the finding. */
  const openGroup = (files: Files) => {
    const sg = (files[groups] as { SecurityGroups: Record<string, unknown>[] }).SecurityGroups[0] as Record<
      string,
      unknown
    >;
    sg.IpPermissionsEgress = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    (files[p('ec2', 'DescribeNetworkAcls')] as { NetworkAcls: unknown[] }).NetworkAcls = [];
    return files;
  };
  const withRoutes = (...list: Record<string, unknown>[]) =>
    openGroup(
      edit<{ RouteTables: Record<string, unknown>[] }>(wellRunEstate(), routes, (t) => {
        (t.RouteTables[0] as Record<string, unknown>).Routes = [
          {
            DestinationCidrBlock: '10.0.0.0/16',
            GatewayId: 'local',
            Origin: 'CreateRouteTable',
            State: 'active',
          },
          ...list,
        ];
      }),
    );
  const sgStatus = async (files: Files) =>
    (await assessFiles(files)).of('egress-restriction').find((f) => f.resource.id === SG)?.status;

  it('an S3 gateway endpoint route (prefix list via vpce-) is not a way to the internet', async () => {
    const status = await sgStatus(
      withRoutes({
        DestinationPrefixListId: 'pl-63a5400a',
        GatewayId: 'vpce-0s3',
        Origin: 'CreateRoute',
        State: 'active',
      }),
    );
    expect(status).toBe('pass');
  });

  it('a blackholed default route leads nowhere', async () => {
    const status = await sgStatus(
      withRoutes({
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: 'nat-0deleted',
        Origin: 'CreateRoute',
        State: 'blackhole',
      }),
    );
    expect(status).toBe('pass');
  });

  it('a default route propagated from a VPN gateway or to a Wavelength carrier gateway is a way out', async () => {
    expect(
      await sgStatus(
        withRoutes({
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: 'vgw-0vpn',
          Origin: 'EnableVgwRoutePropagation',
          State: 'active',
        }),
      ),
    ).toBe('fail');
    expect(
      await sgStatus(
        withRoutes({
          DestinationCidrBlock: '0.0.0.0/0',
          CarrierGatewayId: 'cagw-0wl',
          Origin: 'CreateRoute',
          State: 'active',
        }),
      ),
    ).toBe('fail');
  });

  it('an internet gateway route is a way out only for an instance with a public address; NAT carries the rest', async () => {
    const igw = {
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: 'igw-0web',
      Origin: 'CreateRoute',
      State: 'active',
    };
    expect(await sgStatus(withRoutes(igw))).toBe('pass');
    const nat = {
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: 'nat-0out',
      Origin: 'CreateRoute',
      State: 'active',
    };
    expect(await sgStatus(withRoutes(nat))).toBe('fail');
    const withPublicIp = edit<{ Reservations: { Instances: Record<string, unknown>[] }[] }>(
      withRoutes(igw),
      p('ec2', 'DescribeInstances'),
      (r) => {
        const instance = r.Reservations[0]?.Instances[0] as Record<string, unknown>;
        const nics = instance.NetworkInterfaces as Record<string, unknown>[];
        (nics[0] as Record<string, unknown>).Association = { PublicIp: '203.0.113.10' };
        instance.PublicIpAddress = '203.0.113.10';
      },
    );
    expect(await sgStatus(withPublicIp)).toBe('fail');
  });

  it('a route to a customer prefix list whose entries are unknown is taken as a possible way out', async () => {
    const status = await sgStatus(
      withRoutes({
        DestinationPrefixListId: 'pl-0corp',
        TransitGatewayId: 'tgw-0hub',
        Origin: 'CreateRoute',
        State: 'active',
      }),
    );
    expect(status).toBe('fail');
  });

  it('a subnet without an explicit association uses its VPC main table', async () => {
    const files = withRoutes();
    (files[routes] as { RouteTables: Record<string, unknown>[] }).RouteTables.push({
      RouteTableId: 'rtb-0public',
      VpcId: VPC,
      Associations: [{ Main: false, SubnetId: 'subnet-0other', RouteTableAssociationId: 'rtbassoc-1' }],
      Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0aaa', State: 'active' }],
    });
    expect(await sgStatus(files)).toBe('pass');
  });
});

describe('organization policies', () => {
  it("an attached FullAWSAccess whose DescribePolicy was not saved is no gap: AWS's content is fixed", async () => {
    const files = wellRunEstate();
    (files[g('organizations', 'ListPoliciesForTarget', 'r-ex01')] as { Policies: unknown[] }).Policies.push({
      Id: 'p-FullAWSAccess',
      Name: 'FullAWSAccess',
      Type: 'SERVICE_CONTROL_POLICY',
      AwsManaged: true,
    });
    const { inventory, of } = await assessFiles(files);
    expect(inventory.gaps.filter((x) => x.domain === 'guardrails')).toEqual([]);
    expect(of('creation-guardrails')[0]?.status).toBe('pass');
  });
});
