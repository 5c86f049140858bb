import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupEventNames } from '../../../../providers/aws/live/calls.js';
import { MapEstate } from '../../../fakes/aws/estate.js';
import { callerKey, collectFrom, startFake } from '../../../fakes/aws/harness.js';
import type { TrailRecord } from '../../../fakes/aws/live.js';

const account = '222222222222';
const region = 'us-east-1';
const HOUR = 3_600_000;
const now = Date.now();
const window = { since: new Date(now - 7 * 24 * HOUR), until: new Date(now) };

function write(
  i: number,
  at: number,
  eventName = 'CreateTags',
  extra: Record<string, unknown> = {},
): TrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${account}:user/u`, accountId: account },
    eventTime: new Date(at).toISOString(),
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: region,
    eventID: `evt-${String(i).padStart(6, '0')}`,
    readOnly: false,
    recipientAccountId: account,
    ...extra,
  };
}

function estateWith(events: TrailRecord[], instances: string[] = []): MapEstate {
  const estate = new MapEstate();
  estate.set(account, region, 'ec2', 'DescribeInstances', {
    kind: 'ok',
    value: {
      Reservations: instances.map((id, n) => ({
        ReservationId: `r-${n}`,
        Instances: [{ InstanceId: id, State: { Name: 'running' }, LaunchTime: '2026-01-01T00:00:00Z' }],
      })),
    },
  });
  estate.set(account, region, 'guardduty', 'ListDetectors', { kind: 'ok', value: { DetectorIds: [] } });
  estate.addEvents(account, region, events);
  return estate;
}

const lookups = (dir: string) =>
  JSON.parse(
    readFileSync(join(dir, `telemetry/aws/${account}/${region}/cloudtrail/LookupEvents.json`), 'utf8'),
  ) as { Events: { EventId: string; EventName: string }[] };

describe('the LookupEvents leg', () => {
  it('keeps to 2 calls a second per account and region, retries included, so the fake never throttles', async () => {
    const events = Array.from({ length: 240 }, (_, i) => write(i, now - (i + 1) * 60_000));
    const fake = await startFake(estateWith(events), { account });
    try {
      const started = performance.now();
      const { out, summary } = await collectFrom(fake, {
        live: window,
        posture: 'live-minimal',
        regions: [region],
      });
      const elapsed = performance.now() - started;
      const calls = fake.calls('cloudtrail', 'LookupEvents');
      expect(calls).toHaveLength(5);
      expect(calls.filter((c) => c.throttled)).toEqual([]);
      // Five calls at under 2 a second: at least two seconds (AWS would allow a burst of two; rigsight keeps one spare).
      expect(elapsed).toBeGreaterThan(2_000);
      expect(summary.failedCalls).toBe(0);
      expect(lookups(out).Events).toHaveLength(240);
      // No secret reaches the bundle.
      const all = readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
        .join('\n');
      expect(all).not.toContain(callerKey.secretAccessKey);
    } finally {
      await fake.stop();
    }
  }, 30_000);

  it('is throttled by the fake when the pacing is off (the check above can fail)', async () => {
    const events = Array.from({ length: 240 }, (_, i) => write(i, now - (i + 1) * 60_000));
    const fake = await startFake(estateWith(events), { account });
    try {
      await collectFrom(fake, { live: window, posture: 'live-minimal', regions: [region], rates: false });
      expect(fake.calls('cloudtrail', 'LookupEvents').filter((c) => c.throttled).length).toBeGreaterThan(0);
    } finally {
      await fake.stop();
    }
  });

  it('switches to one series per event name for the rest of the window when a region writes too much', async () => {
    // 1,400 writes (28 pages): more than the named series would cost; the oldest launch lies past the budget.
    const events = Array.from({ length: 1_400 }, (_, i) => write(i, now - (i + 1) * 5 * 60_000));
    events.push(
      write(9_001, now - 6.5 * 24 * HOUR, 'RunInstances', {
        responseElements: { instancesSet: { items: [{ instanceId: 'i-0old000000000001' }] } },
      }),
      write(9_002, now - 6.6 * 24 * HOUR, 'StopLogging', { eventSource: 'cloudtrail.amazonaws.com' }),
    );
    const fake = await startFake(estateWith(events), { account }, { lookupEventsRate: false });
    try {
      const { out } = await collectFrom(fake, {
        live: window,
        posture: 'live-minimal',
        regions: [region],
        rates: false,
      });
      const calls = fake.calls('cloudtrail', 'LookupEvents');
      const attribute = (c: (typeof calls)[number]) =>
        (c.params.LookupAttributes as { AttributeKey: string; AttributeValue: string }[])[0];
      const writes = calls.filter((c) => attribute(c)?.AttributeKey === 'ReadOnly');
      const named = calls.filter((c) => attribute(c)?.AttributeKey === 'EventName');
      expect(writes).toHaveLength(lookupEventNames.length);
      expect(named.map((c) => attribute(c)?.AttributeValue).sort()).toEqual([...lookupEventNames].sort());
      const got = lookups(out).Events;
      expect(got.map((e) => e.EventName)).toEqual(expect.arrayContaining(['RunInstances', 'StopLogging']));
      expect(new Set(got.map((e) => e.EventId)).size).toBe(got.length);
      // The metrics leg asks for the instance the old launch started (DescribeInstances no longer lists it).
      const metric = fake.calls('cloudwatch', 'GetMetricData')[0];
      const queries = metric?.params.MetricDataQueries as { Label: string }[];
      expect(queries.map((q) => q.Label)).toEqual(['i-0old000000000001 CPUUtilization']);
    } finally {
      await fake.stop();
    }
  }, 30_000);
});

describe('the GetMetricData leg', () => {
  it('asks at most 500 instances a call, follows NextToken and merges every page into one file', async () => {
    const ids = Array.from({ length: 620 }, (_, i) => `i-${(0x1000000 + i).toString(16).padStart(17, '0')}`);
    const estate = estateWith([], ids);
    for (const id of ids.slice(0, 40))
      estate.setCpu(account, region, id, [
        [now - 2 * HOUR, 10],
        [now - HOUR, 20],
      ]);
    const fake = await startFake(estate, { account }, { metricDatapoints: 25, pageSize: 1000 });
    try {
      const { out, summary } = await collectFrom(fake, {
        live: window,
        posture: 'live-minimal',
        regions: [region],
      });
      expect(summary.failedCalls).toBe(0);
      const calls = fake.calls('cloudwatch', 'GetMetricData');
      const sizes = calls.map((c) => (c.params.MetricDataQueries as unknown[]).length);
      expect(Math.max(...sizes)).toBe(500);
      expect(sizes.filter((s) => s === 120).length).toBeGreaterThan(0);
      // 40 series of 2 points at 25 points a page: several pages for the first batch.
      expect(calls.filter((c) => c.params.NextToken).length).toBeGreaterThan(0);
      const file = JSON.parse(
        readFileSync(join(out, `telemetry/aws/${account}/${region}/cloudwatch/GetMetricData.json`), 'utf8'),
      ) as { MetricDataResults: { Label: string; Values: number[] }[] };
      expect(new Set(file.MetricDataResults.map((r) => r.Label)).size).toBe(620);
      const points = file.MetricDataResults.reduce((n, r) => n + r.Values.length, 0);
      expect(points).toBe(80);
      expect(file.MetricDataResults[0]?.Label).toMatch(/^i-\S+ CPUUtilization$/);
    } finally {
      await fake.stop();
    }
  }, 30_000);
});
