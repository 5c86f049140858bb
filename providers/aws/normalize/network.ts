import type { EgressRule, Route, RouteTarget } from '../../../src/model/network.js';
import {
  describeNetworkAcls,
  describeRouteTables,
  describeSecurityGroups,
  describeSubnets,
  describeVpcs,
  type IpPermission,
} from '../shapes.js';
import { type AwsContext, readOrGap, tagMap } from './context.js';
import { PrefixLists } from './prefix-lists.js';

/** IANA protocol numbers as EC2 reports them ("-1" is every protocol). */
const protocolNames: Record<string, string> = {
  '-1': 'all',
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};
export function protocolName(p: string | number): string {
  const key = String(p).toLowerCase();
  return protocolNames[key] ?? key;
}

export function normalizeNetwork(ctx: AwsContext, account: string, region: string): void {
  const base = { provider: 'aws' as const, scope: account, region };
  const vpcs = readOrGap(
    ctx,
    'networks',
    describeVpcs,
    account,
    region,
    'ec2',
    'DescribeVpcs',
    'VPCs (ec2 DescribeVpcs)',
  );
  vpcs?.value.Vpcs.forEach((v, i) => {
    const name = tagMap(v.Tags).Name;
    ctx.inv.networks.push({
      ...base,
      id: v.VpcId,
      type: 'AWS::EC2::VPC',
      arn: `arn:aws:ec2:${region}:${account}:vpc/${v.VpcId}`,
      ...(name ? { name } : {}),
      evidence: [vpcs.ref(`/Vpcs/${i}`)],
      isDefault: v.IsDefault ?? false,
      ...(v.OwnerId && v.OwnerId !== account ? { ownerScope: v.OwnerId } : {}),
      cidrs: [
        ...new Set(
          [
            v.CidrBlock,
            ...(v.CidrBlockAssociationSet ?? []).map((c) => c.CidrBlock),
            ...(v.Ipv6CidrBlockAssociationSet ?? []).map((c) => c.Ipv6CidrBlock),
          ].filter((c): c is string => !!c),
        ),
      ],
    });
  });

  const subnets = readOrGap(
    ctx,
    'subnets',
    describeSubnets,
    account,
    region,
    'ec2',
    'DescribeSubnets',
    'Subnets (ec2 DescribeSubnets)',
  );
  subnets?.value.Subnets.forEach((s, i) => {
    const name = tagMap(s.Tags).Name;
    ctx.inv.subnets.push({
      ...base,
      id: s.SubnetId,
      type: 'AWS::EC2::Subnet',
      ...(s.SubnetArn ? { arn: s.SubnetArn } : {}),
      ...(name ? { name } : {}),
      evidence: [subnets.ref(`/Subnets/${i}`)],
      networkId: s.VpcId,
      cidrs: s.CidrBlock ? [s.CidrBlock] : [],
    });
  });

  const lists = new PrefixLists(ctx, account, region);
  const tables = readOrGap(
    ctx,
    'route-tables',
    describeRouteTables,
    account,
    region,
    'ec2',
    'DescribeRouteTables',
    'Route tables (ec2 DescribeRouteTables)',
  );
  tables?.value.RouteTables.forEach((t, i) => {
    ctx.inv.routeTables.push({
      ...base,
      id: t.RouteTableId,
      type: 'AWS::EC2::RouteTable',
      evidence: [tables.ref(`/RouteTables/${i}`)],
      networkId: t.VpcId,
      main: (t.Associations ?? []).some((a) => a.Main === true),
      subnetIds: (t.Associations ?? []).map((a) => a.SubnetId).filter((s): s is string => !!s),
      routes: (t.Routes ?? []).flatMap((r) => route(r, lists)),
    });
  });

  const groups = readOrGap(
    ctx,
    'firewalls',
    describeSecurityGroups,
    account,
    region,
    'ec2',
    'DescribeSecurityGroups',
    'Security groups (ec2 DescribeSecurityGroups)',
  );
  groups?.value.SecurityGroups.forEach((g, i) => {
    const pointer = `/SecurityGroups/${i}`;
    ctx.inv.firewalls.push({
      ...base,
      id: g.GroupId,
      type: 'AWS::EC2::SecurityGroup',
      arn: g.SecurityGroupArn ?? `arn:aws:ec2:${region}:${account}:security-group/${g.GroupId}`,
      ...(g.GroupName ? { name: g.GroupName } : {}),
      evidence: [groups.ref(pointer)],
      level: 'interface',
      ...(g.VpcId ? { networkId: g.VpcId } : {}),
      ordered: false,
      subnetIds: [],
      egress: (g.IpPermissionsEgress ?? []).flatMap((p, j) =>
        securityGroupRules(p, `${pointer}/IpPermissionsEgress/${j}`, lists),
      ),
    });
  });

  const acls = readOrGap(
    ctx,
    'network-acls',
    describeNetworkAcls,
    account,
    region,
    'ec2',
    'DescribeNetworkAcls',
    'Network ACLs (ec2 DescribeNetworkAcls)',
  );
  acls?.value.NetworkAcls.forEach((a, i) => {
    const pointer = `/NetworkAcls/${i}`;
    ctx.inv.firewalls.push({
      ...base,
      id: a.NetworkAclId,
      type: 'AWS::EC2::NetworkAcl',
      arn: `arn:aws:ec2:${region}:${account}:network-acl/${a.NetworkAclId}`,
      evidence: [acls.ref(pointer)],
      level: 'subnet',
      ...(a.VpcId ? { networkId: a.VpcId } : {}),
      ordered: true,
      subnetIds: (a.Associations ?? []).map((x) => x.SubnetId).filter((s): s is string => !!s),
      egress: (a.Entries ?? []).flatMap((e, j): EgressRule[] => {
        if (!e.Egress) return [];
        const cidr = e.CidrBlock ?? e.Ipv6CidrBlock;
        if (!cidr) return [];
        const protocol = protocolName(e.Protocol);
        const from = e.PortRange?.From;
        const to = e.PortRange?.To;
        return [
          {
            action: e.RuleAction.toLowerCase() === 'deny' ? 'deny' : 'allow',
            priority: e.RuleNumber,
            protocol,
            ports: protocol === 'all' || from == null || to == null ? 'all' : { from, to },
            destination: { kind: 'cidr', value: cidr },
            pointer: `${pointer}/Entries/${j}`,
          },
        ];
      }),
    });
  });
}

