import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runDetection } from '../../../src/detect/run.js';
import { loadPolicy } from '../../../src/policy/load.js';

const aws = 'test/fixtures/telemetry/scenarios/aws/telemetry';
const flowFile = `${aws}/flowlogs/AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/20/111122223333_vpcflowlogs_us-east-1_fl-0aa11bb22cc33dd44_20261120T1000Z_0f1e2d3c.log.gz`;
const trailFile = `${aws}/cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T1000Z_d4e5f6.json.gz`;
const policy = loadPolicy('test/fixtures/telemetry/scenarios/aws-policy.yaml');
const now = new Date('2026-11-21T00:00:00Z');

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-bad-'));
  cpSync(aws, dir, { recursive: true });
  return dir;
}

describe('bad telemetry input', () => {
  it('keeps the records before a gzip truncation and names the file and line where it stopped', async () => {
    const dir = scratch();
    const target = join(
      dir,
      'flowlogs/AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/20/111122223333_vpcflowlogs_us-east-1_fl-0aa11bb22cc33dd44_20261120T1000Z_0f1e2d3c.log.gz',
    );
    const bytes = readFileSync(flowFile);
    writeFileSync(target, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = await runDetection({ telemetry: dir, policy, now, workers: 1 });
    const problem = r.inputs.unreadable.find((u) => u.file.endsWith('0f1e2d3c.log.gz'));
    expect(problem?.reason).toMatch(
      /^gzip stream is truncated or damaged \(unexpected end of file\) after line \d+; records before it were used$/,
    );
    expect(problem?.line).toBeGreaterThan(10);
    // The pool flows logged before the cut still confirm the miner.
    expect(r.detections[0]).toMatchObject({
      instance: { id: 'i-0a11ce000000000a1' },
      verdict: 'confirmed-mining',
    });
  });

  it('lists files no reader knows (text, binary, empty) and reads the rest', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.txt'), 'hello, these are not logs\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
    writeFileSync(join(dir, 'empty.json'), '');
    writeFileSync(join(dir, 'other.json.gz'), gzipSync('{"kind": "something else", "items": []}'));
    const r = await runDetection({ telemetry: dir, policy, now, workers: 1 });
    expect(r.inputs.unrecognized).toEqual(['blob.bin', 'empty.json', 'notes.txt', 'other.json.gz']);
    expect(r.inputs.filesRead).toBe(5);
  });

  it('counts malformed lines with file and line and still uses the good ones', async () => {
    const dir = scratch();
    const good = JSON.stringify({
      metric_stream_name: 's',
      account_id: '111122223333',
      region: 'us-east-1',
      namespace: 'AWS/EC2',
      metric_name: 'CPUUtilization',
      dimensions: { InstanceId: 'i-0a11ce000000000a1' },
      timestamp: Date.parse('2026-11-20T16:10:00Z'),
      value: { max: 99, min: 97, sum: 294, count: 3 },
      unit: 'Percent',
    });
    writeFileSync(
      join(dir, 'metrics/extra-stream'),
      `${good}\n{"metric_stream_name": "s", "account_id"\n${good.replace('"timestamp"', '"time"')}\n`,
    );
    const r = await runDetection({ telemetry: dir, policy, now, workers: 1 });
    expect(r.inputs.unreadable).toEqual([
      { file: 'metrics/extra-stream', line: 2, reason: expect.stringMatching(/^malformed JSON line/) },
      {
        file: 'metrics/extra-stream',
        line: 3,
        reason: 'not a metric stream record (needs metric_name, timestamp, value)',
      },
    ]);
  });

  it('counts records out of time order with file and line, and still uses them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-order-'));
    const t = (iso: string) => Date.parse(iso) / 1000;
    const line = (start: string) =>
      `2 111122223333 eni-0a11ce00000000001 10.0.1.50 107.191.47.239 40122 3333 6 12 2900 ${t(start)} ${t(start) + 60} ACCEPT OK`;
    writeFileSync(
      join(dir, 'flows.log'),
      [
        line('2026-11-20T12:00:00Z'),
        line('2026-11-20T12:05:00Z'),
        line('2026-11-20T10:00:00Z'),
        line('2026-11-20T12:10:00Z'),
      ].join('\n'),
    );
    const r = await runDetection({ telemetry: dir, policy, now, workers: 1 });
    expect(r.inputs.outOfOrder).toBe(1);
    expect(r.inputs.anomalies).toEqual([
      { file: 'flows.log', line: 3, reason: expect.stringMatching(/out of time order.*still used$/) },
    ]);
    expect(r.detections[0]?.legs.network.detail).toMatch(/4 flow records from 2026-11-20T10:00:00Z/);
  });

  it('counts a CloudTrail event delivered twice once', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'again'));
    cpSync(trailFile, join(dir, 'again/copy.json.gz'));
    const r = await runDetection({ telemetry: dir, policy, now, workers: 1 });
    // Duplicates are counted among the events detection uses (two launches and a DeleteFlowLogs), so
    // memory does not grow with every read-only call in the trail.
    expect(r.inputs.duplicates).toBe(3);
    expect(r.inputs.anomalies[0]).toMatchObject({
      reason: expect.stringMatching(/^duplicate event 5e0f\d{4}-.* at \/Records\/\d+; counted once$/),
    });
    expect(r.detections.map((d) => d.verdict)).toEqual([
      'confirmed-mining',
      'benign-explained',
      'benign-explained',
      'benign-explained',
    ]);
  });
});
