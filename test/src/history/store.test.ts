import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { runAssess } from '../../../src/cli/commands/assess.js';
import {
  compactRun,
  expandRun,
  HistoryError,
  openHistory,
  parseHistoryLocation,
  recordRun,
} from '../../../src/history/index.js';
import type { HistoryStore } from '../../../src/history/store.js';
import type { FindingsDocument } from '../../../src/model/findings-document.js';
import { demoDir } from '../../../src/package-info.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { twoAccountEstate } from '../../helpers/findings-fixtures.js';
import { eachBackend, openFresh } from '../../helpers/history.js';

let opened: HistoryStore[] = [];
afterEach(async () => {
  for (const s of opened) await s.close();
  opened = [];
});
const track = (s: HistoryStore) => {
  opened.push(s);
  return s;
};

const estate = (day: number) =>
  twoAccountEstate({ now: `2026-11-${String(10 + day).padStart(2, '0')}T00:00:00Z` });

/** The demo's findings.json as audit writes it (posture, creators, detections, coverage). */
async function demoDocument(): Promise<FindingsDocument> {
  const out = tempDir();
  await runAssess(
    {
      evidence: join(demoDir, 'bundle'),
      policy: join(demoDir, 'policy.yaml'),
      now: new Date('2026-11-27T00:00:00Z'),
      out,
      format: ['json'],
      quiet: true,
    },
    { io: { out: () => {}, err: () => {} }, exit: () => {} },
  );
  const { readFileSync } = await import('node:fs');
  return JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
}

describe('compact runs', () => {
  it('give back the recorded findings.json byte for byte', async () => {
    for (const doc of [estate(0), await demoDocument()]) {
      const run = compactRun(doc);
      expect(JSON.stringify(expandRun(run.header, run.items))).toBe(JSON.stringify(doc));
    }
  });

  it('store an item whose evidence was merely re-collected once: same body, same address', () => {
    const a = estate(0);
    const b = structuredClone(a);
    for (const f of b.findings)
      for (const e of f.evidence) {
        e.collectedAt = '2026-12-01T00:00:00.000Z';
        e.sha256 = 'f'.repeat(64);
      }
    const ha = compactRun(a).items.map((i) => i.hash);
    const hb = compactRun(b).items.map((i) => i.hash);
    expect(hb).toEqual(ha);
    expect(compactRun(b).header.files.some((f) => f[1] === 'f'.repeat(64))).toBe(true);
  });
});

