import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cloudTrailReader, roleOfSession } from '../../../../providers/aws/telemetry/cloudtrail.js';
import { ReaderContext } from '../../../../src/detect/reader.js';
import { digestFile } from '../../../../src/detect/run.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const native = 'test/fixtures/telemetry/native/aws';
const policy = loadPolicy();

function tmpFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rigsight-ct-')), name);
  writeFileSync(file, text);
  return file;
}

describe('CloudTrail reader', () => {
  it('reads a documented log file: StartInstances is no creation, but it dates the audit logs read', async () => {
    const d = await digestFile(`${native}/cloudtrail/cloudtrail_doc_example_startinstances.json`, policy);
    expect(d).toMatchObject({ format: 'cloudtrail', records: 1, problemCount: 0, creations: [] });
    expect(d?.auditWindows).toEqual([
      {
        provider: 'aws',
        scope: '123456789012',
        first: Date.parse('2014-03-06T21:22:54Z'),
        last: Date.parse('2014-03-06T21:22:54Z'),
      },
    ]);
  });

  it('keeps a failed launch of an unusual type as a creation attempt, with the role behind the session', async () => {
    const d = await digestFile(
      `${native}/stratus-cloudtrail/aws.execution.ec2-launch-unusual-instances.json`,
      policy,
    );
    expect(d?.records).toBe(3);
    expect(d?.creations).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        errorCode: 'Client.UnauthorizedOperation',
        machineType: 'p2.xlarge',
        region: 'ca-south-3r',
        principalRole: 'arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd',
        pointer: '/0',
      }),
    ]);
  });

  it('recognizes flow-log and resolver query-log deletion as tampering', async () => {
    const flows = await digestFile(
      `${native}/stratus-cloudtrail/aws.defense-evasion.vpc-remove-flow-logs.json`,
      policy,
    );
    const dns = await digestFile(
      `${native}/stratus-cloudtrail/aws.defense-evasion.dns-delete-logs.json`,
      policy,
    );
    expect(flows?.tampering).toEqual([
      expect.objectContaining({
        action: 'DeleteFlowLogs',
        target: 'fl-0e17aa62a21d4bbfe',
        scope: '498376118699',
      }),
    ]);
    expect(dns?.tampering).toEqual([
      expect.objectContaining({ action: 'DeleteResolverQueryLogConfig', target: 'rqlc-4473f20ca554c07' }),
    ]);
  });

  it('reads every record of the larger detonation logs without a problem', async () => {
    for (const [file, records] of [
      ['aws.discovery.ec2-download-user-data.json', 19],
      ['aws.execution.ec2-user-data.json', 35],
    ] as const) {
      const d = await digestFile(`${native}/stratus-cloudtrail/${file}`, policy);
      expect(d).toMatchObject({ records, problemCount: 0, creations: [] });
    }
  });

  it('reads lookup-events output, where each record is a JSON string', async () => {
    const records = JSON.parse(
      readFileSync(`${native}/stratus-cloudtrail/aws.execution.ec2-launch-unusual-instances.json`, 'utf8'),
    ) as { eventID: string; eventName: string; eventTime: string }[];
    const events = records.map((r) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      ReadOnly: 'false',
      EventTime: r.eventTime,
      EventSource: 'ec2.amazonaws.com',
      Resources: [],
      CloudTrailEvent: JSON.stringify(r),
    }));
    const d = await digestFile(tmpFile('lookup.json', JSON.stringify({ Events: events }, null, 4)), policy);
    expect(d).toMatchObject({ format: 'cloudtrail-lookup-events', records: 3 });
    expect(d?.creations[0]).toMatchObject({ outcome: 'failed', pointer: '/Events/0' });
  });

  it('reads records one per line (Firehose or CloudWatch Logs export) and names the line of a bad one', async () => {
    const [first] = JSON.parse(
      readFileSync(`${native}/stratus-cloudtrail/aws.defense-evasion.vpc-remove-flow-logs.json`, 'utf8'),
    ) as unknown[];
    const d = await digestFile(
      tmpFile(
        'trail',
        `${JSON.stringify(first)}\n{"eventVersion": "1.09", "eventSource": \n${JSON.stringify({ eventVersion: '1.09' })}\n`,
      ),
      policy,
    );
    expect(d?.tampering[0]).toMatchObject({ pointer: '#L1' });
    expect(d?.problems).toEqual([
      { line: 2, reason: expect.stringMatching(/^malformed JSON line/) },
      { line: 3, reason: expect.stringMatching(/^not a CloudTrail record/) },
    ]);
  });

  it('matches an STS session to its role ARN', () => {
    expect(roleOfSession('arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1')).toBe(
      'arn:aws:iam::111122223333:role/ci-deployer',
    );
    expect(roleOfSession('arn:aws:iam::111122223333:user/alice')).toBeUndefined();
  });
});

