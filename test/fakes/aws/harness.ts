import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CollectOptions, collectAws } from '../../../providers/aws/collect/index.js';
import type { CollectSummary } from '../../../src/collect/summary.js';
import type { Estate } from './estate.js';
import { FakeAws, type FakeAwsOptions } from './server.js';

/** The long-lived key the tests collect with, and its secret (which must never reach a bundle or a log). */
export const callerKey = {
  accessKeyId: 'AKIAFAKECALLER000001',
  secretAccessKey: 'fake-caller-secret-do-not-write-0001',
};

export async function startFake(
  estate: Estate,
  caller: { account: string; arn?: string },
  options: Omit<FakeAwsOptions, 'estate' | 'principals'> = {},
): Promise<FakeAws> {
  return new FakeAws({
    estate,
    principals: {
      [callerKey.accessKeyId]: {
        account: caller.account,
        arn: caller.arn ?? `arn:aws:iam::${caller.account}:user/auditor`,
      },
    },
    ...options,
  }).start();
}

/** Collects from the fake with the real SDK clients: zero-delay retries, short timeouts, a fresh folder. */
export async function collectFrom(
  fake: FakeAws,
  options: Partial<CollectOptions> = {},
): Promise<{ out: string; summary: CollectSummary }> {
  const out = options.out ?? join(mkdtempSync(join(tmpdir(), 'rigsight-collect-')), 'bundle');
  const summary = await collectAws({
    endpoint: fake.url,
    credentials: async () => ({ ...callerKey }),
    retryDelayMs: 0,
    maxAttempts: 3,
    pollDelayMs: 0,
    // Generous: a loaded CI machine must not turn slow answers into retries the tests then count.
    requestTimeoutMs: 8_000,
    ...options,
    out,
  });
  return { out, summary };
}
