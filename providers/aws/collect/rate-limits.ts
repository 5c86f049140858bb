import type { Rate } from '../../../src/collect/token-bucket.js';
import type { CliService } from './declaration.js';

/**
 * Client-side pacing per account and region (global services: per account), at AWS's published request
 * rates where AWS publishes them. Where it does not, a conservative rate; the SDK's retries with backoff
 * absorb the rest.
 */
export const defaultRates: Record<CliService, Rate> = {
  ec2: {
    burst: 100,
    perSecond: 20,
    per: 'operation',
    source:
      'EC2 API request throttling: non-mutating actions, bucket 100, refill 20/s per account, Region and API',
  },
  cloudtrail: {
    burst: 10,
    perSecond: 10,
    per: 'operation',
    source: 'CloudTrail quotas: get, describe and list APIs 10 TPS per account and Region',
  },
  'service-quotas': {
    burst: 10,
    perSecond: 5,
    per: 'operation',
    source: 'Service Quotas: GetServiceQuota 5 requests per second, 5 more in a burst',
  },
  logs: {
    burst: 10,
    perSecond: 10,
    per: 'operation',
    source: 'CloudWatch Logs quotas: DescribeLogGroups 10 TPS per account and Region',
  },
  cloudwatch: {
    burst: 9,
    perSecond: 9,
    per: 'operation',
    source: 'CloudWatch quotas: DescribeAlarms 9 TPS per account and Region',
  },
  sts: { burst: 50, perSecond: 50, per: 'service', source: 'not published per operation; conservative' },
  iam: {
    burst: 10,
    perSecond: 5,
    per: 'service',
    source: 'not published; IAM is a low-rate global control plane',
  },
  organizations: {
    burst: 20,
    perSecond: 10,
    per: 'operation',
    source: 'not published; conservative (TooManyRequestsException is retried)',
  },
  ce: {
    burst: 5,
    perSecond: 5,
    per: 'service',
    source: 'not published; each Cost Explorer request is billed',
  },
  guardduty: { burst: 20, perSecond: 10, per: 'operation', source: 'not published; conservative' },
  route53resolver: { burst: 10, perSecond: 5, per: 'operation', source: 'not published; conservative' },
  autoscaling: { burst: 20, perSecond: 10, per: 'operation', source: 'not published; conservative' },
  s3api: {
    burst: 50,
    perSecond: 50,
    per: 'operation',
    source: 'S3 control calls per bucket are cheap; conservative',
  },
};

/** Operations with a published rate of their own, below their service's (per account and region). */
export const operationRates: Record<string, Rate> = {
  // Burst 1 of AWS's 2: the spare token absorbs calls that leave late and arrive together.
  'cloudtrail:LookupEvents': {
    burst: 1,
    perSecond: 2,
    per: 'operation',
    source: 'CloudTrail quotas: LookupEvents 2 transactions per second per account and Region',
  },
  'cloudwatch:GetMetricData': {
    burst: 50,
    perSecond: 50,
    per: 'operation',
    source: 'CloudWatch quotas: GetMetricData 50 transactions per second per account and Region',
  },
};
