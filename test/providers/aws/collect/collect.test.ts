import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declarations } from '../../../../providers/aws/collect/catalog.js';
import type { CollectSummary } from '../../../../src/collect/summary.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { verifyBundle } from '../../../../src/evidence/verify.js';
import { collectFrom, startFake } from '../../../fakes/aws/harness.js';
import type { FakeAws } from '../../../fakes/aws/server.js';
import { SyntheticEstate } from '../../../fakes/aws/synthetic.js';

// Five of everything with two per page: every paginated operation needs three pages.
const estate = new SyntheticEstate({
  accounts: 2,
  regions: ['eu-west-1', 'us-east-1'],
  perList: 5,
  orgRole: 'rigsight-audit',
  findings: 3,
  singletons: 'lists',
});
const [management, member] = estate.ids as [string, string];

let fake: FakeAws;
let out: string;
let summary: CollectSummary;
const read = (path: string) => JSON.parse(readFileSync(join(out, path), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  fake = await startFake(estate, { account: management }, { pageSize: 2, reportPolls: 2 });
  ({ out, summary } = await collectFrom(fake, { orgRole: 'rigsight-audit' }));
});
afterAll(() => fake.stop());

describe('rigsight collect against an organization', () => {
  it('collects every ACTIVE account with no failed call', () => {
    expect(summary.scopes).toEqual([
      { id: management, caller: `arn:aws:iam::${management}:user/auditor`, status: 'collected' },
      {
        id: member,
        caller: `arn:aws:sts::${member}:assumed-role/rigsight-audit/rigsight`,
        status: 'collected',
      },
    ]);
    expect(summary.failedCalls).toBe(0);
  });

  it('follows the pages of every paginated operation and merges them as the CLI prints them', () => {
    const paginated = declarations.filter((d) => d.paging);
    for (const d of paginated) {
      const calls = fake.calls(d.service, d.operation);
      const withToken = calls.filter((c) =>
        Object.keys(c.params).some((k) => k.toLowerCase() === d.paging?.input.toLowerCase()),
      );
      expect(withToken.length, `${d.id} was called with a page token`).toBeGreaterThan(0);
    }
    const instances = read(`aws/${member}/eu-west-1/ec2/DescribeInstances.json`);
    expect((instances.Reservations as unknown[]).length).toBe(5);
    expect(instances).not.toHaveProperty('NextToken');
    const iam = read(`aws/${member}/global/iam/GetAccountAuthorizationDetails.json`);
    expect((iam.RoleDetailList as unknown[]).length).toBe(5);
    expect(iam).not.toHaveProperty('IsTruncated');
    expect(iam).not.toHaveProperty('Marker');
    expect(read(`aws/${management}/global/organizations/ListAccounts.json`).Accounts).toHaveLength(4);
    expect((read(`aws/${member}/us-east-1/logs/DescribeLogGroups.json`).logGroups as unknown[]).length).toBe(
      5,
    );
    // Every result key of a paginated operation is present, even when empty.
    expect(read(`aws/${member}/us-east-1/cloudwatch/DescribeAlarms.json`).CompositeAlarms).toEqual([]);
  });

  it('writes the CLI shapes: ISO timestamps, decoded IAM policies, base64 reports, SCP content as a string', () => {
    const instance = (
      read(`aws/${member}/eu-west-1/ec2/DescribeInstances.json`).Reservations as {
        Instances: { LaunchTime: string }[];
      }[]
    )[0]?.Instances[0];
    expect(instance?.LaunchTime).toBe('2026-11-20T10:00:00+00:00');
    const role = (
      read(`aws/${member}/global/iam/GetAccountAuthorizationDetails.json`).RoleDetailList as {
        AssumeRolePolicyDocument: unknown;
        RolePolicyList: { PolicyDocument: unknown }[];
      }[]
    )[0];
    expect(role?.AssumeRolePolicyDocument).toMatchObject({
      Statement: [{ Principal: { Service: 'ec2.amazonaws.com' } }],
    });
    expect(role?.RolePolicyList[0]?.PolicyDocument).toMatchObject({
      Statement: [{ Action: 's3:GetObject' }],
    });
    const report = read(`aws/${member}/global/iam/GetCredentialReport.json`);
    expect(Buffer.from(String(report.Content), 'base64').toString('utf8')).toMatch(/^user,arn,/);
    const policy = read(`aws/${management}/global/organizations/DescribePolicy/p-0.json`).Policy as {
      Content: unknown;
    };
    expect(typeof policy.Content).toBe('string');
    expect(JSON.parse(policy.Content as string)).toMatchObject({ Statement: [{ Effect: 'Deny' }] });
    const text = readFileSync(join(out, `aws/${member}/global/sts/GetCallerIdentity.json`), 'utf8');
    expect(text).toMatch(/^\{\n {4}"UserId"/);
    expect(text).not.toMatch(/\$metadata/);
  });

  it('puts global services under global/ and DescribeRegions where it was called', () => {
    for (const path of [
      `aws/${member}/global/sts/GetCallerIdentity.json`,
      `aws/${member}/global/iam/GetAccountAuthorizationDetails.json`,
      `aws/${member}/global/ce/GetAnomalyMonitors.json`,
      `aws/${member}/global/organizations/DescribeOrganization.json`,
      `aws/${member}/us-east-1/ec2/DescribeRegions.json`,
      `aws/${management}/global/organizations/ListRoots.json`,
    ])
      expect(existsSync(join(out, path)), path).toBe(true);
    for (const c of fake.calls('iam', 'GetAccountAuthorizationDetails')) expect(c.region).toBe('global');
  });

  it('reads each trail once, in its home region, whichever regions list it', () => {
    const status = fake.calls('cloudtrail', 'GetTrailStatus').filter((c) => c.account === member);
    expect(status).toHaveLength(1);
    expect(status[0]?.region).toBe('us-east-1');
    expect(status[0]?.params.Name).toBe(`arn:aws:cloudtrail:us-east-1:${management}:trail/org-trail`);
    expect(existsSync(join(out, `aws/${member}/us-east-1/cloudtrail/GetTrailStatus/org-trail.json`))).toBe(
      true,
    );
    expect(existsSync(join(out, `aws/${member}/eu-west-1/cloudtrail/GetTrailStatus`))).toBe(false);
  });

  it('reads each log bucket once, as the account that owns it, in the bucket region', () => {
    const lifecycle = fake.calls('s3api', 'GetBucketLifecycleConfiguration');
    const buckets = lifecycle.map((c) => `${c.params.Bucket}@${c.account}/${c.region}`).sort();
    expect(buckets).toEqual([
      `flow-logs-${management}@${management}/eu-west-1`,
      `flow-logs-${member}@${member}/eu-west-1`,
      `org-trail-logs@${management}/us-east-1`,
    ]);
    expect(
      read(`aws/${management}/us-east-1/s3api/GetBucketLifecycleConfiguration/org-trail-logs.json`),
    ).toMatchObject({
      Rules: [{ Expiration: { Days: 400 } }],
    });
  });

  it('maps the organization: parents up to the root, policies on the root, each OU and each member', () => {
    const ous = ['ou-0', 'ou-1', 'ou-2', 'ou-3'];
    const parents = new Set(fake.calls('organizations', 'ListParents').map((c) => c.params.ChildId));
    expect(parents).toEqual(new Set([member, ...ous]));
    const targets = new Set(
      fake.calls('organizations', 'ListPoliciesForTarget').map((c) => c.params.TargetId),
    );
    expect(targets).toEqual(
      new Set(['r-root', 'r-extra1', 'r-extra2', 'r-extra3', 'r-extra4', ...ous, member]),
    );
    for (const c of fake.requests.filter(
      (r) => r.service === 'organizations' && r.operation !== 'DescribeOrganization',
    ))
      expect(c.account).toBe(management);
  });

  it('chains GuardDuty detectors to crypto findings: ListFindings filtered by type, then GetFindings', () => {
    const list = fake.calls('guardduty', 'ListFindings')[0];
    const criteria = JSON.stringify(list?.params);
    expect(criteria).toContain('CryptoCurrency:EC2/BitcoinTool.B!DNS');
    expect(criteria).toContain('Impact:EC2/BitcoinDomainRequest.Reputation');
    const detector = `det1euwest1`;
    const findings = read(`aws/${member}/eu-west-1/guardduty/GetFindings/${detector}.json`)
      .Findings as unknown[];
    expect(findings).toHaveLength(3);
  });

  it('polls the credential report until it is generated, then reads it', () => {
    // Polls, not HTTP attempts: on a loaded machine a slow answer can be retried by the SDK as well.
    const generate = fake
      .calls('iam', 'GenerateCredentialReport')
      .filter((c) => c.account === member && c.attempt === 1);
    expect(generate).toHaveLength(3);
    expect(read(`aws/${member}/global/iam/GenerateCredentialReport.json`).State).toBe('COMPLETE');
  });

  it('writes a manifest that verifies, names each call, and records skipped opt-in regions', async () => {
    const manifest = read('manifest.json') as unknown as Manifest;
    const bundle = await EvidenceBundle.open(out);
    expect(verifyBundle(bundle).ok).toBe(true);
    const entry = manifest.files.find((f) => f.path === `aws/${member}/eu-west-1/ec2/DescribeInstances.json`);
    expect(entry).toMatchObject({
      service: 'ec2',
      operation: 'DescribeInstances',
      region: 'eu-west-1',
      outcome: 'ok',
    });
    const skipped = manifest.files.filter((f) => f.outcome === 'skipped');
    expect(skipped.map((f) => f.path).sort()).toEqual([
      `aws/${management}/af-south-1/`,
      `aws/${member}/af-south-1/`,
    ]);
    expect(skipped[0]?.parameters.reason).toMatch(/opt-in region not enabled/);
    expect(existsSync(join(out, `aws/${member}/af-south-1`))).toBe(false);
    expect(manifest.scopes.map((s) => s.status)).toEqual(['collected', 'collected']);
  });

  it('only ever calls declared read operations (as seen on the wire)', () => {
    const declared = new Set([...declarations.map((d) => d.id), 'sts:AssumeRole']);
    const seen = new Set(fake.requests.map((r) => `${r.service}:${r.operation}`));
    for (const api of seen) expect(declared.has(api), api).toBe(true);
  });
});
