import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assessFiles,
  edit,
  type Files,
  p,
  REGION,
  VPC,
  wellRunEstate,
} from '../../../helpers/aws-estate.js';

const flowLogs = p('ec2', 'DescribeFlowLogs');
type FlowLogs = { FlowLogs: Record<string, unknown>[] };
const withFlowLog = (over: Record<string, unknown>) =>
  edit<FlowLogs>(wellRunEstate(), flowLogs, (d) => {
    d.FlowLogs[0] = { ...d.FlowLogs[0], ...over };
  });
const of = async (files: Files, control: string) => (await assessFiles(files)).of(control)[0];
const s3Flow = (destination: string, options: Record<string, unknown>) => ({
  LogDestinationType: 's3',
  LogDestination: destination,
  LogGroupName: undefined,
  DestinationOptions: options,
});

describe('flow logs as DescribeFlowLogs prints them', () => {
  it('a format without dstport cannot show a pool connection', async () => {
    const f = await of(
      withFlowLog({ LogFormat: '${interface-id} ${srcaddr} ${dstaddr} ${action}' }),
      'flow-logging',
    );
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/without dstaddr and dstport/);
  });

  it('a transit gateway flow log does not cover the instances of a VPC', async () => {
    const f = await of(
      withFlowLog({ ResourceId: 'tgw-0aaa0000000000001', TrafficType: undefined }),
      'flow-logging',
    );
    expect(f?.status).toBe('fail');
  });

  it('a Firehose destination has its retention decided downstream: unassessed', async () => {
    const f = await of(
      withFlowLog({
        LogDestinationType: 'kinesis-data-firehose',
        LogDestination: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/flows`,
        LogGroupName: undefined,
      }),
      'flow-retention',
    );
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/delivered to firehose/);
  });

  it('an S3 lifecycle is matched on the Hive-compatible layout, not the plain one, for a Hive-partitioned flow log', async () => {
    const files = withFlowLog(
      s3Flow('arn:aws:s3:::flow-archive/vpc/', {
        FileFormat: 'parquet',
        HiveCompatiblePartitions: true,
        PerHourPartition: true,
      }),
    );
    files[p('s3api', 'GetBucketLifecycleConfiguration', 'flow-archive')] = {
      Rules: [
        {
          ID: 'plain-layout',
          Status: 'Enabled',
          Filter: { Prefix: `vpc/AWSLogs/${ACCOUNT}/vpcflowlogs/` },
          Expiration: { Days: 30 },
        },
        {
          ID: 'hive-layout',
          Status: 'Enabled',
          Filter: { Prefix: `vpc/AWSLogs/aws-account-id=${ACCOUNT}/` },
          Expiration: { Days: 400 },
        },
      ],
    };
    const f = await of(files, 'flow-retention');
    expect(f).toMatchObject({ status: 'pass', resource: { id: VPC } });
    expect(f?.reason).toMatch(/\(400 days\)/);
  });
});
