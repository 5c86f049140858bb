import { describe, expect, it } from 'vitest';
import { runDetection } from '../../../src/detect/run.js';
import { loadPolicy } from '../../../src/policy/load.js';
import {
  activity,
  auditDigest,
  fuseDigests,
  inventoryWith,
  launch,
  logging,
  plateau,
} from './digest-builder.js';

const now = new Date('2026-11-21T00:00:00Z');

describe('a workload that appears while audit logging is stopped', () => {
  it('is said to be launched in the gap, naming who stopped logging, when, and what resumed it', async () => {
    const r = await runDetection({
      telemetry: 'test/fixtures/telemetry/launchers/aws-logging-gap/telemetry',
      policy: loadPolicy(),
      now,
      workers: 0,
    });
    const miner = r.detections.find((d) => d.instance.id === 'eni:eni-0ab0000000000ga01');
    expect(miner).toMatchObject({
      // Pool traffic alone is likely-mining; a launch hidden by stopped logging makes it confirmed.
      verdict: 'confirmed-mining',
      loggingGap: {
        from: '2026-11-20T09:00:00Z',
        to: '2026-11-20T12:00:00Z',
        by: 'arn:aws:iam::111122223333:user/svc-backup',
        action: 'StopLogging',
      },
      legs: { creation: { state: 'blind' } },
    });
    expect(miner?.legs.creation.detail).toBe(
      'launched while audit logging was stopped by arn:aws:iam::111122223333:user/svc-backup from 2026-11-20T09:00:00Z to 2026-11-20T12:00:00Z (StopLogging on management-events, then StartLogging), so no creation record exists; it was first seen 2026-11-20T10:00:00Z',
    );
    expect(miner?.evidence.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['/Records/2', '/Records/3']),
    );
  });

  it('opens a detection for a CPU plateau first seen in the gap, and none for one first seen after logging resumed', async () => {
    const r = await runDetection({
      telemetry: 'test/fixtures/telemetry/launchers/aws-logging-gap/telemetry',
      policy: loadPolicy(),
      now,
      workers: 0,
    });
    const ids = r.detections.map((d) => d.instance.id);
    expect(ids).toContain('i-06a90000000000a02');
    expect(r.detections.find((d) => d.instance.id === 'i-06a90000000000a02')?.verdict).toBe('likely-mining');
    expect(ids).not.toContain('i-06a90000000000a03');
    expect(r.coverage).toContainEqual(
      expect.objectContaining({
        resource: 'i-06a90000000000a03',
        leg: 'creation',
        why: expect.stringMatching(/older than the audit logs read/),
      }),
    );
  });
});

describe('tampering is attached to the detections it can blind', () => {
  function digests(stop: string, resume: string | undefined) {
    const d = auditDigest('trail.json');
    activity(d, 'us-east-1', '06:00', '16:00');
    launch(d, 'i-0000000000000aaa1', '12:00');
    plateau(d, 'i-0000000000000aaa1', '12:05');
    logging(d, 'tampering', 'StopLogging', stop, 'creation');
    if (resume) logging(d, 'resumed', 'StartLogging', resume, 'creation');
    return [d];
  }

  it('leaves out a gap that closed before the workload started, and keeps one that was open while it ran', () => {
    const closed = fuseDigests(digests('08:00', '09:00')).detections[0];
    const open = fuseDigests(digests('13:00', undefined)).detections[0];
    expect(closed?.explanation).not.toMatch(/StopLogging/);
    expect(open?.explanation).toMatch(
      /StopLogging on management-events by .* at 2026-11-20T13:00:00Z, after it launched \(audit logging stopped; not resumed in the audit logs read\)/,
    );
    expect((open?.score ?? 0) - (closed?.score ?? 0)).toBe(10);
  });

  it('keeps a gap that closed after the workload started, told as before it launched', () => {
    const d = fuseDigests(digests('11:00', '12:30')).detections[0];
    expect(d?.explanation).toMatch(
      /at 2026-11-20T11:00:00Z, before it launched \(audit logging stopped; resumed 2026-11-20T12:30:00Z\)/,
    );
  });

  it('leaves out a flow log deleted in another network, when the evidence bundle says where each flow log was', () => {
    const d = auditDigest('trail.json');
    activity(d, 'us-east-1', '06:00', '16:00');
    launch(d, 'i-0000000000000aaa1', '12:00');
    plateau(d, 'i-0000000000000aaa1', '12:05');
    logging(d, 'tampering', 'DeleteFlowLogs', '13:00', 'network', 'fl-0other00000000001');
    const inventory = inventoryWith('i-0000000000000aaa1', 'vpc-0aaa', {
      'fl-0mine000000000001': 'vpc-0aaa',
      'fl-0other00000000001': 'vpc-0bbb',
    });
    const elsewhere = fuseDigests([d], [], inventory).detections[0];
    expect(elsewhere?.explanation).not.toMatch(/DeleteFlowLogs/);
    d.tampering[0] = { ...(d.tampering[0] as (typeof d.tampering)[0]), target: 'fl-0mine000000000001' };
    const here = fuseDigests([d], [], inventory).detections[0];
    expect(here?.explanation).toMatch(
      /DeleteFlowLogs on fl-0mine000000000001 .* after it launched \(network evidence cut\)/,
    );
  });
});
