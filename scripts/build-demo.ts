/**
 * Builds demo/bundle: a two-account, two-region AWS estate in the AWS CLI's own output shapes, written
 * through the real BundleWriter so it carries a verifiable manifest. It is a demo, labelled as such in the
 * manifest scopes' callers; nothing here was collected from a real account.
 * Run: npm run demo:build
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BundleWriter } from '../src/evidence/writer.js';
import { demoDir } from '../src/package-info.js';
import { writeAzureSubscription } from './demo/azure-subscription.js';
import { writeGcpProject } from './demo/gcp-project.js';

const MGMT = '111122223333';
const WORK = '444455556666';
const ORG = 'o-a1b2c3d4e5';
const ROOT = 'r-ab12';
const OU = 'ou-ab12-wkld0001';
const COLLECTED = '2026-11-26T09:00:00.000Z';

const root = join(demoDir, 'bundle');
rmSync(root, { recursive: true, force: true });
const writer = new BundleWriter(root, () => new Date(COLLECTED));

function put(
  account: string,
  region: string,
  service: string,
  operation: string,
  data: unknown,
  key?: string,
  parameters: Record<string, unknown> = {},
): void {
  const path = `aws/${account}/${region}/${service}/${operation}${key ? `/${key}` : ''}.json`;
  writer.writeJson(path, data, {
    service,
    operation,
    region,
    parameters,
    collectedAt: COLLECTED,
    outcome: 'ok',
  });
}

function fail(
  account: string,
  region: string,
  service: string,
  operation: string,
  code: string,
  message: string,
  status: number,
  key?: string,
): void {
  const path = `aws/${account}/${region}/${service}/${operation}${key ? `/${key}` : ''}.error.json`;
  writer.writeJson(
    path,
    { Code: code, Message: message, HttpStatus: status, Operation: operation },
    {
      service,
      operation,
      region,
      parameters: {},
      collectedAt: COLLECTED,
      outcome: 'error',
      errorCode: code,
    },
  );
}

const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

// ---------- organization (held by the management account) ----------
put(MGMT, 'global', 'sts', 'GetCallerIdentity', {
  UserId: 'AROADEMO0000000000001:rigsight',
  Account: MGMT,
  Arn: `arn:aws:sts::${MGMT}:assumed-role/rigsight-audit/rigsight`,
});
put(WORK, 'global', 'sts', 'GetCallerIdentity', {
  UserId: 'AROADEMO0000000000002:rigsight',
  Account: WORK,
  Arn: `arn:aws:sts::${WORK}:assumed-role/rigsight-audit/rigsight`,
});
const organization = {
  Organization: {
    Id: ORG,
    Arn: `arn:aws:organizations::${MGMT}:organization/${ORG}`,
    FeatureSet: 'ALL',
    MasterAccountArn: `arn:aws:organizations::${MGMT}:account/${ORG}/${MGMT}`,
    MasterAccountId: MGMT,
    MasterAccountEmail: 'aws-root@acme.example',
  },
};
put(MGMT, 'global', 'organizations', 'DescribeOrganization', organization);
put(WORK, 'global', 'organizations', 'DescribeOrganization', organization);
put(MGMT, 'global', 'organizations', 'ListAccounts', {
  Accounts: [
    {
      Id: MGMT,
      Arn: `arn:aws:organizations::${MGMT}:account/${ORG}/${MGMT}`,
      Email: 'aws-root@acme.example',
      Name: 'acme-management',
      Status: 'ACTIVE',
      JoinedMethod: 'INVITED',
      JoinedTimestamp: '2021-03-01T10:00:00+00:00',
    },
    {
      Id: WORK,
      Arn: `arn:aws:organizations::${MGMT}:account/${ORG}/${WORK}`,
      Email: 'aws-workloads@acme.example',
      Name: 'acme-workloads',
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: '2021-03-02T10:00:00+00:00',
    },
  ],
});
put(MGMT, 'global', 'organizations', 'ListRoots', {
  Roots: [
    {
      Id: ROOT,
      Arn: `arn:aws:organizations::${MGMT}:root/${ORG}/${ROOT}`,
      Name: 'Root',
      PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
  ],
});
put(
  MGMT,
  'global',
  'organizations',
  'ListParents',
  { Parents: [{ Id: OU, Type: 'ORGANIZATIONAL_UNIT' }] },
  WORK,
);
put(MGMT, 'global', 'organizations', 'ListParents', { Parents: [{ Id: ROOT, Type: 'ROOT' }] }, OU);
const scp = (id: string, name: string, description: string, aws = false) => ({
  Id: id,
  Arn: `arn:aws:organizations::${aws ? 'aws' : MGMT}:policy/${aws ? '' : `${ORG}/`}service_control_policy/${id}`,
  Name: name,
  Description: description,
  Type: 'SERVICE_CONTROL_POLICY',
  AwsManaged: aws,
});
const fullAccess = scp('p-FullAWSAccess', 'FullAWSAccess', 'Allows access to every operation', true);
const denyRegions = scp(
  'p-dr7x2k9q',
  'deny-unapproved-regions',
  'Workloads run in us-east-1 and eu-west-1 only',
);
const protectLogs = scp('p-pl4m8n2c', 'protect-audit-evidence', 'Nobody stops trails or deletes flow logs');
put(
  MGMT,
  'global',
  'organizations',
  'ListPolicies',
  { Policies: [fullAccess, denyRegions, protectLogs] },
  undefined,
  { Filter: 'SERVICE_CONTROL_POLICY' },
);
const policyDoc = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
put(
  MGMT,
  'global',
  'organizations',
  'DescribePolicy',
  {
    Policy: {
      PolicySummary: fullAccess,
      Content: policyDoc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    },
  },
  'p-FullAWSAccess',
);
put(
  MGMT,
  'global',
  'organizations',
  'DescribePolicy',
  {
    Policy: {
      PolicySummary: denyRegions,
      Content: policyDoc([
        {
          Sid: 'DenyOutsideApprovedRegions',
          Effect: 'Deny',
          NotAction: [
            'iam:*',
            'organizations:*',
            'sts:*',
            'support:*',
            'budgets:*',
            'ce:*',
            'cloudfront:*',
            'route53:*',
            'globalaccelerator:*',
          ],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        },
      ]),
    },
  },
  'p-dr7x2k9q',
);
put(
  MGMT,
  'global',
  'organizations',
  'DescribePolicy',
  {
    Policy: {
      PolicySummary: protectLogs,
      Content: policyDoc([
        {
          Sid: 'ProtectTrails',
          Effect: 'Deny',
          Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors'],
          Resource: '*',
        },
        {
          Sid: 'ProtectFlowLogs',
          Effect: 'Deny',
          Action: ['ec2:DeleteFlowLogs', 'logs:DeleteLogGroup'],
          Resource: '*',
        },
      ]),
    },
  },
  'p-pl4m8n2c',
);
put(MGMT, 'global', 'organizations', 'ListPoliciesForTarget', { Policies: [fullAccess, protectLogs] }, ROOT, {
  TargetId: ROOT,
  Filter: 'SERVICE_CONTROL_POLICY',
});
// AWS attaches FullAWSAccess to every OU and account when SCPs are enabled; every level needs an Allow.
put(MGMT, 'global', 'organizations', 'ListPoliciesForTarget', { Policies: [fullAccess, denyRegions] }, OU, {
  TargetId: OU,
  Filter: 'SERVICE_CONTROL_POLICY',
});
put(MGMT, 'global', 'organizations', 'ListPoliciesForTarget', { Policies: [fullAccess] }, WORK, {
  TargetId: WORK,
  Filter: 'SERVICE_CONTROL_POLICY',
});
put(MGMT, 'global', 'organizations', 'ListPoliciesForTarget', { Policies: [fullAccess] }, MGMT, {
  TargetId: MGMT,
  Filter: 'SERVICE_CONTROL_POLICY',
});

// ---------- cost anomaly detection (management account watches the organization) ----------
const monitorArn = `arn:aws:ce::${MGMT}:anomalymonitor/5c1a0f3e-9d1b-4d7e-8c2a-0e6b7f1a2d3c`;
put(MGMT, 'global', 'ce', 'GetAnomalyMonitors', {
  AnomalyMonitors: [
    {
      MonitorArn: monitorArn,
      MonitorName: 'aws-services',
      CreationDate: '2024-02-01',
      LastEvaluatedDate: '2026-11-25',
      MonitorType: 'DIMENSIONAL',
      MonitorDimension: 'SERVICE',
      DimensionalValueCount: 42,
    },
  ],
});
put(MGMT, 'global', 'ce', 'GetAnomalySubscriptions', {
  AnomalySubscriptions: [
    {
      SubscriptionArn: `arn:aws:ce::${MGMT}:anomalysubscription/9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b`,
      AccountId: MGMT,
      MonitorArnList: [monitorArn],
      Subscribers: [{ Address: 'finops@acme.example', Type: 'EMAIL', Status: 'CONFIRMED' }],
      Frequency: 'DAILY',
      SubscriptionName: 'daily-anomalies',
      ThresholdExpression: {
        Dimensions: {
          Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
          Values: ['100'],
          MatchOptions: ['GREATER_THAN_OR_EQUAL'],
        },
      },
    },
  ],
});
put(WORK, 'global', 'ce', 'GetAnomalyMonitors', { AnomalyMonitors: [] });
put(WORK, 'global', 'ce', 'GetAnomalySubscriptions', { AnomalySubscriptions: [] });

// ---------- identity ----------
const doc = (Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const trust = (Principal: unknown, extra: Record<string, unknown> = {}) =>
  doc([{ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra }]);
const managed = (name: string, document: unknown, aws = false, account = MGMT) => ({
  PolicyName: name,
  PolicyId: `ANPA${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(17, 'X')
    .slice(0, 17)}`,
  Arn: aws ? `arn:aws:iam::aws:policy/${name}` : `arn:aws:iam::${account}:policy/${name}`,
  Path: '/',
  DefaultVersionId: 'v1',
  AttachmentCount: 1,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  CreateDate: '2023-01-10T12:00:00+00:00',
  UpdateDate: '2023-01-10T12:00:00+00:00',
  PolicyVersionList: [
    { Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2023-01-10T12:00:00+00:00' },
  ],
});
const adminDoc = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const ec2FullDoc = doc([
  { Action: 'ec2:*', Effect: 'Allow', Resource: '*' },
  { Effect: 'Allow', Action: 'elasticloadbalancing:*', Resource: '*' },
  { Effect: 'Allow', Action: 'cloudwatch:*', Resource: '*' },
  { Effect: 'Allow', Action: 'autoscaling:*', Resource: '*' },
  {
    Effect: 'Allow',
    Action: 'iam:CreateServiceLinkedRole',
    Resource: '*',
    Condition: {
      StringEquals: {
        'iam:AWSServiceName': [
          'autoscaling.amazonaws.com',
          'ec2scheduled.amazonaws.com',
          'elasticloadbalancing.amazonaws.com',
          'spot.amazonaws.com',
          'spotfleet.amazonaws.com',
          'transitgateway.amazonaws.com',
        ],
      },
    },
  },
]);
const readOnlyDoc = doc([
  {
    Effect: 'Allow',
    Action: [
      'ec2:Describe*',
      'cloudtrail:Describe*',
      'cloudtrail:Get*',
      'logs:Describe*',
      'iam:Get*',
      'iam:List*',
    ],
    Resource: '*',
  },
]);
const role = (
  account: string,
  name: string,
  trustDoc: unknown,
  attached: { PolicyName: string; PolicyArn: string }[],
  inline: { PolicyName: string; PolicyDocument: unknown }[] = [],
  extra: Record<string, unknown> = {},
) => ({
  Path: '/',
  RoleName: name,
  RoleId: `AROA${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(17, 'Q')
    .slice(0, 17)}`,
  // A role's ARN carries its path: service-linked roles live under /aws-service-role/<service>/.
  Arn: `arn:aws:iam::${account}:role${(extra.Path as string | undefined) ?? '/'}${name}`,
  CreateDate: '2023-02-01T08:00:00+00:00',
  AssumeRolePolicyDocument: trustDoc,
  InstanceProfileList: [],
  RolePolicyList: inline,
  AttachedManagedPolicies: attached,
  Tags: [],
  RoleLastUsed: {},
  ...extra,
});
const user = (
  account: string,
  name: string,
  groups: string[],
  attached: { PolicyName: string; PolicyArn: string }[],
  inline: { PolicyName: string; PolicyDocument: unknown }[] = [],
) => ({
  Path: '/',
  UserName: name,
  UserId: `AIDA${name
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .padEnd(17, 'Z')
    .slice(0, 17)}`,
  Arn: `arn:aws:iam::${account}:user/${name}`,
  CreateDate: '2022-06-15T08:00:00+00:00',
  GroupList: groups,
  UserPolicyList: inline,
  AttachedManagedPolicies: attached,
  Tags: [],
});
const attach = (name: string, account?: string) => ({
  PolicyName: name,
  PolicyArn: account ? `arn:aws:iam::${account}:policy/${name}` : `arn:aws:iam::aws:policy/${name}`,
});

put(MGMT, 'global', 'iam', 'GetAccountAuthorizationDetails', {
  UserDetailList: [user(MGMT, 'alice', ['admins'], [])],
  GroupDetailList: [
    {
      Path: '/',
      GroupName: 'admins',
      GroupId: 'AGPAADMINSGROUP000001',
      Arn: `arn:aws:iam::${MGMT}:group/admins`,
      CreateDate: '2021-03-01T10:00:00+00:00',
      GroupPolicyList: [],
      AttachedManagedPolicies: [attach('AdministratorAccess')],
    },
  ],
  RoleDetailList: [
    role(MGMT, 'OrganizationAccountAccessRole', trust({ AWS: `arn:aws:iam::${MGMT}:root` }), [
      attach('AdministratorAccess'),
    ]),
    role(MGMT, 'rigsight-audit', trust({ AWS: `arn:aws:iam::${MGMT}:root` }), [
      attach('SecurityAudit'),
      attach('ViewOnlyAccess'),
    ]),
    role(
      MGMT,
      'github-actions-infra',
      trust(
        { Federated: `arn:aws:iam::${MGMT}:oidc-provider/token.actions.githubusercontent.com` },
        {
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
          },
        },
      ),
      [attach('AmazonEC2FullAccess')],
      [
        {
          PolicyName: 'deploy-to-workloads',
          PolicyDocument: doc([
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: `arn:aws:iam::${WORK}:role/deploy-pipeline`,
            },
          ]),
        },
      ],
    ),
    role(
      MGMT,
      'AWSServiceRoleForAutoScaling',
      trust({ Service: 'autoscaling.amazonaws.com' }),
      [attach('AutoScalingServiceRolePolicy')],
      [],
      { Path: '/aws-service-role/autoscaling.amazonaws.com/' },
    ),
  ],
  Policies: [
    managed('AdministratorAccess', adminDoc, true),
    managed('AmazonEC2FullAccess', ec2FullDoc, true),
    managed('SecurityAudit', readOnlyDoc, true),
    managed('ViewOnlyAccess', readOnlyDoc, true),
    managed(
      'AutoScalingServiceRolePolicy',
      doc([
        {
          Effect: 'Allow',
          Action: ['ec2:RunInstances', 'ec2:TerminateInstances', 'ec2:CreateTags', 'ec2:Describe*'],
          Resource: '*',
        },
      ]),
      true,
    ),
  ],
});
put(WORK, 'global', 'iam', 'GetAccountAuthorizationDetails', {
  UserDetailList: [
    user(
      WORK,
      'ci-bot',
      [],
      [],
      [
        {
          PolicyName: 'ci-build-boxes',
          PolicyDocument: doc([
            {
              Sid: 'BuildBoxes',
              Effect: 'Allow',
              Action: ['ec2:RunInstances', 'ec2:CreateTags', 'ec2:Describe*', 'ec2:TerminateInstances'],
              Resource: '*',
            },
          ]),
        },
      ],
    ),
    user(WORK, 'bob', ['developers'], []),
  ],
  GroupDetailList: [
    {
      Path: '/',
      GroupName: 'developers',
      GroupId: 'AGPADEVELOPERS0000001',
      Arn: `arn:aws:iam::${WORK}:group/developers`,
      CreateDate: '2021-03-02T10:00:00+00:00',
      GroupPolicyList: [
        {
          PolicyName: 'assume-data-science',
          PolicyDocument: doc([
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${WORK}:role/data-science` },
          ]),
        },
      ],
      AttachedManagedPolicies: [attach('ReadOnlyAccess')],
    },
  ],
  RoleDetailList: [
    role(WORK, 'OrganizationAccountAccessRole', trust({ AWS: `arn:aws:iam::${MGMT}:root` }), [
      attach('AdministratorAccess'),
    ]),
    role(WORK, 'rigsight-audit', trust({ AWS: `arn:aws:iam::${MGMT}:root` }), [
      attach('SecurityAudit'),
      attach('ViewOnlyAccess'),
    ]),
    role(
      WORK,
      'deploy-pipeline',
      trust({ AWS: `arn:aws:iam::${MGMT}:role/github-actions-infra` }),
      [attach('AmazonEC2FullAccess')],
      [
        {
          PolicyName: 'pass-instance-roles',
          PolicyDocument: doc([
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${WORK}:role/app-*` },
          ]),
        },
      ],
    ),
    role(
      WORK,
      'data-science',
      trust({ AWS: [`arn:aws:iam::${WORK}:root`, 'arn:aws:iam::999988887777:root'] }),
      [],
      [
        {
          PolicyName: 'notebooks',
          PolicyDocument: doc([
            {
              Sid: 'Notebooks',
              Effect: 'Allow',
              Action: [
                'sagemaker:CreateNotebookInstance',
                'sagemaker:CreateTrainingJob',
                'sagemaker:CreateProcessingJob',
              ],
              Resource: '*',
              Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
            },
            {
              Sid: 'PassExecutionRole',
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: `arn:aws:iam::${WORK}:role/sagemaker-execution`,
            },
          ]),
        },
      ],
    ),
    role(
      WORK,
      'sagemaker-execution',
      trust({ Service: 'sagemaker.amazonaws.com' }),
      [],
      [
        {
          PolicyName: 'data-access',
          PolicyDocument: doc([
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: 'arn:aws:s3:::acme-analytics/*',
            },
          ]),
        },
      ],
    ),
    role(
      WORK,
      'app-web',
      trust({ Service: 'ec2.amazonaws.com' }),
      [],
      [
        {
          PolicyName: 'app',
          PolicyDocument: doc([
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-web-assets/*' },
          ]),
        },
      ],
    ),
    role(
      WORK,
      'AWSServiceRoleForAutoScaling',
      trust({ Service: 'autoscaling.amazonaws.com' }),
      [attach('AutoScalingServiceRolePolicy')],
      [],
      { Path: '/aws-service-role/autoscaling.amazonaws.com/' },
    ),
  ],
  Policies: [
    managed('AdministratorAccess', adminDoc, true),
    managed('AmazonEC2FullAccess', ec2FullDoc, true),
    managed('SecurityAudit', readOnlyDoc, true),
    managed('ViewOnlyAccess', readOnlyDoc, true),
    managed(
      'ReadOnlyAccess',
      doc([
        {
          Effect: 'Allow',
          Action: ['ec2:Describe*', 's3:Get*', 's3:List*', 'cloudwatch:Get*'],
          Resource: '*',
        },
      ]),
      true,
    ),
    managed(
      'AutoScalingServiceRolePolicy',
      doc([
        {
          Effect: 'Allow',
          Action: ['ec2:RunInstances', 'ec2:TerminateInstances', 'ec2:CreateTags', 'ec2:Describe*'],
          Resource: '*',
        },
      ]),
      true,
    ),
  ],
});
const credentialReport = (rows: string[]) => ({
  Content: Buffer.from(
    [
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
      ...rows,
    ].join('\n'),
  ).toString('base64'),
  ReportFormat: 'text/csv',
  GeneratedTime: '2026-11-26T08:58:00+00:00',
});
put(
  MGMT,
  'global',
  'iam',
  'GetCredentialReport',
  credentialReport([
    `<root_account>,arn:aws:iam::${MGMT}:root,2021-03-01T10:00:00+00:00,not_supported,2026-01-04T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `alice,arn:aws:iam::${MGMT}:user/alice,2022-06-15T08:00:00+00:00,true,2026-11-20T09:00:00+00:00,2026-08-01T09:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ]),
);
put(
  WORK,
  'global',
  'iam',
  'GetCredentialReport',
  credentialReport([
    `<root_account>,arn:aws:iam::${WORK}:root,2021-03-02T10:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `ci-bot,arn:aws:iam::${WORK}:user/ci-bot,2022-06-15T08:00:00+00:00,false,N/A,N/A,N/A,false,true,2023-01-05T08:00:00+00:00,2026-11-20T02:14:00+00:00,us-east-1,ec2,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `bob,arn:aws:iam::${WORK}:user/bob,2022-06-15T08:00:00+00:00,true,2026-11-25T17:00:00+00:00,2026-05-01T09:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ]),
);

// ---------- regional building blocks ----------
interface Eni {
  id: string;
  subnet: string;
  vpc: string;
  ip: string;
  publicIp?: string;
  mac: string;
  groups: [string, string][];
}
/** Cores per instance type (two threads per core), as DescribeInstances reports them in CpuOptions. */
const cores: Record<string, number> = {
  'm6i.large': 1,
  'c6i.4xlarge': 8,
  'g4dn.12xlarge': 24,
  't3.large': 1,
  'r6i.xlarge': 2,
};

