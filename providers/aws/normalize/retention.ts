import { unknown } from '../../../src/model/evidence.js';
import type { LogDestination } from '../../../src/model/logging.js';
import { isObject } from '../bundle-files.js';
import { bucketLifecycle, describeLogGroups } from '../shapes.js';
import { type AwsContext, readAs, toIso } from './context.js';
import { type KeyLayout, prefixReaches, prefixSegments } from './log-object-keys.js';

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
    // The Delivery class keeps events for one day whatever retentionInDays says; it only forwards them.
    const delivery = group.logGroupClass?.toUpperCase() === 'DELIVERY';
    return {
      kind: 'log-group',
      id,
      retentionDays: delivery ? 1 : (group.retentionInDays ?? null),
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
   * Days log objects written under `layout` live in `bucket`: the shortest enabled expiration among rules whose
   * filter can reach them. Tag filters never do (services write log objects untagged); size filters may, so they
   * count. No lifecycle configuration means objects never expire.
   */
  bucket(bucket: string, layout: KeyLayout): LogDestination {
    const id = `arn:aws:s3:::${bucket}`;
    for (const account of this.ctx.files.accounts()) {
      for (const region of this.ctx.files.regionFolders(account)) {
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
        const shortest = this.shortestExpiry(read.value.Rules, layout);
        return {
          kind: 'object-storage',
          id,
          retentionDays: shortest.days,
          evidence: [read.ref(shortest.rule === undefined ? '/Rules' : `/Rules/${shortest.rule}`)],
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
    layout: KeyLayout,
  ): { days: number | null; rule?: number } {
    let shortest: { days: number | null; rule?: number } = { days: null };
    rules.forEach((rule, i) => {
      if (rule.Status !== 'Enabled' || !rule.Expiration) return;
      const filter = rule.Filter ?? {};
      const and = (isObject(filter.And) ? filter.And : {}) as Record<string, unknown>;
      if (filter.Tag || (Array.isArray(and.Tags) && and.Tags.length > 0)) return;
      const prefix = String(filter.Prefix ?? and.Prefix ?? rule.Prefix ?? '');
      if (!prefixReaches(prefix, layout)) return;
      const days = rule.Expiration.Days ?? this.daysUntil(rule.Expiration.Date);
      if (days !== null && (shortest.days === null || days < shortest.days)) shortest = { days, rule: i };
    });
    return shortest;
  }

  /** An expiration date removes every matching object from that day on: what is written today lives until then. */
  private daysUntil(date: string | number | null | undefined): number | null {
    const iso = toIso(date);
    if (!iso) return null;
    return Math.max(0, Math.floor((Date.parse(iso) - this.ctx.now.getTime()) / 86_400_000));
  }

  /** Destination from an ARN: S3 bucket (keys laid out by `layout` after the ARN's prefix), log group, or a stream. */
  fromArn(arn: string, layout: (prefix: string[]) => KeyLayout): LogDestination {
    const s3 = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/.exec(arn);
    if (s3?.[1]) return this.bucket(s3[1], layout(prefixSegments(s3[2])));
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
