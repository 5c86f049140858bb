import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assessFiles,
  edit,
  errorFile,
  g,
  p,
  wellRunEstate,
  without,
} from '../../helpers/aws-estate.js';

const monitors = g('ce', 'GetAnomalyMonitors');
const subscriptions = g('ce', 'GetAnomalySubscriptions');
const scp = g('organizations', 'DescribePolicy', 'p-regions');
const setScp = (statements: unknown[]) =>
  edit<{ Policy: { Content: string } }>(wellRunEstate(), scp, (d) => {
    d.Policy.Content = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  });

describe('cost-anomaly (account)', () => {
  it('passes a services monitor with a confirmed subscriber', async () => {
    expect((await assessFiles(wellRunEstate())).of('cost-anomaly')[0]?.status).toBe('pass');
  });

  it('fails a monitor nobody subscribes to', async () => {
    const files = edit<{ AnomalySubscriptions: unknown[] }>(wellRunEstate(), subscriptions, (s) => {
      s.AnomalySubscriptions = [];
    });
    const [f] = (await assessFiles(files)).of('cost-anomaly');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/nobody is alerted/);
  });

  it('is unassessed when a monitor exists but subscriptions were not collected', async () => {
    expect((await assessFiles(without(wellRunEstate(), subscriptions))).of('cost-anomaly')[0]?.status).toBe(
      'unassessed',
    );
  });

  it('is unassessed, not failed, when the management account holding org-wide monitors is absent', async () => {
    const files = edit<{ AnomalyMonitors: unknown[] }>(wellRunEstate(), monitors, (m) => {
      m.AnomalyMonitors = [];
    });
    const [f] = (await assessFiles(files)).of('cost-anomaly');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/management account 999999999999 was not collected/);
  });

  it('fails a standalone account with no monitor', async () => {
    const files = edit<{ AnomalyMonitors: unknown[] }>(
      without(wellRunEstate(), g('organizations', 'DescribeOrganization')),
      monitors,
      (m) => {
        m.AnomalyMonitors = [];
      },
    );
    files[errorFile(g('organizations', 'DescribeOrganization'))] = {
      Code: 'AWSOrganizationsNotInUseException',
      Message: 'Your account is not a member of an organization.',
    };
    expect((await assessFiles(files)).of('cost-anomaly')[0]?.status).toBe('fail');
  });
});

describe('creation-guardrails (account)', () => {
  it('passes when an SCP on the path denies unapproved regions', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('creation-guardrails');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/regions \(restricts regions\)/);
  });

  it('recognizes an instance-type restriction', async () => {
    const files = setScp([
      {
        Effect: 'Deny',
        Action: 'ec2:RunInstances',
        Resource: 'arn:aws:ec2:*:*:instance/*',
        Condition: { StringLike: { 'ec2:InstanceType': ['p*', 'g*'] } },
      },
    ]);
    expect((await assessFiles(files)).of('creation-guardrails')[0]?.reason).toMatch(
      /restricts instance types/,
    );
  });

  it('fails when SCPs only protect logs', async () => {
    const files = setScp([
      { Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' },
    ]);
    const [f] = (await assessFiles(files)).of('creation-guardrails');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/protects audit logs\) only/);
  });

  it('fails an account outside any organization', async () => {
    const files = without(wellRunEstate(), g('organizations', 'DescribeOrganization'));
    files[errorFile(g('organizations', 'DescribeOrganization'))] = {
      Code: 'AWSOrganizationsNotInUseException',
      Message: 'not a member',
    };
    expect((await assessFiles(files)).of('creation-guardrails')[0]?.reason).toMatch(/not in an organization/);
  });

  it('fails the management account: SCPs do not bind it', async () => {
    const files = edit<{ Organization: { MasterAccountId: string } }>(
      wellRunEstate(),
      g('organizations', 'DescribeOrganization'),
      (o) => {
        o.Organization.MasterAccountId = ACCOUNT;
      },
    );
    expect((await assessFiles(files)).of('creation-guardrails')[0]?.reason).toMatch(/management account/);
  });

  it('is unassessed when the OU path is unknown and nothing at the root restricts compute', async () => {
    const files = setScp([{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }]);
    delete files[g('organizations', 'ListParents', ACCOUNT)];
    const [f] = (await assessFiles(files)).of('creation-guardrails');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/ListParents/);
  });

  it('ignores SCPs when the policy type is not enabled on the root', async () => {
    const files = wellRunEstate();
    files[g('organizations', 'ListRoots')] = { Roots: [{ Id: 'r-ex01', PolicyTypes: [] }] };
    expect((await assessFiles(files)).of('creation-guardrails')[0]?.status).toBe('fail');
  });
});

describe('ownership-tagging (instance)', () => {
  it('passes an instance with every required tag, case-insensitively', async () => {
    expect(
      (await assessFiles(wellRunEstate(), { tags: { required: ['Owner'] } })).of('ownership-tagging')[0]
        ?.status,
    ).toBe('pass');
  });

  it('fails and names each missing tag', async () => {
    const [f] = (await assessFiles(wellRunEstate(), { tags: { required: ['owner', 'change-ticket'] } })).of(
      'ownership-tagging',
    );
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/lacks the required tag change-ticket/);
  });

  it('skips terminated instances', async () => {
    const files = edit<{ Reservations: { Instances: { State: { Name: string } }[] }[] }>(
      wellRunEstate(),
      p('ec2', 'DescribeInstances'),
      (d) => {
        const instance = d.Reservations[0]?.Instances[0];
        if (instance) instance.State.Name = 'terminated';
      },
    );
    expect((await assessFiles(files)).of('ownership-tagging')).toEqual([]);
  });
});

describe('creation-permissions (principal)', () => {
  it('is unassessed with the reason when identity data was not collected', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('creation-permissions');
    expect(f?.status).toBe('unassessed');
  });
});
