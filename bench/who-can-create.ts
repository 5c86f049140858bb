/**
 * Who-can-create at scale: generates one account with 5,000 roles, 1,000 users, 200 groups and 3,000
 * customer managed policies (wildcards, NotAction, denies, conditions, boundaries, trust chains, an SCP
 * path), runs the full analysis, and compares it with a baseline measured in the same run: reading the
 * same file and pattern-matching action names, which is what posture tools do today.
 *
 *   npm run bench:iam            (targets: < 10 s on one core, < 1 GB)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeCreators } from '../providers/aws/iam/index.js';
import { EvidenceBundle } from '../src/evidence/bundle.js';
import { loadPolicy } from '../src/policy/load.js';

const ACCOUNT = '111111111111';
const MANAGEMENT = '999999999999';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const COUNTS = {
  roles: Math.round(5000 * SCALE),
  users: Math.round(1000 * SCALE),
  groups: Math.round(200 * SCALE),
  policies: Math.round(3000 * SCALE),
};

// Deterministic generator so runs compare.
let seed = 0x2545f491;
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const chance = (p: number): boolean => rnd() < p;

const SERVICES = [
  's3',
  'dynamodb',
  'logs',
  'sqs',
  'sns',
  'kms',
  'cloudwatch',
  'events',
  'ssm',
  'secretsmanager',
];
const COMPUTEY = [
  'ec2:Run*',
  'ec2:*',
  'lambda:*',
  'autoscaling:*',
  'ecs:RunTask',
  'batch:*',
  'sagemaker:Create*',
  'glue:*',
  'codebuild:StartBuild',
];
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

function statement(i: number): Record<string, unknown> {
  const r = rnd();
  if (r < 0.4)
    return {
      Effect: 'Allow',
      Action: [`${pick(SERVICES)}:Get*`, `${pick(SERVICES)}:Put*`, `${pick(SERVICES)}:List*`],
      Resource: chance(0.5) ? '*' : `arn:aws:${pick(SERVICES)}:*:${ACCOUNT}:*`,
    };
  if (r < 0.52)
    return {
      Sid: `Compute${i}`,
      Effect: 'Allow',
      Action: [pick(COMPUTEY), 'ec2:Describe*'],
      Resource: chance(0.5)
        ? '*'
        : [
            `arn:aws:ec2:us-east-1:${ACCOUNT}:*`,
            'arn:aws:ec2:us-east-1::image/*',
            `arn:aws:lambda:*:${ACCOUNT}:function:team-*`,
          ],
    };
  if (r < 0.58)
    return { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' };
  if (r < 0.66)
    return chance(0.5)
      ? {
          Effect: 'Deny',
          Action: 'ec2:RunInstances',
          Resource: 'arn:aws:ec2:*:*:instance/*',
          Condition: { StringLike: { 'ec2:InstanceType': ['p*', 'g*'] } },
        }
      : {
          Effect: 'Deny',
          Action: ['lightsail:*', 'ec2:RunInstances'],
          Resource: `arn:aws:ec2:ap-*:${ACCOUNT}:instance/*`,
        };
  if (r < 0.74)
    return {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: chance(0.3) ? '*' : ROLE(`team-${Math.floor(rnd() * 50)}-*`),
    };
  if (r < 0.8)
    return {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: ROLE(`svc-${Math.floor(rnd() * 20)}*`),
      Condition: chance(0.5) ? { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } : undefined,
    };
  if (r < 0.88)
    return {
      Effect: 'Allow',
      Action: [pick(COMPUTEY)],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
    };
  if (r < 0.9)
    return {
      Effect: 'Allow',
      Action: ['iam:PutUserPolicy', 'iam:CreateAccessKey'],
      Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
    };
  return { Effect: 'Allow', Action: [`${pick(SERVICES)}:*`], Resource: '*' };
}

function doc(statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements.map((s) => JSON.parse(JSON.stringify(s))) };
}

/** API/SDK shape for a fifth of documents: URL-encoded JSON strings. */
function maybeEncoded(d: Record<string, unknown>): unknown {
  return chance(0.2) ? encodeURIComponent(JSON.stringify(d)) : d;
}

