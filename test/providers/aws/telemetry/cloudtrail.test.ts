import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleOfSession } from '../../../../providers/aws/telemetry/cloudtrail.js';
import { digestFile } from '../../../../src/detect/run.js';
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
