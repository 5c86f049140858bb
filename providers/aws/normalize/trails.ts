import { type Known, unknown } from '../../../src/model/evidence.js';
import type { AuditTrail, LogDestination } from '../../../src/model/logging.js';
import { type AdvancedFieldSelector, describeTrails, eventSelectors, trailStatus } from '../shapes.js';
import { type AwsContext, readAs, readOrGap } from './context.js';
import { cloudTrailKeys } from './log-object-keys.js';
import type { RetentionLookup } from './retention.js';

/** Trails as listed in each region (a multi-region trail appears in every region; each listing is kept as returned). */
export function normalizeTrails(
  ctx: AwsContext,
  retention: RetentionLookup,
  account: string,
  region: string,
): void {
  const read = readOrGap(
    ctx,
    'audit-logs',
    describeTrails,
    account,
    region,
    'cloudtrail',
    'DescribeTrails',
    'Trails (cloudtrail DescribeTrails)',
  );
  if (!read) return;
  read.value.trailList.forEach((t, i) => {
    const arn = t.TrailARN ?? `arn:aws:cloudtrail:${t.HomeRegion ?? region}:${account}:trail/${t.Name}`;
    if (ctx.inv.auditTrails.some((x) => x.scope === account && x.id === arn)) return;
    const home = t.HomeRegion ?? region;
    const destinations: LogDestination[] = [];
    if (t.S3BucketName) {
      const owner = arn.split(':')[4] || account;
      const org = t.IsOrganizationTrail
        ? { id: ctx.inv.scopes.find((s) => s.id === account)?.organization?.organizationId ?? null }
        : undefined;
      destinations.push(retention.bucket(t.S3BucketName, cloudTrailKeys(t.S3KeyPrefix, owner, org)));
    }
    if (t.CloudWatchLogsLogGroupArn)
      destinations.push(retention.fromLogGroupArn(t.CloudWatchLogsLogGroupArn));
    const trail: AuditTrail = {
      provider: 'aws',
      scope: account,
      region: home,
      id: arn,
      type: 'AWS::CloudTrail::Trail',
      arn,
      name: t.Name,
      evidence: [read.ref(`/trailList/${i}`)],
      ownerScope: arn.split(':')[4] || account,
      homeRegion: home,
      coversAllRegions: t.IsMultiRegionTrail === true,
      coveredRegions: [home],
      organizationWide: t.IsOrganizationTrail === true,
      logging: loggingState(ctx, account, home, region, t.Name),
      managementWrites: managementWrites(ctx, account, home, region, t.Name, t.HasCustomEventSelectors),
      destinations,
    };
    ctx.inv.auditTrails.push(trail);
  });
}

/** Per-trail files are looked for in the trail's home region first, then where it was listed. */
function readTrailFile<S extends Parameters<typeof readAs>[1]>(
  ctx: AwsContext,
  schema: S,
  account: string,
  home: string,
  listed: string,
  operation: string,
  name: string,
) {
  const first = readAs(ctx, schema, account, home, 'cloudtrail', operation, name);
  if (first.kind !== 'missing' || home === listed) return first;
  return readAs(ctx, schema, account, listed, 'cloudtrail', operation, name);
}

function loggingState(
  ctx: AwsContext,
  account: string,
  home: string,
  listed: string,
  name: string,
): Known<boolean> {
  const read = readTrailFile(ctx, trailStatus, account, home, listed, 'GetTrailStatus', name);
  if (read.kind === 'ok') return (read.value as { IsLogging: boolean }).IsLogging;
  return unknown(
    read.kind === 'missing'
      ? `its status was not collected (cloudtrail GetTrailStatus/${name})`
      : `cloudtrail GetTrailStatus failed (${read.code})`,
    read.kind === 'error' ? [read.ref()] : [],
  );
}

function managementWrites(
  ctx: AwsContext,
  account: string,
  home: string,
  listed: string,
  name: string,
  custom: boolean | null | undefined,
): Known<boolean> {
  const read = readTrailFile(ctx, eventSelectors, account, home, listed, 'GetEventSelectors', name);
  if (read.kind !== 'ok') {
    // Without custom selectors a trail records all management events, reads and writes.
    if (custom === false) return true;
    return unknown(
      read.kind === 'missing'
        ? `its event selectors were not collected (cloudtrail GetEventSelectors/${name})`
        : `cloudtrail GetEventSelectors failed (${read.code})`,
      read.kind === 'error' ? [read.ref()] : [],
    );
  }
  const value = read.value as {
    EventSelectors?:
      | {
          ReadWriteType?: string | null;
          IncludeManagementEvents?: boolean | null;
          ExcludeManagementEventSources?: string[] | null;
        }[]
      | null;
    AdvancedEventSelectors?: { FieldSelectors: AdvancedFieldSelector[] }[] | null;
  };
  const basic = (value.EventSelectors ?? []).some(
    (s) =>
      s.IncludeManagementEvents !== false &&
      (s.ReadWriteType ?? 'All') !== 'ReadOnly' &&
      !(s.ExcludeManagementEventSources ?? []).includes('ec2.amazonaws.com'),
  );
  const advanced = (value.AdvancedEventSelectors ?? []).some((s) =>
    advancedSelectsManagementWrites(s.FieldSelectors),
  );
  return basic || advanced;
}

/** The RunInstances record as advanced selector fields see it. */
const runInstances: Record<string, string> = {
  eventCategory: 'Management',
  readOnly: 'false',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'RunInstances',
  eventType: 'AwsApiCall',
  sessionCredentialFromConsole: 'false',
};

/**
 * Whether one field selector lets `value` through: any Equals/StartsWith/EndsWith value must match when such
 * operators are present, and no NotEquals/NotStartsWith/NotEndsWith value may.
 */
function admits(f: AdvancedFieldSelector, value: string): boolean {
  const includes = [
    ...(f.Equals ?? []).map((v) => value === v),
    ...(f.StartsWith ?? []).map((v) => value.startsWith(v)),
    ...(f.EndsWith ?? []).map((v) => value.endsWith(v)),
  ];
  const excluded =
    (f.NotEquals ?? []).includes(value) ||
    (f.NotStartsWith ?? []).some((v) => value.startsWith(v)) ||
    (f.NotEndsWith ?? []).some((v) => value.endsWith(v));
  return (includes.length === 0 || includes.some(Boolean)) && !excluded;
}

/**
 * An advanced selector records instance creation when every one of its field selectors lets the RunInstances
 * management write through. A field that names callers (userIdentity.arn) and only lets some in does not count:
 * an attacker's principal would not be among them.
 */
export function advancedSelectsManagementWrites(fields: AdvancedFieldSelector[]): boolean {
  if (!fields.some((f) => f.Field === 'eventCategory')) return false;
  return fields.every((f) => {
    const value = runInstances[f.Field];
    if (value !== undefined) return admits(f, value);
    const restrictive = (f.Equals ?? []).length + (f.StartsWith ?? []).length + (f.EndsWith ?? []).length;
    return restrictive === 0;
  });
}
