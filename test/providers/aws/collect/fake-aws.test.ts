import { DescribeAutoScalingGroupsCommand, AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketLifecycleConfigurationCommand, GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListResolverQueryLogConfigsCommand, Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapEstate } from '../../../fakes/aws/estate.js';
import { FakeAws } from '../../../fakes/aws/server.js';

const estate = new MapEstate()
  .set('111111111111', 'us-east-1', 'ec2', 'DescribeInstances', {
    kind: 'ok',
    value: {
      Reservations: [1, 2, 3].map((n) => ({
        ReservationId: `r-${n}`,
        OwnerId: '111111111111',
        Instances: [{ InstanceId: `i-${n}`, LaunchTime: '2026-01-02T03:04:05+00:00', Tags: [{ Key: 'owner', Value: 'x' }], State: { Name: 'running', Code: 16 } }],
      })),
    },
  })
  .set('111111111111', 'us-east-1', 'cloudtrail', 'DescribeTrails', { kind: 'ok', value: { trailList: [{ Name: 't', IsMultiRegionTrail: true, S3BucketName: 'logs' }] } })
  .set('111111111111', 'us-east-1', 'cloudtrail', 'GetTrailStatus', { kind: 'ok', value: { IsLogging: true, StartLoggingTime: '2025-01-01T00:00:00Z' } }, 't')
  .set('111111111111', 'us-east-1', 's3api', 'GetBucketLifecycleConfiguration', { kind: 'ok', value: { Rules: [{ ID: 'x', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 30 } }] } }, 'logs')
  .set('111111111111', 'global', 'iam', 'GetAccountAuthorizationDetails', {
    kind: 'ok',
    value: { RoleDetailList: [{ RoleName: 'a', Arn: 'arn:aws:iam::111111111111:role/a', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] } }] }], UserDetailList: [], GroupDetailList: [], Policies: [] },
  })
  .set('111111111111', 'us-east-1', 'guardduty', 'ListDetectors', { kind: 'ok', value: { DetectorIds: ['d1', 'd2', 'd3'] } })
  .set('111111111111', 'us-east-1', 'guardduty', 'GetDetector', { kind: 'ok', value: { Status: 'ENABLED', CreatedAt: '2024-01-01T00:00:00.000Z', ServiceRole: 'x' } }, 'd1')
  .set('111111111111', 'us-east-1', 'cloudwatch', 'DescribeAlarms', { kind: 'ok', value: { MetricAlarms: [{ AlarmName: 'cpu', StateUpdatedTimestamp: '2024-01-01T00:00:00Z', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }] } })
  .set('111111111111', 'us-east-1', 'autoscaling', 'DescribeAutoScalingGroups', { kind: 'ok', value: { AutoScalingGroups: [{ AutoScalingGroupName: 'g', MinSize: 0, MaxSize: 2, DesiredCapacity: 1, CreatedTime: '2024-01-01T00:00:00Z', Instances: [{ InstanceId: 'i-1' }] }] } })
  .set('111111111111', 'us-east-1', 'route53resolver', 'ListResolverQueryLogConfigs', { kind: 'ok', value: { ResolverQueryLogConfigs: [{ Id: 'q1', DestinationArn: 'arn:aws:s3:::logs' }] } })
  .allowRole(['222222222222'], 'audit');
estate.addBucket('other', '222222222222', 'eu-west-1');

let fake: FakeAws;
const creds = { accessKeyId: 'AKIAMANAGEMENT', secretAccessKey: 'secret' };
const opts = () => ({ region: 'us-east-1', endpoint: fake.url, credentials: creds, retryStrategy: new ConfiguredRetryStrategy(3, () => 0) });

beforeAll(async () => {
  fake = await new FakeAws({ estate, principals: { AKIAMANAGEMENT: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/auditor' } } }).start();
});
afterAll(() => fake.stop());

describe('fake AWS wire protocols', () => {
  it('ec2Query', async () => {
    const c = new EC2Client(opts());
    const p1 = await c.send(new DescribeInstancesCommand({}));
    console.log(JSON.stringify(p1));
    const r = await c.send(new DescribeRegionsCommand({ AllRegions: true }));
    console.log(r.Regions?.length, r.Regions?.[0]);
  });
  it('awsQuery', async () => {
    const c = new IAMClient(opts());
    const r = await c.send(new GetAccountAuthorizationDetailsCommand({}));
    console.log(JSON.stringify(r));
    const s = new STSClient(opts());
    console.log(await s.send(new GetCallerIdentityCommand({})));
    const a = await s.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/audit', RoleSessionName: 'rigsight' }));
    console.log(a.Credentials?.AccessKeyId, a.Credentials?.Expiration);
    await expect(s.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::333333333333:role/audit', RoleSessionName: 'rigsight' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const g = new AutoScalingClient(opts());
    console.log(JSON.stringify(await g.send(new DescribeAutoScalingGroupsCommand({}))));
  });
  it('json', async () => {
    const c = new CloudTrailClient(opts());
    console.log(JSON.stringify(await c.send(new DescribeTrailsCommand({}))));
    console.log(JSON.stringify(await c.send(new GetTrailStatusCommand({ Name: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t' }))));
    await expect(c.send(new GetTrailStatusCommand({ Name: 'nope' }))).rejects.toMatchObject({ name: 'TrailNotFoundException' });
    const w = new CloudWatchClient(opts());
    console.log(JSON.stringify(await w.send(new DescribeAlarmsCommand({}))));
    const r = new Route53ResolverClient(opts());
    console.log(JSON.stringify(await r.send(new ListResolverQueryLogConfigsCommand({}))));
  });
  it('restJson', async () => {
    const c = new GuardDutyClient(opts());
    console.log(JSON.stringify(await c.send(new ListDetectorsCommand({}))));
    console.log(JSON.stringify(await c.send(new GetDetectorCommand({ DetectorId: 'd1' }))));
  });
  it('restXml', async () => {
    const c = new S3Client(opts());
    console.log(JSON.stringify(await c.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'logs' }))));
    console.log(JSON.stringify(await c.send(new ListBucketsCommand({}))));
    console.log(JSON.stringify(await c.send(new GetBucketLocationCommand({ Bucket: 'logs' }))));
    await expect(c.send(new GetBucketLocationCommand({ Bucket: 'other' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    console.log(fake.requests.map((r) => `${r.service}:${r.operation}:${r.region}`).join(' '));
  });
});
