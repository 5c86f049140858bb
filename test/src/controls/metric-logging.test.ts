import { describe, expect, it } from 'vitest';
import { assessFiles, edit, INSTANCE, p, wellRunEstate, without } from '../../helpers/aws-estate.js';

const alarms = p('cloudwatch', 'DescribeAlarms');
type Alarms = { MetricAlarms: Record<string, unknown>[] };
const withAlarm = (patch: Record<string, unknown>) =>
  edit<Alarms>(wellRunEstate(), alarms, (a) => {
    a.MetricAlarms[0] = { ...a.MetricAlarms[0], ...patch };
  });

describe('metric-logging (instance)', () => {
  it('passes basic monitoring (5 min) with an alarm that notifies', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('metric-logging');
    expect(f).toMatchObject({ status: 'pass', resource: { id: INSTANCE, type: 'AWS::EC2::Instance' } });
    expect(f?.reason).toMatch(/every 5 minutes and watched by app-cpu/);
  });

  it('fails basic monitoring when the policy asks for 1-minute resolution', async () => {
    const [f] = (await assessFiles(wellRunEstate(), { metrics: { cpuResolutionMinutes: 1 } })).of(
      'metric-logging',
    );
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/every 5 minutes, coarser than the 1 minutes required/);
  });

  it('fails when the only alarm has no action', async () => {
    const [f] = (await assessFiles(withAlarm({ AlarmActions: [] }))).of('metric-logging');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/app-cpu has no enabled action/);
  });

  it('counts an alarm on the instance’s Auto Scaling group', async () => {
    const files = withAlarm({ Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'app-asg' }] });
    const instances = files[p('ec2', 'DescribeInstances')] as {
      Reservations: { Instances: { Tags: unknown[] }[] }[];
    };
    instances.Reservations[0]?.Instances[0]?.Tags.push({
      Key: 'aws:autoscaling:groupName',
      Value: 'app-asg',
    });
    expect((await assessFiles(files)).of('metric-logging')[0]?.status).toBe('pass');
  });

  it('counts an anomaly-detection alarm that names the metric under Metrics[]', async () => {
    const files = withAlarm({
      Namespace: undefined,
      MetricName: undefined,
      Dimensions: undefined,
      ThresholdMetricId: 'ad1',
      Metrics: [
        {
          Id: 'm1',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/EC2',
              MetricName: 'CPUUtilization',
              Dimensions: [{ Name: 'InstanceId', Value: INSTANCE }],
            },
            Period: 300,
            Stat: 'Average',
          },
        },
        { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)' },
      ],
    });
    const [f] = (await assessFiles(files)).of('metric-logging');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/anomaly detection/);
  });

  it('passes without an alarm when the policy does not require one', async () => {
    const files = edit<Alarms>(wellRunEstate(), alarms, (a) => {
      a.MetricAlarms = [];
    });
    expect(
      (await assessFiles(files, { metrics: { requireAlarm: false } })).of('metric-logging')[0]?.status,
    ).toBe('pass');
  });

  it('is unassessed when alarms were not collected', async () => {
    const [f] = (await assessFiles(without(wellRunEstate(), alarms))).of('metric-logging');
    expect(f?.status).toBe('unassessed');
  });
});
