import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Pillar } from '../model/finding.js';
import type { Grade } from '../model/findings-document.js';
import { type CompactRun, type StoredItem, unpackHeader } from './compact-run.js';
import { HistoryError } from './history-error.js';
import { type ItemKind, isOpen } from './item-kinds.js';
import { migrations } from './migrations.js';
import { RUN_COLUMNS, runValues } from './run-columns.js';
import type {
  FirstSeen,
  HistoryStore,
  NewRun,
  PruneRule,
  RunCounts,
  RunSummary,
  StoredRun,
} from './store.js';

/** How long a writer waits for another one's transaction before giving up (a run of 50,000 findings takes ~1 s). */
const busyTimeoutMs = 120_000;

const runColumns =
  'id, generated_at, recorded_at, tool_version, schema_version, policy_source, policy_sha256, manifest_sha256, grade, score, pillars, counts';

/** The default store: one SQLite file through the built-in node:sqlite (no native build), WAL, one writer at a time. */
export class SqliteStore implements HistoryStore {
  readonly display: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  private constructor(db: DatabaseSync, display: string) {
    this.db = db;
    this.display = display;
  }

  /** Opens (with `create`, makes) the file and brings its schema up to date. */
  static open(path: string, display: string, create: boolean): SqliteStore {
    if (!create && !existsSync(path))
      throw new HistoryError(
        'not-found',
        `no history at ${display}: record a run first (rigsight audit … --history ${display})`,
      );
    let db: DatabaseSync;
    try {
      if (create) mkdirSync(dirname(path), { recursive: true });
      db = new DatabaseSync(path, { timeout: busyTimeoutMs });
    } catch (err) {
      throw sqliteError(err, display, 'cannot open');
    }
    const store = new SqliteStore(db, display);
    try {
      db.exec('PRAGMA journal_mode = WAL');
      store.migrate();
    } catch (err) {
      db.close();
      throw sqliteError(err, display, 'cannot open');
    }
    return store;
  }

