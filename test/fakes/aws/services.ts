import * as autoscaling from '@aws-sdk/client-auto-scaling';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as cloudwatch from '@aws-sdk/client-cloudwatch';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as ce from '@aws-sdk/client-cost-explorer';
import * as ec2 from '@aws-sdk/client-ec2';
import * as guardduty from '@aws-sdk/client-guardduty';
import * as iam from '@aws-sdk/client-iam';
import * as organizations from '@aws-sdk/client-organizations';
import * as s3 from '@aws-sdk/client-s3';
import * as quotas from '@aws-sdk/client-service-quotas';
import * as sts from '@aws-sdk/client-sts';
import type { Protocol } from './wire.js';

/** How one AWS service speaks on the wire, keyed by its SigV4 signing name. */
export interface FakeService {
  /** Folder name in a bundle: the AWS CLI's service name. */
  cli: string;
  protocol: Protocol;
  xmlns: string;
  /** Answers come from the account's `global` folder whatever region was signed. */
  global: boolean;
  /** The client package's exports, holding `<Operation>$` operation schemas (absent: plain JSON). */
  schemas?: Record<string, unknown>;
  /** awsJson services that keep their awsQuery error codes (x-amzn-query-error). */
  queryCompatible?: boolean;
  throttle: { code: string; status: number };
  denied: { code: string; status: number };
}

export const fakeServices: Record<string, FakeService> = {
  ec2: {
    cli: 'ec2',
    protocol: 'ec2Query',
    xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    global: false,
    schemas: ec2,
    throttle: { code: 'RequestLimitExceeded', status: 503 },
    denied: { code: 'UnauthorizedOperation', status: 403 },
  },
  iam: {
    cli: 'iam',
    protocol: 'awsQuery',
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    global: true,
    schemas: iam,
    throttle: { code: 'Throttling', status: 400 },
    denied: { code: 'AccessDenied', status: 403 },
  },
  sts: {
    cli: 'sts',
    protocol: 'awsQuery',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    global: true,
    schemas: sts,
    throttle: { code: 'Throttling', status: 400 },
    denied: { code: 'AccessDenied', status: 403 },
  },
  autoscaling: {
    cli: 'autoscaling',
    protocol: 'awsQuery',
    xmlns: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
    global: false,
    schemas: autoscaling,
    throttle: { code: 'Throttling', status: 400 },
    denied: { code: 'AccessDenied', status: 403 },
  },
  cloudtrail: {
    cli: 'cloudtrail',
    protocol: 'awsJson1_1',
    xmlns: '',
    global: false,
    schemas: cloudtrail,
    throttle: { code: 'ThrottlingException', status: 400 },
    denied: { code: 'AccessDeniedException', status: 400 },
  },
  logs: {
    cli: 'logs',
    protocol: 'awsJson1_1',
    xmlns: '',
    global: false,
    schemas: logs,
    throttle: { code: 'ThrottlingException', status: 400 },
    denied: { code: 'AccessDeniedException', status: 400 },
  },
  monitoring: {
    cli: 'cloudwatch',
    protocol: 'awsJson1_0',
    xmlns: '',
    global: false,
    schemas: cloudwatch,
    queryCompatible: true,
    throttle: { code: 'Throttling', status: 400 },
    denied: { code: 'AccessDenied', status: 403 },
  },
  organizations: {
    cli: 'organizations',
    protocol: 'awsJson1_1',
    xmlns: '',
    global: true,
    schemas: organizations,
    throttle: { code: 'TooManyRequestsException', status: 400 },
    denied: { code: 'AccessDeniedException', status: 400 },
  },
  ce: {
    cli: 'ce',
    protocol: 'awsJson1_1',
    xmlns: '',
    global: true,
    schemas: ce,
    throttle: { code: 'LimitExceededException', status: 400 },
    denied: { code: 'AccessDeniedException', status: 400 },
  },
  servicequotas: {
    cli: 'service-quotas',
    protocol: 'awsJson1_1',
    xmlns: '',
    global: false,
    schemas: quotas,
    throttle: { code: 'TooManyRequestsException', status: 400 },
    denied: { code: 'AccessDeniedException', status: 400 },
  },
  route53resolver: {
    cli: 'route53resolver',
    protocol: 'awsJson1_1',
    xmlns: '',
    global: false,
    throttle: { code: 'ThrottlingException', status: 400 },
    denied: { code: 'AccessDeniedException', status: 400 },
  },
  guardduty: {
    cli: 'guardduty',
    protocol: 'restJson1',
    xmlns: '',
    global: false,
    schemas: guardduty,
    throttle: { code: 'TooManyRequestsException', status: 429 },
    denied: { code: 'AccessDeniedException', status: 403 },
  },
  s3: {
    cli: 's3api',
    protocol: 'restXml',
    xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
    global: false,
    schemas: s3,
    throttle: { code: 'SlowDown', status: 503 },
    denied: { code: 'AccessDenied', status: 403 },
  },
};

/** Static operation schema `[9, namespace, name, traits, input, output]` from a client's exports. */
export function operationSchema(service: FakeService, operation: string): unknown[] | undefined {
  const op = service.schemas?.[`${operation}$`];
  return Array.isArray(op) ? op : undefined;
}

/** Paginated operations as each service model defines them: token names, result lists, page-size parameter. */
export interface FakePaging {
  input: string;
  output: string;
  results: string[];
  limit?: string;
  /** IAM marks more pages with IsTruncated as well as the marker. */
  truncated?: string;
}

const token = (results: string[], limit?: string): FakePaging => ({
  input: 'NextToken',
  output: 'NextToken',
  results,
  ...(limit ? { limit } : {}),
});

