import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { normalizeAws } from '../../providers/aws/normalize/index.js';
import { catalog } from '../../src/controls/catalog.js';
import { evaluateControls } from '../../src/controls/engine.js';
import { EvidenceBundle } from '../../src/evidence/bundle.js';
import type { Finding } from '../../src/model/finding.js';
import type { Inventory } from '../../src/model/inventory.js';
import { loadPolicy, overlay } from '../../src/policy/load.js';
import { type Policy, policySchema } from '../../src/policy/schema.js';
import { WaiverBook } from '../../src/policy/waivers.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const VPC = 'vpc-0aaa0000000000001';
export const SUBNET = 'subnet-0aaa000000000001';
export const ENI = 'eni-0aaa00000000000001';
export const INSTANCE = 'i-0aaa00000000000001';
export const SG = 'sg-0aaa0000000000001';
export const NOW = new Date('2026-11-27T00:00:00Z');

/** Bundle-relative path → file body (JSON value, or raw text for malformed-input tests). */
export type Files = Record<string, unknown>;

export const p = (
  service: string,
  operation: string,
  key?: string,
  region = REGION,
  account = ACCOUNT,
): string => `aws/${account}/${region}/${service}/${operation}${key ? `/${key}` : ''}.json`;
export const g = (service: string, operation: string, key?: string, account = ACCOUNT): string =>
  p(service, operation, key, 'global', account);
export const errorFile = (path: string): string => path.replace(/\.json$/, '.error.json');
export const denied = (operation: string) => ({
  Code: 'AccessDenied',
  Message: `User is not authorized to perform: ${operation}`,
  HttpStatus: 403,
  Operation: operation,
});

/**
 * One account, one region, one tagged instance in a VPC, configured the way a careful team would:
 * every control passes. Tests break one thing at a time. Shapes are the AWS CLI's output.
 */
