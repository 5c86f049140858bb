import { type Known, unknown } from '../../../src/model/evidence.js';
import type { LogDestination } from '../../../src/model/logging.js';
import { bucketLifecycle, describeLogGroups } from '../shapes.js';
import { type AwsContext, readAs } from './context.js';

/** Where S3 and CloudWatch Logs keep objects: looked up across every account and region in the bundle. */
export class RetentionLookup {
  constructor(private readonly ctx: AwsContext) {}

  /** A CloudWatch Logs group by ARN or (account, region, name): missing retentionInDays means never expire. */
  logGroup(account: string, region: string, name: string): LogDestination {
    const id = `arn:aws:logs:${region}:${account}:log-group:${name}`;
    const read = readAs(this.ctx, describeLogGroups, account, region, 'logs', 'DescribeLogGroups');
    if (read.kind !== 'ok') {
      const why =
        read.kind === 'missing'
          ? `log groups of ${account} in ${region} were not collected`
          : `logs DescribeLogGroups failed in ${account} ${region} (${read.code})`;
      return {
        kind: 'log-group',
        id,
        retentionDays: unknown(why, read.kind === 'error' ? [read.ref()] : []),
        evidence: [],
      };
    }
    const index = read.value.logGroups.findIndex((g) => g.logGroupName === name);
    const group = read.value.logGroups[index];
    if (!group) {
      return {
        kind: 'log-group',
        id,
        retentionDays: unknown(
          `log group ${name} does not exist in ${account} ${region}, so nothing is delivered there`,
          [read.ref('/logGroups')],
        ),
        evidence: [],
      };
    }
    return {
      kind: 'log-group',
      id,
      retentionDays: group.retentionInDays ?? null,
      evidence: [read.ref(`/logGroups/${index}`)],
    };
  }

  fromLogGroupArn(arn: string): LogDestination {
    // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
    const parts = arn.split(':');
    const name = parts.slice(6).join(':').replace(/:\*$/, '');
    return this.logGroup(parts[4] ?? '', parts[3] ?? '', name);
  }

  /**
   * Days objects under `keyPrefix` live in `bucket`: the shortest enabled expiration rule whose filter can match
   * them. Rules filtered by tag do not apply (log objects are untagged). No lifecycle means never expire.
   */
  bucket(bucket: string, keyPrefix: string): LogDestination {
    const id = `arn:aws:s3:::${bucket}`;
    for (const account of this.ctx.files.accounts()) {
      for (const region of this.ctx.files.regions(account)) {
        const read = readAs(
          this.ctx,
          bucketLifecycle,
          account,
          region,
          's3api',
          'GetBucketLifecycleConfiguration',
          bucket,
        );
        if (read.kind === 'missing') continue;
        if (read.kind === 'error') {
          if (read.code === 'NoSuchLifecycleConfiguration')
            return { kind: 'object-storage', id, retentionDays: null, evidence: [read.ref()] };
          return {
            kind: 'object-storage',
            id,
            retentionDays: unknown(`the lifecycle of bucket ${bucket} could not be read (${read.code})`, [
              read.ref(),
            ]),
            evidence: [],
          };
        }
        return {
          kind: 'object-storage',
          id,
          retentionDays: this.shortestExpiry(read.value.Rules, keyPrefix),
          evidence: [read.ref('/Rules')],
        };
      }
    }
    return {
      kind: 'object-storage',
      id,
      retentionDays: unknown(
        `the lifecycle of bucket ${bucket} was not collected (s3api GetBucketLifecycleConfiguration; the bucket may belong to an account outside the bundle)`,
      ),
      evidence: [],
    };
  }

  private shortestExpiry(
    rules: {
      Status: string;
      Prefix?: string | null;
      Filter?: Record<string, unknown> | null;
      Expiration?: { Days?: number | null; Date?: string | number | null } | null;
    }[],
    keyPrefix: string,
  ): Known<number | null> {
    let shortest: number | null = null;
    for (const rule of rules) {
      if (rule.Status !== 'Enabled' || !rule.Expiration) continue;
      const filter = rule.Filter ?? {};
      const and = (filter.And ?? {}) as Record<string, unknown>;
      if (filter.Tag || (Array.isArray(and.Tags) && and.Tags.length > 0)) continue;
      const prefix = String(filter.Prefix ?? and.Prefix ?? rule.Prefix ?? '');
      if (!(keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix))) continue;
      const days =
        rule.Expiration.Days ??
        (rule.Expiration.Date != null
          ? Math.max(
              0,
              Math.floor((Date.parse(String(rule.Expiration.Date)) - this.ctx.now.getTime()) / 86_400_000),
            )
          : null);
      if (days !== null && (shortest === null || days < shortest)) shortest = days;
    }
    return shortest;
  }

  /** Destination from an ARN: S3 bucket (with prefix), log group, or a stream whose retention is decided elsewhere. */
  fromArn(arn: string, keyPrefix: string): LogDestination {
    if (
      arn.startsWith('arn:aws:s3:::') ||
      arn.startsWith('arn:aws-us-gov:s3:::') ||
      arn.startsWith('arn:aws-cn:s3:::')
    ) {
      const [bucket = '', ...rest] = arn.split(':::')[1]?.split('/') ?? [];
      const prefix = rest.filter(Boolean).join('/');
      return this.bucket(bucket, `${prefix ? `${prefix}/` : ''}${keyPrefix}`);
    }
    if (arn.includes(':logs:')) return this.fromLogGroupArn(arn);
    return {
      kind: 'stream',
      id: arn,
      retentionDays: unknown(
        `delivered to ${arn.split(':')[2] ?? 'a stream'}; retention is set where that stream delivers`,
      ),
      evidence: [],
    };
  }
}
