import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogLinesProgress } from '../../../../src/collect/progress.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { verifyBundle } from '../../../../src/evidence/verify.js';
import { collectFrom, startFake } from '../../../fakes/aws/harness.js';
import type { FakeAws } from '../../../fakes/aws/server.js';
import { SyntheticEstate } from '../../../fakes/aws/synthetic.js';

// Five accounts (the fourth does not trust the role), two regions, a trail bucket owned by the management account.
const estate = new SyntheticEstate({
  accounts: 5,
  regions: ['eu-west-1', 'us-east-1'],
  perList: 2,
  orgRole: 'rigsight-audit',
  failingAccounts: [3],
});

const files = (out: string) => {
  const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
  return {
    files: m.files.map((f) => `${f.outcome} ${f.path} ${f.sha256} ${f.errorCode ?? ''}`).sort(),
    scopes: m.scopes.map((s) => `${s.id} ${s.status} ${s.caller} ${s.reason ?? ''}`),
  };
};

/** A fresh fake per run: its credential reports and rate buckets keep state between runs. */
async function collectWith(options: Parameters<typeof collectFrom>[1]) {
  const fake: FakeAws = await startFake(estate, { account: estate.management });
  try {
    return await collectFrom(fake, { orgRole: 'rigsight-audit', ...options });
  } finally {
    await fake.stop();
  }
}

describe('collection shared between threads', () => {
  it('writes the same bundle with two threads as with one', async () => {
    const one = await collectWith({ workers: 1 });
    const lines: string[] = [];
    const two = await collectWith({
      workers: 2,
      progress: new LogLinesProgress((l) => lines.push(l), 60_000),
    });
    expect(files(two.out)).toEqual(files(one.out));
    expect(verifyBundle(await EvidenceBundle.open(two.out)).ok).toBe(true);
    expect(two.summary.scopes).toEqual(one.summary.scopes);
    expect(two.summary.calls).toBe(one.summary.calls);
    expect(two.summary.skippedRegions).toBe(one.summary.skippedRegions);
    // Progress from the threads reaches the caller's reporter.
    expect(lines.filter((l) => l.includes('event=account.done'))).toHaveLength(5);
    expect(lines.some((l) => /event=account.done account=100000000003 status=failed/.test(l))).toBe(true);
  });
});