function generate(): { gaad: unknown; credentialCsv: string } {
  const policies = Array.from({ length: COUNTS.policies }, (_, i) => {
    const n = 1 + Math.floor(rnd() * 4);
    const boundary = i < 30;
    const document = boundary
      ? doc([
          {
            Effect: 'Allow',
            Action: ['s3:*', 'lambda:*', 'ec2:Describe*', 'sts:AssumeRole', 'logs:*'],
            Resource: '*',
          },
        ])
      : doc(Array.from({ length: n }, (_, k) => statement(i * 10 + k)));
    return {
      PolicyName: `${boundary ? 'boundary' : 'policy'}-${i}`,
      Arn: `arn:aws:iam::${ACCOUNT}:policy/${boundary ? 'boundary' : 'policy'}-${i}`,
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        {
          Document: maybeEncoded(doc([{ Effect: 'Allow', Action: '*', Resource: '*' }])),
          VersionId: 'v1',
          IsDefaultVersion: false,
        },
        { Document: maybeEncoded(document), VersionId: 'v2', IsDefaultVersion: true },
      ],
    };
  });
  const customer = policies.slice(30).map((p) => p.Arn);
  const boundaries = policies.slice(0, 30).map((p) => p.Arn);
  const attach = (k: number) => Array.from({ length: k }, () => ({ PolicyArn: pick(customer) }));

  const groups = Array.from({ length: COUNTS.groups }, (_, i) => ({
    GroupName: `group-${i}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/group-${i}`,
    GroupPolicyList: chance(0.3)
      ? [{ PolicyName: 'inline', PolicyDocument: maybeEncoded(doc([statement(i)])) }]
      : [],
    AttachedManagedPolicies: attach(1 + Math.floor(rnd() * 4)),
  }));

  const users = Array.from({ length: COUNTS.users }, (_, i) => ({
    UserName: `user-${i}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user/user-${i}`,
    GroupList: Array.from(
      { length: 1 + Math.floor(rnd() * 3) },
      () => `group-${Math.floor(rnd() * COUNTS.groups)}`,
    ),
    UserPolicyList: chance(0.3)
      ? [{ PolicyName: 'own', PolicyDocument: maybeEncoded(doc([statement(i)])) }]
      : [],
    AttachedManagedPolicies: attach(Math.floor(rnd() * 3)),
    ...(chance(0.2)
      ? {
          PermissionsBoundary: {
            PermissionsBoundaryType: 'Policy',
            PermissionsBoundaryArn: pick(boundaries),
          },
        }
      : {}),
  }));

  const roles = Array.from({ length: COUNTS.roles }, (_, i) => {
    const name = i < 1000 ? `svc-${i % 20}-${i}` : i < 3000 ? `team-${i % 50}-${i}` : `app-${i}`;
    const r = rnd();
    let principal: unknown;
    let condition: unknown;
    if (r < 0.45)
      principal = { Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) };
    else if (r < 0.75) principal = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
    else if (r < 0.9)
      principal = {
        AWS: chance(0.5)
          ? `arn:aws:iam::${ACCOUNT}:user/user-${Math.floor(rnd() * COUNTS.users)}`
          : ROLE(`team-${Math.floor(rnd() * 50)}-${1000 + Math.floor(rnd() * 2000)}`),
      };
    else if (r < 0.95) principal = { AWS: `arn:aws:iam::${200000000000 + Math.floor(rnd() * 1000)}:root` };
    else if (r < 0.98) {
      principal = { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` };
      condition = { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example/*' } };
    } else {
      principal = '*';
      condition = { StringEquals: { 'aws:PrincipalOrgID': 'o-example' } };
    }
    const trust = doc([
      {
        Effect: 'Allow',
        Principal: principal,
        Action: (principal as { Federated?: string }).Federated
          ? 'sts:AssumeRoleWithWebIdentity'
          : 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ]);
    return {
      RoleName: name,
      Path: '/',
      Arn: ROLE(name),
      AssumeRolePolicyDocument: maybeEncoded(trust),
      RolePolicyList: chance(0.3)
        ? [{ PolicyName: 'inline', PolicyDocument: maybeEncoded(doc([statement(i)])) }]
        : [],
      AttachedManagedPolicies: attach(1 + Math.floor(rnd() * 3)),
      InstanceProfileList: [],
      ...(chance(0.1)
        ? {
            PermissionsBoundary: {
              PermissionsBoundaryType: 'Policy',
              PermissionsBoundaryArn: pick(boundaries),
            },
          }
        : {}),
    };
  });

  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated';
  const rows = users.map(
    (u) =>
      `${u.UserName},${u.Arn},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,${chance(0.3)},N/A,false,N/A`,
  );
  rows.unshift(
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,false,N/A`,
  );
  return {
    gaad: { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies },
    credentialCsv: [header, ...rows].join('\n'),
  };
}

function write(dir: string, path: string, value: unknown): void {
  const full = join(dir, ...path.split('/'));
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, typeof value === 'string' ? value : JSON.stringify(value));
}

function scp(id: string, statements: Record<string, unknown>[]): unknown {
  return {
    Policy: {
      PolicySummary: { Id: id, Name: id, Type: 'SERVICE_CONTROL_POLICY' },
      Content: JSON.stringify(doc(statements)),
    },
  };
}

