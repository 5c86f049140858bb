import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile, runDetection } from '../../../../src/detect/run.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const policy = loadPolicy();
const flowLines = readFileSync(
  'test/fixtures/telemetry/native/aws/vpc-flow-logs/vpc_flow_logs_v2_default_examples.txt',
  'utf8',
)
  .trim()
  .split('\n');
const exportOf = (messages: string[]) =>
  JSON.stringify(
    {
      events: messages.map((message, i) => ({
        logStreamName: 'eni-1235b8ca123456789-all',
        timestamp: 1700000000000 + i,
        message,
        ingestionTime: 1700000004000 + i,
        eventId: `${i}`,
      })),
      searchedLogStreams: [],
    },
    null,
    4,
  );

describe('CloudWatch Logs exports (filter-log-events)', () => {
  it('reads flow-log messages (no header: default format), citing each event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-cwl-'));
    writeFileSync(join(dir, 'flows.json'), exportOf(flowLines));
    const d = await digestFile(join(dir, 'flows.json'), policy);
    expect(d).toMatchObject({ format: 'cloudwatch-logs-events', records: 7, problemCount: 0 });
    expect(d?.endpoints.map((e) => e.endpoint).sort()).toEqual([
      'eni:eni-11111111aaaaaaaaa',
      'eni:eni-1235b8ca123456789',
    ]);
  });

  it('joins a pool name resolved in one export to flows in another, and points at the event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-cwl-'));
    const query = {
      version: '1.100000',
      account_id: '111122223333',
      region: 'us-east-1',
      vpc_id: 'vpc-0a1b2c3d4e5f60718',
      query_timestamp: '2026-11-20T10:00:00Z',
      query_name: 'pool.supportxmr.com.',
      query_type: 'A',
      query_class: 'IN',
      rcode: 'NOERROR',
      answers: [{ Rdata: '203.0.113.77', Type: 'A', Class: 'IN' }],
      srcaddr: '10.0.1.50',
      srcport: '53000',
      transport: 'UDP',
      srcids: { instance: 'i-0a11ce000000000a1' },
    };
    const start = Date.parse('2026-11-20T10:01:00Z') / 1000;
    writeFileSync(join(dir, 'dns.json'), exportOf([JSON.stringify(query)]));
    writeFileSync(
      join(dir, 'flows.json'),
      exportOf([
        `2 111122223333 eni-0a11ce00000000001 10.0.1.50 203.0.113.77 40100 443 6 10 2400 ${start} ${start + 60} ACCEPT OK`,
      ]),
    );
    const r = await runDetection({
      telemetry: dir,
      policy,
      workers: 1,
      now: new Date('2026-11-21T00:00:00Z'),
    });
    const d = r.detections.find((x) => x.instance.id === 'i-0a11ce000000000a1');
    expect(d?.destinations).toEqual(['pool.supportxmr.com']);
    // The flow's interface is not tied to the instance here (no launch record): it stands on its own.
    const byEni = r.detections.find((x) => x.instance.id === 'eni:eni-0a11ce00000000001');
    expect(byEni).toMatchObject({ verdict: 'likely-mining', destinations: ['203.0.113.77:443'] });
    expect(byEni?.evidence[0]).toMatchObject({ api: 'cloudwatch-logs-events', pointer: '/events/0' });
  });
});
