import { toCliValue } from '../collect/cli-shape.js';
import type { Output } from '../collect/declaration.js';
import type { LiveIo, LiveLeg, LiveRegion } from './leg.js';

/** GetMetricData takes at most 500 queries a call. */
export const QUERIES_PER_CALL = 500;
const DAY = 86_400_000;
const running = new Set(['pending', 'running', 'stopping', 'shutting-down']);

/**
 * The finest period CloudWatch still keeps for the window's start: one-minute data (detailed monitoring) for 15
 * days, five-minute data for 63 days, hourly data for 455 days.
 */
export function periodFor(detailed: boolean, since: Date, now: number): number {
  const age = now - since.getTime();
  if (age > 63 * DAY) return 3600;
  return detailed && age <= 15 * DAY ? 60 : 300;
}

/** Instances whose CPU the window can hold: running now, launched in the window, or launched by a read event. */
export function instancesToRead(r: LiveRegion): Map<string, boolean> {
  const ids = new Map<string, boolean>();
  for (const i of r.instances ?? [])
    if ((i.state && running.has(i.state)) || (i.launchTime ?? 0) >= r.window.since.getTime())
      ids.set(i.id, i.detailed);
  for (const id of r.launched) if (!ids.has(id)) ids.set(id, false);
  return ids;
}

/**
 * `AWS/EC2 CPUUtilization` (Average) per instance for the window. Each query's Label is `<instance id>
 * CPUUtilization` and its Id the instance id with `_` for `-` (Ids allow only letters, digits and `_`), so the
 * metrics reader ties each series to its instance and knows it is CPU; every page and batch is merged into one
 * `get-metric-data` file.
 */
export const metricDataLeg: LiveLeg = {
  id: 'cloudwatch:GetMetricData',
  after: ['cloudtrail:LookupEvents'],
  async run(r: LiveRegion, io: LiveIo) {
    await r.posture;
    if (r.instances === undefined && r.launched.size === 0) {
      io.skip(
        'cloudwatch',
        'GetMetricData',
        'DescribeInstances failed here and no launch was read: no instance to ask for',
      );
      return;
    }
    const ids = instancesToRead(r);
    const byPeriod = new Map<number, string[]>();
    for (const [id, detailed] of [...ids].sort((a, b) => a[0].localeCompare(b[0]))) {
      const period = periodFor(detailed, r.window.since, r.window.until.getTime());
      byPeriod.set(period, [...(byPeriod.get(period) ?? []), id]);
    }
    const results: Output[] = [];
    const messages: Output[] = [];
    const batches: Record<string, unknown>[] = [];
    const parameters: Record<string, unknown> = {
      StartTime: r.window.since.toISOString(),
      EndTime: r.window.until.toISOString(),
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Stat: 'Average',
      instances: ids.size,
      batches,
    };
    try {
      for (const [period, list] of byPeriod) {
        for (let i = 0; i < list.length; i += QUERIES_PER_CALL) {
          const chunk = list.slice(i, i + QUERIES_PER_CALL);
          batches.push({ Period: period, queries: chunk.length });
          let token: unknown;
          const seen = new Set<unknown>();
          for (;;) {
            const page = await io.send('cloudwatch', 'GetMetricData', {
              StartTime: r.window.since,
              EndTime: r.window.until,
              ScanBy: 'TimestampAscending',
              MetricDataQueries: chunk.map((id) => ({
                Id: id.replace(/-/g, '_'),
                Label: `${id} CPUUtilization`,
                ReturnData: true,
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/EC2',
                    MetricName: 'CPUUtilization',
                    Dimensions: [{ Name: 'InstanceId', Value: id }],
                  },
                  Period: period,
                  Stat: 'Average',
                },
              })),
              ...(token ? { NextToken: token } : {}),
            });
            results.push(...((page.MetricDataResults ?? []) as Output[]));
            messages.push(...((page.Messages ?? []) as Output[]));
            token = page.NextToken;
            if (!token || seen.has(token)) break;
            seen.add(token);
          }
        }
      }
    } catch (err) {
      await io.fail('cloudwatch', 'GetMetricData', err, parameters);
      return;
    }
    await io.write(
      'cloudwatch',
      'GetMetricData',
      toCliValue({ MetricDataResults: results, Messages: messages }),
      parameters,
    );
  },
};
