import { describe, expect, it } from 'vitest';
import {
  cloudTrailKeys,
  flowLogKeys,
  prefixReaches,
  resolverQueryLogKeys,
} from '../../../../providers/aws/normalize/log-object-keys.js';
import { ACCOUNT, assessFiles, edit, p, REGION, VPC, wellRunEstate } from '../../../helpers/aws-estate.js';

const trailLifecycle = p('s3api', 'GetBucketLifecycleConfiguration', 'trail-bucket');
type Lifecycle = { Rules: Record<string, unknown>[] };
type Trails = { trailList: Record<string, unknown>[] };

describe('where services write log objects', () => {
  it('CloudTrail writes under <prefix>/AWSLogs/<account>/CloudTrail/<region>/', () => {
    const keys = cloudTrailKeys('audit', ACCOUNT, undefined);
    expect(prefixReaches('audit/AWSLogs/', keys)).toBe(true);
    expect(prefixReaches(`audit/AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/`, keys)).toBe(true);
    expect(prefixReaches(`audit/AWSLogs/${ACCOUNT}/CloudTrail-Digest/`, keys)).toBe(false);
    expect(prefixReaches('AWSLogs/', keys)).toBe(false);
    expect(prefixReaches('aud', keys)).toBe(true);
  });

  it('an organization trail adds the organization id before every member account', () => {
    const keys = cloudTrailKeys(undefined, '999999999999', { id: 'o-exampleorg' });
    expect(prefixReaches(`AWSLogs/o-exampleorg/${ACCOUNT}/CloudTrail/`, keys)).toBe(true);
    expect(prefixReaches(`AWSLogs/${ACCOUNT}/CloudTrail/`, keys)).toBe(false);
  });

  it('flow logs use account/vpcflowlogs/region, or aws-account-id= partitions when Hive-compatible', () => {
    expect(prefixReaches(`AWSLogs/${ACCOUNT}/vpcflowlogs/`, flowLogKeys([], ACCOUNT, REGION, false))).toBe(
      true,
    );
    const hive = flowLogKeys(['flows'], ACCOUNT, REGION, true);
    expect(prefixReaches(`flows/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/`, hive)).toBe(
      true,
    );
    expect(prefixReaches(`flows/AWSLogs/${ACCOUNT}/vpcflowlogs/`, hive)).toBe(false);
  });

  it('resolver query logs go under vpcdnsquerylogs/<vpc-id>/', () => {
    const keys = resolverQueryLogKeys([], ACCOUNT);
    expect(prefixReaches(`AWSLogs/${ACCOUNT}/vpcdnsquerylogs/${VPC}/`, keys)).toBe(true);
    expect(prefixReaches(`AWSLogs/${ACCOUNT}/vpcflowlogs/`, keys)).toBe(false);
  });
});

describe('S3 lifecycle rules matched against those keys', () => {
  const rules = (...list: Record<string, unknown>[]) =>
    edit<Lifecycle>(wellRunEstate(), trailLifecycle, (l) => {
      l.Rules = list;
    });

  it('a short rule on the digest folder does not shorten the trail logs', async () => {
    const files = rules({
      ID: 'digests',
      Status: 'Enabled',
      Filter: { Prefix: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/` },
      Expiration: { Days: 7 },
    });
    const [f] = (await assessFiles(files)).of('audit-retention');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/never expires/);
  });

  it('a legacy top-level Prefix rule on the trail folder counts', async () => {
    const files = rules({ ID: 'legacy', Status: 'Enabled', Prefix: 'AWSLogs/', Expiration: { Days: 30 } });
    expect((await assessFiles(files)).of('audit-retention')[0]?.status).toBe('fail');
  });

  it('an And filter with a prefix and an object-size bound counts (some log files match)', async () => {
    const files = rules({
      ID: 'small',
      Status: 'Enabled',
      Filter: { And: { Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/`, ObjectSizeLessThan: 1024 } },
      Expiration: { Days: 14 },
    });
    const [f] = (await assessFiles(files)).of('audit-retention');
    expect(f?.status).toBe('fail');
    expect(f?.evidence.some((e) => e.pointer === '/Rules/0')).toBe(true);
  });

  it('an And filter with tags never matches untagged log objects', async () => {
    const files = rules({
      ID: 'tagged',
      Status: 'Enabled',
      Filter: { And: { Prefix: 'AWSLogs/', Tags: [{ Key: 'tmp', Value: '1' }] } },
      Expiration: { Days: 1 },
    });
    expect((await assessFiles(files)).of('audit-retention')[0]?.status).toBe('pass');
  });

  it('NoncurrentVersionExpiration and delete-marker cleanup leave current log objects alone', async () => {
    const files = rules(
      {
        ID: 'old-versions',
        Status: 'Enabled',
        Filter: {},
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      },
      { ID: 'markers', Status: 'Enabled', Filter: {}, Expiration: { ExpiredObjectDeleteMarker: true } },
    );
    expect((await assessFiles(files)).of('audit-retention')[0]?.status).toBe('pass');
  });

  it('an Expiration.Date (epoch seconds in an SDK dump) keeps objects only until that day', async () => {
    const date = Date.parse('2027-01-26T00:00:00Z') / 1000;
    const files = rules({ ID: 'until', Status: 'Enabled', Filter: {}, Expiration: { Date: date } });
    const [f] = (await assessFiles(files)).of('audit-retention');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/\(60 days\)/);
  });

  it('an organization trail is matched under AWSLogs/<org-id>/', async () => {
    const files = edit<Trails>(wellRunEstate(), p('cloudtrail', 'DescribeTrails'), (t) => {
      t.trailList[0] = { ...t.trailList[0], IsOrganizationTrail: true };
    });
    (files[trailLifecycle] as Lifecycle).Rules = [
      { ID: 'flat', Status: 'Enabled', Filter: { Prefix: `AWSLogs/${ACCOUNT}/` }, Expiration: { Days: 7 } },
      {
        ID: 'org',
        Status: 'Enabled',
        Filter: { Prefix: 'AWSLogs/o-exampleorg/' },
        Expiration: { Days: 400 },
      },
    ];
    const [f] = (await assessFiles(files)).of('audit-retention');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/\(400 days\)/);
  });
});

describe('CloudWatch Logs classes', () => {
  it('a Delivery-class log group keeps events one day whatever retentionInDays says', async () => {
    const files = edit<{ logGroups: Record<string, unknown>[] }>(
      wellRunEstate(),
      p('logs', 'DescribeLogGroups'),
      (g) => {
        g.logGroups[0] = { ...g.logGroups[0], logGroupClass: 'DELIVERY' };
      },
    );
    const [f] = (await assessFiles(files)).of('flow-retention');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/\(1 day\)/);
  });
});
