import { describe, expect, it } from 'vitest';
import { assessFiles, wellRunEstate } from '../../helpers/aws-estate.js';

describe('a well-run estate', () => {
  it('passes every control that can be judged, and reads every file it was given', async () => {
    const { findings, bundle } = await assessFiles(wellRunEstate());
    const notPassing = findings.filter((f) => f.status !== 'pass' && f.control !== 'creation-permissions');
    expect(notPassing.map((f) => `${f.control}: ${f.reason}`)).toEqual([]);
    expect(bundle.problems).toEqual([]);
    expect(bundle.unconsumed()).toEqual([]);
    expect(new Set(findings.map((f) => f.control)).size).toBe(12);
  });

  it('cites evidence with sha256, API and JSON pointer on every judged finding', async () => {
    const { findings } = await assessFiles(wellRunEstate());
    for (const f of findings.filter((x) => x.status === 'pass')) {
      expect(f.evidence.length, f.control).toBeGreaterThan(0);
      for (const e of f.evidence) {
        expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(e.api).toMatch(/^[a-z0-9-]+:[A-Z]\w+$/);
      }
    }
    const instanceEvidence = findings.find((f) => f.control === 'ownership-tagging')?.evidence[0];
    expect(instanceEvidence).toMatchObject({
      api: 'ec2:DescribeInstances',
      pointer: '/Reservations/0/Instances/0',
      collectedAt: null,
    });
  });

  it('gives the same finding ids on every run', async () => {
    const a = await assessFiles(wellRunEstate());
    const b = await assessFiles(wellRunEstate());
    expect(a.findings.map((f) => f.id)).toEqual(b.findings.map((f) => f.id));
    expect(new Set(a.findings.map((f) => f.id)).size).toBe(a.findings.length);
  });
});
