import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { vpcFlowLogsReader } from '../../../../providers/aws/telemetry/vpc-flow-logs.js';
import { ReaderContext } from '../../../../src/detect/reader.js';
import { digestFile } from '../../../../src/detect/run.js';
import { compileIntel } from '../../../../src/intel/compile.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const dir = 'test/fixtures/telemetry/native/aws/vpc-flow-logs';
const policy = loadPolicy();

describe('VPC Flow Logs reader', () => {
  it('reads the default format without a header line (CloudWatch Logs export), NODATA and SKIPDATA included', async () => {
    const d = await digestFile(`${dir}/vpc_flow_logs_v2_default_examples.txt`, policy);
    expect(d).toMatchObject({ format: 'vpc-flow-logs', records: 7, problemCount: 0, flows: [] });
    expect(d?.endpoints.map((e) => e.endpoint).sort()).toEqual([
      'eni:eni-11111111aaaaaaaaa',
      'eni:eni-1235b8ca123456789',
    ]);
  });

  it('reads custom formats by their header line, including instance-id and vpc-id', async () => {
    const v5 = await digestFile(`${dir}/vpc_flow_logs_v5_custom_examples.txt`, policy);
    expect(v5).toMatchObject({ records: 2, problemCount: 0 });
    expect(v5?.endpoints).toEqual([
      expect.objectContaining({
        endpoint: 'eni:eni-1235b8ca123456789',
        instanceId: 'i-0c50d5961bcb2d47b',
        networkId: 'vpc-abcdefab012345678',
        scope: '123456789012',
      }),
    ]);
    const tcp = await digestFile(`${dir}/vpc_flow_logs_v3_custom_tcpflags_examples.txt`, policy);
    expect(tcp).toMatchObject({ records: 8, problemCount: 0 });
    const tgw = await digestFile(`${dir}/vpc_flow_logs_v3_custom_tgw_examples.txt`, policy);
    expect(tgw).toMatchObject({ records: 4, problemCount: 0 });
    // A format without start and end still gives its addresses.
    const nat = await digestFile(`${dir}/vpc_flow_logs_v3_custom_nat_examples.txt`, policy);
    expect(nat).toMatchObject({ records: 6, problemCount: 0 });
  });

  it('flags flows to an address on an intel list, citing the line', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rigsight-flow-'));
    writeFileSync(join(tmp, 'pools.txt'), '52.213.180.42\n');
    writeFileSync(join(tmp, 'policy.yaml'), 'version: 1\nintel:\n  extra: [pools.txt]\n');
    const d = await digestFile(
      `${dir}/vpc_flow_logs_v3_custom_tcpflags_examples.txt`,
      loadPolicy(join(tmp, 'policy.yaml')),
    );
    // One aggregate per remote address and port (the listed host answered from three source ports).
    expect(
      d?.flows.map((f) => ({
        remote: f.remote,
        port: f.port,
        match: f.match,
        pointer: f.pointer,
        records: f.records,
      })),
    ).toEqual([
      { remote: '52.213.180.42', port: 43416, match: 'ip', pointer: '#L2', records: 2 },
      { remote: '52.213.180.42', port: 43418, match: 'ip', pointer: '#L4', records: 4 },
      { remote: '52.213.180.42', port: 43638, match: 'ip', pointer: '#L8', records: 2 },
    ]);
  });

  it('names the line of a record with the wrong number of fields and reads the rest', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rigsight-flow-'));
    const file = join(tmp, 'flows.log');
    writeFileSync(
      file,
      'version interface-id srcaddr dstaddr srcport dstport start end action log-status\n2 eni-1 10.0.0.1 107.191.47.239 5000 3333 1700000000 1700000060 ACCEPT OK\n2 eni-1 10.0.0.1\n2 eni-1 10.0.0.1 107.191.47.239 5000 3333 1700000060 1700000120 ACCEPT OK\n',
    );
    const d = await digestFile(file, policy);
    expect(d?.problems).toEqual([{ line: 3, reason: 'flow record has 3 fields, the header names 10' }]);
    expect(d?.flows).toEqual([
      expect.objectContaining({ remote: '107.191.47.239', port: 3333, match: 'ip-port', records: 2 }),
    ]);
  });
});

