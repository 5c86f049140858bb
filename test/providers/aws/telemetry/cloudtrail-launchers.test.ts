import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
import type { FileDigest } from '../../../../src/detect/signals.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const native = 'test/fixtures/telemetry/native/aws/stratus-cloudtrail';
const launchers = 'test/fixtures/telemetry/launchers';
const ct = 'cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20';
const policy = loadPolicy();

async function digest(file: string): Promise<FileDigest> {
  const d = await digestFile(file, policy);
  if (!d) throw new Error(`${file} was not recognized`);
  return d;
}

function tmpFile(name: string, value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rigsight-ct-')), name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('CloudTrail: calls that ask a service for capacity', () => {
  const file = `${launchers}/aws-fleet-and-scaling-group/telemetry/${ct}/111122223333_CloudTrail_us-east-1_20261120T1205Z_f1ee7a5c.json`;

  it('keeps CreateAutoScalingGroup, UpdateAutoScalingGroup and an instant CreateFleet with their callers and what they asked', async () => {
    const d = await digest(file);
    expect(d.capacity.map((c) => [c.action, c.principal, c.keys])).toEqual([
      [
        'CreateAutoScalingGroup',
        'arn:aws:sts::111122223333:assumed-role/platform-deployer/gha-deploy-41',
        ['asg:us-east-1/web-asg'],
      ],
      ['UpdateAutoScalingGroup', 'arn:aws:iam::111122223333:user/svc-backup', ['asg:us-east-1/web-asg']],
      [
        'CreateFleet',
        'arn:aws:iam::111122223333:user/svc-backup',
        ['fleet:us-east-1/fleet-7c3f5a1e-4b2d-4c8e-9f0a-1b2c3d4e5f60'],
      ],
    ]);
    expect(d.capacity[1]?.detail).toBe(
      'group web-asg, desired 2, max 2, template lt-0b1a2c3d4e5f60001 version 2',
    );
    // An instant fleet's response lists what it launched (one `item` is an object, not a list).
    expect(d.capacity[2]).toMatchObject({ instanceIds: ['i-0f1ee7000000000d1'], service: 'EC2 Fleet' });
  });

  it('names on each launch what the service launched from: group and template, or fleet', async () => {
    const d = await digest(file);
    const keys = Object.fromEntries(d.creations.map((c) => [c.instanceId, c.capacityKeys]));
    expect(keys).toEqual({
      'i-0a5c00000000000c1': ['asg:us-east-1/web-asg', 'lt:us-east-1/lt-0b1a2c3d4e5f60001'],
      'i-0a5c00000000000c2': ['asg:us-east-1/web-asg', 'lt:us-east-1/lt-0b1a2c3d4e5f60001'],
      'i-0f1ee7000000000d1': ['fleet:us-east-1/fleet-7c3f5a1e-4b2d-4c8e-9f0a-1b2c3d4e5f60'],
    });
    // The fleet relays the caller's own identity: the launch record is the caller's.
    expect(d.creations.find((c) => c.instanceId === 'i-0f1ee7000000000d1')).toMatchObject({
      principal: 'arn:aws:iam::111122223333:user/svc-backup',
      invokedBy: 'ec2fleet.amazonaws.com',
    });
  });

  it('reads a Spot Fleet request id in either response shape, and ignores a refused request', async () => {
    const base = {
      eventVersion: '1.10',
      eventTime: '2026-11-20T09:00:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RequestSpotFleet',
      awsRegion: 'us-east-1',
      recipientAccountId: '111122223333',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/svc-backup' },
    };
    const d = await digest(
      tmpFile('spot.json', [
        {
          ...base,
          eventID: 'a',
          responseElements: { RequestSpotFleetResponse: { spotFleetRequestId: 'sfr-1' } },
        },
        { ...base, eventID: 'b', responseElements: { spotFleetRequestId: 'sfr-2' } },
        { ...base, eventID: 'c', errorCode: 'Client.UnauthorizedOperation', responseElements: null },
      ]),
    );
    expect(d.capacity.map((c) => c.keys)).toEqual([['sfr:us-east-1/sfr-1'], ['sfr:us-east-1/sfr-2']]);
  });
});

