/** Every `<service>/<Operation>` an AWS bundle may hold that rigsight reads (per-resource ones included). */
export const knownOperations: readonly string[] = [
  'sts/GetCallerIdentity',
  'sts/AssumeRole',
  'iam/GetAccountAuthorizationDetails',
  'iam/GenerateCredentialReport',
  'iam/GetCredentialReport',
  'organizations/DescribeOrganization',
  'organizations/ListAccounts',
  'organizations/ListRoots',
  'organizations/ListParents',
  'organizations/ListPolicies',
  'organizations/DescribePolicy',
  'organizations/ListPoliciesForTarget',
  'ce/GetAnomalyMonitors',
  'ce/GetAnomalySubscriptions',
  'ec2/DescribeRegions',
  'ec2/DescribeInstances',
  'ec2/DescribeVpcs',
  'ec2/DescribeSubnets',
  'ec2/DescribeRouteTables',
  'ec2/DescribeSecurityGroups',
  'ec2/DescribeNetworkAcls',
  'ec2/DescribeManagedPrefixLists',
  'ec2/GetManagedPrefixListEntries',
  'ec2/DescribeFlowLogs',
  'cloudtrail/DescribeTrails',
  'cloudtrail/GetTrailStatus',
  'cloudtrail/GetEventSelectors',
  'logs/DescribeLogGroups',
  's3api/ListBuckets',
  's3api/GetBucketLocation',
  's3api/GetBucketLifecycleConfiguration',
  'cloudwatch/DescribeAlarms',
  'guardduty/ListDetectors',
  'guardduty/GetDetector',
  'guardduty/ListFindings',
  'guardduty/GetFindings',
  'route53resolver/ListResolverQueryLogConfigs',
  'route53resolver/ListResolverQueryLogConfigAssociations',
  'autoscaling/DescribeAutoScalingGroups',
  'service-quotas/GetServiceQuota',
];

/** `aws/<account>/<region>/<service>/<Operation>[/<key>][.error].json` of a known operation. */
export function isKnownAwsFile(path: string): boolean {
  const m = /^aws\/[^/]+\/[^/]+\/([^/]+)\/([^/.]+)(?:\/[^/]+)?(?:\.error)?\.json$/.exec(path);
  return !!m && knownOperations.includes(`${m[1]}/${m[2]}`);
}
