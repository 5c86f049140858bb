import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDetection } from '../../../src/detect/run.js';
import { emptyInventory } from '../../../src/model/inventory.js';
import { loadPolicy } from '../../../src/policy/load.js';

const telemetry = 'test/fixtures/telemetry/scenarios/aws/telemetry';
const now = new Date('2026-11-21T00:00:00Z');

function policy(extra: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-waive-'));
  const base = resolve('test/fixtures/telemetry/scenarios/aws-policy.yaml');
  writeFileSync(join(dir, 'policy.yaml'), `${readFileSync(base, 'utf8')}${extra}`);
  return loadPolicy(join(dir, 'policy.yaml'));
}

describe('waivers and allowlists on detections', () => {
  it('attaches an instance waiver with owner and expiry, and reports it as used; an expired one is ignored', async () => {
    const r = await runDetection({
      telemetry,
      now,
      workers: 1,
      policy: policy(`waivers:
  - {control: detection, resource: i-0a11ce000000000a1, owner: soc@example.com, reason: red-team exercise RT-9, expires: 2026-12-01}
  - {control: detection, resource: i-0ba7c400000000c03, owner: ml@example.com, reason: old exception, expires: 2026-11-01}
`),
    });
    const miner = r.detections.find((d) => d.instance.id === 'i-0a11ce000000000a1');
    expect(miner?.waiver).toEqual({
      owner: 'soc@example.com',
      reason: 'red-team exercise RT-9',
      expires: '2026-12-01',
    });
    expect(miner?.explanation).toMatch(/waived by soc@example.com until 2026-12-01/);
    expect(r.detections.find((d) => d.instance.id === 'i-0ba7c400000000c03')?.waiver).toBeUndefined();
    expect(r.waivers.map((w) => [w.resource, w.state, w.matched])).toEqual([
      ['i-0a11ce000000000a1', 'active', 1],
      ['i-0ba7c400000000c03', 'expired', 0],
    ]);
  });

  it('drops a waived destination and an allowed domain from the network leg', async () => {
    const r = await runDetection({
      telemetry,
      now,
      workers: 1,
      policy: policy(`waivers:
  - {control: detection, resource: 107.191.47.239, owner: net@example.com, reason: sinkholed by our proxy, expires: 2027-01-31}
intel:
  allow: [supportxmr.com]
`),
    });
    const miner = r.detections.find((d) => d.instance.id === 'i-0a11ce000000000a1');
    // Without the listed pool and the pool name, only the long, low-volume stratum-port connection is
    // left: weak evidence that, with the CPU plateau, still makes it likely.
    expect(miner).toMatchObject({ verdict: 'likely-mining', destinations: ['198.51.100.77:4444'] });
    expect(miner?.legs.network.detail).toMatch(
      /long, low-volume connection to 198\.51\.100\.77:4444, a known stratum port.*weak evidence/,
    );
    expect(miner?.explanation).not.toMatch(/107\.191\.47\.239|supportxmr/);
  });

  it('treats a waived principal as an explained creator', async () => {
    const r = await runDetection({
      telemetry,
      now,
      workers: 1,
      policy: policy(`waivers:
  - {control: detection, resource: "arn:aws:iam::111122223333:user/intern-dev", owner: cloud@example.com, reason: sandbox account user, expires: 2027-01-31}
`),
    });
    const miner = r.detections.find((d) => d.instance.id === 'i-0a11ce000000000a1');
    expect(miner?.legs.creation.detail).toMatch(/a creator waived by cloud@example.com until 2027-01-31/);
    expect(miner?.verdict).toBe('confirmed-mining');
  });
});

describe('inventory from an evidence bundle', () => {
  it('ties an interface to its instance and dates creation from the launch time', async () => {
    const inventory = emptyInventory();
    inventory.workloads.push({
      provider: 'aws',
      scope: '111122223333',
      region: 'us-east-1',
      id: 'i-0e1d0000000000e05',
      type: 'AWS::EC2::Instance',
      evidence: [],
      state: 'running',
      launchedAt: '2026-10-01T00:00:00Z',
      tags: { owner: 'ops' },
      networkId: 'vpc-0a1b2c3d4e5f60718',
      attachments: [
        {
          id: 'eni-0e1d0000000000005',
          networkId: 'vpc-0a1b2c3d4e5f60718',
          privateIps: ['10.0.3.5'],
          publicIps: [],
          firewallIds: [],
        },
      ],
      cpuResolutionMinutes: 5,
    });
    const r = await runDetection({
      telemetry,
      now,
      workers: 1,
      inventory,
      policy: loadPolicy('test/fixtures/telemetry/scenarios/aws-policy.yaml'),
    });
    const cov = r.coverage.filter((c) => c.resource === 'i-0e1d0000000000e05');
    expect(cov.find((c) => c.leg === 'network')).toMatchObject({ blind: false });
    expect(cov.find((c) => c.leg === 'creation')?.why).toMatch(
      /older than the audit logs read .*; it launched 2026-10-01T00:00:00Z/,
    );
    expect(r.detections.map((d) => d.instance.id)).not.toContain('i-0e1d0000000000e05');
  });
});