describe('CloudTrail: launch template changes', () => {
  it('keys a new template version and a new default version to the template, with the version', async () => {
    const base = {
      eventVersion: '1.10',
      eventTime: '2026-11-20T10:55:00Z',
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: '111122223333',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/svc-backup' },
    };
    const d = await digest(
      tmpFile('templates.json', [
        {
          ...base,
          eventID: 'a',
          eventName: 'CreateLaunchTemplateVersion',
          requestParameters: {
            CreateLaunchTemplateVersionRequest: {
              LaunchTemplateId: 'lt-0b1a2c3d4e5f60001',
              SourceVersion: '1',
              LaunchTemplateData: { UserData: '<sensitiveDataRemoved>' },
            },
          },
          responseElements: {
            CreateLaunchTemplateVersionResponse: {
              xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
              requestId: 'r-1',
              launchTemplateVersion: {
                launchTemplateId: 'lt-0b1a2c3d4e5f60001',
                launchTemplateName: 'web',
                versionNumber: 2,
                createdBy: 'arn:aws:iam::111122223333:user/svc-backup',
              },
            },
          },
        },
        {
          ...base,
          eventID: 'b',
          eventName: 'ModifyLaunchTemplate',
          requestParameters: {
            ModifyLaunchTemplateRequest: { LaunchTemplateId: 'lt-0b1a2c3d4e5f60001', SetDefaultVersion: '2' },
          },
          responseElements: {
            ModifyLaunchTemplateResponse: { launchTemplate: { launchTemplateId: 'lt-0b1a2c3d4e5f60001' } },
          },
        },
      ]),
    );
    expect(d.capacity.map((c) => [c.action, c.keys, c.detail])).toEqual([
      [
        'CreateLaunchTemplateVersion',
        ['lt:us-east-1/lt-0b1a2c3d4e5f60001'],
        'template lt-0b1a2c3d4e5f60001 version 2',
      ],
      [
        'ModifyLaunchTemplate',
        ['lt:us-east-1/lt-0b1a2c3d4e5f60001'],
        'template lt-0b1a2c3d4e5f60001 version 2',
      ],
    ]);
  });
});

describe('CloudTrail: EKS managed node groups', () => {
  it('ties a node group’s scaling request to the nodes its Auto Scaling group launches, by their EKS tags', async () => {
    const identity = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/svc-backup' };
    const base = { eventVersion: '1.10', awsRegion: 'us-east-1', recipientAccountId: '111122223333' };
    const d = await digest(
      tmpFile('eks.json', {
        Records: [
          {
            ...base,
            eventID: 'a',
            eventTime: '2026-11-20T09:00:00Z',
            eventSource: 'eks.amazonaws.com',
            eventName: 'UpdateNodegroupConfig',
            userIdentity: identity,
            requestParameters: { name: 'prod', nodegroupName: 'gpu', scalingConfig: { desiredSize: 12 } },
            responseElements: { update: { id: 'u-1', status: 'InProgress', type: 'ConfigUpdate' } },
          },
          {
            ...base,
            eventID: 'b',
            eventTime: '2026-11-20T09:03:00Z',
            eventSource: 'ec2.amazonaws.com',
            eventName: 'RunInstances',
            userIdentity: {
              type: 'AssumedRole',
              arn: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling',
              invokedBy: 'autoscaling.amazonaws.com',
            },
            requestParameters: { instanceType: 'g5.12xlarge' },
            responseElements: {
              instancesSet: {
                items: [
                  {
                    instanceId: 'i-0e5c00000000000f1',
                    tagSet: {
                      items: [
                        { key: 'eks:cluster-name', value: 'prod' },
                        { key: 'eks:nodegroup-name', value: 'gpu' },
                      ],
                    },
                  },
                ],
              },
            },
          },
        ],
      }),
    );
    expect(d.capacity).toEqual([
      expect.objectContaining({
        keys: ['eks:us-east-1/prod/gpu'],
        detail: 'node group prod/gpu, desired 12',
      }),
    ]);
    expect(d.creations[0]?.capacityKeys).toEqual(['eks:us-east-1/prod/gpu']);
  });
});