/** Flow records of many shapes: pool traffic both ways, NODATA, IPv6, odd spacing, CRLF, bad lines. */
function mixedRecords(fields: string[], count: number): string[] {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const addresses = ['10.0.1.5', '172.16.3.4', '107.191.47.239', '45.32.233.191', '8.8.8.8', '52.1.2.3'];
  const value = (field: string, time: number): string => {
    switch (field) {
      case 'interface-id':
        return pick(['eni-0aaa1111', 'eni-0bbb2222', 'eni-0ccc3333']);
      case 'srcaddr':
      case 'dstaddr':
        return rand() < 0.03
          ? pick(['2001:db8::7', '-', '010.0.1.5', '1.2.3', '256.1.1.1', '1.2.3.4.5', '45.32.233.0191'])
          : pick(addresses);
      case 'srcport':
      case 'dstport':
        return rand() < 0.02 ? pick(['-', '44x']) : pick(['3333', '443', '7777', '51000']);
      case 'start':
        return String(time);
      case 'end':
        return String(time + 60);
      case 'action':
        return pick(['ACCEPT', 'REJECT']);
      case 'log-status':
        return rand() < 0.03 ? 'NODATA' : 'OK';
      case 'flow-direction':
        return pick(['ingress', 'egress']);
      case 'account-id':
        return '111122223333';
      case 'vpc-id':
        return 'vpc-0abc';
      case 'instance-id':
        return pick(['i-0aaa', 'i-0bbb']);
      default:
        return String(1 + Math.floor(rand() * 90));
    }
  };
  const lines: string[] = [];
  let time = 1763632800;
  for (let n = 0; n < count; n++) {
    time += rand() < 0.01 ? -2400 : Math.floor(rand() * 3);
    let line = fields.map((f) => value(f, time)).join(' ');
    const odd = rand();
    if (odd < 0.01) line = line.replace(' ', '  ');
    else if (odd < 0.02) line = `${line}\r`;
    else if (odd < 0.025) line = line.split(' ').slice(0, 3).join(' ');
    else if (odd < 0.03) line = '';
    lines.push(line);
  }
  return lines;
}

describe('VPC Flow Logs byte scanner', () => {
  it('reads every record exactly as the field-splitting parser reads it, across chunk boundaries and gzip', async () => {
    const custom = [
      'version',
      'vpc-id',
      'instance-id',
      'interface-id',
      'flow-direction',
      'srcaddr',
      'srcport',
    ];
    const formats = [
      [...DEFAULT_HEADER],
      [
        ...custom,
        'dstaddr',
        'dstport',
        'protocol',
        'bytes',
        'packets',
        'start',
        'end',
        'action',
        'log-status',
      ],
    ];
    const pools = join(mkdtempSync(join(tmpdir(), 'rigsight-flow-')), 'pools.txt');
    writeFileSync(pools, '45.32.233.191\n52.1.2.0/24\n');
    writeFileSync(join(pools, '..', 'policy.yaml'), 'version: 1\nintel:\n  extra: [pools.txt]\n');
    const withRanges = loadPolicy(join(pools, '..', 'policy.yaml'));
    for (const fields of formats) {
      const lines = [fields.join(' '), ...mixedRecords(fields, 40_000)];
      const text = `${lines.join('\n')}\n`;
      const buf = Buffer.from(text, 'latin1');
      const dir = mkdtempSync(join(tmpdir(), 'rigsight-flow-'));
      writeFileSync(join(dir, 'flows.log'), buf);
      writeFileSync(join(dir, 'flows.log.gz'), gzipSync(buf));
      for (const file of [join(dir, 'flows.log'), join(dir, 'flows.log.gz')]) {
        // The reference: one line at a time through the field-splitting parser (the scanner's fallback).
        const ctx = new ReaderContext(file, 'vpc-flow-logs', compileIntel(withRanges).matcher, new Map());
        const handler = vpcFlowLogsReader.open(ctx);
        const u = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
        let start = 0;
        lines.forEach((line, i) => {
          const end = start + line.length;
          const stop = line.endsWith('\r') ? end - 1 : end;
          if (i === 0) handler.line(line, 1);
          else handler.bytes?.(buf, u, start, stop, i + 1);
          start = end + 1;
        });
        handler.end();
        const expected = ctx.finish();
        expect(expected.flows.length).toBeGreaterThan(3);
        expect(expected.problemCount).toBeGreaterThan(10);
        expect(expected.outOfOrder).toBeGreaterThan(10);
        const { sha256: _, ...got } = (await digestFile(file, withRanges)) as NonNullable<
          Awaited<ReturnType<typeof digestFile>>
        >;
        const { sha256: __, ...want } = expected;
        expect(got).toEqual(want);
      }
    }
  });
});

const DEFAULT_HEADER = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
];
