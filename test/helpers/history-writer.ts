// A separate process that records RUNS runs into a history store, for the concurrency tests.
// Usage: history-writer.ts LOCATION WRITER RUNS START_AT_MS; prints one JSON line per run: {id, at, sha256 of findings.json}.
import { createHash } from 'node:crypto';
import { openHistory, parseHistoryLocation, recordRun } from '../../src/history/index.js';
import { finding, twoAccountEstate } from './findings-fixtures.js';

const [location = '', writer = '0', runs = '1', startAt = '0'] = process.argv.slice(2);
const store = await openHistory(parseHistoryLocation(location), { create: true });
// Every writer starts at the same moment, so their transactions really overlap.
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
try {
  for (let r = 0; r < Number(runs); r++) {
    // Big enough that transactions overlap; every writer shares most items and adds some of its own.
    const extra = Array.from({ length: 2000 }, (_, i) =>
      finding({
        control: 'ownership-tagging',
        status: (i + r) % 3 === 0 ? 'fail' : 'pass',
        scope: '444455556666',
        region: 'us-east-1',
        resource: { id: `i-${writer}${String(i).padStart(6, '0')}`, type: 'AWS::EC2::Instance' },
      }),
    );
    const doc = twoAccountEstate({
      now: `2026-11-${String(1 + r).padStart(2, '0')}T0${writer}:00:00Z`,
      extraFindings: extra,
    });
    const { history } = await recordRun(store, doc);
    const sha = createHash('sha256').update(JSON.stringify(doc)).digest('hex');
    process.stdout.write(`${JSON.stringify({ id: history.run, at: doc.generatedAt, sha })}\n`);
  }
} finally {
  await store.close();
}
