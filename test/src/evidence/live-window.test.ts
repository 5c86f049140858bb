import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stampLiveWindow } from '../../../src/evidence/live-window.js';
import { manifestSchema } from '../../../src/evidence/manifest.js';
import { BundleWriter } from '../../../src/evidence/writer.js';
import { tempDir } from '../../helpers/cli.js';

const window = { since: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-27T00:00:00Z') };
const manifestOf = (dir: string) =>
  manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));

describe('the live window in the manifest', () => {
  it('is written by the bundle writer, and valid against the schema', () => {
    const dir = tempDir();
    const writer = new BundleWriter(dir);
    writer.setLive(window);
    writer.finish();
    expect(manifestOf(dir).live).toEqual({
      since: '2026-11-20T00:00:00.000Z',
      until: '2026-11-27T00:00:00.000Z',
    });
  });

  it('is stamped after the fact for a collector that did not record it, without touching a recorded one', () => {
    const dir = tempDir();
    const writer = new BundleWriter(dir);
    writer.writeJson(
      'telemetry/azure/sub/activity-log.json',
      { value: [] },
      {
        service: 'monitor',
        operation: 'activity-log-list',
        region: 'global',
        parameters: {},
        collectedAt: '2026-11-27T00:00:00Z',
        outcome: 'ok',
      },
    );
    writer.finish();
    expect(manifestOf(dir).live).toBeUndefined();
    stampLiveWindow(dir, window);
    expect(manifestOf(dir).live?.since).toBe('2026-11-20T00:00:00.000Z');
    const other = { since: new Date('2026-01-01T00:00:00Z'), until: new Date('2026-01-02T00:00:00Z') };
    stampLiveWindow(dir, other);
    expect(manifestOf(dir).live?.since).toBe('2026-11-20T00:00:00.000Z');
  });

  it('is not claimed for a bundle whose collector pulled no live-leg file', () => {
    const dir = tempDir();
    new BundleWriter(dir).finish();
    stampLiveWindow(dir, window);
    expect(manifestOf(dir).live).toBeUndefined();
  });

  it('leaves a bundle without a readable manifest alone', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    stampLiveWindow(dir, window);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('{ not json');
  });
});
