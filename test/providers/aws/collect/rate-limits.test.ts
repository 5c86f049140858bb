import { describe, expect, it } from 'vitest';
import type { CliService } from '../../../../providers/aws/collect/declaration.js';
import { cliServices } from '../../../../providers/aws/collect/declaration.js';
import { defaultRates } from '../../../../providers/aws/collect/rate-limits.js';
import { type Rate, TokenBucket } from '../../../../src/collect/token-bucket.js';
import { collectFrom, startFake } from '../../../fakes/aws/harness.js';
import { SyntheticEstate } from '../../../fakes/aws/synthetic.js';

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces to the refill rate', async () => {
    const bucket = new TokenBucket({ burst: 3, perSecond: 50 });
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, () => bucket.take().then(() => times.push(performance.now() - started))),
    );
    times.sort((a, b) => a - b);
    expect(times[2]).toBeLessThan(15);
    // Five more tokens at 50 per second take about 100 ms.
    expect(times[7]).toBeGreaterThanOrEqual(90);
  });

  it('publishes EC2 pacing as AWS documents it: 100 burst, 20 per second, per API', () => {
    expect(defaultRates.ec2).toMatchObject({ burst: 100, perSecond: 20, per: 'operation' });
    expect(defaultRates.cloudtrail).toMatchObject({ perSecond: 10 });
  });
});

describe('collection paces itself within the service rate limits', () => {
  // Five pages of everything: each paginated call hits the same bucket five times in a row.
  const estate = new SyntheticEstate({ accounts: 1, regions: ['eu-west-1'], perList: 5, orgRole: 'r' });
  // The client keeps under the service's rate, as it does with the published ones.
  const tight: Rate = { burst: 2, perSecond: 30, per: 'operation', source: 'test' };
  const rates = Object.fromEntries(cliServices.map((s) => [s, tight])) as Record<CliService, Rate>;

  async function throttledCalls(paced: boolean) {
    const fake = await startFake(
      estate,
      { account: estate.management },
      { pageSize: 1, rateLimit: { burst: 2, refillPerSecond: 40 } },
    );
    try {
      const { summary } = await collectFrom(fake, {
        regions: ['eu-west-1'],
        rates: paced ? rates : false,
        maxAttempts: 10,
      });
      // First attempts only: with zero-delay test retries one throttle would otherwise cascade.
      const first = fake.requests.filter((r) => r.throttled && r.attempt === 1);
      return { throttled: first.length, calls: fake.served, failed: summary.failedCalls };
    } finally {
      await fake.stop();
    }
  }

  it('keeps to a service that allows 2 calls at once and 40 a second; without pacing it is throttled', async () => {
    const paced = await throttledCalls(true);
    const unpaced = await throttledCalls(false);
    expect(paced.failed).toBe(0);
    expect(unpaced.throttled).toBeGreaterThan(10);
    // Pacing happens when calls are sent; this test's busy event loop (client and fake share it) can still
    // bunch a few of them on arrival. The benchmark, with the fake in its own process, sees none.
    expect(paced.throttled).toBeLessThan(unpaced.throttled / 3);
  });
});