describe('CloudTrail files read record by record', () => {
  it('give exactly what reading the parsed document gives: launches, tampering, odd records, audit windows', async () => {
    const base = (i: number) => ({
      eventVersion: '1.10',
      eventTime: `2026-11-20T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z`,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      awsRegion: 'us-east-1',
      eventID: `e-${i}`,
      recipientAccountId: i % 3 ? '111122223333' : '444455556666',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ci', accountId: '111122223333' },
    });
    const launch = {
      ...base(1),
      eventName: 'RunInstances',
      requestParameters: { instanceType: 'c6i.4xlarge', instancesSet: { items: [{ imageId: 'ami-1' }] } },
      responseElements: {
        instancesSet: {
          items: [
            {
              instanceId: 'i-0abc',
              launchTime: 1763625600000,
              networkInterfaceSet: {
                items: [{ networkInterfaceId: 'eni-1', vpcId: 'vpc-1', privateIpAddress: '10.0.0.1' }],
              },
            },
          ],
        },
      },
    };
    const texts = [
      ...Array.from({ length: 3000 }, (_, i) => JSON.stringify(base(i))),
      JSON.stringify(launch),
      JSON.stringify({ ...base(2), eventName: 'RunInstances', errorCode: 'Client.VcpuLimitExceeded' }),
      JSON.stringify({
        ...base(3),
        eventName: 'DeleteFlowLogs',
        requestParameters: { flowLogIds: ['fl-1'] },
      }),
      JSON.stringify({
        ...base(4),
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        errorCode: 'AccessDenied',
      }),
      JSON.stringify({ ...base(5), recipientAccountId: undefined }),
      JSON.stringify({ ...base(6), eventTime: 'yesterday' }),
      JSON.stringify({ ...base(7), eventName: 'Run\u00censtances' }),
      JSON.stringify(base(8)).replace('"eventName"', '"event\\u004eame"'),
      JSON.stringify(launch).replace('{', '{"eventName":"DescribeInstances",'),
      JSON.stringify(base(9)).replace(
        '"recipientAccountId":"111122223333"',
        '"recipientAccountId":"1111\\u00322223333"',
      ),
      // A key spelt with an escape overrides the plain one before it: only a full parse sees that.
      `${JSON.stringify(base(11)).slice(0, -1)},"event\\u0054ime":"2026-11-19T00:00:00Z"}`,
      '42',
      JSON.stringify({ ...base(10), Records: [{ eventName: 'RunInstances' }] }),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-ct-'));
    for (const [name, text] of [
      ['object.json', `{"Records":[\n${texts.join(',\n')}]}`],
      ['array.json', `[${texts.join(',')}]`],
    ] as const) {
      writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
      for (const file of [join(dir, name), join(dir, `${name}.gz`)]) {
        const ctx = new ReaderContext(file, 'cloudtrail', compileIntel(policy).matcher, new Map());
        cloudTrailReader.readValue(JSON.parse(text), { pointer: '' }, ctx);
        const { sha256: _, ...want } = ctx.finish();
        const { sha256: __, ...got } = (await digestFile(file, policy)) as NonNullable<
          Awaited<ReturnType<typeof digestFile>>
        >;
        expect(got).toEqual(want);
        expect(got.records).toBe(texts.length);
        expect(got.creations.length).toBeGreaterThanOrEqual(2);
        expect(got.tampering).toHaveLength(1);
        expect(got.problemCount).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('still name the line of a document that is not JSON, and use none of it', async () => {
    const file = tmpFile(
      'broken.json',
      '{"Records":[\n{"eventVersion":"1.10","eventSource":"ec2.amazonaws.com",\n"eventName":"DescribeInstances",,}]}',
    );
    const d = await digestFile(file, policy);
    expect(d).toMatchObject({ records: 0, problemCount: 1 });
    expect(d?.problems[0]).toMatchObject({ line: 3, reason: expect.stringMatching(/^invalid JSON/) });
  });
});
