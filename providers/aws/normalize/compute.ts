import type { Workload, WorkloadGroup } from '../../../src/model/workload.js';
import { describeAutoScalingGroups, describeInstances } from '../shapes.js';
import { type AwsContext, readOrGap, tagMap, toIso } from './context.js';

const gone = new Set(['terminated', 'shutting-down']);

export function normalizeCompute(ctx: AwsContext, account: string, region: string): void {
  const groups = readOrGap(
    ctx,
    'autoscaling-groups',
    describeAutoScalingGroups,
    account,
    region,
    'autoscaling',
    'DescribeAutoScalingGroups',
    'Auto Scaling groups (autoscaling DescribeAutoScalingGroups)',
  );
  const groupOf = new Map<string, string>();
  groups?.value.AutoScalingGroups.forEach((g, i) => {
    const group: WorkloadGroup = {
      provider: 'aws',
      scope: account,
      region,
      id: g.AutoScalingGroupName,
      type: 'AWS::AutoScaling::AutoScalingGroup',
      name: g.AutoScalingGroupName,
      ...(g.AutoScalingGroupARN ? { arn: g.AutoScalingGroupARN } : {}),
      evidence: [groups.ref(`/AutoScalingGroups/${i}`)],
      instanceIds: (g.Instances ?? []).map((x) => x.InstanceId),
      subnetIds: (g.VPCZoneIdentifier ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ...(g.DesiredCapacity != null ? { desired: g.DesiredCapacity } : {}),
      ...(g.MaxSize != null ? { max: g.MaxSize } : {}),
      tags: tagMap(g.Tags),
    };
    ctx.inv.workloadGroups.push(group);
    for (const id of group.instanceIds) groupOf.set(id, group.id);
  });

  const read = readOrGap(
    ctx,
    'workloads',
    describeInstances,
    account,
    region,
    'ec2',
    'DescribeInstances',
    'Instances (ec2 DescribeInstances)',
  );
  if (!read) return;
  read.value.Reservations.forEach((reservation, r) => {
    reservation.Instances.forEach((i, n) => {
      const state = i.State?.Name ?? 'unknown';
      if (gone.has(state)) return;
      const pointer = `/Reservations/${r}/Instances/${n}`;
      const tags = tagMap(i.Tags);
      const group = groupOf.get(i.InstanceId) ?? tags['aws:autoscaling:groupName'];
      // An EFA-only interface carries no IP address, so no IP traffic leaves through it.
      const attachments = (i.NetworkInterfaces ?? [])
        .filter((eni) => eni.InterfaceType !== 'efa-only')
        .map((eni) => ({
          id: eni.NetworkInterfaceId,
          ...((eni.VpcId ?? i.VpcId) ? { networkId: (eni.VpcId ?? i.VpcId) as string } : {}),
          ...((eni.SubnetId ?? i.SubnetId) ? { subnetId: (eni.SubnetId ?? i.SubnetId) as string } : {}),
          privateIps: unique([
            eni.PrivateIpAddress,
            ...(eni.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress),
            ...(eni.Ipv6Addresses ?? []).map((p) => p.Ipv6Address),
          ]),
          publicIps: unique([
            eni.Association?.PublicIp,
            ...(eni.PrivateIpAddresses ?? []).map((p) => p.Association?.PublicIp),
          ]),
          firewallIds: (eni.Groups ?? []).map((g) => g.GroupId),
          ...(eni.MacAddress ? { macAddress: eni.MacAddress } : {}),
        }));
      const workload: Workload = {
        provider: 'aws',
        scope: account,
        region,
        id: i.InstanceId,
        type: 'AWS::EC2::Instance',
        arn: `arn:aws:ec2:${region}:${account}:instance/${i.InstanceId}`,
        ...(tags.Name ? { name: tags.Name } : {}),
        evidence: [read.ref(pointer)],
        pointer,
        state,
        ...(i.InstanceType ? { machineType: i.InstanceType } : {}),
        ...(i.ImageId ? { image: i.ImageId } : {}),
        ...(toIso(i.LaunchTime) ? { launchedAt: toIso(i.LaunchTime) } : {}),
        tags,
        ...(i.VpcId ? { networkId: i.VpcId } : {}),
        ...(i.SubnetId ? { subnetId: i.SubnetId } : {}),
        // EC2-Classic style records without interfaces still have groups on the instance.
        attachments: attachments.length
          ? attachments
          : [
              {
                id: `${i.InstanceId}:primary`,
                ...(i.VpcId ? { networkId: i.VpcId } : {}),
                ...(i.SubnetId ? { subnetId: i.SubnetId } : {}),
                privateIps: unique([i.PrivateIpAddress]),
                publicIps: unique([i.PublicIpAddress]),
                firewallIds: (i.SecurityGroups ?? []).map((g) => g.GroupId),
              },
            ],
        // Basic monitoring publishes CPUUtilization every 5 minutes, detailed every minute; `pending` (being
        // enabled) and `disabling` are not yet / no longer detailed.
        cpuResolutionMinutes: i.Monitoring?.State === 'enabled' ? 1 : 5,
        ...(group ? { group } : {}),
        ...(i.CpuOptions?.CoreCount
          ? { vcpus: i.CpuOptions.CoreCount * (i.CpuOptions.ThreadsPerCore ?? 1) }
          : {}),
      };
      ctx.inv.workloads.push(workload);
    });
  });
}

function unique(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}
