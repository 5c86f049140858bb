import { liveCalls } from '../live/calls.js';
import { type Declaration, declare, type KeyedCall, type Output, type Paging } from './declaration.js';

/**
 * Every AWS call rigsight makes, as data. The engine runs them; `rigsight permissions` derives the IAM policy
 * from them; a test fails if one is not a read.
 */

const token = (results: string[], limit?: { param: string; value: number }): Paging => ({
  input: 'NextToken',
  output: 'NextToken',
  results,
  ...(limit ? { limit } : {}),
});

const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** EC2 vCPU quotas sizing what a miner could burn: standard, G/VT, P, F, Inf, X families. */
export const ec2VcpuQuotaCodes = [
  'L-1216C47A',
  'L-DB2E81BA',
  'L-417A185B',
  'L-74FC7D96',
  'L-1945791B',
  'L-7295265B',
] as const;

/** GuardDuty finding types for cryptomining (CryptoCurrency:* and Impact:*Bitcoin*, plus the runtime miner). */
export const cryptoFindingTypes = [
  'CryptoCurrency:EC2/BitcoinTool.B',
  'CryptoCurrency:EC2/BitcoinTool.B!DNS',
  'CryptoCurrency:Runtime/BitcoinTool.B',
  'CryptoCurrency:Runtime/BitcoinTool.B!DNS',
  'CryptoCurrency:Lambda/BitcoinTool.B',
  'Impact:EC2/BitcoinDomainRequest.Reputation',
  'Impact:Runtime/BitcoinDomainRequest.Reputation',
  'Impact:Runtime/CryptoMinerExecuted',
] as const;

/** The bucket named by an S3 ARN (`arn:aws:s3:::bucket/prefix`), if it is one. */
export function bucketOfArn(arn: string | undefined): string | undefined {
  const m = arn ? /^arn:aws[\w-]*:s3:::([^/]+)/.exec(arn) : null;
  return m?.[1];
}

/** IAM returns policy documents URL-encoded; the CLI prints them decoded and parsed. */
function decodePolicies(value: unknown, key?: string): unknown {
  if (typeof value === 'string' && key && /^(PolicyDocument|AssumeRolePolicyDocument|Document)$/.test(key)) {
    try {
      return JSON.parse(decodeURIComponent(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v) => decodePolicies(v));
  if (typeof value === 'object' && value !== null && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodePolicies(v, k)]));
  return value;
}

/** A trail's status and selectors are read once, in its home region when that region is being collected. */
function perTrail(output: Output, ctx: { account: string; region: string; regions: readonly string[] }) {
  return list(output.trailList).flatMap((t): KeyedCall[] => {
    const name = str(t.Name);
    if (!name) return [];
    const home = str(t.HomeRegion);
    const region = home && ctx.regions.includes(home) ? home : ctx.region;
    return [{ key: name, params: { Name: str(t.TrailARN) ?? name }, region }];
  });
}

const bucketKey = (bucket: string | undefined): KeyedCall[] =>
  bucket ? [{ key: bucket, params: { Bucket: bucket } }] : [];

