import { MapEstate } from './estate.js';
import type { TrailRecord } from './live.js';

/** The estate's account, regions, instances and the leaked key that launches the miner. */
export const planted = {
  account: '111111111111',
  regions: ['eu-west-1', 'us-east-1'],
  region: 'us-east-1',
  miner: 'i-0badc0ffee0000001',
  busy: 'i-0b0b0b0b0b0000002',
  quiet: 'i-0c0c0c0c0c0000003',
  leakedKey: 'AKIALEAKEDKEY0000001',
  leakedUser: 'ci-deploy',
  detector: '12abc34d567e8fa901bc2d34e56789f0',
  findingId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  pool: '185.71.65.92',
  poolDomain: 'pool.minexmr.com',
} as const;

const HOUR = 3_600_000;

function instance(id: string, launch: number, ip: string) {
  return {
    InstanceId: id,
    InstanceType: id === planted.miner ? 'c5.9xlarge' : 'm5.large',
    LaunchTime: new Date(launch).toISOString(),
    State: { Code: 16, Name: 'running' },
    VpcId: 'vpc-0planted0000000001',
    SubnetId: 'subnet-0planted00000001',
    PrivateIpAddress: ip,
    Monitoring: { State: 'disabled' },
    SecurityGroups: [{ GroupId: 'sg-0planted000000001', GroupName: 'default' }],
    NetworkInterfaces: [
      {
        NetworkInterfaceId: `eni-${id.slice(2)}`,
        PrivateIpAddress: ip,
        SubnetId: 'subnet-0planted00000001',
        VpcId: 'vpc-0planted0000000001',
      },
    ],
    Tags: id === planted.miner ? [] : [{ Key: 'owner', Value: 'data-team' }],
  };
}

function runInstances(
  id: string,
  at: number,
  who: Record<string, unknown>,
  n: number,
  extra: Record<string, unknown> = {},
): TrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: who,
    eventTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: planted.region,
    sourceIPAddress: '203.0.113.50',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { instanceType: id === planted.miner ? 'c5.9xlarge' : 'm5.large' },
    responseElements: {
      instancesSet: {
        items: [
          {
            instanceId: id,
            instanceType: id === planted.miner ? 'c5.9xlarge' : 'm5.large',
            networkInterfaceSet: {
              items: [{ networkInterfaceId: `eni-${id.slice(2)}`, privateIpAddress: `10.0.0.${10 + n}` }],
            },
          },
        ],
      },
    },
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: planted.account,
    ...extra,
  };
}

/** Routine writes that page the region's event history (tagging, security-group edits). */
function noise(count: number, from: number, to: number, first: number): TrailRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${planted.account}:assumed-role/deployer/session`,
      accountId: planted.account,
    },
    eventTime: new Date(from + ((to - from) * i) / count).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'ec2.amazonaws.com',
    eventName: 'CreateTags',
    awsRegion: planted.region,
    eventID: `10000000-0000-4000-8000-${String(first + i).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: planted.account,
  }));
}

/** CPU every five minutes from `from` to `to` around `level`. */
function flat(from: number, to: number, level: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = from, i = 0; t < to; t += 300_000, i++) out.push([t, level + ((i % 5) - 2) * 0.3]);
  return out;
}

/**
 * One account, two regions. In us-east-1 a leaked access key launches a c5.9xlarge two days ago whose CPU sits at
 * ~98% since, and GuardDuty reports it querying a mining pool; a busy m5.large launched by the Auto Scaling
 * service-linked role runs hot too (sanctioned work); a quiet instance idles. 120 routine writes page the history.
 */
