import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heapLimitMb, readFiles } from '../../../src/detect/pool.js';
import { compileIntel } from '../../../src/intel/compile.js';
import { loadPolicy } from '../../../src/policy/load.js';

describe('reading threads', () => {
  it('bound their heap, report a document too large for it, and read the other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsight-pool-'));
    const records = Array.from({ length: 120_000 }, (_, i) => ({
      eventVersion: '1.10',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      eventTime: '2026-11-20T10:00:00Z',
      recipientAccountId: '111122223333',
      requestID: `r-${i}`,
      eventID: `e-${i}`,
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/a' },
    }));
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ Records: records }));
    writeFileSync(
      join(dir, 'flows.log'),
      '2 111122223333 eni-1 10.0.0.1 107.191.47.239 5000 3333 6 1 100 1763632800 1763632860 ACCEPT OK\n',
    );
    const intel = compileIntel(loadPolicy()).matcher;
    const tasks = [
      {
        index: 0,
        path: join(dir, 'big.json'),
        rel: 'big.json',
        format: 'cloudtrail',
        phase: 1 as const,
        ndjson: false,
        gzip: false,
      },
      {
        index: 1,
        path: join(dir, 'flows.log'),
        rel: 'flows.log',
        format: 'vpc-flow-logs',
        phase: 2 as const,
        ndjson: false,
        gzip: false,
      },
    ];
    const results = await readFiles(
      tasks,
      intel,
      new Map(),
      1,
      new Map([
        [0, 30e6],
        [1, 100],
      ]),
      16,
    );
    expect(results[0]).toEqual({ ok: false, error: 'needs more than the 16 MB a reading thread may use' });
    expect(results[1]).toMatchObject({
      ok: true,
      digest: { records: 1, flows: [expect.objectContaining({ remote: '107.191.47.239' })] },
    });
  });

  it('get heap in proportion to the largest whole document', () => {
    expect(heapLimitMb(1 << 20)).toBe(160);
    expect(heapLimitMb(100 << 20)).toBe(600);
  });
});
