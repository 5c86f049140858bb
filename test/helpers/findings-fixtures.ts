import { buildDocument } from '../../src/assess/document.js';
import { findingId } from '../../src/controls/engine.js';
import type { Coverage, Detection } from '../../src/model/detection.js';
import type { EvidenceRef } from '../../src/model/evidence.js';
import type { Finding, Pillar, Severity, Status } from '../../src/model/finding.js';
import type { FindingsDocument, WaiverState } from '../../src/model/findings-document.js';
import type { Creator } from '../../src/model/identity.js';
import type { Scope } from '../../src/model/scope.js';
import { loadPolicy } from '../../src/policy/load.js';

const pillarOf: Record<string, Pillar> = {
  'audit-logging': 'logging-retention',
  'audit-retention': 'logging-retention',
  'flow-logging': 'logging-retention',
  'flow-retention': 'logging-retention',
  'metric-logging': 'logging-retention',
  'dns-logging': 'logging-retention',
  'creation-permissions': 'creation-governance',
  'creation-guardrails': 'creation-governance',
  'egress-restriction': 'egress-control',
  'threat-detection': 'detection-response',
  'cost-anomaly': 'detection-response',
  'ownership-tagging': 'ownership-change',
};

const severityOf: Record<string, Severity> = {
  'audit-logging': 'high',
  'audit-retention': 'medium',
  'flow-logging': 'high',
  'flow-retention': 'medium',
  'metric-logging': 'medium',
  'dns-logging': 'medium',
  'creation-permissions': 'high',
  'creation-guardrails': 'medium',
  'egress-restriction': 'high',
  'threat-detection': 'high',
  'cost-anomaly': 'medium',
  'ownership-tagging': 'low',
};

export function evidence(file: string, api: string, pointer?: string): EvidenceRef {
  return {
    file,
    sha256: sha(file),
    api,
    collectedAt: '2026-11-26T09:14:02.000Z',
    ...(pointer ? { pointer } : {}),
  };
}

/** A stable fake digest per file name, so the same file keeps the same hash across findings. */
function sha(file: string): string {
  let h = 2166136261;
  for (const c of file) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(8);
}

export interface FindingSpec {
  control: string;
  status: Status;
  scope?: string;
  region?: string;
  resource: { id: string; type: string; name?: string; arn?: string };
  reason?: string;
  severity?: Severity;
  evidence?: EvidenceRef[];
  waiver?: Finding['waiver'];
}

export function finding(spec: FindingSpec): Finding {
  const scope = spec.scope ?? '111122223333';
  return {
    id: findingId('aws', scope, spec.control, spec.resource.id),
    control: spec.control,
    pillar: pillarOf[spec.control] ?? 'logging-retention',
    title: `Title of ${spec.control}`,
    severity: spec.severity ?? severityOf[spec.control] ?? 'medium',
    status: spec.status,
    provider: 'aws',
    scope,
    ...(spec.region ? { region: spec.region } : {}),
    resource: spec.resource,
    reason: spec.reason ?? `${spec.control} ${spec.status} on ${spec.resource.id}.`,
    evidence: spec.evidence ?? [],
    remediation: `Fix ${spec.control}.`,
    frameworks: ['ATT&CK T1496.001'],
    ...(spec.waiver ? { waiver: spec.waiver } : {}),
  };
}

export const instance = (id: string, name?: string) => ({
  id,
  type: 'AWS::EC2::Instance',
  ...(name ? { name } : {}),
});