describe('CloudTrail: ECS tasks and the interfaces ECS creates for them', () => {
  const file = `${launchers}/aws-fargate-task/telemetry/${ct}/111122223333_CloudTrail_us-east-1_20261120T1025Z_fa7e0001.json`;

  it('turns RunTask into a workload named by its task ARN, with its reserved vCPUs and its interface attachment', async () => {
    const d = await digest(file);
    expect(d.creations).toEqual([
      expect.objectContaining({
        instanceId: 'arn:aws:ecs:us-east-1:111122223333:task/default/4f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b',
        kind: 'ECS task',
        principal: 'arn:aws:iam::111122223333:user/svc-backup',
        vcpus: 4,
        machineType: 'FARGATE 4 vCPU 8192 MiB',
        image: 'task definition xmrig:3',
        aliases: ['att:9e1f7c2a-5b3d-4e8f-a1c2-3b4d5e6f7a8b'],
      }),
    ]);
  });

  it("ties ECS's own interface to the attachment, and not one whose description a caller wrote", async () => {
    const d = await digest(file);
    expect(d.bindings).toEqual([
      expect.objectContaining({
        endpoint: 'eni:eni-0fa7e000000000001',
        instanceId: 'att:9e1f7c2a-5b3d-4e8f-a1c2-3b4d5e6f7a8b',
        networkId: 'vpc-0a1b2c3d4e5f60718',
      }),
      expect.objectContaining({ endpoint: 'ip:vpc-0a1b2c3d4e5f60718|10.0.3.21' }),
    ]);
  });

  it('keeps a RunTask that started nothing as a failed attempt with ECS’s reason', async () => {
    const d = await digest(
      tmpFile('runtask-failed.json', [
        {
          eventVersion: '1.10',
          eventTime: '2026-11-20T09:00:00Z',
          eventSource: 'ecs.amazonaws.com',
          eventName: 'RunTask',
          awsRegion: 'us-east-1',
          recipientAccountId: '111122223333',
          userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/svc-backup' },
          requestParameters: { cluster: 'default', taskDefinition: 'xmrig:3', launchType: 'FARGATE' },
          responseElements: { tasks: [], failures: [{ arn: 'arn:aws:ecs:…', reason: 'RESOURCE:CPU' }] },
        },
      ]),
    );
    expect(d.creations).toEqual([expect.objectContaining({ outcome: 'failed', errorCode: 'RESOURCE:CPU' })]);
  });
});

describe('CloudTrail: audit logging stopped, deleted and resumed', () => {
  it('reads the real StopLogging and DeleteTrail detonations as gaps in the audit logs, with the trail named', async () => {
    const stop = await digest(`${native}/aws.defense-evasion.cloudtrail-stop.json`);
    const del = await digest(`${native}/aws.defense-evasion.cloudtrail-delete.json`);
    expect(stop.tampering).toEqual([
      expect.objectContaining({
        action: 'StopLogging',
        blinds: 'creation',
        target: 'stratus-red-team-ct-stop-trail-buykxbqejv',
        principal: 'arn:aws:iam::143434273843:user/christophe',
        scope: '143434273843',
      }),
    ]);
    expect(del.tampering).toEqual([
      expect.objectContaining({ action: 'DeleteTrail', blinds: 'creation', scope: '847129010505' }),
    ]);
  });

  it('reads StartLogging as the end of a gap, and a flow-log deletion as blinding the network leg', async () => {
    const gap = await digest(
      `${launchers}/aws-logging-gap/telemetry/${ct}/111122223333_CloudTrail_us-east-1_20261120T1235Z_6a900001.json`,
    );
    expect(gap.resumed).toEqual([
      expect.objectContaining({
        action: 'StartLogging',
        target: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events',
      }),
    ]);
    const flows = await digest(`${native}/aws.defense-evasion.vpc-remove-flow-logs.json`);
    expect(flows.tampering[0]?.blinds).toBe('network');
  });
});

describe('CloudTrail: regions', () => {
  it('dates the first record of every region, also for records only counted (not parsed)', async () => {
    const d = await digest(
      `${launchers}/aws-unused-region/telemetry/cloudtrail/AWSLogs/111122223333/CloudTrail/111122223333_CloudTrail_20261120T1215Z_a5e30001.json`,
    );
    expect(
      Object.fromEntries(d.auditRegions.map((r) => [r.region, new Date(r.first).toISOString()])),
    ).toEqual({
      'us-east-1': '2026-11-20T06:00:00.000Z',
      'eu-west-1': '2026-11-20T06:30:00.000Z',
      'ap-southeast-3': '2026-11-20T11:45:00.000Z',
    });
  });
});

describe('Container Insights CPU', () => {
  it('reads a task’s CpuUtilized (CPU units) as cores, named by the task ARN its start record uses', async () => {
    const d = await digest(
      `${launchers}/aws-fargate-task/telemetry/metrics/ecs-insights-stream/2026/11/20/10/ecs-insights-stream-1-2026-11-20-10-00-00-fa7e0003`,
    );
    expect(d.cpu).toEqual([
      expect.objectContaining({
        instanceId: 'arn:aws:ecs:us-east-1:111122223333:task/default/4f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b',
        unit: 'cores',
      }),
    ]);
    expect(d.cpu[0]?.values[0]).toBeCloseTo((4096 * 0.95) / 1024, 1);
  });
});