export function wellRunEstate(): Files {
  const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/main`;
  return {
    [g('sts', 'GetCallerIdentity')]: {
      UserId: 'AROAEXAMPLE:rigsight',
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/audit/rigsight`,
    },
    [g('organizations', 'DescribeOrganization')]: {
      Organization: { Id: 'o-exampleorg', MasterAccountId: '999999999999', FeatureSet: 'ALL' },
    },
    [g('organizations', 'ListParents', ACCOUNT)]: { Parents: [{ Id: 'r-ex01', Type: 'ROOT' }] },
    [g('organizations', 'ListPoliciesForTarget', 'r-ex01')]: {
      Policies: [{ Id: 'p-regions', Name: 'regions', Type: 'SERVICE_CONTROL_POLICY' }],
    },
    [g('organizations', 'ListPoliciesForTarget', ACCOUNT)]: { Policies: [] },
    [g('organizations', 'DescribePolicy', 'p-regions')]: {
      Policy: {
        PolicySummary: { Id: 'p-regions', Name: 'regions', Type: 'SERVICE_CONTROL_POLICY' },
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              NotAction: ['iam:*', 'sts:*'],
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': [REGION] } },
            },
          ],
        }),
      },
    },
    [g('ce', 'GetAnomalyMonitors')]: {
      AnomalyMonitors: [
        {
          MonitorArn: 'arn:aws:ce::123456789012:anomalymonitor/m1',
          MonitorName: 'services',
          MonitorType: 'DIMENSIONAL',
          MonitorDimension: 'SERVICE',
        },
      ],
    },
    [g('ce', 'GetAnomalySubscriptions')]: {
      AnomalySubscriptions: [
        {
          MonitorArnList: ['arn:aws:ce::123456789012:anomalymonitor/m1'],
          Subscribers: [{ Address: 'ops@example.com', Type: 'EMAIL', Status: 'CONFIRMED' }],
        },
      ],
    },
    [p('ec2', 'DescribeInstances')]: {
      Reservations: [
        {
          OwnerId: ACCOUNT,
          Instances: [
            {
              InstanceId: INSTANCE,
              InstanceType: 'm6i.large',
              ImageId: 'ami-0123456789abcdef0',
              LaunchTime: '2026-10-01T10:00:00+00:00',
              State: { Code: 16, Name: 'running' },
              Monitoring: { State: 'disabled' },
              VpcId: VPC,
              SubnetId: SUBNET,
              PrivateIpAddress: '10.0.1.10',
              SecurityGroups: [{ GroupId: SG, GroupName: 'app' }],
              NetworkInterfaces: [
                {
                  NetworkInterfaceId: ENI,
                  SubnetId: SUBNET,
                  VpcId: VPC,
                  PrivateIpAddress: '10.0.1.10',
                  Groups: [{ GroupId: SG, GroupName: 'app' }],
                },
              ],
              Tags: [
                { Key: 'Name', Value: 'app-1' },
                { Key: 'owner', Value: 'team-a' },
              ],
            },
          ],
        },
      ],
    },
    [p('autoscaling', 'DescribeAutoScalingGroups')]: { AutoScalingGroups: [] },
    [p('ec2', 'DescribeVpcs')]: {
      Vpcs: [
        { VpcId: VPC, CidrBlock: '10.0.0.0/16', IsDefault: false, Tags: [{ Key: 'Name', Value: 'main' }] },
      ],
    },
    [p('ec2', 'DescribeSubnets')]: { Subnets: [{ SubnetId: SUBNET, VpcId: VPC, CidrBlock: '10.0.1.0/24' }] },
    [p('ec2', 'DescribeRouteTables')]: {
      RouteTables: [
        {
          RouteTableId: 'rtb-0aaa01',
          VpcId: VPC,
          Associations: [{ Main: true }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0aaa01', State: 'active' },
          ],
        },
      ],
    },
    [p('ec2', 'DescribeSecurityGroups')]: {
      SecurityGroups: [
        {
          GroupId: SG,
          GroupName: 'app',
          VpcId: VPC,
          IpPermissionsEgress: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              IpRanges: [{ CidrIp: '0.0.0.0/0' }],
              Ipv6Ranges: [],
              PrefixListIds: [],
              UserIdGroupPairs: [],
            },
          ],
        },
      ],
    },
    [p('ec2', 'DescribeNetworkAcls')]: {
      NetworkAcls: [
        {
          NetworkAclId: 'acl-0aaa01',
          VpcId: VPC,
          IsDefault: false,
          Associations: [{ SubnetId: SUBNET }],
          Entries: [
            {
              RuleNumber: 100,
              Protocol: '6',
              RuleAction: 'allow',
              Egress: true,
              CidrBlock: '0.0.0.0/0',
              PortRange: { From: 443, To: 443 },
            },
            { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
          ],
        },
      ],
    },
    [p('ec2', 'DescribeFlowLogs')]: {
      FlowLogs: [
        {
          FlowLogId: 'fl-0aaa01',
          FlowLogStatus: 'ACTIVE',
          DeliverLogsStatus: 'SUCCESS',
          ResourceId: VPC,
          TrafficType: 'ALL',
          LogDestinationType: 'cloud-watch-logs',
          LogGroupName: 'flow-logs',
          LogDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:flow-logs`,
          LogFormat:
            '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
        },
      ],
    },
    [p('logs', 'DescribeLogGroups')]: {
      logGroups: [{ logGroupName: 'flow-logs', retentionInDays: 180 }, { logGroupName: 'trail-logs' }],
    },
    [p('cloudtrail', 'DescribeTrails')]: {
      trailList: [
        {
          Name: 'main',
          TrailARN: trailArn,
          HomeRegion: REGION,
          IsMultiRegionTrail: true,
          IsOrganizationTrail: false,
          S3BucketName: 'trail-bucket',
          HasCustomEventSelectors: false,
        },
      ],
    },
    [p('cloudtrail', 'GetTrailStatus', 'main')]: { IsLogging: true },
    [p('cloudtrail', 'GetEventSelectors', 'main')]: {
      TrailARN: trailArn,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
    },
    [p('s3api', 'GetBucketLifecycleConfiguration', 'trail-bucket')]: {
      Rules: [{ ID: 'keep', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 730 } }],
    },
    [p('cloudwatch', 'DescribeAlarms')]: {
      MetricAlarms: [
        {
          AlarmName: 'app-cpu',
          ActionsEnabled: true,
          AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
          Namespace: 'AWS/EC2',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'InstanceId', Value: INSTANCE }],
        },
      ],
    },
    [p('guardduty', 'ListDetectors')]: { DetectorIds: ['d1'] },
    [p('guardduty', 'GetDetector', 'd1')]: {
      Status: 'ENABLED',
      Features: [{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }],
    },
    [p('route53resolver', 'ListResolverQueryLogConfigs')]: {
      ResolverQueryLogConfigs: [
        { Id: 'rqlc-1', Name: 'dns', DestinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:dns` },
      ],
    },
    [p('route53resolver', 'ListResolverQueryLogConfigAssociations')]: {
      ResolverQueryLogConfigAssociations: [
        { ResolverQueryLogConfigId: 'rqlc-1', ResourceId: VPC, Status: 'ACTIVE' },
      ],
    },
  };
}

/** Writes files into a fresh bundle folder; strings are written as-is (for malformed input), the rest as JSON. */
export function writeFiles(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), 'rigsight-estate-'));
  for (const [path, body] of Object.entries(files)) {
    if (body === undefined) continue;
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof body === 'string' ? body : JSON.stringify(body, null, 4));
  }
  return root;
}

export function testPolicy(overrides: Record<string, unknown> = {}): Policy {
  return policySchema.parse(overlay(loadPolicy().policy, overrides));
}

export interface Assessed {
  inventory: Inventory;
  findings: Finding[];
  bundle: EvidenceBundle;
  /** Findings of one control. */
  of(control: string): Finding[];
}

/** Bundle files → normalize → every control, the way `assess` does it. */
export async function assessFiles(files: Files, overrides: Record<string, unknown> = {}): Promise<Assessed> {
  const bundle = await EvidenceBundle.open(writeFiles(files));
  const policy = testPolicy(overrides);
  const inventory = await normalizeAws(bundle, { now: NOW, policy });
  const findings = evaluateControls(inventory, policy, new WaiverBook(policy.waivers, NOW), catalog);
  return { inventory, findings, bundle, of: (control) => findings.filter((f) => f.control === control) };
}

/** A deep copy of `files` with `edit` applied to the JSON at `path`. */
export function edit<T>(files: Files, path: string, change: (body: T) => void): Files {
  const copy = structuredClone(files);
  change(copy[path] as T);
  return copy;
}

export function without(files: Files, ...paths: string[]): Files {
  const copy = structuredClone(files);
  for (const path of paths) delete copy[path];
  return copy;
}
