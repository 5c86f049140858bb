import { describe, expect, it } from 'vitest';
import { type DetectResult, runDetection } from '../../../src/detect/run.js';
import { detectionSchema } from '../../../src/model/detection.js';
import { loadPolicy } from '../../../src/policy/load.js';

const base = 'test/fixtures/telemetry/scenarios';
const now = new Date('2026-11-21T00:00:00Z');

async function scenario(cloud: 'aws' | 'azure' | 'gcp', workers = 1): Promise<DetectResult> {
  return runDetection({
    telemetry: `${base}/${cloud}/telemetry`,
    policy: loadPolicy(`${base}/${cloud}-policy.yaml`),
    now,
    workers,
  });
}

const verdicts = (r: DetectResult) =>
  Object.fromEntries(r.detections.map((d) => [d.instance.id.split('/').slice(-3).join('/'), d.verdict]));

describe('AWS scenario: one miner among autoscaling, approved batch/GPU work and a load test', () => {
  it('confirms the miner and explains every look-alike', async () => {
    const r = await scenario('aws');
    expect(verdicts(r)).toEqual({
      'i-0a11ce000000000a1': 'confirmed-mining',
      'i-0a5c00000000000b2': 'benign-explained',
      'i-0ba7c400000000c03': 'benign-explained',
      'i-010ad000000000d04': 'benign-explained',
    });
    for (const d of r.detections) expect(detectionSchema.parse(d)).toEqual(d);
    expect(r.inputs).toMatchObject({
      filesRead: 5,
      unreadable: [],
      unrecognized: [],
      duplicates: 0,
      outOfOrder: 0,
    });
  });

  it('tells who launched the miner, its CPU shape, the pool it reached (by list and through DNS) and the tampering', async () => {
    const miner = (await scenario('aws')).detections[0];
    expect(miner).toMatchObject({
      createdBy: 'arn:aws:iam::111122223333:user/intern-dev',
      createdAt: '2026-11-20T10:00:00Z',
      score: 100,
      destinations: ['107.191.47.239:3333', '198.51.100.77:4444', 'pool.supportxmr.com'],
      legs: { creation: { state: 'seen' }, cpu: { state: 'seen' }, network: { state: 'seen' } },
    });
    expect(miner?.legs.creation.detail).toMatch(/not an approved creator; it lacks the required tag owner/);
    expect(miner?.legs.network.detail).toMatch(
      /198\.51\.100\.77:4444 \(an address pool\.supportxmr\.com resolved to/,
    );
    expect(miner?.explanation).toMatch(/failed 1 launch \(Client\.VcpuLimitExceeded for p3\.8xlarge\)/);
    expect(miner?.explanation).toMatch(
      /DeleteFlowLogs on fl-0aa11bb22cc33dd44 .*, after it launched \(network evidence cut\)/,
    );
    expect(miner?.evidence.map((e) => e.api)).toEqual(
      expect.arrayContaining([
        'cloudtrail',
        'cloudwatch-metric-streams',
        'vpc-flow-logs',
        'route53-resolver-query-logs',
      ]),
    );
    expect(miner?.evidence[0]).toMatchObject({
      pointer: '/Records/0',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('opens nothing for CPU alone, and says where it is blind', async () => {
    const r = await scenario('aws');
    expect(r.detections.map((d) => d.instance.id)).not.toContain('i-0c9000000000000f6');
    const blind = r.coverage.filter((c) => c.resource === 'i-0c9000000000000f6');
    expect(blind).toEqual([
      expect.objectContaining({ leg: 'cpu', blind: false }),
      expect.objectContaining({
        leg: 'creation',
        blind: true,
        why: expect.stringMatching(/older than the audit logs read/),
      }),
      expect.objectContaining({
        leg: 'network',
        blind: true,
        why: 'no flow log for its interface or network in the window read',
      }),
    ]);
  });

  it('explains the scaling group’s launch as the service’s, and says the request behind it was not read', async () => {
    const asg = (await scenario('aws')).detections.find((d) => d.instance.id === 'i-0a5c00000000000b2');
    expect(asg).toMatchObject({
      verdict: 'benign-explained',
      createdThrough: { service: 'autoscaling.amazonaws.com' },
    });
    expect(asg?.legs.creation.detail).toMatch(
      /launched by autoscaling\.amazonaws\.com for group web-asg; the call that asked for this capacity is not in the audit logs read$/,
    );
  });

  it('lowers nothing and raises nothing for the benign ones: the load test on a stratum port is high-volume, not stratum-like', async () => {
    const load = (await scenario('aws')).detections.find((d) => d.instance.id === 'i-010ad000000000d04');
    expect(load).toMatchObject({
      verdict: 'benign-explained',
      destinations: [],
      legs: { network: { state: 'absent' } },
    });
    expect(load?.score).toBeLessThanOrEqual(25);
  });

  it('gives the same output with two worker threads, and on a second run', async () => {
    const one = await scenario('aws', 1);
    const two = await scenario('aws', 2);
    expect(two).toEqual(one);
    expect(await scenario('aws', 1)).toEqual(one);
  });
});

describe('Azure scenario', () => {
  it('confirms the VM created by a contractor that talks to a pool, and explains batch and scale-set load', async () => {
    const r = await scenario('azure');
    expect(verdicts(r)).toEqual({
      'microsoft.compute/virtualmachines/vm-tmp-7': 'confirmed-mining',
      'microsoft.compute/virtualmachines/vm-batch-01': 'benign-explained',
      'vmss-web/virtualmachines/0': 'benign-explained',
    });
    const miner = r.detections[0];
    expect(miner?.destinations).toEqual(['163.172.114.218:3333']);
    expect(miner?.explanation).toMatch(/DIAGNOSTICSETTINGS\/DELETE/);
    expect(
      r.detections.find((d) => d.instance.id.endsWith('vmss-web/virtualmachines/0'))?.legs.creation.detail,
    ).toMatch(/as part of vmss-web/);
  });
});

describe('GCP scenario', () => {
  it('confirms the VM inserted by an unapproved service account and explains the MIG and approved GPU work', async () => {
    const r = await scenario('gcp');
    expect(verdicts(r)).toEqual({
      '4815162342000000001': 'confirmed-mining',
      '4815162342000000002': 'benign-explained',
      '4815162342000000003': 'benign-explained',
    });
    // operation.first and operation.last are one insert each: three operations, three duplicates counted.
    expect(r.inputs.duplicates).toBe(3);
    expect(r.inputs.anomalies[0]).toMatchObject({
      reason: expect.stringMatching(/^duplicate operation .* entry at #L\d+; counted once$/),
    });
    const miner = r.detections[0];
    expect(miner?.destinations).toEqual([
      '107.191.47.239:3333',
      '198.51.100.99:5555',
      'xmr.pool.minergate.com',
    ]);
    expect(miner?.explanation).toMatch(/QUOTA_EXCEEDED/);
    expect(miner?.explanation).toMatch(/DeleteSink/);
  });
});
