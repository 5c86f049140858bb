import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
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