export const fakePaging: Record<string, FakePaging> = {
  'ec2:DescribeInstances': token(['Reservations'], 'MaxResults'),
  'ec2:DescribeVpcs': token(['Vpcs'], 'MaxResults'),
  'ec2:DescribeSubnets': token(['Subnets'], 'MaxResults'),
  'ec2:DescribeRouteTables': token(['RouteTables'], 'MaxResults'),
  'ec2:DescribeSecurityGroups': token(['SecurityGroups'], 'MaxResults'),
  'ec2:DescribeNetworkAcls': token(['NetworkAcls'], 'MaxResults'),
  'ec2:DescribeFlowLogs': token(['FlowLogs'], 'MaxResults'),
  'ec2:DescribeManagedPrefixLists': token(['PrefixLists'], 'MaxResults'),
  'ec2:GetManagedPrefixListEntries': token(['Entries'], 'MaxResults'),
  'iam:GetAccountAuthorizationDetails': {
    input: 'Marker',
    output: 'Marker',
    results: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'],
    limit: 'MaxItems',
    truncated: 'IsTruncated',
  },
  'organizations:ListAccounts': token(['Accounts'], 'MaxResults'),
  'organizations:ListRoots': token(['Roots'], 'MaxResults'),
  'organizations:ListParents': token(['Parents'], 'MaxResults'),
  'organizations:ListPolicies': token(['Policies'], 'MaxResults'),
  'organizations:ListPoliciesForTarget': token(['Policies'], 'MaxResults'),
  'logs:DescribeLogGroups': {
    input: 'nextToken',
    output: 'nextToken',
    results: ['logGroups'],
    limit: 'limit',
  },
  'cloudwatch:DescribeAlarms': token(['MetricAlarms', 'CompositeAlarms'], 'MaxRecords'),
  'guardduty:ListDetectors': token(['DetectorIds'], 'MaxResults'),
  'guardduty:ListFindings': token(['FindingIds'], 'MaxResults'),
  'route53resolver:ListResolverQueryLogConfigs': token(['ResolverQueryLogConfigs'], 'MaxResults'),
  'route53resolver:ListResolverQueryLogConfigAssociations': token(
    ['ResolverQueryLogConfigAssociations'],
    'MaxResults',
  ),
  'ce:GetAnomalyMonitors': {
    input: 'NextPageToken',
    output: 'NextPageToken',
    results: ['AnomalyMonitors'],
    limit: 'MaxResults',
  },
  'ce:GetAnomalySubscriptions': {
    input: 'NextPageToken',
    output: 'NextPageToken',
    results: ['AnomalySubscriptions'],
    limit: 'MaxResults',
  },
  'autoscaling:DescribeAutoScalingGroups': token(['AutoScalingGroups'], 'MaxRecords'),
  's3api:ListBuckets': {
    input: 'ContinuationToken',
    output: 'ContinuationToken',
    results: ['Buckets'],
    limit: 'MaxBuckets',
  },
};

/** Per-resource operations: the request parameter naming the resource (its file key in a bundle). */
export const fakeKeyParams: Record<string, string> = {
  'cloudtrail:GetTrailStatus': 'Name',
  'cloudtrail:GetEventSelectors': 'TrailName',
  'guardduty:GetDetector': 'DetectorId',
  'guardduty:ListFindings': 'DetectorId',
  'guardduty:GetFindings': 'DetectorId',
  'organizations:DescribePolicy': 'PolicyId',
  'organizations:ListParents': 'ChildId',
  'organizations:ListPoliciesForTarget': 'TargetId',
  'service-quotas:GetServiceQuota': 'QuotaCode',
  'ec2:GetManagedPrefixListEntries': 'PrefixListId',
};

/** What a service answers for a resource it does not have. */
export const fakeNotFound: Record<string, { code: string; status: number; message: string }> = {
  'cloudtrail:GetTrailStatus': { code: 'TrailNotFoundException', status: 400, message: 'Unknown trail' },
  'cloudtrail:GetEventSelectors': { code: 'TrailNotFoundException', status: 400, message: 'Unknown trail' },
  'guardduty:GetDetector': {
    code: 'BadRequestException',
    status: 400,
    message: 'The request is rejected because the input detectorId is not owned by the current account.',
  },
  'guardduty:ListFindings': {
    code: 'BadRequestException',
    status: 400,
    message: 'The request is rejected because the input detectorId is not owned by the current account.',
  },
  'guardduty:GetFindings': {
    code: 'BadRequestException',
    status: 400,
    message: 'The request is rejected because the input detectorId is not owned by the current account.',
  },
  'organizations:DescribePolicy': {
    code: 'PolicyNotFoundException',
    status: 400,
    message: "We can't find a policy with the PolicyId that you specified.",
  },
  'organizations:ListParents': {
    code: 'ChildNotFoundException',
    status: 400,
    message: "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
  },
  'organizations:ListPoliciesForTarget': {
    code: 'TargetNotFoundException',
    status: 400,
    message: "We can't find a root, OU, account, or policy with the TargetId that you specified.",
  },
  'ec2:GetManagedPrefixListEntries': {
    code: 'InvalidPrefixListID.NotFound',
    status: 400,
    message: 'The prefix list ID does not exist',
  },
  'service-quotas:GetServiceQuota': {
    code: 'NoSuchResourceException',
    status: 400,
    message: 'The specified resource does not exist.',
  },
};

/** Outputs of non-paginated list operations when the estate holds nothing for them. */
export const fakeEmpty: Record<string, Record<string, unknown>> = {
  'cloudtrail:DescribeTrails': { trailList: [] },
  'iam:GetAccountAuthorizationDetails': {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  },
  'guardduty:GetFindings': { Findings: [] },
};
