import type { Answer, Estate, RoleGrant } from './estate.js';
import type { CpuSamples, LiveEstate, TrailRecord } from './live.js';

export interface SyntheticOptions {
  /** Accounts in the organization, the management account first. */
  accounts: number;
  regions: string[];
  /** Items in every list an operation returns (more than the fake's page size exercises paging). */
  perList: number;
  /** Organizational units accounts are spread over. */
  ous?: number;
  /** The role every member account trusts. */
  orgRole: string;
  /** Accounts (by index) whose role cannot be assumed. */
  failingAccounts?: number[];
  /** GuardDuty crypto findings per detector (exercises ListFindings → GetFindings). */
  findings?: number;
  /**
   * AWS returns exactly one root, one parent and one detector per region. `lists` returns `perList` of each
   * instead, so their paging is exercised too.
   */
  singletons?: 'real' | 'lists';
  /**
   * Live legs: CloudTrail event history and CPU series relative to `now` (epoch ms). Most regions hold a page of
   * writes a week, a quarter two to five pages, one in twenty six pages (an organization's busy home regions;
   * `busyWrites` sets how many writes those hold).
   */
  live?: { now: number; busyWrites?: number };
}

/** A generated organization: every account and region answers every collected operation, deterministically. */
export class SyntheticEstate implements Estate, LiveEstate {
  readonly ids: string[];
  readonly management: string;
  private readonly ous: number;

  constructor(readonly o: SyntheticOptions) {
    this.ids = Array.from({ length: o.accounts }, (_, i) => String(100000000000 + i));
    this.management = this.ids[0] as string;
    this.ous = o.ous ?? 4;
  }

  accounts(): string[] {
    return this.ids;
  }

  regions(): string[] {
    return this.o.regions;
  }

  role(account: string, name: string): RoleGrant | undefined {
    const index = this.ids.indexOf(account);
    if (name !== this.o.orgRole || index < 0 || this.o.failingAccounts?.includes(index)) return undefined;
    return {};
  }

  /** Each account keeps its flow logs in its own bucket (first region); the org trail's bucket is the management's. */
  buckets(account: string) {
    const region = this.o.regions[0] as string;
    const own = [
      { name: `flow-logs-${account}`, region },
      ...this.n((i) => ({ name: `data-${account}-${i}`, region })),
    ];
    return account === this.management
      ? [...own, { name: 'org-trail-logs', region: this.trailBucketRegion() }]
      : own;
  }

  bucket(name: string) {
    if (name === 'org-trail-logs') return { account: this.management, region: this.trailBucketRegion() };
    const m = /^(?:flow-logs|data)-(\d{12})(?:-\d+)?$/.exec(name);
    return m && this.ids.includes(m[1] as string)
      ? { account: m[1] as string, region: this.o.regions[0] as string }
      : undefined;
  }

  /** The org trail's bucket sits in us-east-1 when the estate has it, else in its first region. */
  private trailBucketRegion(): string {
    return this.o.regions.includes('us-east-1') ? 'us-east-1' : (this.o.regions[0] as string);
  }

  private ok(value: Record<string, unknown>): Answer {
    return { kind: 'ok', value };
  }

  /** One item where AWS has exactly one; `perList` when lists are asked for. */
  private some<T>(make: (i: number) => T): T[] {
    return this.o.singletons === 'lists' ? this.n(make) : [make(0)];
  }

  private n<T>(make: (i: number) => T): T[] {
    return Array.from({ length: this.o.perList }, (_, i) => make(i));
  }

  /** Writes a week in one account and region: deterministic, between 0 and 290. */
  writesIn(account: string, region: string): number {
    const h = (this.ids.indexOf(account) * 31 + this.o.regions.indexOf(region) * 7) % 100;
    if (h < 70) return h % 40;
    if (h < 95) return 50 + ((h * 13) % 200);
    return (this.o.live?.busyWrites ?? 250) + (h % 5) * 10;
  }