function buildBundle(): { dir: string; gaadFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-bench-iam-'));
  const { gaad, credentialCsv } = generate();
  const base = `aws/${ACCOUNT}/global`;
  write(dir, `${base}/iam/GetAccountAuthorizationDetails.json`, gaad);
  write(dir, `${base}/iam/GetCredentialReport.json`, {
    Content: Buffer.from(credentialCsv).toString('base64'),
    ReportFormat: 'text/csv',
  });
  const org = { Organization: { Id: 'o-example', MasterAccountId: MANAGEMENT, FeatureSet: 'ALL' } };
  write(dir, `${base}/organizations/DescribeOrganization.json`, org);
  const mg = `aws/${MANAGEMENT}/global/organizations`;
  write(dir, `${mg}/DescribeOrganization.json`, org);
  write(dir, `${mg}/ListRoots.json`, {
    Roots: [{ Id: 'r-root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
  });
  write(dir, `${mg}/ListParents/${ACCOUNT}.json`, {
    Parents: [{ Id: 'ou-root-workloads', Type: 'ORGANIZATIONAL_UNIT' }],
  });
  write(dir, `${mg}/ListParents/ou-root-workloads.json`, { Parents: [{ Id: 'r-root', Type: 'ROOT' }] });
  const summary = (id: string) => ({ Policies: [{ Id: id, Name: id, Type: 'SERVICE_CONTROL_POLICY' }] });
  write(dir, `${mg}/ListPoliciesForTarget/r-root.json`, summary('p-FullAWSAccess'));
  write(dir, `${mg}/ListPoliciesForTarget/ou-root-workloads.json`, {
    Policies: [{ Id: 'p-FullAWSAccess' }, { Id: 'p-regions' }],
  });
  write(dir, `${mg}/ListPoliciesForTarget/${ACCOUNT}.json`, summary('p-FullAWSAccess'));
  write(
    dir,
    `${mg}/DescribePolicy/p-FullAWSAccess.json`,
    scp('p-FullAWSAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  );
  write(
    dir,
    `${mg}/DescribePolicy/p-regions.json`,
    scp('p-regions', [
      {
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 'organizations:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      },
      { Effect: 'Deny', Action: 'lightsail:*', Resource: '*' },
    ]),
  );
  return { dir, gaadFile: join(dir, ...`${base}/iam/GetAccountAuthorizationDetails.json`.split('/')) };
}

/** What pattern-matching tools do: parse the same file, flag any principal whose policies name a compute action. */
function baseline(file: string): number {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    UserDetailList: { AttachedManagedPolicies: { PolicyArn: string }[] }[];
    RoleDetailList: { AttachedManagedPolicies: { PolicyArn: string }[] }[];
    Policies: { Arn: string; PolicyVersionList: { Document: unknown; IsDefaultVersion: boolean }[] }[];
  };
  const risky = new Set<string>();
  for (const p of data.Policies) {
    const v = p.PolicyVersionList.find((x) => x.IsDefaultVersion);
    const text =
      typeof v?.Document === 'string' ? decodeURIComponent(v.Document) : JSON.stringify(v?.Document);
    if (/ec2:RunInstances|ec2:\*|lambda:CreateFunction|"\*"/.test(text)) risky.add(p.Arn);
  }
  let flagged = 0;
  for (const u of [...data.UserDetailList, ...data.RoleDetailList])
    if (u.AttachedManagedPolicies.some((a) => risky.has(a.PolicyArn))) flagged++;
  return flagged;
}

async function main(): Promise<void> {
  const { dir, gaadFile } = buildBundle();
  const { policy } = loadPolicy();
  try {
    const t0 = performance.now();
    const flagged = baseline(gaadFile);
    const tBase = performance.now() - t0;

    const t1 = performance.now();
    const bundle = await EvidenceBundle.open(dir);
    const { creators, gaps } = await analyzeCreators(bundle, policy);
    const tFull = performance.now() - t1;

    const principals = COUNTS.users + COUNTS.roles + 1;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const conditional = creators.filter((c) => c.conditions?.length).length;
    const chained = creators.filter((c) => c.via.length).length;
    const external = creators.filter((c) => c.external).length;
    console.log(
      `who-can-create bench: ${COUNTS.roles} roles, ${COUNTS.users} users, ${COUNTS.groups} groups, ${COUNTS.policies} managed policies, 3-level SCP path`,
    );
    console.log(
      `  baseline (parse + action-name pattern match): ${tBase.toFixed(0)} ms, ${flagged} principals flagged`,
    );
    console.log(
      `  rigsight full analysis:                        ${tFull.toFixed(0)} ms, ${(principals / (tFull / 1000)).toFixed(0)} principals/s`,
    );
    console.log(`  ratio full / baseline:                         ${(tFull / tBase).toFixed(1)} x`);
    console.log(
      `  creators: ${creators.length} (${chained} through chains, ${conditional} conditional, ${external} external entry points); gaps: ${gaps.length}`,
    );
    console.log(`  peak RSS: ${peakMb.toFixed(0)} MB`);
    console.log(
      `  targets: < 10000 ms (${tFull < 10_000 ? 'met' : 'MISSED'}), < 1024 MB (${peakMb < 1024 ? 'met' : 'MISSED'})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
