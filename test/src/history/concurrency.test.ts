import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { expandRun, openHistory, parseHistoryLocation } from '../../../src/history/index.js';
import type { HistoryStore } from '../../../src/history/store.js';
import { tempDir } from '../../helpers/cli.js';
import { eachBackend } from '../../helpers/history.js';

const helpers = fileURLToPath(new URL('../../helpers/', import.meta.url));
const hooks = new URL('../../../src/detect/source-hooks.ts', import.meta.url).href;

/** Runs a TypeScript helper in a process of its own; resolves with its exit code and output. */
function child(script: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--experimental-transform-types', '--import', hooks, '--no-warnings', join(helpers, script), ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

let store: HistoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

eachBackend((backend) => {
  it('four processes writing at once lose and corrupt no run', { timeout: 120_000 }, async () => {
    const location = await backend.fresh();
    const startAt = String(Date.now() + 4000);
    const writers = await Promise.all(
      [0, 1, 2, 3].map((w) => child('history-writer.ts', [location, String(w), '3', startAt])),
    );
    for (const w of writers) expect(w.err).toBe('');
    expect(writers.map((w) => w.code)).toEqual([0, 0, 0, 0]);
    const written = writers.flatMap((w) =>
      w.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number; at: string; sha: string }),
    );
    expect(new Set(written.map((w) => w.id)).size).toBe(12);
    store = await openHistory(parseHistoryLocation(location), { create: false });
    const runs = await store.runs();
    expect(runs.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      written.map((w) => w.id).sort((a, b) => a - b),
    );
    for (const w of written) {
      const run = await store.load(w.id);
      const doc = expandRun(run.header, run.items);
      expect(createHash('sha256').update(JSON.stringify(doc)).digest('hex')).toBe(w.sha);
    }
    if (backend.name === 'sqlite') {
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(location, { readOnly: true });
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      db.close();
    }
  });

  it('three audits with --history at once each record their run', { timeout: 120_000 }, async () => {
    const location = await backend.fresh();
    const out = tempDir();
    const audits = await Promise.all(
      [1, 2, 3].map((n) =>
        child('cli-process.ts', [
          'audit',
          '--demo',
          '--history',
          location,
          '--out',
          join(out, String(n)),
          '--now',
          `2026-11-2${n}T00:00:00Z`,
          '--quiet',
        ]),
      ),
    );
    expect(audits.map((a) => a.err)).toEqual(['', '', '']);
    expect(audits.map((a) => a.code)).toEqual([0, 0, 0]);
    store = await openHistory(parseHistoryLocation(location), { create: false });
    expect((await store.runs()).map((r) => r.generatedAt.slice(0, 10))).toEqual([
      '2026-11-23',
      '2026-11-22',
      '2026-11-21',
    ]);
  });
});