function instance(
  account: string,
  region: string,
  id: string,
  type: string,
  image: string,
  launched: string,
  eni: Eni,
  tagSet: Record<string, string>,
  detailed = false,
) {
  return {
    AmiLaunchIndex: 0,
    ImageId: image,
    InstanceId: id,
    InstanceType: type,
    LaunchTime: launched,
    Monitoring: { State: detailed ? 'enabled' : 'disabled' },
    CpuOptions: { CoreCount: cores[type] ?? 1, ThreadsPerCore: 2 },
    Placement: { AvailabilityZone: `${region}a`, GroupName: '', Tenancy: 'default' },
    PrivateDnsName: `ip-${eni.ip.replace(/\./g, '-')}.${region === 'us-east-1' ? 'ec2' : `${region}.compute`}.internal`,
    PrivateIpAddress: eni.ip,
    ...(eni.publicIp ? { PublicIpAddress: eni.publicIp } : {}),
    State: { Code: 16, Name: 'running' },
    SubnetId: eni.subnet,
    VpcId: eni.vpc,
    Architecture: 'x86_64',
    NetworkInterfaces: [
      {
        Attachment: {
          AttachTime: launched,
          AttachmentId: `eni-attach-${eni.id.slice(4)}`,
          DeleteOnTermination: true,
          DeviceIndex: 0,
          Status: 'attached',
        },
        Groups: eni.groups.map(([GroupId, GroupName]) => ({ GroupId, GroupName })),
        MacAddress: eni.mac,
        NetworkInterfaceId: eni.id,
        OwnerId: account,
        PrivateIpAddress: eni.ip,
        PrivateIpAddresses: [
          {
            Primary: true,
            PrivateIpAddress: eni.ip,
            ...(eni.publicIp ? { Association: { IpOwnerId: 'amazon', PublicIp: eni.publicIp } } : {}),
          },
        ],
        ...(eni.publicIp ? { Association: { IpOwnerId: 'amazon', PublicIp: eni.publicIp } } : {}),
        SourceDestCheck: true,
        Status: 'in-use',
        SubnetId: eni.subnet,
        VpcId: eni.vpc,
        InterfaceType: 'interface',
      },
    ],
    SecurityGroups: eni.groups.map(([GroupId, GroupName]) => ({ GroupId, GroupName })),
    Tags: tags(tagSet),
  };
}
const reservation = (account: string, id: string, instances: unknown[]) => ({
  ReservationId: id,
  OwnerId: account,
  Groups: [],
  Instances: instances,
});
const vpc = (account: string, id: string, cidr: string, name: string) => ({
  CidrBlock: cidr,
  DhcpOptionsId: 'dopt-0d1e2f3a',
  State: 'available',
  VpcId: id,
  OwnerId: account,
  InstanceTenancy: 'default',
  CidrBlockAssociationSet: [
    {
      AssociationId: `vpc-cidr-assoc-${id.slice(4)}`,
      CidrBlock: cidr,
      CidrBlockState: { State: 'associated' },
    },
  ],
  IsDefault: false,
  Tags: tags({ Name: name }),
});
const subnet = (account: string, region: string, id: string, vpcId: string, cidr: string, name: string) => ({
  AvailabilityZone: `${region}a`,
  CidrBlock: cidr,
  State: 'available',
  SubnetId: id,
  VpcId: vpcId,
  OwnerId: account,
  MapPublicIpOnLaunch: false,
  SubnetArn: `arn:aws:ec2:${region}:${account}:subnet/${id}`,
  Tags: tags({ Name: name }),
});
const routeTable = (
  account: string,
  id: string,
  vpcId: string,
  subnets: string[],
  main: boolean,
  routes: Record<string, unknown>[],
) => ({
  RouteTableId: id,
  VpcId: vpcId,
  OwnerId: account,
  PropagatingVgws: [],
  Tags: [],
  Associations: [
    ...(main
      ? [
          {
            Main: true,
            RouteTableAssociationId: `rtbassoc-${id.slice(4)}m`,
            RouteTableId: id,
            AssociationState: { State: 'associated' },
          },
        ]
      : []),
    ...subnets.map((s, i) => ({
      Main: false,
      RouteTableAssociationId: `rtbassoc-${id.slice(4)}${i}`,
      RouteTableId: id,
      SubnetId: s,
      AssociationState: { State: 'associated' },
    })),
  ],
  Routes: [
    { DestinationCidrBlock: '10.0.0.0/8', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
    ...routes,
  ],
});
const egressRule = (
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  cidrs: string[],
  ipv6: string[] = [],
) => ({
  IpProtocol: protocol,
  ...(from !== undefined ? { FromPort: from, ToPort: to } : {}),
  IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
  Ipv6Ranges: ipv6.map((CidrIpv6) => ({ CidrIpv6 })),
  PrefixListIds: [],
  UserIdGroupPairs: [],
});
const securityGroup = (
  account: string,
  region: string,
  id: string,
  name: string,
  vpcId: string,
  egress: unknown[],
  ingress: unknown[] = [],
) => ({
  Description: name,
  GroupName: name,
  IpPermissions: ingress,
  OwnerId: account,
  GroupId: id,
  IpPermissionsEgress: egress,
  VpcId: vpcId,
  SecurityGroupArn: `arn:aws:ec2:${region}:${account}:security-group/${id}`,
});
const defaultAcl = (account: string, id: string, vpcId: string, subnets: string[]) => ({
  Associations: subnets.map((s, i) => ({
    NetworkAclAssociationId: `aclassoc-${id.slice(4)}${i}`,
    NetworkAclId: id,
    SubnetId: s,
  })),
  Entries: [
    { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
    { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
    { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
    { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
  ],
  IsDefault: true,
  NetworkAclId: id,
  Tags: [],
  VpcId: vpcId,
  OwnerId: account,
});
const cpuAlarm = (
  account: string,
  region: string,
  name: string,
  dimensions: { Name: string; Value: string }[],
  actions: string[],
) => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`,
  AlarmDescription: 'Sustained high CPU',
  AlarmConfigurationUpdatedTimestamp: '2025-04-02T10:00:00+00:00',
  ActionsEnabled: true,
  OKActions: [],
  AlarmActions: actions,
  InsufficientDataActions: [],
  StateValue: 'OK',
  StateReason: 'Threshold Crossed: 3 datapoints were not greater than the threshold (80.0).',
  StateUpdatedTimestamp: '2026-11-25T10:00:00+00:00',
  MetricName: 'CPUUtilization',
  Namespace: 'AWS/EC2',
  Statistic: 'Average',
  Dimensions: dimensions,
  Period: 300,
  EvaluationPeriods: 3,
  Threshold: 80,
  ComparisonOperator: 'GreaterThanThreshold',
});
const lifecycle = (days: number, prefix = '') => ({
  Rules: [
    {
      Expiration: { Days: days },
      ID: `expire-after-${days}-days`,
      Filter: { Prefix: prefix },
      Status: 'Enabled',
      Transitions: [{ Days: 30, StorageClass: 'GLACIER_IR' }],
    },
  ],
});
const detector = (features: string[]) => ({
  CreatedAt: '2023-05-01T10:00:00.000Z',
  FindingPublishingFrequency: 'FIFTEEN_MINUTES',
  ServiceRole: 'arn:aws:iam::role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
  Status: 'ENABLED',
  UpdatedAt: '2026-01-10T10:00:00.000Z',
  Features: [
    'CLOUD_TRAIL',
    'DNS_LOGS',
    'FLOW_LOGS',
    'S3_DATA_EVENTS',
    'EBS_MALWARE_PROTECTION',
    'RUNTIME_MONITORING',
  ].map((Name) => ({
    Name,
    Status: features.includes(Name) ? 'ENABLED' : 'DISABLED',
    UpdatedAt: '2026-01-10T10:00:00+00:00',
  })),
});

// ---------- the organization trail (management account, us-east-1, every region and account) ----------
const orgTrail = {
  Name: 'org-trail',
  S3BucketName: 'acme-org-cloudtrail-logs',
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: true,
  HomeRegion: 'us-east-1',
  TrailARN: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`,
  LogFileValidationEnabled: true,
  CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MGMT}:log-group:aws-cloudtrail-org:*`,
  CloudWatchLogsRoleArn: `arn:aws:iam::${MGMT}:role/cloudtrail-to-cloudwatch`,
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
  IsOrganizationTrail: true,
};
for (const account of [MGMT, WORK]) {
  for (const region of ['us-east-1', 'eu-west-1']) {
    const own =
      account === WORK && region === 'eu-west-1'
        ? [
            {
              Name: 'app-trail',
              S3BucketName: 'acme-workloads-app-trail',
              IncludeGlobalServiceEvents: false,
              IsMultiRegionTrail: false,
              HomeRegion: 'eu-west-1',
              TrailARN: `arn:aws:cloudtrail:eu-west-1:${WORK}:trail/app-trail`,
              LogFileValidationEnabled: false,
              HasCustomEventSelectors: true,
              HasInsightSelectors: false,
              IsOrganizationTrail: false,
            },
          ]
        : [];
    put(account, region, 'cloudtrail', 'DescribeTrails', { trailList: [orgTrail, ...own] });
  }
}
put(
  MGMT,
  'us-east-1',
  'cloudtrail',
  'GetTrailStatus',
  {
    IsLogging: true,
    LatestDeliveryTime: '2026-11-26T08:55:12+00:00',
    StartLoggingTime: '2021-03-01T12:00:00+00:00',
    LatestDigestDeliveryTime: '2026-11-26T08:31:40+00:00',
    TimeLoggingStarted: '2021-03-01T12:00:00Z',
  },
  'org-trail',
);
put(
  MGMT,
  'us-east-1',
  'cloudtrail',
  'GetEventSelectors',
  {
    TrailARN: orgTrail.TrailARN,
    EventSelectors: [
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ],
  },
  'org-trail',
);
put(
  WORK,
  'eu-west-1',
  'cloudtrail',
  'GetTrailStatus',
  { IsLogging: true, LatestDeliveryTime: '2026-11-26T08:50:02+00:00' },
  'app-trail',
);
put(
  WORK,
  'eu-west-1',
  'cloudtrail',
  'GetEventSelectors',
  {
    TrailARN: `arn:aws:cloudtrail:eu-west-1:${WORK}:trail/app-trail`,
    EventSelectors: [
      {
        ReadWriteType: 'ReadOnly',
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ],
  },
  'app-trail',
);
put(
  MGMT,
  'us-east-1',
  's3api',
  'GetBucketLifecycleConfiguration',
  lifecycle(400),
  'acme-org-cloudtrail-logs',
);
put(WORK, 'eu-west-1', 's3api', 'GetBucketLifecycleConfiguration', lifecycle(90), 'acme-workloads-app-trail');
put(
  WORK,
  'us-east-1',
  's3api',
  'GetBucketLifecycleConfiguration',
  lifecycle(30, 'AWSLogs/'),
  'acme-workloads-flowlogs',
);

// ---------- management account: a build runner in a private subnet with no way out ----------
{
  const a = MGMT;
  const r = 'us-east-1';
  const eni: Eni = {
    id: 'eni-0c33a1b2c3d4e5f60',
    subnet: 'subnet-0c33aa00000000001',
    vpc: 'vpc-0c33f00000000000a',
    ip: '10.40.1.25',
    mac: '0e:3c:33:aa:01:25',
    groups: [['sg-0c33b00000000001a', 'build-runner']],
  };
  put(a, r, 'ec2', 'DescribeInstances', {
    Reservations: [
      reservation(a, 'r-0c33000000000001', [
        instance(
          a,
          r,
          'i-0c33000000000c001',
          't3.large',
          'ami-0f1e2d3c4b5a69788',
          '2026-09-02T07:30:00+00:00',
          eni,
          { Name: 'build-runner', owner: 'platform-team' },
        ),
      ]),
    ],
  });
  put(a, r, 'ec2', 'DescribeVpcs', { Vpcs: [vpc(a, eni.vpc, '10.40.0.0/16', 'shared-services')] });
  put(a, r, 'ec2', 'DescribeSubnets', {
    Subnets: [subnet(a, r, eni.subnet, eni.vpc, '10.40.1.0/24', 'build-private')],
  });
  put(a, r, 'ec2', 'DescribeRouteTables', {
    RouteTables: [
      routeTable(a, 'rtb-0c33000000000001a', eni.vpc, [eni.subnet], true, [
        {
          DestinationPrefixListId: 'pl-63a5400a',
          GatewayId: 'vpce-0c33e00000000001',
          Origin: 'CreateRoute',
          State: 'active',
        },
      ]),
    ],
  });
  put(a, r, 'ec2', 'DescribeSecurityGroups', {
    SecurityGroups: [
      securityGroup(a, r, 'sg-0c33b00000000001a', 'build-runner', eni.vpc, [
        egressRule('-1', undefined, undefined, ['0.0.0.0/0']),
      ]),
    ],
  });
  put(a, r, 'ec2', 'DescribeNetworkAcls', {
    NetworkAcls: [defaultAcl(a, 'acl-0c33000000000001a', eni.vpc, [eni.subnet])],
  });
  put(a, r, 'ec2', 'DescribeFlowLogs', { FlowLogs: [] });
  put(a, r, 'autoscaling', 'DescribeAutoScalingGroups', { AutoScalingGroups: [] });
  put(a, r, 'cloudwatch', 'DescribeAlarms', {
    MetricAlarms: [cpuAlarm(a, r, 'fleet-cpu-high', [], [`arn:aws:sns:${r}:${a}:platform-alerts`])],
    CompositeAlarms: [],
  });
  put(a, r, 'logs', 'DescribeLogGroups', {
    logGroups: [
      {
        logGroupName: 'aws-cloudtrail-org',
        creationTime: 1614600000000,
        retentionInDays: 30,
        metricFilterCount: 2,
        arn: `arn:aws:logs:${r}:${a}:log-group:aws-cloudtrail-org:*`,
        storedBytes: 982345678,
      },
    ],
  });
  put(a, r, 'guardduty', 'ListDetectors', { DetectorIds: ['8ec4a1f5b3e2d7c6a9f0e1d2c3b4a596'] });
  put(
    a,
    r,
    'guardduty',
    'GetDetector',
    detector(['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS', 'S3_DATA_EVENTS']),
    '8ec4a1f5b3e2d7c6a9f0e1d2c3b4a596',
  );
  put(a, r, 'route53resolver', 'ListResolverQueryLogConfigs', { ResolverQueryLogConfigs: [] });
  put(a, r, 'route53resolver', 'ListResolverQueryLogConfigAssociations', {
    ResolverQueryLogConfigAssociations: [],
  });

  const e = 'eu-west-1';
  put(a, e, 'ec2', 'DescribeInstances', { Reservations: [] });
  put(a, e, 'ec2', 'DescribeVpcs', { Vpcs: [] });
  put(a, e, 'ec2', 'DescribeSubnets', { Subnets: [] });
  put(a, e, 'ec2', 'DescribeRouteTables', { RouteTables: [] });
  put(a, e, 'ec2', 'DescribeSecurityGroups', { SecurityGroups: [] });
  put(a, e, 'ec2', 'DescribeNetworkAcls', { NetworkAcls: [] });
  put(a, e, 'ec2', 'DescribeFlowLogs', { FlowLogs: [] });
  put(a, e, 'autoscaling', 'DescribeAutoScalingGroups', { AutoScalingGroups: [] });
  put(a, e, 'cloudwatch', 'DescribeAlarms', { MetricAlarms: [], CompositeAlarms: [] });
  put(a, e, 'logs', 'DescribeLogGroups', { logGroups: [] });
  put(a, e, 'guardduty', 'ListDetectors', { DetectorIds: [] });
  put(a, e, 'route53resolver', 'ListResolverQueryLogConfigs', { ResolverQueryLogConfigs: [] });
  put(a, e, 'route53resolver', 'ListResolverQueryLogConfigAssociations', {
    ResolverQueryLogConfigAssociations: [],
  });
}

// ---------- workloads account, us-east-1: web, batch (Auto Scaling), and an untagged GPU box ----------
{
  const a = WORK;
  const r = 'us-east-1';
  const vpcId = 'vpc-0a11f00000000000a';
  const pub = 'subnet-0a11aa00000000001';
  const priv = 'subnet-0a11aa00000000002';
  const web: Eni = {
    id: 'eni-0a11a1b2c3d4e5f01',
    subnet: pub,
    vpc: vpcId,
    ip: '10.20.1.10',
    publicIp: '54.210.33.17',
    mac: '0e:a1:11:01:00:10',
    groups: [['sg-0a11b00000000001a', 'web']],
  };
  const batch: Eni = {
    id: 'eni-0a11a1b2c3d4e5f02',
    subnet: priv,
    vpc: vpcId,
    ip: '10.20.2.31',
    mac: '0e:a1:11:02:00:31',
    groups: [['sg-0a11b00000000002a', 'batch']],
  };
  const gpu: Eni = {
    id: 'eni-0a11a1b2c3d4e5f03',
    subnet: pub,
    vpc: vpcId,
    ip: '10.20.1.77',
    publicIp: '3.91.140.201',
    mac: '0e:a1:11:01:00:77',
    groups: [['sg-0a11b00000000003a', 'launch-wizard-1']],
  };
  put(a, r, 'ec2', 'DescribeInstances', {
    Reservations: [
      reservation(a, 'r-0a11000000000001', [
        instance(
          a,
          r,
          'i-0a11000000000a001',
          'm6i.large',
          'ami-0a1b2c3d4e5f60718',
          '2026-06-11T13:02:00+00:00',
          web,
          { Name: 'web-1', owner: 'storefront', 'change-ticket': 'CHG-20417' },
          true,
        ),
      ]),
      reservation(a, 'r-0a11000000000002', [
        instance(
          a,
          r,
          'i-0a11000000000a002',
          'c6i.4xlarge',
          'ami-0a1b2c3d4e5f60718',
          '2026-11-24T01:00:00+00:00',
          batch,
          { Name: 'batch-worker', owner: 'data-platform', 'aws:autoscaling:groupName': 'batch-asg' },
        ),
      ]),
      reservation(a, 'r-0a11000000000003', [
        instance(
          a,
          r,
          'i-0a11000000000a003',
          'g4dn.12xlarge',
          'ami-0badc0ffee0ddf00d',
          '2026-11-20T02:14:07+00:00',
          gpu,
          {},
        ),
      ]),
    ],
  });
  put(a, r, 'autoscaling', 'DescribeAutoScalingGroups', {
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'batch-asg',
        AutoScalingGroupARN: `arn:aws:autoscaling:${r}:${a}:autoScalingGroup:7f1e2d3c-4b5a-6978-8f9e-0d1c2b3a4958:autoScalingGroupName/batch-asg`,
        MinSize: 0,
        MaxSize: 20,
        DesiredCapacity: 1,
        DefaultCooldown: 300,
        AvailabilityZones: [`${r}a`],
        HealthCheckType: 'EC2',
        CreatedTime: '2024-09-01T10:00:00+00:00',
        VPCZoneIdentifier: priv,
        Instances: [
          {
            InstanceId: 'i-0a11000000000a002',
            InstanceType: 'c6i.4xlarge',
            AvailabilityZone: `${r}a`,
            LifecycleState: 'InService',
            HealthStatus: 'Healthy',
            ProtectedFromScaleIn: false,
          },
        ],
        Tags: [
          {
            ResourceId: 'batch-asg',
            ResourceType: 'auto-scaling-group',
            Key: 'owner',
            Value: 'data-platform',
            PropagateAtLaunch: true,
          },
        ],
      },
    ],
  });
  put(a, r, 'ec2', 'DescribeVpcs', { Vpcs: [vpc(a, vpcId, '10.20.0.0/16', 'prod-vpc')] });
  put(a, r, 'ec2', 'DescribeSubnets', {
    Subnets: [
      subnet(a, r, pub, vpcId, '10.20.1.0/24', 'prod-public'),
      subnet(a, r, priv, vpcId, '10.20.2.0/24', 'prod-private'),
    ],
  });
  put(a, r, 'ec2', 'DescribeRouteTables', {
    RouteTables: [
      routeTable(a, 'rtb-0a11000000000001a', vpcId, [pub], true, [
        {
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: 'igw-0a11c00000000001',
          Origin: 'CreateRoute',
          State: 'active',
        },
      ]),
      routeTable(a, 'rtb-0a11000000000002a', vpcId, [priv], false, [
        {
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: 'nat-0a11d000000000001',
          Origin: 'CreateRoute',
          State: 'active',
        },
      ]),
    ],
  });
  put(a, r, 'ec2', 'DescribeSecurityGroups', {
    SecurityGroups: [
      securityGroup(
        a,
        r,
        'sg-0a11b00000000001a',
        'web',
        vpcId,
        [egressRule('tcp', 443, 443, ['0.0.0.0/0']), egressRule('tcp', 5432, 5432, ['10.20.0.0/16'])],
        [egressRule('tcp', 443, 443, ['0.0.0.0/0'])],
      ),
      securityGroup(a, r, 'sg-0a11b00000000002a', 'batch', vpcId, [
        egressRule('tcp', 443, 443, ['0.0.0.0/0']),
        egressRule('-1', undefined, undefined, ['10.0.0.0/8']),
      ]),
      securityGroup(
        a,
        r,
        'sg-0a11b00000000003a',
        'launch-wizard-1',
        vpcId,
        [egressRule('-1', undefined, undefined, ['0.0.0.0/0'], ['::/0'])],
        [egressRule('tcp', 22, 22, ['0.0.0.0/0'])],
      ),
    ],
  });
  put(a, r, 'ec2', 'DescribeNetworkAcls', {
    NetworkAcls: [defaultAcl(a, 'acl-0a11000000000001a', vpcId, [pub, priv])],
  });
  put(a, r, 'ec2', 'DescribeFlowLogs', {
    FlowLogs: [
      {
        CreationTime: '2024-09-01T10:00:00+00:00',
        DeliverLogsStatus: 'SUCCESS',
        FlowLogId: 'fl-0a11e00000000001a',
        FlowLogStatus: 'ACTIVE',
        ResourceId: vpcId,
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        LogDestination: 'arn:aws:s3:::acme-workloads-flowlogs',
        LogFormat:
          '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
        MaxAggregationInterval: 600,
      },
    ],
  });
  put(a, r, 'cloudwatch', 'DescribeAlarms', {
    MetricAlarms: [
      cpuAlarm(
        a,
        r,
        'batch-asg-cpu-high',
        [{ Name: 'AutoScalingGroupName', Value: 'batch-asg' }],
        [`arn:aws:sns:${r}:${a}:data-platform-oncall`],
      ),
      cpuAlarm(a, r, 'web-1-cpu', [{ Name: 'InstanceId', Value: 'i-0a11000000000a001' }], []),
    ],
    CompositeAlarms: [],
  });
  put(a, r, 'logs', 'DescribeLogGroups', { logGroups: [] });
  put(a, r, 'guardduty', 'ListDetectors', { DetectorIds: ['2ac4b1f5e3d2c7b6a9f0e1d2c3b4a5f7'] });
  put(
    a,
    r,
    'guardduty',
    'GetDetector',
    detector(['CLOUD_TRAIL', 'DNS_LOGS', 'FLOW_LOGS', 'RUNTIME_MONITORING']),
    '2ac4b1f5e3d2c7b6a9f0e1d2c3b4a5f7',
  );
  put(a, r, 'route53resolver', 'ListResolverQueryLogConfigs', {
    ResolverQueryLogConfigs: [
      {
        Id: 'rqlc-0a11f0e1d2c3b4a5',
        OwnerId: a,
        Status: 'CREATED',
        ShareStatus: 'NOT_SHARED',
        AssociationCount: 1,
        Arn: `arn:aws:route53resolver:${r}:${a}:resolver-query-log-config/rqlc-0a11f0e1d2c3b4a5`,
        Name: 'prod-dns-queries',
        DestinationArn: `arn:aws:logs:${r}:${a}:log-group:/dns/prod-queries`,
        CreatorRequestId: 'terraform-20240901',
        CreationTime: '2024-09-01T10:05:00.000Z',
      },
    ],
  });
  put(a, r, 'route53resolver', 'ListResolverQueryLogConfigAssociations', {
    ResolverQueryLogConfigAssociations: [
      {
        Id: 'rqlca-0a11a9b8c7d6e5f4',
        ResolverQueryLogConfigId: 'rqlc-0a11f0e1d2c3b4a5',
        ResourceId: vpcId,
        Status: 'ACTIVE',
        Error: 'NONE',
        ErrorMessage: '',
        CreationTime: '2024-09-01T10:06:00.000Z',
      },
    ],
  });
}

// ---------- workloads account, eu-west-1: analytics with REJECT-only flow logs and a denied GuardDuty call ----------
{
  const a = WORK;
  const r = 'eu-west-1';
  const vpcId = 'vpc-0b22f00000000000b';
  const etl: Eni = {
    id: 'eni-0b22a1b2c3d4e5f01',
    subnet: 'subnet-0b22aa00000000001',
    vpc: vpcId,
    ip: '10.30.1.14',
    mac: '06:b2:22:01:00:14',
    groups: [['sg-0b22b00000000001b', 'etl']],
  };
  put(a, r, 'ec2', 'DescribeInstances', {
    Reservations: [
      reservation(a, 'r-0b22000000000001', [
        instance(
          a,
          r,
          'i-0b22000000000b001',
          'r6i.xlarge',
          'ami-0e9d8c7b6a5f40312',
          '2026-03-14T09:00:00+00:00',
          etl,
          { Name: 'etl-1', owner: 'analytics' },
        ),
      ]),
    ],
  });
  put(a, r, 'autoscaling', 'DescribeAutoScalingGroups', { AutoScalingGroups: [] });
  put(a, r, 'ec2', 'DescribeVpcs', { Vpcs: [vpc(a, vpcId, '10.30.0.0/16', 'analytics-vpc')] });
  put(a, r, 'ec2', 'DescribeSubnets', {
    Subnets: [subnet(a, r, etl.subnet, vpcId, '10.30.1.0/24', 'analytics-private')],
  });
  put(a, r, 'ec2', 'DescribeRouteTables', {
    RouteTables: [
      routeTable(a, 'rtb-0b22000000000001b', vpcId, [etl.subnet], true, [
        {
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: 'nat-0b22d000000000001',
          Origin: 'CreateRoute',
          State: 'active',
        },
      ]),
    ],
  });
  put(a, r, 'ec2', 'DescribeSecurityGroups', {
    SecurityGroups: [
      securityGroup(a, r, 'sg-0b22b00000000001b', 'etl', vpcId, [
        egressRule('tcp', 1024, 65535, ['0.0.0.0/0']),
        egressRule('tcp', 443, 443, ['0.0.0.0/0']),
      ]),
    ],
  });
  put(a, r, 'ec2', 'DescribeNetworkAcls', {
    NetworkAcls: [defaultAcl(a, 'acl-0b22000000000001b', vpcId, [etl.subnet])],
  });
  put(a, r, 'ec2', 'DescribeFlowLogs', {
    FlowLogs: [
      {
        CreationTime: '2025-01-20T10:00:00+00:00',
        DeliverLogsStatus: 'SUCCESS',
        FlowLogId: 'fl-0b22e00000000001b',
        FlowLogStatus: 'ACTIVE',
        LogGroupName: '/vpc/analytics-rejects',
        ResourceId: vpcId,
        TrafficType: 'REJECT',
        LogDestinationType: 'cloud-watch-logs',
        LogDestination: `arn:aws:logs:${r}:${a}:log-group:/vpc/analytics-rejects`,
        LogFormat:
          '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
        MaxAggregationInterval: 600,
      },
    ],
  });
  put(a, r, 'cloudwatch', 'DescribeAlarms', { MetricAlarms: [], CompositeAlarms: [] });
  put(a, r, 'logs', 'DescribeLogGroups', {
    logGroups: [
      {
        logGroupName: '/vpc/analytics-rejects',
        creationTime: 1737367200000,
        retentionInDays: 14,
        metricFilterCount: 0,
        arn: `arn:aws:logs:${r}:${a}:log-group:/vpc/analytics-rejects:*`,
        storedBytes: 1234567,
      },
    ],
  });
  fail(
    a,
    r,
    'guardduty',
    'ListDetectors',
    'AccessDeniedException',
    `User: arn:aws:sts::${a}:assumed-role/rigsight-audit/rigsight is not authorized to perform: guardduty:ListDetectors with an explicit deny in a service control policy`,
    403,
  );
  put(a, r, 'route53resolver', 'ListResolverQueryLogConfigs', { ResolverQueryLogConfigs: [] });
  put(a, r, 'route53resolver', 'ListResolverQueryLogConfigAssociations', {
    ResolverQueryLogConfigAssociations: [],
  });
}

// ---------- EC2 vCPU quotas: how much compute one stolen key could start ----------
const quotas: [string, string, number][] = [
  ['L-1216C47A', 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', 256],
  ['L-DB2E81BA', 'Running On-Demand G and VT instances', 96],
  ['L-417A185B', 'Running On-Demand P instances', 0],
  ['L-74FC7D96', 'Running On-Demand F instances', 0],
  ['L-1945791B', 'Running On-Demand Inf instances', 0],
  ['L-7295265B', 'Running On-Demand X instances', 0],
];
for (const [account, values] of [
  [MGMT, [32, 0, 0, 0, 0, 0]],
  [WORK, [256, 96, 0, 0, 0, 0]],
] as const) {
  for (const region of ['us-east-1', 'eu-west-1']) {
    quotas.forEach(([code, name, _], i) => {
      const value = region === 'us-east-1' ? values[i] : Math.min(values[i] ?? 0, 64);
      put(
        account,
        region,
        'service-quotas',
        'GetServiceQuota',
        {
          Quota: {
            ServiceCode: 'ec2',
            ServiceName: 'Amazon Elastic Compute Cloud (Amazon EC2)',
            QuotaArn: `arn:aws:servicequotas:${region}:${account}:ec2/${code}`,
            QuotaCode: code,
            QuotaName: name,
            Value: value,
            Unit: 'None',
            Adjustable: true,
            GlobalQuota: false,
          },
        },
        code,
        { ServiceCode: 'ec2', QuotaCode: code },
      );
    });
  }
}

writer.addScope({
  provider: 'aws',
  id: MGMT,
  caller: `arn:aws:sts::${MGMT}:assumed-role/rigsight-audit/rigsight (demo estate)`,
  status: 'collected',
});
writer.addScope({
  provider: 'aws',
  id: WORK,
  caller: `arn:aws:sts::${WORK}:assumed-role/rigsight-audit/rigsight (demo estate)`,
  status: 'collected',
});
writeAzureSubscription(writer);
writeGcpProject(writer, COLLECTED);
const manifest = writer.finish();
console.log(`demo bundle: ${manifest.files.length} files in ${root}`);