export const declarations: readonly Declaration[] = [
  // Identity and organization, once per account.
  declare({
    service: 'sts',
    operation: 'GetCallerIdentity',
    level: 'account',
    domain: 'identity',
    iamAction: null,
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeRegions',
    level: 'account',
    folder: 'call-region',
    domain: 'regions',
    iamAction: 'ec2:DescribeRegions',
    params: { AllRegions: true },
  }),
  declare({
    service: 'iam',
    operation: 'GetAccountAuthorizationDetails',
    level: 'account',
    domain: 'identity',
    iamAction: 'iam:GetAccountAuthorizationDetails',
    paging: {
      input: 'Marker',
      output: 'Marker',
      more: 'IsTruncated',
      results: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'],
      limit: { param: 'MaxItems', value: 1000 },
    },
    cliShape: (o) => decodePolicies(o) as Output,
  }),
  declare({
    service: 'iam',
    operation: 'GenerateCredentialReport',
    level: 'account',
    domain: 'credential-report',
    iamAction: 'iam:GenerateCredentialReport',
    poll: { done: (o) => o.State === 'COMPLETE', attempts: 10, delayMs: 2000 },
  }),
  declare({
    service: 'iam',
    operation: 'GetCredentialReport',
    level: 'account',
    domain: 'credential-report',
    iamAction: 'iam:GetCredentialReport',
    after: ['iam:GenerateCredentialReport'],
  }),
  declare({
    service: 'organizations',
    operation: 'DescribeOrganization',
    level: 'account',
    domain: 'organization',
    iamAction: 'organizations:DescribeOrganization',
    answers: ['AWSOrganizationsNotInUseException'],
  }),
  declare({
    service: 'ce',
    operation: 'GetAnomalyMonitors',
    level: 'account',
    domain: 'cost-monitors',
    iamAction: 'ce:GetAnomalyMonitors',
    paging: {
      input: 'NextPageToken',
      output: 'NextPageToken',
      results: ['AnomalyMonitors'],
      limit: { param: 'MaxResults', value: 100 },
    },
  }),
  declare({
    service: 'ce',
    operation: 'GetAnomalySubscriptions',
    level: 'account',
    domain: 'cost-monitors',
    iamAction: 'ce:GetAnomalySubscriptions',
    paging: {
      input: 'NextPageToken',
      output: 'NextPageToken',
      results: ['AnomalySubscriptions'],
      limit: { param: 'MaxResults', value: 100 },
    },
  }),
  declare({
    service: 's3api',
    operation: 'ListBuckets',
    level: 'account',
    domain: 'object-storage-retention',
    iamAction: 's3:ListAllMyBuckets',
    paging: {
      input: 'ContinuationToken',
      output: 'ContinuationToken',
      results: ['Buckets'],
      limit: { param: 'MaxBuckets', value: 10000 },
    },
  }),

  // The organization's structure and service control policies, from the caller's (management) account.
  declare({
    service: 'organizations',
    operation: 'ListAccounts',
    level: 'organization',
    domain: 'organization',
    iamAction: 'organizations:ListAccounts',
    paging: token(['Accounts'], { param: 'MaxResults', value: 20 }),
  }),
  declare({
    service: 'organizations',
    operation: 'ListRoots',
    level: 'organization',
    domain: 'organization',
    iamAction: 'organizations:ListRoots',
    paging: token(['Roots'], { param: 'MaxResults', value: 20 }),
  }),
  declare({
    service: 'organizations',
    operation: 'ListParents',
    level: 'organization',
    domain: 'organization',
    iamAction: 'organizations:ListParents',
    paging: token(['Parents'], { param: 'MaxResults', value: 20 }),
    perKey: [
      {
        from: 'scope',
        keys: (_, ctx) =>
          ctx.accounts.filter((a) => a !== ctx.management).map((a) => ({ key: a, params: { ChildId: a } })),
      },
      {
        from: 'organizations:ListParents',
        keys: (o) =>
          list(o.Parents)
            .filter((p) => p.Type === 'ORGANIZATIONAL_UNIT' && str(p.Id))
            .map((p) => ({ key: p.Id as string, params: { ChildId: p.Id } })),
      },
    ],
  }),
  declare({
    service: 'organizations',
    operation: 'ListPolicies',
    level: 'organization',
    domain: 'guardrails',
    iamAction: 'organizations:ListPolicies',
    params: { Filter: 'SERVICE_CONTROL_POLICY' },
    paging: token(['Policies'], { param: 'MaxResults', value: 20 }),
  }),
  declare({
    service: 'organizations',
    operation: 'DescribePolicy',
    level: 'organization',
    domain: 'guardrails',
    iamAction: 'organizations:DescribePolicy',
    perKey: [
      {
        from: 'organizations:ListPolicies',
        keys: (o) =>
          list(o.Policies)
            .filter((p) => str(p.Id))
            .map((p) => ({ key: p.Id as string, params: { PolicyId: p.Id } })),
      },
    ],
  }),
  declare({
    service: 'organizations',
    operation: 'ListPoliciesForTarget',
    level: 'organization',
    domain: 'guardrails',
    iamAction: 'organizations:ListPoliciesForTarget',
    paging: token(['Policies'], { param: 'MaxResults', value: 20 }),
    perKey: [
      {
        from: 'organizations:ListRoots',
        keys: (o) =>
          list(o.Roots)
            .filter((r) => str(r.Id))
            .map((r) => ({
              key: r.Id as string,
              params: { TargetId: r.Id, Filter: 'SERVICE_CONTROL_POLICY' },
            })),
      },
      {
        from: 'organizations:ListParents',
        keys: (o) =>
          list(o.Parents)
            .filter((p) => p.Type === 'ORGANIZATIONAL_UNIT' && str(p.Id))
            .map((p) => ({
              key: p.Id as string,
              params: { TargetId: p.Id, Filter: 'SERVICE_CONTROL_POLICY' },
            })),
      },
      {
        from: 'scope',
        keys: (_, ctx) =>
          ctx.accounts
            .filter((a) => a !== ctx.management)
            .map((a) => ({ key: a, params: { TargetId: a, Filter: 'SERVICE_CONTROL_POLICY' } })),
      },
    ],
  }),

  // Per region: workloads and their network.
  declare({
    service: 'ec2',
    operation: 'DescribeInstances',
    level: 'region',
    domain: 'workloads',
    iamAction: 'ec2:DescribeInstances',
    paging: token(['Reservations'], { param: 'MaxResults', value: 1000 }),
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeVpcs',
    level: 'region',
    domain: 'networks',
    iamAction: 'ec2:DescribeVpcs',
    paging: token(['Vpcs'], { param: 'MaxResults', value: 1000 }),
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeSubnets',
    level: 'region',
    domain: 'subnets',
    iamAction: 'ec2:DescribeSubnets',
    paging: token(['Subnets'], { param: 'MaxResults', value: 1000 }),
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeRouteTables',
    level: 'region',
    domain: 'route-tables',
    iamAction: 'ec2:DescribeRouteTables',
    paging: token(['RouteTables'], { param: 'MaxResults', value: 100 }),
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeSecurityGroups',
    level: 'region',
    domain: 'firewalls',
    iamAction: 'ec2:DescribeSecurityGroups',
    paging: token(['SecurityGroups'], { param: 'MaxResults', value: 1000 }),
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeNetworkAcls',
    level: 'region',
    domain: 'network-acls',
    iamAction: 'ec2:DescribeNetworkAcls',
    paging: token(['NetworkAcls'], { param: 'MaxResults', value: 100 }),
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeFlowLogs',
    level: 'region',
    domain: 'flow-logs',
    iamAction: 'ec2:DescribeFlowLogs',
    paging: token(['FlowLogs'], { param: 'MaxResults', value: 1000 }),
  }),
  declare({
    service: 'ec2',
    operation: 'DescribeManagedPrefixLists',
    level: 'region',
    domain: 'firewalls',
    iamAction: 'ec2:DescribeManagedPrefixLists',
    paging: token(['PrefixLists'], { param: 'MaxResults', value: 100 }),
  }),
  declare({
    service: 'ec2',
    operation: 'GetManagedPrefixListEntries',
    level: 'region',
    domain: 'firewalls',
    iamAction: 'ec2:GetManagedPrefixListEntries',
    paging: token(['Entries'], { param: 'MaxResults', value: 100 }),
    perKey: [
      {
        // AWS-owned lists hold AWS service ranges; the customer's own lists can hold anything.
        from: 'ec2:DescribeManagedPrefixLists',
        keys: (o) =>
          list(o.PrefixLists)
            .filter((l) => str(l.PrefixListId) && l.OwnerId !== 'AWS')
            .map((l) => ({ key: l.PrefixListId as string, params: { PrefixListId: l.PrefixListId } })),
      },
    ],
  }),
  declare({
    service: 'autoscaling',
    operation: 'DescribeAutoScalingGroups',
    level: 'region',
    domain: 'autoscaling-groups',
    iamAction: 'autoscaling:DescribeAutoScalingGroups',
    paging: token(['AutoScalingGroups'], { param: 'MaxRecords', value: 100 }),
  }),
  declare({
    service: 'service-quotas',
    operation: 'GetServiceQuota',
    level: 'region',
    domain: 'workloads',
    iamAction: 'servicequotas:GetServiceQuota',
    perKey: [
      {
        from: 'scope',
        keys: () =>
          ec2VcpuQuotaCodes.map((code) => ({ key: code, params: { ServiceCode: 'ec2', QuotaCode: code } })),
      },
    ],
  }),

  // Per region: audit logging, its retention, metrics and DNS logs.
  declare({
    service: 'cloudtrail',
    operation: 'DescribeTrails',
    level: 'region',
    domain: 'audit-logs',
    iamAction: 'cloudtrail:DescribeTrails',
  }),
  declare({
    service: 'cloudtrail',
    operation: 'GetTrailStatus',
    level: 'region',
    domain: 'audit-logs',
    iamAction: 'cloudtrail:GetTrailStatus',
    perKey: [{ from: 'cloudtrail:DescribeTrails', keys: perTrail }],
  }),
  declare({
    service: 'cloudtrail',
    operation: 'GetEventSelectors',
    level: 'region',
    domain: 'audit-logs',
    iamAction: 'cloudtrail:GetEventSelectors',
    perKey: [
      {
        from: 'cloudtrail:DescribeTrails',
        keys: (o, ctx) =>
          perTrail(o, ctx).map((c) => ({ ...c, params: { TrailName: (c.params as { Name: string }).Name } })),
      },
    ],
  }),
  declare({
    service: 'logs',
    operation: 'DescribeLogGroups',
    level: 'region',
    domain: 'log-groups',
    iamAction: 'logs:DescribeLogGroups',
    paging: {
      input: 'nextToken',
      output: 'nextToken',
      results: ['logGroups'],
      limit: { param: 'limit', value: 50 },
    },
  }),
  declare({
    service: 'cloudwatch',
    operation: 'DescribeAlarms',
    level: 'region',
    domain: 'alarms',
    iamAction: 'cloudwatch:DescribeAlarms',
    // Without AlarmTypes only metric alarms come back; composite alarms can be what notifies.
    params: { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
    paging: token(['MetricAlarms', 'CompositeAlarms'], { param: 'MaxRecords', value: 100 }),
  }),
  declare({
    service: 'route53resolver',
    operation: 'ListResolverQueryLogConfigs',
    level: 'region',
    domain: 'dns-query-logs',
    iamAction: 'route53resolver:ListResolverQueryLogConfigs',
    paging: token(['ResolverQueryLogConfigs'], { param: 'MaxResults', value: 100 }),
  }),
  declare({
    service: 'route53resolver',
    operation: 'ListResolverQueryLogConfigAssociations',
    level: 'region',
    domain: 'dns-query-logs',
    iamAction: 'route53resolver:ListResolverQueryLogConfigAssociations',
    paging: token(['ResolverQueryLogConfigAssociations'], { param: 'MaxResults', value: 100 }),
  }),

  // Per region: threat detection, and mining it has already seen.
  declare({
    service: 'guardduty',
    operation: 'ListDetectors',
    level: 'region',
    domain: 'threat-detectors',
    iamAction: 'guardduty:ListDetectors',
    paging: token(['DetectorIds'], { param: 'MaxResults', value: 50 }),
  }),
  declare({
    service: 'guardduty',
    operation: 'GetDetector',
    level: 'region',
    domain: 'threat-detectors',
    iamAction: 'guardduty:GetDetector',
    perKey: [
      {
        from: 'guardduty:ListDetectors',
        keys: (o) => list(o.DetectorIds).map((id) => ({ key: String(id), params: { DetectorId: id } })),
      },
    ],
  }),
  declare({
    service: 'guardduty',
    operation: 'ListFindings',
    level: 'region',
    domain: 'threat-detectors',
    iamAction: 'guardduty:ListFindings',
    paging: token(['FindingIds'], { param: 'MaxResults', value: 50 }),
    perKey: [
      {
        from: 'guardduty:ListDetectors',
        keys: (o) =>
          list(o.DetectorIds).map((id) => ({
            key: String(id),
            params: {
              DetectorId: id,
              FindingCriteria: { Criterion: { type: { Equals: [...cryptoFindingTypes] } } },
            },
          })),
      },
    ],
  }),
  declare({
    service: 'guardduty',
    operation: 'GetFindings',
    level: 'region',
    domain: 'threat-detectors',
    iamAction: 'guardduty:GetFindings',
    merge: ['Findings'],
    perKey: [
      {
        from: 'guardduty:ListFindings',
        keys: (o, ctx) => {
          const ids = list(o.FindingIds).map(String);
          if (ids.length === 0 || !ctx.sourceKey) return [];
          // GetFindings takes at most 50 ids: one call per 50, merged into one file.
          const batches: Record<string, unknown>[] = [];
          for (let i = 0; i < ids.length; i += 50)
            batches.push({ DetectorId: ctx.sourceKey, FindingIds: ids.slice(i, i + 50) });
          return [{ key: ctx.sourceKey, params: batches }];
        },
      },
    ],
  }),

  // Log buckets, read by the account that owns each one, in the bucket's region.
  declare({
    service: 's3api',
    operation: 'GetBucketLocation',
    level: 'bucket',
    folder: 'global',
    domain: 'object-storage-retention',
    iamAction: 's3:GetBucketLocation',
  }),
  declare({
    service: 's3api',
    operation: 'GetBucketLifecycleConfiguration',
    level: 'bucket',
    domain: 'object-storage-retention',
    iamAction: 's3:GetLifecycleConfiguration',
    answers: ['NoSuchLifecycleConfiguration'],
    perKey: [
      {
        from: 'cloudtrail:DescribeTrails',
        keys: (o) => list(o.trailList).flatMap((t) => bucketKey(str(t.S3BucketName))),
      },
      {
        from: 'ec2:DescribeFlowLogs',
        keys: (o) =>
          list(o.FlowLogs)
            .filter((f) => f.LogDestinationType === 's3')
            .flatMap((f) => bucketKey(bucketOfArn(str(f.LogDestination)))),
      },
      {
        from: 'route53resolver:ListResolverQueryLogConfigs',
        keys: (o) =>
          list(o.ResolverQueryLogConfigs).flatMap((c) => bucketKey(bucketOfArn(str(c.DestinationArn)))),
      },
    ],
  }),
];

/** Not a collector: how the engine gets each member account's credentials in an organization scan. */
export const assumeRole: Declaration = declare({
  service: 'sts',
  operation: 'AssumeRole',
  level: 'account',
  domain: 'identity',
  iamAction: 'sts:AssumeRole',
});

/** Every AWS operation rigsight can call. */
export const allCalls: readonly Declaration[] = [...declarations, assumeRole, ...liveCalls];

export function declaration(id: string): Declaration {
  const d = declarations.find((x) => x.id === id);
  if (!d) throw new Error(`no collector is declared for ${id}`);
  return d;
}