export function plantedMiningEstate(now = Date.now()): MapEstate {
  const { account, region } = planted;
  const launch = now - 48 * HOUR;
  const busyLaunch = now - 30 * HOUR;
  const estate = new MapEstate();
  for (const r of planted.regions) {
    estate.set(account, r, 'guardduty', 'ListDetectors', {
      kind: 'ok',
      value: { DetectorIds: r === region ? [planted.detector] : [] },
    });
    estate.set(account, r, 'ec2', 'DescribeInstances', {
      kind: 'ok',
      value: {
        Reservations:
          r === region
            ? [
                {
                  ReservationId: 'r-1',
                  OwnerId: account,
                  Instances: [instance(planted.miner, launch, '10.0.0.11')],
                },
                {
                  ReservationId: 'r-2',
                  OwnerId: account,
                  Instances: [instance(planted.busy, busyLaunch, '10.0.0.12')],
                },
                {
                  ReservationId: 'r-3',
                  OwnerId: account,
                  Instances: [instance(planted.quiet, now - 20 * 24 * HOUR, '10.0.0.13')],
                },
              ]
            : [],
      },
    });
  }
  estate.set(
    account,
    region,
    'guardduty',
    'GetDetector',
    {
      kind: 'ok',
      value: { Status: 'ENABLED', FindingPublishingFrequency: 'FIFTEEN_MINUTES', ServiceRole: 'x' },
    },
    planted.detector,
  );
  estate.set(
    account,
    region,
    'guardduty',
    'GetFindings',
    {
      kind: 'ok',
      value: {
        Findings: [
          {
            AccountId: account,
            Arn: `arn:aws:guardduty:${region}:${account}:detector/${planted.detector}/finding/${planted.findingId}`,
            CreatedAt: new Date(launch + 2 * HOUR).toISOString(),
            UpdatedAt: new Date(now - 24 * HOUR).toISOString(),
            Description: `EC2 instance ${planted.miner} is communicating with a Bitcoin mining pool.`,
            Id: planted.findingId,
            Partition: 'aws',
            Region: region,
            Resource: {
              ResourceType: 'Instance',
              InstanceDetails: { InstanceId: planted.miner, InstanceType: 'c5.9xlarge' },
            },
            SchemaVersion: '2.0',
            Service: {
              Action: {
                ActionType: 'NETWORK_CONNECTION',
                NetworkConnectionAction: {
                  ConnectionDirection: 'OUTBOUND',
                  Protocol: 'TCP',
                  Blocked: false,
                  RemoteIpDetails: { IpAddressV4: planted.pool },
                  RemotePortDetails: { Port: 3333, PortName: 'Unknown' },
                },
              },
              Archived: false,
              Count: 40,
              DetectorId: planted.detector,
              EventFirstSeen: new Date(launch + 30 * 60_000).toISOString(),
              EventLastSeen: new Date(now - 24 * HOUR).toISOString(),
              ServiceName: 'guardduty',
            },
            Severity: 8,
            Title: 'Bitcoin-related activity from EC2 instance.',
            Type: 'CryptoCurrency:EC2/BitcoinTool.B',
          },
        ],
      },
    },
    planted.detector,
  );
  estate.addEvents(account, region, [
    runInstances(
      planted.miner,
      launch,
      {
        type: 'IAMUser',
        principalId: 'AIDALEAKED0000000001',
        arn: `arn:aws:iam::${account}:user/${planted.leakedUser}`,
        accountId: account,
        accessKeyId: planted.leakedKey,
        userName: planted.leakedUser,
      },
      1,
    ),
    runInstances(
      planted.busy,
      busyLaunch,
      {
        type: 'AssumedRole',
        principalId: 'AROAASG000000000001:AutoScaling',
        arn: `arn:aws:sts::${account}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`,
        accountId: account,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
            userName: 'AWSServiceRoleForAutoScaling',
          },
        },
        invokedBy: 'autoscaling.amazonaws.com',
      },
      2,
      { sourceIPAddress: 'autoscaling.amazonaws.com', userAgent: 'autoscaling.amazonaws.com' },
    ),
    ...noise(120, now - 6 * 24 * HOUR, now - HOUR, 100),
  ]);
  estate.setCpu(account, region, planted.miner, flat(launch + 10 * 60_000, now, 98));
  estate.setCpu(account, region, planted.busy, flat(busyLaunch + 5 * 60_000, now, 91));
  estate.setCpu(account, region, planted.quiet, flat(now - 7 * 24 * HOUR, now, 4));
  return estate;
}
