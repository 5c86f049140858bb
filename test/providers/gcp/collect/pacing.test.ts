import { describe, expect, it } from 'vitest';
import { defaultRates } from '../../../../providers/gcp/collect/rate-limits.js';
import { acmeEstate } from '../../../fakes/gcp/estate.js';
import { collectFake } from '../helpers.js';

describe('GCP collection pacing', () => {
  it('keeps Compute Engine per project and the other APIs per caller, under published quotas', () => {
    expect(defaultRates.compute).toMatchObject({ scope: 'project' });
    for (const [service, rate] of Object.entries(defaultRates)) {
      if (service !== 'compute') expect(rate.scope, service).toBe('caller');
      expect(rate.perSecond * 60, service).toBeLessThanOrEqual(6000);
    }
  });

  it('never calls an API faster than its bucket refills', async () => {
    const t0 = performance.now();
    const { requests, summary } = await collectFake(
      acmeEstate(),
      {},
      {
        organization: undefined,
        projects: ['acme-dev'],
        rates: { compute: { burst: 1, perSecond: 3, per: 'service', scope: 'project', source: 'test' } },
      },
    );
    // acme-dev makes 8 Compute Engine calls: one at once, then one every 1/2.7 s (10% under the rate). The fake runs
    // in this process, so arrival times share the clock: the eighth cannot arrive before seven refills have passed.
    const at = requests.filter((r) => r.path.startsWith('/compute/v1/projects/acme-dev/')).map((r) => r.at);
    expect(at).toHaveLength(8);
    expect((at[7] as number) - t0).toBeGreaterThanOrEqual((7 / 2.7) * 1000);
    // The other APIs are not held back by Compute Engine's bucket.
    const others = requests.filter((r) => !r.path.startsWith('/compute/') && r.at < (at[1] as number));
    expect(others.length).toBeGreaterThan(5);
    expect(summary.failedCalls).toBe(0);
  });
});
