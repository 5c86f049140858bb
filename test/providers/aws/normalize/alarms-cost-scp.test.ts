import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assessFiles,
  edit,
  type Files,
  g,
  INSTANCE,
  p,
  wellRunEstate,
} from '../../../helpers/aws-estate.js';

const alarms = p('cloudwatch', 'DescribeAlarms');
type Alarms = { MetricAlarms: Record<string, unknown>[]; CompositeAlarms?: Record<string, unknown>[] };
const metricLogging = async (files: Files) => (await assessFiles(files)).of('metric-logging')[0];

describe('CloudWatch alarms as DescribeAlarms prints them', () => {
  const silentCpuAlarm = () =>
    edit<Alarms>(wellRunEstate(), alarms, (a) => {
      a.MetricAlarms[0] = { ...a.MetricAlarms[0], AlarmActions: [] };
    });

  it('a CPU alarm without actions is heard through a composite alarm that notifies on ALARM("app-cpu")', async () => {
    const files = silentCpuAlarm();
    (files[alarms] as Alarms).CompositeAlarms = [
      {
        AlarmName: 'host-health',
        ActionsEnabled: true,
        AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
        AlarmRule: 'ALARM("app-cpu") OR ALARM(app-disk)',
      },
    ];
    expect((await metricLogging(files))?.status).toBe('pass');
  });

  it('a composite alarm with actions disabled does not make anyone hear it', async () => {
    const files = silentCpuAlarm();
    (files[alarms] as Alarms).CompositeAlarms = [
      {
        AlarmName: 'host-health',
        ActionsEnabled: false,
        AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
        AlarmRule: 'ALARM("app-cpu")',
      },
    ];
    expect((await metricLogging(files))?.status).toBe('fail');
  });

  it('ActionsEnabled false silences an alarm that has actions', async () => {
    const files = edit<Alarms>(wellRunEstate(), alarms, (a) => {
      a.MetricAlarms[0] = { ...a.MetricAlarms[0], ActionsEnabled: false };
    });
    const f = await metricLogging(files);
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/app-cpu has no enabled action/);
  });

  it('an anomaly-detection alarm on the instance CPU counts', async () => {
    const files = edit<Alarms>(wellRunEstate(), alarms, (a) => {
      a.MetricAlarms[0] = {
        AlarmName: 'cpu-band',
        ActionsEnabled: true,
        AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
        ComparisonOperator: 'GreaterThanUpperThreshold',
        ThresholdMetricId: 'ad1',
        Metrics: [
          {
            Id: 'm1',
            ReturnData: true,
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
          { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true },
        ],
      };
    });
    const f = await metricLogging(files);
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/anomaly detection/);
  });

  it('a Metrics Insights query over every instance counts; one filtered on tags does not', async () => {
    const query = (expression: string) =>
      edit<Alarms>(wellRunEstate(), alarms, (a) => {
        a.MetricAlarms[0] = {
          AlarmName: 'fleet-cpu',
          ActionsEnabled: true,
          AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
          Metrics: [{ Id: 'q1', Expression: expression, Period: 300, ReturnData: true }],
        };
      });
    const all = 'SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) GROUP BY InstanceId';
    expect((await metricLogging(query(all)))?.status).toBe('pass');
    const tagged = `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) WHERE tag.env = 'prod'`;
    expect((await metricLogging(query(tagged)))?.status).toBe('fail');
    const one = `SELECT MAX(CPUUtilization) FROM SCHEMA("AWS/EC2", InstanceId) WHERE InstanceId = '${INSTANCE}'`;
    expect((await metricLogging(query(one)))?.status).toBe('pass');
  });
});

