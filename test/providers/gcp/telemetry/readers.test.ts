import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const scenario = 'test/fixtures/telemetry/scenarios/gcp/telemetry';
const policy = loadPolicy();

describe('GCP LogEntry readers', () => {
  it('reads Admin Activity audit entries: inserts (first and last of one operation), a failed insert, a sink deletion', async () => {
    const d = await digestFile(
      `${scenario}/logs/cloudaudit.googleapis.com/activity/2026/11/20/08:00:00_15:59:59_S0.json`,
      policy,
    );
    expect(d).toMatchObject({ format: 'gcp-audit-logs', records: 8, problemCount: 0 });
    const miner = d?.creations.filter((c) => c.instanceId === '4815162342000000001') ?? [];
    expect(miner).toHaveLength(2);
    expect(miner[0]).toMatchObject({
      eventId: 'op:operation-1763632800000-miner',
      machineType: 'e2-highcpu-32',
      principal: 'ci-runner@acme-prod.iam.gserviceaccount.com',
      region: 'us-central1',
    });
    expect(d?.creations.find((c) => c.outcome === 'failed')).toMatchObject({
      machineType: 'a2-highgpu-8g',
      errorCode: expect.stringMatching(/^QUOTA_EXCEEDED/),
    });
    expect(d?.creations.find((c) => c.instanceId === '4815162342000000002')).toMatchObject({
      invokedBy: 'managed instance group',
    });
    expect(d?.bindings).toContainEqual({
      provider: 'gcp',
      endpoint: 'vm:acme-prod/us-central1-a/build-runner-7',
      instanceId: '4815162342000000001',
      scope: 'acme-prod',
    });
    expect(d?.tampering).toEqual([
      expect.objectContaining({ action: 'DeleteSink', target: 'projects/acme-prod/sinks/audit-to-bigquery' }),
    ]);
  });

  it('reads vpc_flows entries on the reporting VM and flags a listed pool IP:port', async () => {
    const d = await digestFile(
      `${scenario}/logs/compute.googleapis.com/vpc_flows/2026/11/20/10:00:00_13:59:59_S0.json`,
      policy,
    );
    expect(d).toMatchObject({ format: 'gcp-vpc-flow-logs', problemCount: 0, outOfOrder: 0 });
    expect(d?.flows).toContainEqual(
      expect.objectContaining({
        endpoint: 'vm:acme-prod/us-central1-a/build-runner-7',
        remote: '107.191.47.239',
        port: 3333,
        match: 'ip-port',
      }),
    );
    expect(d?.endpoints.map((e) => e.networkId)).toContain('acme-prod/default');
  });

  it('reads Cloud DNS query logs, taking the exact instance id from vmInstanceIdString and answers from rdata', async () => {
    const d = await digestFile(
      `${scenario}/logs/dns.googleapis.com/dns_queries/2026/11/20/10:00:00_12:59:59_S0.json`,
      policy,
    );
    expect(d).toMatchObject({
      format: 'gcp-cloud-dns-logs',
      records: 2,
      dnsNetworks: ['gcp:acme-prod/default'],
    });
    expect(d?.dns).toEqual([
      expect.objectContaining({
        instanceId: '4815162342000000001',
        indicator: 'xmr.pool.minergate.com',
        answers: ['198.51.100.99'],
      }),
    ]);
  });
});

describe('Cloud Monitoring time series', () => {
  it('reads cpu/utilization (a fraction) as percent, newest-first points in order', async () => {
    const d = await digestFile(`${scenario}/monitoring/cpu-utilization.json`, policy);
    expect(d).toMatchObject({ format: 'gcp-monitoring-timeseries', problemCount: 0, outOfOrder: 0 });
    const miner = d?.cpu.find((s) => s.instanceId === '4815162342000000001');
    expect(Math.min(...(miner?.values ?? []))).toBeGreaterThan(95);
  });
});

describe('Security Command Center findings', () => {
  it('takes cryptomining findings as network evidence for the VM', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'rigsight-scc-')), 'findings.json');
    writeFileSync(
      f,
      JSON.stringify(
        [
          {
            finding: {
              name: 'organizations/1/sources/2/findings/abc',
              parent: 'organizations/1/sources/2',
              resourceName:
                '//compute.googleapis.com/projects/acme-prod/zones/us-central1-a/instances/4815162342000000001',
              state: 'ACTIVE',
              category: 'Execution: Cryptocurrency Mining Hash Match',
              eventTime: '2026-11-20T10:40:00Z',
              severity: 'HIGH',
              findingClass: 'THREAT',
              indicator: { ipAddresses: ['107.191.47.239'], domains: ['xmr.pool.minergate.com'] },
            },
            resource: {
              name: '//compute.googleapis.com/projects/acme-prod/zones/us-central1-a/instances/4815162342000000001',
              projectDisplayName: 'acme-prod',
            },
          },
        ],
        null,
        2,
      ),
    );
    const d = await digestFile(f, policy);
    expect(d?.findings).toEqual([
      expect.objectContaining({
        instanceId: '4815162342000000001',
        scope: 'acme-prod',
        destinations: ['107.191.47.239', 'xmr.pool.minergate.com'],
      }),
    ]);
  });
});
