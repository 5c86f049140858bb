import type { MetricAlarm } from '../../../src/model/logging.js';
import { describeAlarms } from '../shapes.js';
import { type AwsContext, readOrGap } from './context.js';

type Dimension = { Name: string; Value?: string | null };

/** CPU metrics an alarm can watch: EC2's own, and the CloudWatch agent's cpu_usage_* per instance. */
function isCpuMetric(namespace: unknown, name: unknown): boolean {
  return (
    (namespace === 'AWS/EC2' && name === 'CPUUtilization') ||
    (namespace === 'CWAgent' && typeof name === 'string' && name.startsWith('cpu_usage'))
  );
}

export function normalizeAlarms(ctx: AwsContext, account: string, region: string): void {
  const read = readOrGap(
    ctx,
    'alarms',
    describeAlarms,
    account,
    region,
    'cloudwatch',
    'DescribeAlarms',
    'CloudWatch alarms (cloudwatch DescribeAlarms)',
  );
  if (!read) return;
  const heardThrough = compositeReach(read.value.CompositeAlarms ?? []);
  (read.value.MetricAlarms ?? []).forEach((a, i) => {
    // Metric-math and anomaly-detection alarms name their metrics under Metrics[].MetricStat.Metric.
    const watched: Dimension[][] = [];
    if (isCpuMetric(a.Namespace, a.MetricName)) watched.push(a.Dimensions ?? []);
    for (const m of a.Metrics ?? []) {
      const metric = (
        m.MetricStat as {
          Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Dimension[] };
        } | null
      )?.Metric;
      if (metric && isCpuMetric(metric.Namespace, metric.MetricName)) watched.push(metric.Dimensions ?? []);
      const query = insightsQuery(m.Expression);
      if (query) watched.push(query);
    }
    if (watched.length === 0) return;
    const dims = watched.flat();
    const alarm: MetricAlarm = {
      provider: 'aws',
      scope: account,
      region,
      id: a.AlarmArn ?? `arn:aws:cloudwatch:${region}:${account}:alarm:${a.AlarmName}`,
      type: 'AWS::CloudWatch::Alarm',
      name: a.AlarmName,
      ...(a.AlarmArn ? { arn: a.AlarmArn } : {}),
      evidence: [read.ref(`/MetricAlarms/${i}`)],
      pointer: `/MetricAlarms/${i}`,
      metric: 'cpu',
      watches: {
        instanceIds: dims.filter((d) => d.Name === 'InstanceId' && d.Value).map((d) => d.Value as string),
        groupNames: dims
          .filter((d) => d.Name === 'AutoScalingGroupName' && d.Value)
          .map((d) => d.Value as string),
        allInstances: watched.some((w) => w.length === 0),
      },
      anomalyDetection:
        !!a.ThresholdMetricId ||
        (a.Metrics ?? []).some((m) => /ANOMALY_DETECTION_BAND/i.test(m.Expression ?? '')),
      notifies:
        (a.ActionsEnabled !== false && (a.AlarmActions ?? []).length > 0) ||
        heardThrough.has(a.AlarmName) ||
        (!!a.AlarmArn && heardThrough.has(a.AlarmArn)),
    };
    ctx.inv.alarms.push(alarm);
  });
}

/**
 * A Metrics Insights query on EC2 CPU (`SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) …`) as the
 * dimensions it watches: none (every instance) without WHERE, the instance or group its WHERE names, or nothing
 * when the WHERE filters on something else (tags, types), since which instances pass is unknown.
 */
function insightsQuery(expression: string | null | undefined): Dimension[] | undefined {
  if (!expression || !/^\s*SELECT\b/i.test(expression)) return undefined;
  if (!/\bCPUUtilization\b/.test(expression) || !/AWS\/EC2/.test(expression)) return undefined;
  const where = /\bWHERE\b([\s\S]*?)(\bGROUP\b|\bORDER\b|\bLIMIT\b|$)/i.exec(expression)?.[1];
  if (!where) return [];
  const named = [...where.matchAll(/\b(InstanceId|AutoScalingGroupName)\s*=\s*'([^']+)'/g)].map((m) => ({
    Name: m[1] as string,
    Value: m[2] as string,
  }));
  return named.length > 0 && !/\bAND\b/i.test(where) ? named : undefined;
}

/**
 * Names and ARNs of alarms that reach someone through composite alarms: a composite with enabled actions notifies
 * when the alarms its rule tests with ALARM(…) fire, and so on down nested composites.
 */
function compositeReach(
  composites: {
    AlarmName: string;
    AlarmArn?: string | null;
    ActionsEnabled?: boolean | null;
    AlarmActions?: string[] | null;
    AlarmRule?: string | null;
  }[],
): Set<string> {
  const children = new Map<string, string[]>();
  for (const c of composites) {
    const refs = [...(c.AlarmRule ?? '').matchAll(/\bALARM\(\s*"?([^")]+?)"?\s*\)/g)].map(
      (m) => m[1] as string,
    );
    children.set(c.AlarmName, refs);
    if (c.AlarmArn) children.set(c.AlarmArn, refs);
  }
  const reached = new Set<string>();
  const queue = composites
    .filter((c) => c.ActionsEnabled !== false && (c.AlarmActions ?? []).length > 0)
    .map((c) => c.AlarmName);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    for (const child of children.get(name) ?? []) {
      if (reached.has(child)) continue;
      reached.add(child);
      queue.push(child);
    }
  }
  return reached;
}