eachBackend((backend) => {
  it('records runs, lists them newest first and gives each findings.json back', async () => {
    const { store } = await openFresh(backend);
    track(store);
    const docs = [estate(0), estate(1), estate(2)];
    for (const doc of docs) await recordRun(store, doc);
    const runs = await store.runs();
    expect(runs.map((r) => r.generatedAt)).toEqual([
      '2026-11-12T00:00:00.000Z',
      '2026-11-11T00:00:00.000Z',
      '2026-11-10T00:00:00.000Z',
    ]);
    expect(runs[0]).toMatchObject({ grade: docs[2]?.score.grade, value: docs[2]?.score.value });
    expect(runs[0]?.counts.findings.fail).toBe(docs[2]?.findings.filter((f) => f.status === 'fail').length);
    const last = await store.load(runs[0]?.id ?? 0);
    expect(JSON.stringify(expandRun(last.header, last.items))).toBe(JSON.stringify(docs[2]));
    expect((await store.runs({ limit: 2, upTo: runs[1] })).map((r) => r.id)).toEqual([
      runs[1]?.id,
      runs[2]?.id,
    ]);
  });

  it('keeps one body per distinct item across runs', async () => {
    const { store, location } = await openFresh(backend);
    track(store);
    for (let d = 0; d < 5; d++) await recordRun(store, estate(d));
    const count = async (table: string): Promise<number> => {
      if (backend.name === 'sqlite') {
        const { DatabaseSync } = await import('node:sqlite');
        const db = new DatabaseSync(location, { readOnly: true });
        const row = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
        db.close();
        return row.n;
      }
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      await client.end();
      return Number(res.rows[0]?.n);
    };
    const perRun = compactRun(estate(0)).items.length;
    expect(await count('rigsight_run_items')).toBe(5 * perRun);
    expect(await count('rigsight_items')).toBe(perRun);
  });

  it('prunes by count and by age, keeps first-seen dates, and drops bodies no run uses', async () => {
    const { store } = await openFresh(backend);
    track(store);
    for (let d = 0; d < 5; d++) await recordRun(store, estate(d));
    expect(await store.prune({ keep: 3 })).toBe(2);
    expect((await store.runs()).map((r) => r.generatedAt.slice(0, 10))).toEqual([
      '2026-11-14',
      '2026-11-13',
      '2026-11-12',
    ]);
    expect(await store.prune({ before: '2026-11-13T00:00:00.000Z' })).toBe(1);
    expect(await store.prune({ keep: 1, before: '2026-11-01T00:00:00.000Z' })).toBe(0);
    const { history } = await recordRun(store, estate(6));
    const persisting = history.changes.findings.items.find((c) => c.change === 'persisting');
    // First seen on day 0, although that run was pruned.
    expect(persisting).toMatchObject({ firstSeen: '2026-11-10T00:00:00.000Z', ageDays: 6 });
  });

  it('applies its migrations once: a second open finds the schema current', async () => {
    const { store, location } = await openFresh(backend);
    await recordRun(store, estate(0));
    await store.close();
    const again = track(await openHistory(parseHistoryLocation(location), { create: false }));
    expect((await again.runs()).length).toBe(1);
  });

  it('refuses a store written by a newer rigsight, with a code and one line', async () => {
    const { store, location } = await openFresh(backend);
    await store.close();
    if (backend.name === 'sqlite') {
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(location);
      db.exec("INSERT INTO rigsight_migrations (version, name, applied_at) VALUES (99, 'future', 'x')");
      db.close();
    } else {
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      await client.query("INSERT INTO rigsight_migrations (version, name) VALUES (99, 'future')");
      await client.end();
    }
    const err = await openHistory(parseHistoryLocation(location), { create: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistoryError);
    expect((err as HistoryError).problem).toBe('newer-schema');
    expect((err as HistoryError).code).toBe('RS_HISTORY');
  });

  it('audit --demo --history twice, with a changed policy, prints the diff and reports trend and counts', async () => {
    const location = await backend.fresh();
    const out = tempDir();
    const now = ['--now', '2026-11-26T00:00:00Z'];
    const first = await runCli('audit', '--demo', '--history', location, '--out', join(out, '1'), ...now);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/History: run 1 recorded in .*, the first there/);
    const policy = join(out, 'policy.yaml');
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(
      policy,
      readFileSync(join(demoDir, 'policy.yaml'), 'utf8').replace(
        'role/deploy-pipeline',
        'role/deploy-pipeline-v2',
      ),
    );
    const second = await runCli(
      'audit',
      '--demo',
      '--policy',
      policy,
      '--history',
      location,
      '--out',
      join(out, '2'),
      '--now',
      '2026-11-27T00:00:00Z',
      '--format',
      'html,json,md',
    );
    expect(second.code).toBe(0);
    expect(second.out).toContain('since run 1 (2026-11-26 00:00:00Z');
    expect(second.out).toMatch(
      /- new low creation-permissions arn:aws:iam::444455556666:role\/deploy-pipeline/,
    );
    expect(second.out).not.toContain('password');
    const html = readFileSync(join(out, '2', 'report.html'), 'utf8');
    expect(html).toContain('<h3>Trend</h3>');
    expect(html).toMatch(
      /<a href="#new-since-last-run" class="status-fail">1 new<\/a> · <a href="#fixed-since-last-run" class="status-pass">0 fixed<\/a> since run 1/,
    );
    expect(html).toContain('class="pillar-trend"');
    const doc = JSON.parse(readFileSync(join(out, '2', 'findings.json'), 'utf8')) as FindingsDocument;
    expect(doc.history?.trend.map((p) => p.run)).toEqual([1, 2]);
    expect(readFileSync(join(out, '2', 'summary.md'), 'utf8')).toContain(
      '**1 new** and **0 fixed** findings',
    );
  });
});
