import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assess } from '../../../../src/assess/assess.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import type { Answer } from '../../../fakes/aws/estate.js';
import { collectFrom, startFake } from '../../../fakes/aws/harness.js';
import type { FakeAws, Fault } from '../../../fakes/aws/server.js';
import { SyntheticEstate, type SyntheticOptions } from '../../../fakes/aws/synthetic.js';

const options: SyntheticOptions = {
  accounts: 3,
  regions: ['eu-west-1'],
  perList: 2,
  orgRole: 'rigsight-audit',
  failingAccounts: [2],
};
const estate = new SyntheticEstate(options);
const [management, member, unreachable] = estate.ids as [string, string, string];

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function run(faults: Fault[], e = estate) {
  fake = await startFake(e, { account: management }, { faults });
  const result = await collectFrom(fake, {
    orgRole: 'rigsight-audit',
    regions: ['eu-west-1'],
    // Long enough that a loaded machine answers in time, short enough that a hang is cut quickly.
    requestTimeoutMs: 1_500,
  });
  const read = (path: string) =>
    JSON.parse(readFileSync(join(result.out, path), 'utf8')) as Record<string, unknown>;
  return { ...result, fake, read };
}

describe('transient faults are retried with the SDK standard retry logic', () => {
  it('throttling, a 5xx and a hung request all succeed on a later attempt', async () => {
    const { summary, fake, read } = await run([
      { service: 'ec2', operation: 'DescribeInstances', account: member, kind: 'throttle', times: 2 },
      { service: 'cloudtrail', operation: 'DescribeTrails', account: member, kind: 'server-error' },
      { service: 'logs', operation: 'DescribeLogGroups', account: member, kind: 'timeout' },
      { service: 'organizations', operation: 'ListParents', kind: 'throttle' },
      { service: 's3api', operation: 'GetBucketLifecycleConfiguration', kind: 'server-error' },
    ]);
    const instances = fake.calls('ec2', 'DescribeInstances').filter((c) => c.account === member);
    expect(instances.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(
      fake
        .calls('logs', 'DescribeLogGroups')
        .filter((c) => c.account === member)
        .map((c) => c.attempt),
    ).toEqual([1, 2]);
    expect(summary.retries).toBeGreaterThanOrEqual(6);
    expect(read(`aws/${member}/eu-west-1/ec2/DescribeInstances.json`).Reservations).toHaveLength(2);
    expect(read(`aws/${member}/eu-west-1/logs/DescribeLogGroups.json`).logGroups).toHaveLength(2);
    expect(summary.scopes.find((s) => s.id === member)?.status).toBe('collected');
  });
});

describe('failures that outlast retries become evidence, never a crash or a verdict', () => {
  it('keeps denied, throttled and timed-out calls as .error.json, marks the account partial and goes on', async () => {
    const { summary, out, read } = await run([
      { service: 'ec2', operation: 'DescribeFlowLogs', account: member, kind: 'denied', times: Infinity },
      {
        service: 'cloudwatch',
        operation: 'DescribeAlarms',
        account: member,
        kind: 'throttle',
        times: Infinity,
      },
      { service: 'guardduty', operation: 'ListDetectors', account: member, kind: 'timeout', times: Infinity },
    ]);
    expect(read(`aws/${member}/eu-west-1/ec2/DescribeFlowLogs.error.json`)).toEqual({
      Code: 'UnauthorizedOperation',
      Message: `User: arn:aws:sts::${member}:assumed-role/rigsight-audit/rigsight is not authorized to perform: ec2:DescribeFlowLogs`,
      HttpStatus: 403,
      Operation: 'DescribeFlowLogs',
      Parameters: {},
    });
    expect(read(`aws/${member}/eu-west-1/cloudwatch/DescribeAlarms.error.json`)).toMatchObject({
      Code: 'Throttling',
      HttpStatus: 400,
    });
    expect(read(`aws/${member}/eu-west-1/guardduty/ListDetectors.error.json`)).toMatchObject({
      Code: 'TimeoutError',
    });
    const scope = summary.scopes.find((s) => s.id === member);
    expect(scope?.status).toBe('partial');
    expect(scope?.reason).toMatch(/^3 calls failed/);
    expect(summary.scopes.find((s) => s.id === management)?.status).toBe('collected');

    const manifest = read('manifest.json') as unknown as Manifest;
    const entry = manifest.files.find((f) =>
      f.path.endsWith(`${member}/eu-west-1/ec2/DescribeFlowLogs.error.json`),
    );
    expect(entry).toMatchObject({ outcome: 'error', errorCode: 'UnauthorizedOperation' });

    // The report shows the blind spots as unassessed with the reason, never as pass or fail.
    const { document } = await assess({
      evidence: out,
      policy: loadPolicy(),
      now: new Date('2026-11-27T00:00:00Z'),
    });
    const flow = document.findings.filter((f) => f.control === 'flow-logging' && f.scope === member);
    expect(flow.length).toBeGreaterThan(0);
    for (const f of flow) {
      expect(f.status).toBe('unassessed');
      expect(f.reason).toMatch(/access was denied \(UnauthorizedOperation/);
    }
    const threat = document.findings.filter((f) => f.control === 'threat-detection' && f.scope === member);
    expect(threat.map((f) => f.status)).toEqual(['unassessed']);
  });

  it('marks an account whose role cannot be assumed as failed with the reason, and collects the rest', async () => {
    const { summary, out, read } = await run([]);
    const failed = summary.scopes.find((s) => s.id === unreachable);
    expect(failed).toEqual({
      id: unreachable,
      caller: null,
      status: 'failed',
      reason: `could not assume arn:aws:iam::${unreachable}:role/rigsight-audit (AccessDenied: User: arn:aws:iam::${management}:user/auditor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${unreachable}:role/rigsight-audit)`,
    });
    expect(read(`aws/${unreachable}/global/sts/AssumeRole.error.json`)).toMatchObject({
      Code: 'AccessDenied',
      Operation: 'AssumeRole',
      Parameters: { RoleArn: `arn:aws:iam::${unreachable}:role/rigsight-audit`, RoleSessionName: 'rigsight' },
    });
    const manifest = read('manifest.json') as unknown as Manifest;
    expect(manifest.scopes.find((s) => s.id === unreachable)).toMatchObject({
      status: 'failed',
      caller: null,
    });
    expect(existsSync(join(out, `aws/${unreachable}/eu-west-1`))).toBe(false);
    expect(summary.scopes.filter((s) => s.status === 'collected').map((s) => s.id)).toEqual([
      management,
      member,
    ]);
  });

  it('records a region where a service is not available as an error and collects the others', async () => {
    const patchy = new (class extends SyntheticEstate {
      override answer(
        account: string,
        region: string,
        service: string,
        operation: string,
        key?: string,
      ): Answer | undefined {
        if (service === 'route53resolver' && region === 'eu-west-1')
          return {
            kind: 'error',
            code: 'UnrecognizedClientException',
            message: 'The security token included in the request is invalid.',
            status: 400,
          };
        return super.answer(account, region, service, operation, key);
      }
    })({ ...options, failingAccounts: [] });
    const { read } = await run([], patchy);
    expect(
      read(`aws/${member}/eu-west-1/route53resolver/ListResolverQueryLogConfigs.error.json`),
    ).toMatchObject({
      Code: 'UnrecognizedClientException',
    });
    expect(read(`aws/${member}/eu-west-1/ec2/DescribeVpcs.json`).Vpcs).toHaveLength(2);
  });

  it('stops with a clear reason when the credentials do not work at all', async () => {
    fake = await startFake(estate, { account: management });
    await expect(
      collectFrom(fake, {
        credentials: async () => ({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'nope-nope-nope' }),
      }),
    ).rejects.toThrow(/cannot call AWS with the configured credentials \(InvalidClientTokenId/);
  });
});