export function creator(spec: Partial<Creator> & { id: string }): Creator {
  const { id, ...over } = spec;
  return {
    provider: 'aws',
    scope: over.scope ?? '111122223333',
    principal: { id, type: 'role', name: id.split('/').pop() ?? id },
    kind: 'role',
    path: 'direct',
    actions: ['ec2:RunInstances'],
    via: [],
    external: false,
    approved: false,
    rank: 1,
    grants: [{ policy: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess', statement: '0', effect: 'Allow' }],
    evidence: [
      evidence(
        'aws/111122223333/global/iam/GetAccountAuthorizationDetails.json',
        'iam:GetAccountAuthorizationDetails',
      ),
    ],
    ...over,
  };
}

export function detection(over: Partial<Detection> & { instanceId: string }): Detection {
  const { instanceId, ...rest } = over;
  return {
    id: `det-${instanceId}`,
    provider: 'aws',
    scope: '111122223333',
    instance: { id: instanceId, region: 'us-east-1' },
    verdict: 'likely-mining',
    score: 82,
    createdBy: 'arn:aws:iam::111122223333:user/ci-deployer',
    createdAt: '2026-11-25T03:12:44Z',
    legs: {
      creation: { state: 'seen', detail: 'RunInstances c5.4xlarge by ci-deployer at 03:12 UTC' },
      cpu: { state: 'seen', detail: 'CPU above 80% for 95 minutes' },
      network: { state: 'seen', detail: '3 flows to 94.130.12.27:3333 (pool.supportxmr.com)' },
    },
    destinations: ['94.130.12.27:3333'],
    explanation: 'A new instance launched by an unapproved user ran hot and talked to a known Monero pool.',
    evidence: [
      evidence('telemetry/cloudtrail/2026/11/25/events.json.gz', 'cloudtrail', '/Records/17'),
      evidence('telemetry/flows/eni-0a1b.log.gz', 'vpc-flow-logs', '#L204'),
    ],
    ...rest,
  };
}

export interface EstateOptions {
  /** Put a hostile value into a resource name and a tag-derived reason. */
  hostile?: string;
  detections?: Detection[];
  creators?: Creator[];
  coverage?: Coverage[];
  extraFindings?: Finding[];
  now?: string;
}

const prod = '111122223333';
const dev = '444455556666';

/** Two AWS accounts (prod, dev), two regions: some gaps in each pillar, a waiver, an unassessed region. */
export function twoAccountEstate(options: EstateOptions = {}): FindingsDocument {
  const ct = (acct: string, region: string) =>
    evidence(
      `aws/${acct}/${region}/cloudtrail/DescribeTrails.json`,
      'cloudtrail:DescribeTrails',
      '/trailList/0',
    );
  const hostile = options.hostile;
  const findings: Finding[] = [
    finding({
      control: 'audit-logging',
      status: 'pass',
      scope: prod,
      region: 'us-east-1',
      resource: { id: `${prod}/us-east-1`, type: 'AWS::Region', name: 'us-east-1' },
      evidence: [ct(prod, 'us-east-1')],
    }),
    finding({
      control: 'audit-logging',
      status: 'pass',
      scope: prod,
      region: 'eu-west-1',
      resource: { id: `${prod}/eu-west-1`, type: 'AWS::Region', name: 'eu-west-1' },
      evidence: [ct(prod, 'eu-west-1')],
    }),
    finding({
      control: 'audit-logging',
      status: 'fail',
      scope: dev,
      region: 'us-east-1',
      resource: { id: `${dev}/us-east-1`, type: 'AWS::Region', name: 'us-east-1' },
      reason: 'No trail records management write events in 444455556666 us-east-1.',
      evidence: [ct(dev, 'us-east-1')],
    }),
    finding({
      control: 'audit-logging',
      status: 'unassessed',
      scope: dev,
      region: 'eu-west-1',
      resource: { id: `${dev}/eu-west-1`, type: 'AWS::Region', name: 'eu-west-1' },
      reason: 'cloudtrail:DescribeTrails was denied (AccessDeniedException) in eu-west-1.',
      evidence: [
        evidence(`aws/${dev}/eu-west-1/cloudtrail/DescribeTrails.error.json`, 'cloudtrail:DescribeTrails'),
      ],
    }),
    finding({
      control: 'audit-retention',
      status: 'pass',
      scope: prod,
      resource: { id: 'org-trail', type: 'AWS::CloudTrail::Trail', name: 'org-trail' },
      evidence: [
        evidence(
          `aws/${prod}/us-east-1/s3api/GetBucketLifecycleConfiguration/org-logs.json`,
          's3:GetBucketLifecycleConfiguration',
          '/Rules/0',
        ),
      ],
    }),
    finding({
      control: 'flow-logging',
      status: 'pass',
      scope: prod,
      region: 'us-east-1',
      resource: { id: 'vpc-0prod1', type: 'AWS::EC2::VPC' },
      evidence: [
        evidence(`aws/${prod}/us-east-1/ec2/DescribeFlowLogs.json`, 'ec2:DescribeFlowLogs', '/FlowLogs/0'),
      ],
    }),
    finding({
      control: 'flow-logging',
      status: 'fail',
      scope: dev,
      region: 'us-east-1',
      resource: { id: 'vpc-0dev1', type: 'AWS::EC2::VPC', name: 'dev-main' },
      reason: 'VPC vpc-0dev1 (dev-main) has no flow log capturing accepted traffic.',
      evidence: [evidence(`aws/${dev}/us-east-1/ec2/DescribeFlowLogs.json`, 'ec2:DescribeFlowLogs')],
    }),
    finding({
      control: 'dns-logging',
      status: 'fail',
      scope: dev,
      region: 'us-east-1',
      resource: { id: 'vpc-0dev1', type: 'AWS::EC2::VPC', name: 'dev-main' },
      evidence: [
        evidence(
          `aws/${dev}/us-east-1/route53resolver/ListResolverQueryLogConfigAssociations.json`,
          'route53resolver:ListResolverQueryLogConfigAssociations',
        ),
      ],
    }),
    finding({
      control: 'metric-logging',
      status: 'pass',
      scope: prod,
      region: 'us-east-1',
      resource: instance('i-0prod0000000001', 'web-1'),
      evidence: [
        evidence(
          `aws/${prod}/us-east-1/ec2/DescribeInstances.json`,
          'ec2:DescribeInstances',
          '/Reservations/0/Instances/0',
        ),
      ],
    }),
    finding({
      control: 'metric-logging',
      status: 'fail',
      scope: dev,
      region: 'us-east-1',
      resource: instance('i-0dev00000000001', hostile ?? 'build-runner'),
      reason: `No alarm that notifies anyone watches the CPU of i-0dev00000000001 (${hostile ?? 'build-runner'}).`,
      evidence: [
        evidence(
          `aws/${dev}/us-east-1/ec2/DescribeInstances.json`,
          'ec2:DescribeInstances',
          '/Reservations/0/Instances/0',
        ),
      ],
    }),
    finding({
      control: 'creation-permissions',
      status: 'fail',
      scope: dev,
      resource: {
        id: 'arn:aws:iam::444455556666:user/ci-deployer',
        type: 'AWS::IAM::User',
        name: 'ci-deployer',
      },
      reason: 'User ci-deployer can run ec2:RunInstances and is not in creators.approved.',
      evidence: [
        evidence(
          `aws/${dev}/global/iam/GetAccountAuthorizationDetails.json`,
          'iam:GetAccountAuthorizationDetails',
          '/UserDetailList/3',
        ),
      ],
    }),
    finding({
      control: 'creation-guardrails',
      status: 'fail',
      scope: dev,
      resource: { id: dev, type: 'AWS::Account' },
      reason: 'No SCP limits instance types or regions for 444455556666.',
    }),
    finding({
      control: 'creation-guardrails',
      status: 'pass',
      scope: prod,
      resource: { id: prod, type: 'AWS::Account' },
    }),
    finding({
      control: 'egress-restriction',
      status: 'fail',
      severity: 'critical',
      scope: dev,
      region: 'us-east-1',
      resource: { id: 'sg-0devopen', type: 'AWS::EC2::SecurityGroup', name: 'launch-wizard-1' },
      reason:
        'Security group sg-0devopen (launch-wizard-1) allows outbound traffic to 0.0.0.0/0 on all ports.',
      evidence: [
        evidence(
          `aws/${dev}/us-east-1/ec2/DescribeSecurityGroups.json`,
          'ec2:DescribeSecurityGroups',
          '/SecurityGroups/2/IpPermissionsEgress/0',
        ),
      ],
    }),
    finding({
      control: 'egress-restriction',
      status: 'waived',
      scope: prod,
      region: 'us-east-1',
      resource: { id: 'sg-0prodproxy', type: 'AWS::EC2::SecurityGroup', name: 'egress-proxy' },
      waiver: {
        owner: 'netops@example.com',
        reason: 'The proxy fleet needs 443 to the internet.',
        expires: '2027-03-31',
      },
    }),
    finding({
      control: 'threat-detection',
      status: 'pass',
      scope: prod,
      region: 'us-east-1',
      resource: { id: `${prod}/us-east-1`, type: 'AWS::Region', name: 'us-east-1' },
    }),
    finding({
      control: 'threat-detection',
      status: 'fail',
      scope: dev,
      region: 'us-east-1',
      resource: { id: `${dev}/us-east-1`, type: 'AWS::Region', name: 'us-east-1' },
      reason: 'GuardDuty is not enabled in 444455556666 us-east-1.',
    }),
    finding({
      control: 'cost-anomaly',
      status: 'unassessed',
      scope: dev,
      resource: { id: dev, type: 'AWS::Account' },
      reason: 'ce:GetAnomalyMonitors was denied.',
    }),
    finding({
      control: 'ownership-tagging',
      status: 'pass',
      scope: prod,
      region: 'us-east-1',
      resource: instance('i-0prod0000000001', 'web-1'),
    }),
    finding({
      control: 'ownership-tagging',
      status: 'fail',
      scope: dev,
      region: 'us-east-1',
      resource: instance('i-0dev00000000001', hostile ?? 'build-runner'),
      reason: `Instance i-0dev00000000001 lacks the required tag owner${hostile ? ` (Name=${hostile})` : ''}.`,
    }),
    ...(options.extraFindings ?? []),
  ];
  const scopes: Scope[] = [
    { provider: 'aws', id: prod, name: 'prod', status: 'assessed', regions: [], evidence: [] },
    {
      provider: 'aws',
      id: dev,
      name: hostile ?? 'dev',
      status: 'partial',
      reason: 'eu-west-1 CloudTrail was denied',
      regions: [],
      evidence: [],
    },
  ];
  const waivers: WaiverState[] = [
    {
      control: 'egress-restriction',
      resource: 'sg-0prodproxy',
      owner: 'netops@example.com',
      reason: 'The proxy fleet needs 443 to the internet.',
      expires: '2027-03-31',
      state: 'active',
      matched: 1,
    },
    {
      control: 'flow-logging',
      resource: 'vpc-0old',
      owner: 'old-team@example.com',
      reason: 'Decommissioned VPC.',
      expires: '2026-01-31',
      state: 'expired',
      matched: 0,
    },
  ];
  const doc = buildDocument({
    policy: { ...loadPolicy(), source: 'policies/default.yaml', sha256: '6f1e'.repeat(16) },
    now: new Date(options.now ?? '2026-11-27T00:00:00Z'),
    manifestSha256: 'a3f1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    inputs: {
      evidence: 'demo/bundle',
      filesRead: 42,
      unreadable: [
        {
          file: `aws/${dev}/us-east-1/ec2/DescribeVpcs.json`,
          line: 3,
          column: 7,
          reason: 'Unexpected token } in JSON',
        },
      ],
      unrecognized: [],
      manifest: {
        present: true,
        verified: true,
        sha256: 'a3f1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
        problems: [],
      },
      regionsSkipped: [
        { scope: prod, region: 'ap-east-1', why: 'opt-in region not enabled for the account' },
      ],
    },
    scopes,
    findings,
    creators: options.creators ?? [
      creator({
        id: 'arn:aws:iam::444455556666:user/ci-deployer',
        scope: dev,
        kind: 'user',
        principal: { id: 'arn:aws:iam::444455556666:user/ci-deployer', type: 'user', name: 'ci-deployer' },
        longLivedKeys: true,
      }),
      creator({
        id: 'arn:aws:iam::999988887777:role/vendor-ops',
        scope: dev,
        kind: 'external-account',
        external: true,
        path: 'chain',
        via: ['arn:aws:iam::444455556666:role/VendorAccess'],
        rank: 2,
      }),
      creator({
        id: 'arn:aws:iam::111122223333:role/deploy-pipeline',
        scope: prod,
        approved: true,
        approvedBy: 'arn:aws:iam::*:role/deploy-pipeline',
        rank: 3,
      }),
    ],
    detections: options.detections ?? [],
    coverage: options.coverage ?? [
      {
        provider: 'aws',
        scope: dev,
        leg: 'network',
        resource: 'vpc-0dev1',
        blind: true,
        why: 'no flow logs for vpc-0dev1',
      },
      {
        provider: 'aws',
        scope: prod,
        leg: 'network',
        resource: 'vpc-0prod1',
        blind: false,
        why: 'flow logs read',
      },
    ],
    waivers,
  });
  // A fixed tool version keeps golden files stable across releases.
  return { ...doc, tool: { ...doc.tool, version: '0.0.0-test' } };
}