  events(account: string, region: string): TrailRecord[] {
    const now = this.o.live?.now;
    const index = this.ids.indexOf(account);
    if (now === undefined || index < 0) return [];
    const count = this.writesIn(account, region);
    const span = 7 * 86_400_000 - 60_000;
    return Array.from({ length: count }, (_, i) => ({
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${account}:assumed-role/deployer/ci`,
        accountId: account,
      },
      eventTime: new Date(now - 60_000 - (span * i) / Math.max(1, count)).toISOString(),
      eventSource: 'ec2.amazonaws.com',
      eventName: i === count - 1 ? 'RunInstances' : 'CreateTags',
      awsRegion: region,
      eventID: `${index}-${region}-${i}`,
      readOnly: false,
      recipientAccountId: account,
      ...(i === count - 1
        ? { responseElements: { instancesSet: { items: [{ instanceId: `i-${index.toString(16)}0000` }] } } }
        : {}),
    }));
  }

  /** Hourly samples for the week before `now`. */
  cpu(_account: string, _region: string, instanceId: string): CpuSamples | undefined {
    const now = this.o.live?.now;
    if (now === undefined) return undefined;
    const level = instanceId.endsWith('0000') ? 95 : 20;
    return Array.from({ length: 168 }, (_, i) => [now - (168 - i) * 3_600_000, level] as [number, number]);
  }

  answer(
    account: string,
    region: string,
    service: string,
    operation: string,
    key?: string,
  ): Answer | undefined {
    if (!this.ids.includes(account)) return undefined;
    const id = `${service}:${operation}`;
    const index = this.ids.indexOf(account);
    const vpc = `vpc-${index}${region.replace(/\W/g, '')}`;
    switch (id) {
      case 'ec2:DescribeRegions':
        return this.ok({
          Regions: [
            ...this.o.regions.map((r) => ({ RegionName: r, OptInStatus: 'opt-in-not-required' })),
            { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
          ],
        });
      case 'ec2:DescribeInstances':
        return this.ok({
          Reservations: this.n((i) => ({
            ReservationId: `r-${index}-${i}`,
            OwnerId: account,
            Instances: [
              {
                InstanceId: `i-${index.toString(16)}${i.toString(16).padStart(4, '0')}`,
                InstanceType: i % 3 === 0 ? 'p3.2xlarge' : 't3.micro',
                LaunchTime: '2026-11-20T10:00:00Z',
                State: { Code: 16, Name: 'running' },
                VpcId: vpc,
                SubnetId: `subnet-${index}-${i}`,
                PrivateIpAddress: `10.0.${i}.10`,
                Monitoring: { State: 'disabled' },
                SecurityGroups: [{ GroupId: `sg-${index}-${i}`, GroupName: `web-${i}` }],
                Tags: [{ Key: 'owner', Value: `team-${i}` }],
              },
            ],
          })),
        });
      case 'ec2:DescribeVpcs':
        return this.ok({
          Vpcs: this.n((i) => ({
            VpcId: i === 0 ? vpc : `${vpc}-${i}`,
            CidrBlock: '10.0.0.0/16',
            IsDefault: i === 0,
          })),
        });
      case 'ec2:DescribeSubnets':
        return this.ok({
          Subnets: this.n((i) => ({
            SubnetId: `subnet-${index}-${i}`,
            VpcId: vpc,
            CidrBlock: `10.0.${i}.0/24`,
          })),
        });
      case 'ec2:DescribeRouteTables':
        return this.ok({
          RouteTables: this.n((i) => ({
            RouteTableId: `rtb-${index}-${i}`,
            VpcId: vpc,
            Associations: [{ Main: i === 0, SubnetId: `subnet-${index}-${i}` }],
            Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: `igw-${index}` }],
          })),
        });
      case 'ec2:DescribeSecurityGroups':
        return this.ok({
          SecurityGroups: this.n((i) => ({
            GroupId: `sg-${index}-${i}`,
            GroupName: `web-${i}`,
            VpcId: vpc,
            IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          })),
        });
      case 'ec2:DescribeNetworkAcls':
        return this.ok({
          NetworkAcls: this.n((i) => ({
            NetworkAclId: `acl-${index}-${i}`,
            VpcId: vpc,
            IsDefault: i === 0,
            Entries: [
              { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
            ],
          })),
        });
      case 'ec2:DescribeFlowLogs':
        return this.ok({
          FlowLogs: this.n((i) => ({
            FlowLogId: `fl-${index}-${i}`,
            ResourceId: i === 0 ? vpc : `${vpc}-${i}`,
            TrafficType: 'ALL',
            FlowLogStatus: 'ACTIVE',
            LogDestinationType: 's3',
            LogDestination: `arn:aws:s3:::flow-logs-${account}/${region}/`,
            LogFormat:
              '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
          })),
        });
      case 'ec2:DescribeManagedPrefixLists':
        return this.ok({
          PrefixLists: [
            { PrefixListId: 'pl-63a5400a', PrefixListName: `com.amazonaws.${region}.s3`, OwnerId: 'AWS' },
            ...this.n((i) => ({
              PrefixListId: `pl-${index}x${i}`,
              PrefixListName: `office-${i}`,
              OwnerId: account,
            })),
          ],
        });
      case 'ec2:GetManagedPrefixListEntries':
        return key?.startsWith(`pl-${index}x`)
          ? this.ok({
              Entries: this.n((i) => ({ Cidr: `198.51.100.${i * 8}/29`, Description: `office ${i}` })),
            })
          : undefined;
      case 'autoscaling:DescribeAutoScalingGroups':
        return this.ok({
          AutoScalingGroups: this.n((i) => ({
            AutoScalingGroupName: `asg-${i}`,
            MinSize: 0,
            MaxSize: 4,
            DesiredCapacity: 1,
            CreatedTime: '2026-01-01T00:00:00Z',
            Instances: [],
          })),
        });
      case 'cloudtrail:DescribeTrails':
        return this.ok({
          trailList: [
            {
              Name: 'org-trail',
              TrailARN: `arn:aws:cloudtrail:us-east-1:${this.management}:trail/org-trail`,
              HomeRegion: 'us-east-1',
              IsMultiRegionTrail: true,
              IsOrganizationTrail: true,
              S3BucketName: 'org-trail-logs',
              HasCustomEventSelectors: false,
            },
          ],
        });
      case 'cloudtrail:GetTrailStatus':
        return key === 'org-trail'
          ? this.ok({ IsLogging: true, LatestDeliveryTime: '2026-11-26T00:00:00Z' })
          : undefined;
      case 'cloudtrail:GetEventSelectors':
        return key === 'org-trail'
          ? this.ok({
              TrailARN: `arn:aws:cloudtrail:us-east-1:${this.management}:trail/org-trail`,
              EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
            })
          : undefined;
      case 'logs:DescribeLogGroups':
        return this.ok({
          logGroups: this.n((i) => ({ logGroupName: `/app/${i}`, retentionInDays: 30 * (i + 1) })),
        });
      case 'cloudwatch:DescribeAlarms':
        return this.ok({
          MetricAlarms: this.n((i) => ({
            AlarmName: `cpu-${i}`,
            Namespace: 'AWS/EC2',
            MetricName: 'CPUUtilization',
            Dimensions: [
              { Name: 'InstanceId', Value: `i-${index.toString(16)}${i.toString(16).padStart(4, '0')}` },
            ],
            ActionsEnabled: true,
            AlarmActions: [`arn:aws:sns:${region}:${account}:ops`],
            StateUpdatedTimestamp: '2026-11-01T00:00:00Z',
          })),
          CompositeAlarms: [],
        });
      case 'guardduty:ListDetectors':
        return this.ok({
          DetectorIds: this.some((i) => `det${index}${region.replace(/\W/g, '')}${i || ''}`),
        });
      case 'guardduty:GetDetector':
        return this.ok({ Status: 'ENABLED', CreatedAt: '2025-01-01T00:00:00.000Z', ServiceRole: 'x' });
      case 'guardduty:ListFindings':
        return this.ok({
          FindingIds: Array.from({ length: this.o.findings ?? 0 }, (_, i) => `f${index}-${i}`),
        });
      case 'guardduty:GetFindings':
        return this.ok({
          Findings: Array.from({ length: this.o.findings ?? 0 }, (_, i) => ({
            Id: `f${index}-${i}`,
            Type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
            AccountId: account,
            Region: region,
            Severity: 8,
            CreatedAt: '2026-11-25T00:00:00.000Z',
            UpdatedAt: '2026-11-25T00:00:00.000Z',
          })),
        });
      case 'route53resolver:ListResolverQueryLogConfigs':
        return this.ok({
          ResolverQueryLogConfigs: this.n((i) => ({
            Id: `rqlc-${index}-${i}`,
            Status: 'CREATED',
            DestinationArn: `arn:aws:s3:::flow-logs-${account}/dns/`,
          })),
        });
      case 'route53resolver:ListResolverQueryLogConfigAssociations':
        return this.ok({
          ResolverQueryLogConfigAssociations: this.n((i) => ({
            Id: `rqlca-${index}-${i}`,
            ResolverQueryLogConfigId: `rqlc-${index}-0`,
            ResourceId: i === 0 ? vpc : `${vpc}-${i}`,
            Status: 'ACTIVE',
          })),
        });
      case 's3api:GetBucketLifecycleConfiguration':
        return this.ok({
          Rules: [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 400 } }],
        });
      case 'iam:GetAccountAuthorizationDetails':
        return this.ok({
          UserDetailList: this.n((i) => ({
            UserName: `user-${i}`,
            Arn: `arn:aws:iam::${account}:user/user-${i}`,
            CreateDate: '2025-01-01T00:00:00Z',
          })),
          GroupDetailList: [],
          RoleDetailList: this.n((i) => ({
            RoleName: `role-${i}`,
            Arn: `arn:aws:iam::${account}:role/role-${i}`,
            CreateDate: '2025-01-01T00:00:00Z',
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
            RolePolicyList: [
              {
                PolicyName: 'inline',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
                },
              },
            ],
          })),
          Policies: [],
        });
      case 'ce:GetAnomalyMonitors':
        return this.ok({
          AnomalyMonitors: this.n((i) => ({
            MonitorArn: `arn:aws:ce::${account}:anomalymonitor/m-${i}`,
            MonitorName: `monitor-${i}`,
            MonitorType: 'DIMENSIONAL',
            MonitorDimension: 'SERVICE',
          })),
        });
      case 'ce:GetAnomalySubscriptions':
        return this.ok({
          AnomalySubscriptions: this.n((i) => ({
            SubscriptionName: `sub-${i}`,
            MonitorArnList: [`arn:aws:ce::${account}:anomalymonitor/m-${i}`],
            Subscribers: [{ Address: 'ops@example.com', Type: 'EMAIL', Status: 'CONFIRMED' }],
            Frequency: 'DAILY',
          })),
        });
      case 'organizations:DescribeOrganization':
        return this.ok({
          Organization: { Id: 'o-synthetic', MasterAccountId: this.management, FeatureSet: 'ALL' },
        });
    }
    if (service !== 'organizations' || account !== this.management) return undefined;
    switch (id) {
      case 'organizations:ListAccounts':
        return this.ok({
          Accounts: [
            ...this.ids.map((a, i) => ({ Id: a, Name: `account-${i}`, State: 'ACTIVE', Status: 'ACTIVE' })),
            // Closed and suspended accounts are listed too; they are not collected.
            { Id: '999999999998', Name: 'closed', State: 'CLOSED', Status: 'SUSPENDED' },
            { Id: '999999999999', Name: 'suspended', State: 'SUSPENDED', Status: 'SUSPENDED' },
          ],
        });
      case 'organizations:ListRoots':
        return this.ok({
          Roots: this.some((i) => ({
            Id: i === 0 ? 'r-root' : `r-extra${i}`,
            Name: 'Root',
            PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
          })),
        });
      case 'organizations:ListParents': {
        if (key?.startsWith('ou-')) return this.ok({ Parents: [{ Id: 'r-root', Type: 'ROOT' }] });
        const i = this.ids.indexOf(key ?? '');
        return i < 0
          ? undefined
          : this.ok({
              Parents: this.some((n) => ({ Id: `ou-${(i + n) % this.ous}`, Type: 'ORGANIZATIONAL_UNIT' })),
            });
      }
      case 'organizations:ListPolicies':
        return this.ok({
          Policies: this.n((i) => ({
            Id: `p-${i}`,
            Name: `scp-${i}`,
            Type: 'SERVICE_CONTROL_POLICY',
            AwsManaged: false,
          })),
        });
      case 'organizations:DescribePolicy':
        return this.ok({
          Policy: {
            PolicySummary: { Id: key, Name: `scp-${key}`, Type: 'SERVICE_CONTROL_POLICY' },
            Content: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
                  Resource: '*',
                },
              ],
            }),
          },
        });
      case 'organizations:ListPoliciesForTarget':
        return this.ok({
          Policies: this.some((i) => ({ Id: `p-${i}`, Name: `scp-p-${i}`, Type: 'SERVICE_CONTROL_POLICY' })),
        });
    }
    return undefined;
  }
}