/** One model rule per destination of an IpPermission (EC2 groups several destinations under one permission). */
function securityGroupRules(p: IpPermission, pointer: string, lists: PrefixLists): EgressRule[] {
  const protocol = protocolName(p.IpProtocol);
  // Any protocol but TCP, UDP, ICMP and ICMPv6 is allowed on every port whatever range the rule states.
  const portless = !['tcp', 'udp', 'icmp', 'icmpv6'].includes(protocol);
  const all = portless || p.FromPort == null || p.ToPort == null || (p.FromPort === -1 && p.ToPort === -1);
  const ports =
    all || (p.FromPort === 0 && p.ToPort === 65535)
      ? 'all'
      : { from: p.FromPort as number, to: p.ToPort as number };
  const rule = (kind: EgressRule['destination']['kind'], value: string): EgressRule => ({
    action: 'allow',
    protocol,
    ports,
    destination: { kind, value },
    pointer,
  });
  return [
    ...(p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [rule('cidr', r.CidrIp)] : [])),
    ...(p.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [rule('cidr', r.CidrIpv6)] : [])),
    ...(p.PrefixListIds ?? []).flatMap((r) => {
      if (!r.PrefixListId) return [];
      const found = lists.resolve(r.PrefixListId);
      if (Array.isArray(found)) return found.map((cidr) => rule('cidr', cidr));
      return [{ ...rule('prefix-list', r.PrefixListId), listOwner: found }];
    }),
    ...(p.UserIdGroupPairs ?? []).flatMap((r) => (r.GroupId ? [rule('group', r.GroupId)] : [])),
  ];
}

function route(r: Record<string, unknown>, lists: PrefixLists): Route[] {
  const cidr = (r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock) as string | undefined;
  const list = typeof r.DestinationPrefixListId === 'string' ? r.DestinationPrefixListId : undefined;
  // Gateway endpoints (GatewayId vpce-…) only ever route AWS's S3 and DynamoDB lists.
  const gatewayEndpoint = typeof r.GatewayId === 'string' && r.GatewayId.startsWith('vpce-');
  const found = !cidr && list && !gatewayEndpoint ? lists.resolve(list) : undefined;
  // An AWS-managed list (S3, DynamoDB gateway endpoints) is service space; a customer list with unknown entries
  // might hold 0.0.0.0/0, so it is taken as a way out rather than as proof that there is none.
  const destinations = cidr
    ? [cidr]
    : Array.isArray(found)
      ? found
      : found === 'unknown'
        ? ['0.0.0.0/0']
        : [];
  return destinations.flatMap((destination) => routeTo(r, destination));
}

function routeTo(r: Record<string, unknown>, destination: string): Route[] {
  const gateway = typeof r.GatewayId === 'string' ? r.GatewayId : '';
  const pick = (): [RouteTarget, string | undefined] => {
    if (r.State === 'blackhole') return ['blackhole', undefined];
    if (gateway === 'local') return ['local', undefined];
    if (gateway.startsWith('igw-')) return ['internet-gateway', gateway];
    // A Wavelength carrier gateway reaches the carrier network and, through it, the internet.
    if (typeof r.CarrierGatewayId === 'string') return ['internet-gateway', r.CarrierGatewayId];
    if (typeof r.EgressOnlyInternetGatewayId === 'string')
      return ['egress-only-internet-gateway', r.EgressOnlyInternetGatewayId];
    if (typeof r.NatGatewayId === 'string') return ['nat-gateway', r.NatGatewayId];
    if (typeof r.TransitGatewayId === 'string') return ['transit-gateway', r.TransitGatewayId];
    if (typeof r.VpcPeeringConnectionId === 'string') return ['peering', r.VpcPeeringConnectionId];
    if (gateway.startsWith('vpce-') || typeof r.VpcEndpointId === 'string')
      return ['firewall-endpoint', gateway || (r.VpcEndpointId as string)];
    if (typeof r.InstanceId === 'string' || typeof r.NetworkInterfaceId === 'string')
      return ['instance', (r.InstanceId ?? r.NetworkInterfaceId) as string];
    // Local (Outposts) gateways, Cloud WAN core networks and VPN gateways lead to networks that may have their own way out.
    const other = r.LocalGatewayId ?? r.CoreNetworkArn ?? gateway;
    return ['other', typeof other === 'string' && other ? other : undefined];
  };
  const [target, targetId] = pick();
  // An internet gateway carries IPv4 only for interfaces with a public address (IPv6 ones are all public).
  const needsPublicIp = gateway.startsWith('igw-') && !destination.includes(':');
  return [
    { destination, target, ...(targetId ? { targetId } : {}), ...(needsPublicIp ? { needsPublicIp } : {}) },
  ];
}