describe('Cost Anomaly Detection monitors', () => {
  const monitors = g('ce', 'GetAnomalyMonitors');
  const subscriptions = g('ce', 'GetAnomalySubscriptions');
  const custom = (spec: unknown) => {
    const files = edit<{ AnomalyMonitors: Record<string, unknown>[] }>(wellRunEstate(), monitors, (m) => {
      m.AnomalyMonitors[0] = {
        MonitorArn: 'arn:aws:ce::999999999999:anomalymonitor/custom',
        MonitorName: 'accounts',
        MonitorType: 'CUSTOM',
        MonitorSpecification: spec,
      };
    });
    // The custom monitor lives in the management account and names this account.
    files[g('ce', 'GetAnomalyMonitors', undefined, '999999999999')] = structuredClone(files[monitors]);
    files[g('ce', 'GetAnomalySubscriptions', undefined, '999999999999')] = {
      AnomalySubscriptions: [
        {
          SubscriptionName: 'finance',
          MonitorArnList: ['arn:aws:ce::999999999999:anomalymonitor/custom'],
          Subscribers: [{ Address: 'finops@example.com', Type: 'EMAIL', Status: 'CONFIRMED' }],
          Frequency: 'DAILY',
          ThresholdExpression: { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', Values: ['100'] } },
        },
      ],
    };
    (files[monitors] as { AnomalyMonitors: unknown[] }).AnomalyMonitors = [];
    (files[subscriptions] as { AnomalySubscriptions: unknown[] }).AnomalySubscriptions = [];
    files[g('sts', 'GetCallerIdentity', undefined, '999999999999')] = {
      Account: '999999999999',
      Arn: 'arn:aws:sts::999999999999:assumed-role/audit/x',
    };
    return files;
  };
  const costFor = async (files: Files) =>
    (await assessFiles(files)).of('cost-anomaly').find((f) => f.scope === ACCOUNT);

  it('a custom monitor whose Or lists this linked account covers it', async () => {
    const f = await costFor(
      custom({
        Or: [
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111'] } },
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [ACCOUNT] } },
        ],
      }),
    );
    expect(f?.status).toBe('pass');
  });

  it('a custom monitor specification kept as a JSON string is read too', async () => {
    const spec = JSON.stringify({ Dimensions: { Key: 'LINKED_ACCOUNT', Values: [ACCOUNT] } });
    expect((await costFor(custom(spec)))?.status).toBe('pass');
  });

  it('a custom monitor on a cost allocation tag covers no account', async () => {
    const f = await costFor(custom({ Tags: { Key: 'team', Values: ['a'] } }));
    expect(f?.status).toBe('fail');
  });
});

describe('service control policies', () => {
  const scp = g('organizations', 'DescribePolicy', 'p-regions');
  const setScp = (statement: Record<string, unknown>) =>
    edit<{ Policy: { Content: string } }>(wellRunEstate(), scp, (d) => {
      d.Policy.Content = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    });
  const guardrails = async (files: Files) => (await assessFiles(files)).of('creation-guardrails')[0];

  it('a region deny that exempts a break-glass role by aws:PrincipalArn still restricts regions', async () => {
    const f = await guardrails(
      setScp({
        Effect: 'Deny',
        NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*'],
        Resource: '*',
        Condition: {
          StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] },
          ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/BreakGlass'] },
        },
      }),
    );
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/restricts regions/);
  });

  it('a deny of RunInstances without an owner tag is not a limit on where or what runs', async () => {
    const f = await guardrails(
      setScp({
        Sid: 'RequireOwnerTag',
        Effect: 'Deny',
        Action: 'ec2:RunInstances',
        Resource: 'arn:aws:ec2:*:*:instance/*',
        Condition: { Null: { 'aws:RequestTag/owner': 'true' } },
      }),
    );
    expect(f?.status).toBe('fail');
  });

  it('follows ListParents through an OU to the SCP attached there', async () => {
    const files = wellRunEstate();
    files[g('organizations', 'ListParents', ACCOUNT)] = {
      Parents: [{ Id: 'ou-ex01-workloads', Type: 'ORGANIZATIONAL_UNIT' }],
    };
    files[g('organizations', 'ListParents', 'ou-ex01-workloads')] = {
      Parents: [{ Id: 'r-ex01', Type: 'ROOT' }],
    };
    files[g('organizations', 'ListPoliciesForTarget', 'ou-ex01-workloads')] = {
      Policies: [{ Id: 'p-regions', Name: 'regions', Type: 'SERVICE_CONTROL_POLICY' }],
    };
    (files[g('organizations', 'ListPoliciesForTarget', 'r-ex01')] as { Policies: unknown[] }).Policies = [];
    const { inventory, of } = await assessFiles(files);
    expect(inventory.scopes[0]?.organization?.path).toEqual(['r-ex01', 'ou-ex01-workloads']);
    expect(of('creation-guardrails')[0]?.status).toBe('pass');
  });

  it('a deny of GPU instance families restricts instance types', async () => {
    const f = await guardrails(
      setScp({
        Effect: 'Deny',
        Action: 'ec2:RunInstances',
        Resource: 'arn:aws:ec2:*:*:instance/*',
        Condition: { StringLike: { 'ec2:InstanceType': ['p*', 'g*', 'x2*'] } },
      }),
    );
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/restricts instance types/);
  });
});