  private migrate(): void {
    const wanted = migrations('sqlite');
    const latest = wanted.at(-1)?.version ?? 0;
    if (this.version() === latest) return;
    this.write(() => {
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS rigsight_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const current = this.version();
      if (current > latest)
        throw new HistoryError(
          'newer-schema',
          `${this.display} was written by a newer rigsight (history schema ${current}, this one knows ${latest}): upgrade rigsight`,
        );
      for (const m of wanted) {
        if (m.version <= current) continue;
        this.db.exec(m.sql);
        this.db
          .prepare('INSERT INTO rigsight_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, new Date().toISOString());
      }
    });
  }

  private version(): number {
    const table = this.db
      .prepare("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'rigsight_migrations'")
      .get();
    if (!table) return 0;
    const row = this.db.prepare('SELECT max(version) AS v FROM rigsight_migrations').get() as
      | { v: number | null }
      | undefined;
    return row?.v ?? 0;
  }

  private sql(text: string): StatementSync {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  /** One write transaction, taken at once (IMMEDIATE) so two writers queue instead of deadlocking. */
  private write<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const value = fn();
      this.db.exec('COMMIT');
      return value;
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  async record(run: CompactRun, summary: NewRun): Promise<RunSummary> {
    const recordedAt = new Date().toISOString();
    try {
      const id = this.write(() => {
        const inserted = this.sql(
          `INSERT INTO rigsight_runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...runValues(run, summary, recordedAt));
        const runId = Number(inserted.lastInsertRowid);
        // Whole lists travel as JSON and SQLite walks them (json_each): a few statements per run, not one per item.
        const existing = this.sql(
          'SELECT lower(hex(i.hash)) FROM json_each(?) j JOIN rigsight_items i ON i.hash = unhex(j.value)',
        );
        existing.setReturnArrays(true);
        const hashes = [...new Set(run.items.map((i) => i.hash))];
        const stored = new Set(
          (existing.all(JSON.stringify(hashes)) as unknown as [string][]).map((r) => r[0]),
        );
        const fresh = new Map<string, StoredItem>();
        for (const i of run.items) if (!stored.has(i.hash) && !fresh.has(i.hash)) fresh.set(i.hash, i);
        if (fresh.size)
          this.sql(
            `INSERT INTO rigsight_items (hash, kind, body)
             SELECT unhex(j.value ->> 0), j.value ->> 1, j.value ->> 2 FROM json_each(?) j`,
          ).run(JSON.stringify([...fresh.values()].map((i) => [i.hash, i.kind, i.body ?? ''])));
        this.sql(
          `INSERT INTO rigsight_run_items (run_id, kind, ord, key, item_id, state, severity)
           SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, i.id, j.value ->> 4, j.value ->> 5
           FROM json_each(?) j JOIN rigsight_items i ON i.hash = unhex(j.value ->> 3)`,
        ).run(
          runId,
          JSON.stringify(run.items.map((i) => [i.kind, i.ord, i.key, i.hash, i.state, i.severity])),
        );
        this.sql(
          `INSERT INTO rigsight_first_seen (kind, key, generated_at, run_id)
           SELECT j.value ->> 0, j.value ->> 1, ?, ? FROM json_each(?) j WHERE true
           ON CONFLICT (kind, key) DO UPDATE SET generated_at = excluded.generated_at, run_id = excluded.run_id
           WHERE (excluded.generated_at, excluded.run_id) < (rigsight_first_seen.generated_at, rigsight_first_seen.run_id)`,
        ).run(run.generatedAt, runId, JSON.stringify(run.items.filter(isOpen).map((i) => [i.kind, i.key])));
        return runId;
      });
      return { ...summary, id, recordedAt };
    } catch (err) {
      throw sqliteError(err, this.display, 'cannot record the run');
    }
  }

  async runs(options: { limit?: number; upTo?: RunSummary } = {}): Promise<RunSummary[]> {
    const limit = options.limit ?? -1;
    const rows = options.upTo
      ? this.sql(
          `SELECT ${runColumns} FROM rigsight_runs WHERE (generated_at, id) <= (?, ?) ORDER BY generated_at DESC, id DESC LIMIT ?`,
        ).all(options.upTo.generatedAt, options.upTo.id, limit)
      : this.sql(`SELECT ${runColumns} FROM rigsight_runs ORDER BY generated_at DESC, id DESC LIMIT ?`).all(
          limit,
        );
    return rows.map((r) => summaryRow(r as unknown as RunRow));
  }

  async run(id: number): Promise<RunSummary | undefined> {
    const row = this.sql(`SELECT ${runColumns} FROM rigsight_runs WHERE id = ?`).get(id);
    return row ? summaryRow(row as unknown as RunRow) : undefined;
  }

  async load(id: number, options: { bodies?: boolean } = {}): Promise<StoredRun> {
    const bodies = options.bodies ?? true;
    const row = this.sql(`SELECT ${runColumns}, header FROM rigsight_runs WHERE id = ?`).get(id) as
      | (RunRow & { header: Uint8Array })
      | undefined;
    if (!row) throw new HistoryError('no-run', `${this.display} has no run ${id}`);
    // One JSON text per run: SQLite builds it, V8 parses it, far faster than materialising rows one by one.
    const select = this.sql(
      `SELECT json_group_array(json_array(ri.kind, ri.ord, ri.key, lower(hex(i.hash)), ri.state, ri.severity${bodies ? ', i.body' : ''}))
       FROM rigsight_run_items ri JOIN rigsight_items i ON i.id = ri.item_id WHERE ri.run_id = ?`,
    );
    select.setReturnArrays(true);
    const [text] = select.get(id) as unknown as [string];
    const items: StoredItem[] = (
      JSON.parse(text) as [ItemKind, number, string, string, string, string | null, string?][]
    ).map((r) => ({
      kind: r[0],
      ord: r[1],
      key: r[2],
      hash: r[3],
      state: r[4],
      severity: r[5] ?? null,
      ...(bodies ? { body: r[6] ?? '' } : {}),
    }));
    return { summary: summaryRow(row), header: unpackHeader(row.header), items };
  }

  async firstSeen(items: readonly { kind: ItemKind; key: string }[]): Promise<Map<string, FirstSeen>> {
    // One statement for any number of keys: the list travels as JSON and SQLite looks each one up.
    const select = this.sql(
      `SELECT f.kind, f.key, f.generated_at, f.run_id FROM json_each(?) j
       JOIN rigsight_first_seen f ON f.kind = j.value ->> 0 AND f.key = j.value ->> 1`,
    );
    select.setReturnArrays(true);
    const rows = select.all(JSON.stringify(items.map((i) => [i.kind, i.key]))) as unknown as [
      string,
      string,
      string,
      number,
    ][];
    return new Map(rows.map((r) => [`${r[0]}|${r[1]}`, { run: Number(r[3]), at: r[2] }]));
  }

  async bodies(hashes: readonly string[]): Promise<Map<string, string>> {
    const select = this.sql(
      'SELECT lower(hex(i.hash)), i.body FROM json_each(?) j JOIN rigsight_items i ON i.hash = unhex(j.value)',
    );
    select.setReturnArrays(true);
    const rows = select.all(JSON.stringify(hashes)) as unknown as [string, string][];
    return new Map(rows);
  }

  async prune(rule: PruneRule): Promise<number> {
    try {
      return this.write(() => {
        const where: string[] = [];
        const params: (string | number)[] = [];
        if (rule.keep !== undefined) {
          where.push('id NOT IN (SELECT id FROM rigsight_runs ORDER BY generated_at DESC, id DESC LIMIT ?)');
          params.push(rule.keep);
        }
        if (rule.before !== undefined) {
          where.push('generated_at < ?');
          params.push(rule.before);
        }
        if (!where.length) return 0;
        const doomed = `SELECT id FROM rigsight_runs WHERE ${where.join(' AND ')}`;
        this.db.prepare(`DELETE FROM rigsight_run_items WHERE run_id IN (${doomed})`).run(...params);
        const { changes } = this.db
          .prepare(`DELETE FROM rigsight_runs WHERE ${where.join(' AND ')}`)
          .run(...params);
        this.db.exec('DELETE FROM rigsight_items WHERE id NOT IN (SELECT item_id FROM rigsight_run_items)');
        return Number(changes);
      });
    } catch (err) {
      throw sqliteError(err, this.display, 'cannot prune');
    }
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}

interface RunRow {
  id: number | bigint;
  generated_at: string;
  recorded_at: string;
  tool_version: string;
  schema_version: string;
  policy_source: string;
  policy_sha256: string;
  manifest_sha256: string | null;
  grade: string;
  score: number;
  pillars: string;
  counts: string;
}

function summaryRow(r: RunRow): RunSummary {
  return {
    id: Number(r.id),
    generatedAt: r.generated_at,
    recordedAt: r.recorded_at,
    toolVersion: r.tool_version,
    schemaVersion: r.schema_version,
    policy: { source: r.policy_source, sha256: r.policy_sha256 },
    manifestSha256: r.manifest_sha256,
    grade: r.grade as Grade,
    value: r.score,
    pillars: JSON.parse(r.pillars) as Record<Pillar, number>,
    counts: JSON.parse(r.counts) as RunCounts,
  };
}

/** node:sqlite errors carry `errcode`/`errstr`; one line that says which file and what SQLite said. */
function sqliteError(err: unknown, display: string, doing: string): Error {
  if (err instanceof HistoryError) return err;
  const e = err as { errcode?: number; errstr?: string; message?: string; code?: string };
  const primary = (e.errcode ?? 0) & 0xff;
  if (primary === 5 || primary === 6)
    return new HistoryError(
      'busy',
      `${display}: ${doing}: another rigsight held the store too long (${e.errstr})`,
    );
  if (primary === 26)
    return new HistoryError('cannot-open', `${display}: ${doing}: not an SQLite history file (${e.errstr})`);
  const why = e.errstr ?? e.code ?? e.message ?? String(err);
  return new HistoryError(primary ? 'cannot-open' : 'failed', `${display}: ${doing}: ${why}`);
}
