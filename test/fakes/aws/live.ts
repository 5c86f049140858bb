import type { Estate } from './estate.js';

/** A CloudTrail record as the event history holds it (the fake derives LookupEvents' summary fields from it). */
export type TrailRecord = Record<string, unknown>;

/** CPU samples of one instance: [epoch ms, percent]. */
export type CpuSamples = [number, number][];

/** What LookupEvents, GetMetricData and the live GuardDuty query read from an estate. */
export interface LiveEstate {
  /** CloudTrail event history of one account and region, any order. */
  events?(account: string, region: string): TrailRecord[];
  /** CPUUtilization samples of one instance, ascending; undefined when CloudWatch has none. */
  cpu?(account: string, region: string, instanceId: string): CpuSamples | undefined;
}

export class LiveInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A member of a JSON request body whatever its case (restJson sends `findingCriteria`, awsJson `FindingCriteria`). */
export function field(o: unknown, name: string): unknown {
  if (typeof o !== 'object' || o === null) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** awsJson sends timestamps as epoch seconds. */
function when(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v * 1000;
  const t = Date.parse(String(v));
  return Number.isFinite(t) ? t : undefined;
}

const token = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
const offsetOf = (t: unknown) =>
  t ? Number(Buffer.from(String(t), 'base64url').toString('utf8').slice(2)) : 0;

function readOnlyOf(r: TrailRecord): boolean {
  if (typeof r.readOnly === 'boolean') return r.readOnly;
  return /^(Describe|List|Get|Lookup|Search|BatchGet)/.test(String(r.eventName ?? ''));
}

/** LookupEvents: one lookup attribute, the time window, newest first, at most 50 a page. */
export function lookupEvents(
  estate: Estate & LiveEstate,
  account: string,
  region: string,
  params: Record<string, unknown>,
) {
  const attributes = (field(params, 'LookupAttributes') ?? []) as Record<string, unknown>[];
  if (attributes.length > 1)
    throw new LiveInputError(
      'InvalidLookupAttributesException',
      'You cannot specify more than one lookup attribute.',
    );
  const start = when(field(params, 'StartTime')) ?? Number.NEGATIVE_INFINITY;
  const end = when(field(params, 'EndTime')) ?? Number.POSITIVE_INFINITY;
  if (start > end) throw new LiveInputError('InvalidTimeRangeException', 'StartTime is after EndTime.');
  const attribute = attributes[0];
  const key = String(field(attribute, 'AttributeKey') ?? '');
  const value = String(field(attribute, 'AttributeValue') ?? '');
  const matches = (r: TrailRecord): boolean => {
    if (!attribute) return true;
    switch (key) {
      case 'EventName':
        return r.eventName === value;
      case 'ReadOnly':
        return String(readOnlyOf(r)) === value;
      case 'EventSource':
        return r.eventSource === value;
      case 'AccessKeyId':
        return field(r.userIdentity, 'accessKeyId') === value;
      default:
        throw new LiveInputError('InvalidLookupAttributesException', `Unsupported attribute key ${key}.`);
    }
  };
  const all = (estate.events?.(account, region) ?? [])
    .map((r) => ({ r, t: Date.parse(String(r.eventTime)) }))
    .filter(({ r, t }) => t >= start && t <= end && matches(r))
    .sort((a, b) => b.t - a.t || String(a.r.eventID).localeCompare(String(b.r.eventID)));
  const size = Math.min(50, Number(field(params, 'MaxResults') ?? 50) || 50);
  const offset = offsetOf(field(params, 'NextToken'));
  const page = all.slice(offset, offset + size);
  return {
    Events: page.map(({ r, t }) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      ReadOnly: String(readOnlyOf(r)),
      AccessKeyId: field(r.userIdentity, 'accessKeyId'),
      EventTime: new Date(t),
      EventSource: r.eventSource,
      Username:
        field(r.userIdentity, 'userName') ?? field(field(r.userIdentity, 'sessionContext'), 'sessionIssuer'),
      Resources: [],
      CloudTrailEvent: JSON.stringify(r),
    })),
    ...(all.length > offset + size ? { NextToken: token(offset + size) } : {}),
  };
}

