import { describe, expect, it } from 'vitest';
import { assessFiles, edit, errorFile, p, VPC, wellRunEstate, without } from '../../helpers/aws-estate.js';

const lifecycle = p('s3api', 'GetBucketLifecycleConfiguration', 'trail-bucket');
const logGroups = p('logs', 'DescribeLogGroups');
type Lifecycle = { Rules: Record<string, unknown>[] };
type Groups = { logGroups: { logGroupName: string; retentionInDays?: number }[] };

describe('audit-retention (trail)', () => {
  it('passes when the S3 lifecycle keeps objects longer than required', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('audit-retention');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/arn:aws:s3:::trail-bucket \(730 days\)/);
  });

  it('fails when the bucket expires logs before auditDays', async () => {
    const files = edit<Lifecycle>(wellRunEstate(), lifecycle, (l) => {
      l.Rules[0] = { ...l.Rules[0], Expiration: { Days: 90 } };
    });
    const [f] = (await assessFiles(files)).of('audit-retention');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/90 days\), less than the 365 days required/);
  });

  it('ignores disabled rules, tag-filtered rules and rules for other prefixes', async () => {
    const files = edit<Lifecycle>(wellRunEstate(), lifecycle, (l) => {
      l.Rules = [
        { ID: 'off', Status: 'Disabled', Filter: { Prefix: '' }, Expiration: { Days: 7 } },
        {
          ID: 'tagged',
          Status: 'Enabled',
          Filter: { Tag: { Key: 'tmp', Value: 'yes' } },
          Expiration: { Days: 7 },
        },
        { ID: 'other', Status: 'Enabled', Filter: { Prefix: 'exports/' }, Expiration: { Days: 7 } },
      ];
    });
    const [f] = (await assessFiles(files)).of('audit-retention');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/never expires/);
  });

  it('treats NoSuchLifecycleConfiguration as never expiring, not as a gap', async () => {
    const files = without(wellRunEstate(), lifecycle);
    files[errorFile(lifecycle)] = {
      Code: 'NoSuchLifecycleConfiguration',
      Message: 'The lifecycle configuration does not exist',
      HttpStatus: 404,
    };
    expect((await assessFiles(files)).of('audit-retention')[0]?.status).toBe('pass');
  });

  it('is unassessed when the lifecycle was not collected', async () => {
    const [f] = (await assessFiles(without(wellRunEstate(), lifecycle))).of('audit-retention');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/lifecycle of bucket trail-bucket was not collected/);
  });

  it('passes on the longest complete destination even when a shorter copy exists', async () => {
    const files = edit<{ trailList: Record<string, unknown>[] }>(
      wellRunEstate(),
      p('cloudtrail', 'DescribeTrails'),
      (t) => {
        t.trailList[0] = {
          ...t.trailList[0],
          CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:short:*',
        };
      },
    );
    (files[logGroups] as Groups).logGroups.push({ logGroupName: 'short', retentionInDays: 14 });
    expect((await assessFiles(files)).of('audit-retention')[0]?.status).toBe('pass');
  });
});

describe('flow-retention (network)', () => {
  it('passes when the flow log group keeps records for flowDays', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('flow-retention');
    expect(f).toMatchObject({ status: 'pass', resource: { id: VPC } });
  });

  it('fails when the log group keeps records for less than flowDays', async () => {
    const files = edit<Groups>(wellRunEstate(), logGroups, (g) => {
      g.logGroups[0] = { logGroupName: 'flow-logs', retentionInDays: 30 };
    });
    const [f] = (await assessFiles(files)).of('flow-retention');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/30 days\), less than the 90 days required/);
  });

  it('passes a log group without retentionInDays (never expires)', async () => {
    const files = edit<Groups>(wellRunEstate(), logGroups, (g) => {
      g.logGroups[0] = { logGroupName: 'flow-logs' };
    });
    expect((await assessFiles(files)).of('flow-retention')[0]?.reason).toMatch(/never expires/);
  });

  it('is unassessed for a flow log delivered to Kinesis Data Firehose', async () => {
    const files = edit<{ FlowLogs: Record<string, unknown>[] }>(
      wellRunEstate(),
      p('ec2', 'DescribeFlowLogs'),
      (f) => {
        f.FlowLogs[0] = {
          ...f.FlowLogs[0],
          LogDestinationType: 'kinesis-data-firehose',
          LogDestination: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/flows',
          LogGroupName: undefined,
        };
      },
    );
    const [f] = (await assessFiles(files)).of('flow-retention');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/firehose/);
  });

  it('is not applicable when the network has no complete flow log', async () => {
    const files = edit<{ FlowLogs: unknown[] }>(wellRunEstate(), p('ec2', 'DescribeFlowLogs'), (f) => {
      f.FlowLogs = [];
    });
    expect((await assessFiles(files)).of('flow-retention')[0]?.status).toBe('not_applicable');
  });
});
