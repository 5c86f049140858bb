import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/assess/assess.js';
import { loadPolicy } from '../../../src/policy/load.js';

describe('every conclusion cites the evidence it was judged from', () => {
  it('no fail or unassessed finding of the demo estate is without a bundle file, absence included', async () => {
    const { document } = await assess({
      evidence: 'demo/bundle',
      policy: loadPolicy('demo/policy.yaml'),
      now: new Date('2026-11-21T00:00:00Z'),
    });
    const bare = document.findings
      .filter((f) => f.status === 'fail' || f.status === 'unassessed')
      .filter((f) => f.evidence.length === 0)
      .map((f) => `${f.control} ${f.resource.id}`);
    expect(bare).toEqual([]);
    const noDetector = document.findings.find((f) => f.control === 'threat-detection' && f.status === 'fail');
    expect(noDetector?.evidence.map((e) => e.file)).toContain(
      'aws/111122223333/eu-west-1/guardduty/ListDetectors.json',
    );
  });
});
