import { describe, expect, it } from 'vitest';
import { assessFiles, edit, p, wellRunEstate } from '../../helpers/aws-estate.js';

describe('AWS normalize: shapes it accepts', () => {
  it('reads SDK output saved page by page, with $metadata and epoch timestamps', async () => {
    const files = wellRunEstate();
    const cli = files[p('ec2', 'DescribeInstances')] as {
      Reservations: { Instances: Record<string, unknown>[] }[];
    };
    const instance = cli.Reservations[0]?.Instances[0] as Record<string, unknown>;
    files[p('ec2', 'DescribeInstances')] = [
      { $metadata: { httpStatusCode: 200 }, Reservations: [], NextToken: 'abc' },
      {
        $metadata: { httpStatusCode: 200 },
        Reservations: [{ Instances: [{ ...instance, LaunchTime: 1790000000 }] }],
      },
    ];
    const { inventory, bundle } = await assessFiles(files);
    expect(bundle.problems).toEqual([]);
    expect(inventory.workloads).toHaveLength(1);
    expect(inventory.workloads[0]?.launchedAt).toBe(new Date(1790000000 * 1000).toISOString());
  });

  it('maps instance interfaces, groups, monitoring and Auto Scaling membership', async () => {
    const files = edit<{ Reservations: { Instances: Record<string, unknown>[] }[] }>(
      wellRunEstate(),
      p('ec2', 'DescribeInstances'),
      (d) => {
        const i = d.Reservations[0]?.Instances[0] as Record<string, unknown>;
        i.Monitoring = { State: 'enabled' };
      },
    );
    files[p('autoscaling', 'DescribeAutoScalingGroups')] = {
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'app-asg',
          Instances: [{ InstanceId: 'i-0aaa00000000000001' }],
          VPCZoneIdentifier: 'subnet-a, subnet-b',
          MaxSize: 4,
        },
      ],
    };
    const { inventory } = await assessFiles(files);
    expect(inventory.workloads[0]).toMatchObject({
      cpuResolutionMinutes: 1,
      group: 'app-asg',
      attachments: [
        { id: 'eni-0aaa00000000000001', privateIps: ['10.0.1.10'], firewallIds: ['sg-0aaa0000000000001'] },
      ],
    });
    expect(inventory.workloadGroups[0]).toMatchObject({ subnetIds: ['subnet-a', 'subnet-b'], max: 4 });
  });
});

describe('AWS normalize: bad input', () => {
  it('names the file, line and column of malformed JSON and still assesses the rest', async () => {
    const files = wellRunEstate();
    files[p('ec2', 'DescribeSecurityGroups')] = '{\n  "SecurityGroups": [\n    {"GroupId": "sg-1",,}\n  ]\n}';
    const { bundle, of } = await assessFiles(files);
    expect(bundle.problems).toEqual([
      {
        file: p('ec2', 'DescribeSecurityGroups'),
        line: 3,
        column: 24,
        reason: expect.stringMatching(/invalid JSON/),
      },
    ]);
    expect(of('flow-logging')[0]?.status).toBe('pass');
    expect(of('egress-restriction').find((f) => f.resource.id.startsWith('sg-'))).toMatchObject({
      status: 'unassessed',
      reason: expect.stringMatching(/could not be read.*invalid JSON/),
    });
  });

  it('reports a file with the wrong shape, naming the field, and treats it as not collected', async () => {
    const files = wellRunEstate();
    files[p('ec2', 'DescribeFlowLogs')] = { FlowLogs: [{ FlowLogStatus: 'ACTIVE' }] };
    const { bundle, of } = await assessFiles(files);
    expect(bundle.problems[0]).toMatchObject({
      file: p('ec2', 'DescribeFlowLogs'),
      reason: expect.stringMatching(/FlowLogs\/0\/FlowLogId/),
    });
    expect(of('flow-logging')[0]?.status).toBe('unassessed');
  });

  it('lists files no reader knows instead of dropping them silently', async () => {
    const files = wellRunEstate();
    files['aws/123456789012/us-east-1/ec2/DescribeVolumes.json'] = { Volumes: [] };
    files['notes.txt'] = 'hello';
    const { bundle } = await assessFiles(files);
    expect(bundle.unconsumed()).toEqual(['aws/123456789012/us-east-1/ec2/DescribeVolumes.json', 'notes.txt']);
  });
});

describe('AWS normalize: which regions count as collected', () => {
  it('a folder holding only a log bucket’s lifecycle is not a collected region', async () => {
    const files = wellRunEstate();
    files['aws/123456789012/ap-south-1/s3api/GetBucketLifecycleConfiguration/logs-mumbai.json'] = {
      Rules: [],
    };
    const { inventory, findings } = await assessFiles(files);
    expect(inventory.scopes[0]?.regions.map((r) => r.name)).toEqual(['us-east-1']);
    expect(findings.some((f) => f.region === 'ap-south-1')).toBe(false);
  });
});

describe('AWS normalize: compute exposure', () => {
  it('sums running vCPUs from CpuOptions and the EC2 vCPU quotas a stolen key could launch up to', async () => {
    const files = edit<{ Reservations: { Instances: Record<string, unknown>[] }[] }>(
      wellRunEstate(),
      p('ec2', 'DescribeInstances'),
      (d) => {
        const i = d.Reservations[0]?.Instances[0] as Record<string, unknown>;
        i.CpuOptions = { CoreCount: 4, ThreadsPerCore: 2 };
      },
    );
    files[p('service-quotas', 'GetServiceQuota', 'L-1216C47A')] = {
      Quota: { QuotaCode: 'L-1216C47A', Value: 128 },
    };
    files[p('service-quotas', 'GetServiceQuota', 'L-DB2E81BA')] = {
      Quota: { QuotaCode: 'L-DB2E81BA', Value: 64 },
    };
    const { inventory, bundle } = await assessFiles(files);
    expect(inventory.scopes[0]?.exposure).toEqual({ vcpus: 8, vcpuQuota: 192 });
    expect(bundle.unconsumed()).toEqual([]);
  });

  it('states no running vCPU total when some instance did not report its CpuOptions', async () => {
    const files = wellRunEstate();
    files[p('service-quotas', 'GetServiceQuota', 'L-1216C47A')] = {
      Quota: { QuotaCode: 'L-1216C47A', Value: 32 },
    };
    const { inventory } = await assessFiles(files);
    expect(inventory.scopes[0]?.exposure).toEqual({ vcpuQuota: 32 });
  });
});