/** GetMetricData: per query the samples averaged per Period; at most `maxDatapoints` a page (AWS: 100,800). */
export function getMetricData(
  estate: Estate & LiveEstate,
  account: string,
  region: string,
  params: Record<string, unknown>,
  maxDatapoints = 100_800,
) {
  const queries = (field(params, 'MetricDataQueries') ?? []) as Record<string, unknown>[];
  if (queries.length > 500)
    throw new LiveInputError(
      'ValidationError',
      'The collection MetricDataQueries must not have a size greater than 500.',
    );
  const start = when(field(params, 'StartTime')) ?? 0;
  const end = when(field(params, 'EndTime')) ?? Date.now();
  const descending = field(params, 'ScanBy') !== 'TimestampAscending';
  // The token says which query and which datapoint within it the next page starts at.
  const [q0, p0] = field(params, 'NextToken')
    ? Buffer.from(String(field(params, 'NextToken')), 'base64url')
        .toString('utf8')
        .split(':')
        .map(Number)
    : [0, 0];
  let budget = maxDatapoints;
  const results: Record<string, unknown>[] = [];
  for (let q = q0 ?? 0; q < queries.length; q++) {
    const query = queries[q] as Record<string, unknown>;
    const stat = field(query, 'MetricStat');
    const metric = field(stat, 'Metric');
    const period = Number(field(stat, 'Period') ?? 300) * 1000;
    const dims = (field(metric, 'Dimensions') ?? []) as Record<string, unknown>[];
    const instance = dims.find((d) => field(d, 'Name') === 'InstanceId');
    const samples =
      field(metric, 'Namespace') === 'AWS/EC2' && field(metric, 'MetricName') === 'CPUUtilization' && instance
        ? (estate.cpu?.(account, region, String(field(instance, 'Value'))) ?? [])
        : [];
    const buckets = new Map<number, { sum: number; n: number }>();
    for (const [t, v] of samples) {
      if (t < start || t >= end) continue;
      const b = start + Math.floor((t - start) / period) * period;
      const cell = buckets.get(b) ?? { sum: 0, n: 0 };
      cell.sum += v;
      cell.n++;
      buckets.set(b, cell);
    }
    let points = [...buckets]
      .map(([t, c]) => [t, c.sum / c.n] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    if (descending) points.reverse();
    const from = q === q0 ? (p0 ?? 0) : 0;
    points = points.slice(from);
    const take = Math.min(points.length, budget);
    const part = points.slice(0, take);
    results.push({
      Id: field(query, 'Id'),
      Label: field(query, 'Label') ?? field(query, 'Id'),
      Timestamps: part.map(([t]) => new Date(t)),
      Values: part.map(([, v]) => v),
      StatusCode: take < points.length ? 'PartialData' : 'Complete',
    });
    budget -= take;
    if (take < points.length || (budget <= 0 && q + 1 < queries.length)) {
      const next = take < points.length ? `${q}:${from + take}` : `${q + 1}:0`;
      return { MetricDataResults: results, Messages: [], NextToken: Buffer.from(next).toString('base64url') };
    }
  }
  return { MetricDataResults: results, Messages: [] };
}

/** GuardDuty findings matching `type` equals and `updatedAt` bounds (epoch ms), as ListFindings criteria ask. */
export function matchingFindings(
  findings: Record<string, unknown>[],
  criteria: unknown,
): Record<string, unknown>[] {
  const criterion = field(criteria, 'Criterion') as Record<string, unknown> | undefined;
  const types = field(field(criterion, 'type'), 'Equals') as string[] | undefined;
  const updated = field(criterion, 'updatedAt');
  const gte = Number(
    field(updated, 'GreaterThanOrEqual') ?? field(updated, 'Gte') ?? Number.NEGATIVE_INFINITY,
  );
  const lte = Number(field(updated, 'LessThanOrEqual') ?? field(updated, 'Lte') ?? Number.POSITIVE_INFINITY);
  return findings.filter((f) => {
    if (types && !types.includes(String(f.Type))) return false;
    const at = Date.parse(String(f.UpdatedAt));
    return at >= gte && at <= lte;
  });
}
