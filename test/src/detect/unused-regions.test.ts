import { describe, expect, it } from 'vitest';
import { runDetection } from '../../../src/detect/run.js';
import { loadPolicy } from '../../../src/policy/load.js';
import { activity, auditDigest, fuseDigests, launch, plateau } from './digest-builder.js';

const BATCH = 'arn:aws:iam::111122223333:user/batch';

describe('a launch in a region the account had not used (T1535)', () => {
  it('is named and raises the creation leg; by an approved creator it is worth a look, not mining; the same creator at home stays explained', async () => {
    const base = 'test/fixtures/telemetry/launchers/aws-unused-region';
    const r = await runDetection({
      telemetry: `${base}/telemetry`,
      policy: loadPolicy(`${base}/policy.yaml`),
      now: new Date('2026-11-21T00:00:00Z'),
      workers: 0,
    });
    const away = r.detections.find((d) => d.instance.id === 'i-0a5e3000000000e01');
    expect(away).toMatchObject({ verdict: 'suspicious', newRegion: 'ap-southeast-3' });
    expect(away?.legs.creation.detail).toMatch(
      /an approved creator \(nightly ML batch jobs \(CHG-2291\)\); ap-southeast-3 had no activity before \(unused region, T1535\)/,
    );
    expect(away?.explanation).toMatch(
      /while us-east-1 \(active since 2026-11-20T06:00:00Z\), eu-west-1 \(active since 2026-11-20T06:30:00Z\) were in use \(ATT&CK T1535, unused region\)/,
    );
    expect(r.detections.find((d) => d.instance.id === 'i-0ba7c40000000e002')).toMatchObject({
      verdict: 'benign-explained',
    });
  });

  function scene(regionActivity: [string, string][]) {
    const d = auditDigest('trail.json');
    for (const [region, time] of regionActivity) activity(d, region, time, '16:00');
    launch(d, 'i-0000000000000bbb1', '12:00', { region: 'ap-southeast-3', principal: BATCH });
    plateau(d, 'i-0000000000000bbb1', '12:05');
    return fuseDigests([d], [BATCH]).detections[0];
  }

  it('needs other regions in use before: the first region the logs show is no news', () => {
    expect(scene([['ap-southeast-3', '11:59']])?.verdict).toBe('benign-explained');
  });

  it('treats a region active more than an hour before launches began as used, and the hour before as preparation', () => {
    expect(
      scene([
        ['us-east-1', '06:00'],
        ['ap-southeast-3', '10:30'],
      ])?.newRegion,
    ).toBeUndefined();
    expect(
      scene([
        ['us-east-1', '06:00'],
        ['ap-southeast-3', '11:30'],
      ])?.newRegion,
    ).toBe('ap-southeast-3');
  });
});
