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
      notifies: a.ActionsEnabled !== false && (a.AlarmActions ?? []).length > 0,
    };
    ctx.inv.alarms.push(alarm);
  });
}
