import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveAuditWindows, liveEntries } from '../../../src/detect/bundle-telemetry.js';
import { emptyDigest } from '../../../src/detect/signals.js';
import type { ManifestFile } from '../../../src/evidence/manifest.js';
import { emptyInventory } from '../../../src/model/inventory.js';
import { tempDir } from '../../helpers/cli.js';
import { fuseDigests } from './digest-builder.js';

const since = '2026-11-14T00:00:00.000Z';
const until = '2026-11-21T00:00:00.000Z';

function entry(
  path: string,
  service: string,
  operation: string,
  outcome: ManifestFile['outcome'],
): ManifestFile {
  return {
    path,
    sha256: '0'.repeat(64),
    bytes: 2,
    service,
    operation,
    region: 'us-east-1',
    parameters: {},
    collectedAt: until,
    outcome,
  };
}

/** A live bundle's manifest: one account whose LookupEvents answered (with nothing), one whose call was denied. */
function liveBundle(): string {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  const manifest = {
    schemaVersion: '1.0.0',
    tool: { name: 'rigsight', version: 'test' },
    startedAt: until,
    finishedAt: until,
    live: { since, until },
    scopes: [],
    files: [
      entry(
        'telemetry/aws/111111111111/us-east-1/cloudtrail/LookupEvents.json',
        'cloudtrail',
        'LookupEvents',
        'ok',
      ),
      entry(
        'telemetry/aws/222222222222/us-east-1/cloudtrail/LookupEvents.error.json',
        'cloudtrail',
        'LookupEvents',
        'error',
      ),
      entry(
        'telemetry/aws/111111111111/us-east-1/cloudwatch/GetMetricData.json',
        'cloudwatch',
        'GetMetricData',
        'ok',
      ),
    ],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('audit events pulled live for a window', () => {
  it('count as read for the whole window wherever the pull succeeded, records or none', () => {
    expect(liveAuditWindows(liveBundle())).toEqual([
      { provider: 'aws', scope: '111111111111', first: Date.parse(since), last: Date.parse(until) },
    ]);
  });

  it('make an instance launched in the window with no record "absent", not "no audit logs were read"', () => {
    const inventory = emptyInventory();
    inventory.workloads.push({
      provider: 'aws',
      scope: '111111111111',
      region: 'us-east-1',
      id: 'i-0000000000000abcd',
      type: 'AWS::EC2::Instance',
      evidence: [],
      state: 'running',
      tags: {},
      launchedAt: '2026-11-18T10:00:00.000Z',
      attachments: [],
      cpuResolutionMinutes: 5,
    });
    const creation = (withWindow: boolean) => {
      const digests = withWindow
        ? [{ ...emptyDigest('manifest.json', 'live-window'), auditWindows: liveAuditWindows(liveBundle()) }]
        : [];
      return fuseDigests(digests, [], inventory).coverage.find((c) => c.leg === 'creation');
    };
    expect(creation(false)?.why).toMatch(/no audit logs for account 111111111111 were read/);
    expect(creation(true)).toMatchObject({ blind: false });
    expect(creation(true)?.why).toMatch(/audit logs read cover its launch/);
  });

  it('read nothing from a damaged manifest (the bundle checks name it), rather than failing the run', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'manifest.json'), '{"files": [');
    expect(liveEntries(dir).size).toBe(0);
    expect(liveAuditWindows(dir)).toEqual([]);
  });
});
