import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestFile } from '../../../../src/detect/run.js';
import type { FileDigest } from '../../../../src/detect/signals.js';
import { loadPolicy } from '../../../../src/policy/load.js';

const launchers = 'test/fixtures/telemetry/launchers';
const policy = loadPolicy();

async function digest(file: string): Promise<FileDigest> {
  const d = await digestFile(file, policy);
  if (!d) throw new Error(`${file} was not recognized`);
  return d;
}

function entries(list: Record<string, unknown>[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rigsight-gcp-')), 'audit.json');
  writeFileSync(file, JSON.stringify(list));
  return file;
}

function sinkEntry(method: string, time: string, request: Record<string, unknown>) {
  return {
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      authenticationInfo: { principalEmail: 'ops@acme-prod.iam.gserviceaccount.com' },
      serviceName: 'logging.googleapis.com',
      methodName: `google.logging.v2.ConfigServiceV2.${method}`,
      resourceName: 'projects/acme-prod/sinks/audit-to-bigquery',
      request,
    },
    insertId: method,
    resource: { type: 'logging_sink', labels: { project_id: 'acme-prod', name: 'audit-to-bigquery' } },
    timestamp: time,
    logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
  };
}

describe('GCP audit logs: managed instance groups', () => {
  const file = `${launchers}/gcp-mig-resized/telemetry/logs/cloudaudit.googleapis.com/activity/2026/11/20/08:00:00_11:59:59_S0.json`;

  it('keeps the group’s insert and resize with their callers (first and last entries of an operation counted once later)', async () => {
    const d = await digest(file);
    expect(d.capacity.map((c) => [c.action, c.principal, c.keys, c.eventId])).toEqual([
      [
        'v1.compute.instanceGroupManagers.insert',
        'deploy@acme-prod.iam.gserviceaccount.com',
        ['mig:acme-prod/us-central1/web-mig'],
        'op:operation-1795161600000-migins|capacity',
      ],
      [
        'v1.compute.instanceGroupManagers.resize',
        'ci-runner@acme-prod.iam.gserviceaccount.com',
        ['mig:acme-prod/us-central1/web-mig'],
        'op:operation-1795172400000-resize|capacity',
      ],
      [
        'v1.compute.instanceGroupManagers.resize',
        'ci-runner@acme-prod.iam.gserviceaccount.com',
        ['mig:acme-prod/us-central1/web-mig'],
        'op:operation-1795172400000-resize|capacity',
      ],
    ]);
  });

  it('names on a group’s insert the group it came from, by the instance name’s base', async () => {
    const d = await digest(file);
    expect(new Set(d.creations.map((c) => c.capacityKeys?.join()))).toEqual(
      new Set(['mig:acme-prod/us-central1/web-mig']),
    );
    expect(d.auditRegions).toEqual([expect.objectContaining({ region: 'us-central1' })]);
  });
});

describe('GCP audit logs: Cloud Run jobs and sinks', () => {
  it('turns a created job and a run of it (Data Access) into creations of the job', async () => {
    const base = `${launchers}/gcp-cloud-run-job/telemetry/logs/cloudaudit.googleapis.com`;
    const created = await digest(`${base}/activity/2026/11/20/09:00:00_09:59:59_S0.json`);
    const run = await digest(`${base}/data_access/2026/11/20/10:00:00_10:59:59_S0.json`);
    for (const d of [created, run])
      expect(d.creations).toEqual([
        expect.objectContaining({
          instanceId: 'projects/acme-prod/locations/us-central1/jobs/render-7',
          kind: 'Cloud Run job',
          principal: 'ci-runner@acme-prod.iam.gserviceaccount.com',
        }),
      ]);
    expect(created.creations[0]?.image).toBe('docker.io/library/alpine:3.20');
  });

  it('reads a Cloud Run job’s CPU distribution (mean fraction) as percent', async () => {
    const d = await digest(`${launchers}/gcp-cloud-run-job/telemetry/monitoring/run-cpu-utilizations.json`);
    expect(d.cpu).toEqual([
      expect.objectContaining({ instanceId: 'projects/acme-prod/locations/us-central1/jobs/render-7' }),
    ]);
    expect(Math.min(...(d.cpu[0]?.values ?? [0]))).toBeGreaterThan(90);
  });

  it('reads a sink deleted as a gap in the audit logs read, and the sink written back as its end', async () => {
    const d = await digest(
      entries([
        sinkEntry('DeleteSink', '2026-11-20T09:00:00Z', {
          sinkName: 'projects/acme-prod/sinks/audit-to-bigquery',
        }),
        sinkEntry('UpdateSink', '2026-11-20T10:00:00Z', {
          sink: { name: 'audit-to-bigquery', disabled: true },
        }),
        sinkEntry('CreateSink', '2026-11-20T12:00:00Z', { sink: { name: 'audit-to-bigquery' } }),
      ]),
    );
    expect(d.tampering.map((t) => [t.action, t.blinds])).toEqual([
      ['DeleteSink', 'creation'],
      ['DisableSink', 'creation'],
    ]);
    expect(d.resumed).toEqual([
      expect.objectContaining({ action: 'CreateSink', target: 'audit-to-bigquery' }),
    ]);
  });
});
