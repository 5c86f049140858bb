import pg from 'pg';
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

/** Advisory lock id for rigsight history: writers share it, migrations and prune take it alone. */
const lockId = 7_214_118_034;
/** Rows per statement when a run is written (arrays through unnest keep it to a few round trips). */
const batch = 5000;

const runColumns =
  'id, generated_at, recorded_at, tool_version, schema_version, policy_source, policy_sha256, manifest_sha256, grade, score, pillars, counts';

const types = {
  // Run ids are BIGSERIAL: numbers, not strings.
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** For teams whose runs happen on ephemeral CI runners: the same store in PostgreSQL, migrations in the repo. */
export class PostgresStore implements HistoryStore {
  readonly display: string;
  private readonly client: pg.Client;

  private constructor(client: pg.Client, display: string) {
    this.client = client;
    this.display = display;
  }

  static async open(url: string, display: string): Promise<PostgresStore> {
    let client: pg.Client;
    try {
      client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: 15_000,
        application_name: 'rigsight',
        types,
      });
    } catch (err) {
      throw postgresError(err, display, 'cannot open');
    }
    // A dropped connection is reported by the query that needed it, not as an unhandled event.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => {});
      throw postgresError(err, display, 'cannot connect');
    }
    const store = new PostgresStore(client, display);
    try {
      await store.migrate();
    } catch (err) {
      await client.end().catch(() => {});
      throw postgresError(err, display, 'cannot prepare the history tables');
    }
    return store;
  }

  private async version(): Promise<number> {
    const present = await this.client.query<{ t: string | null }>(
      "SELECT to_regclass('rigsight_migrations') AS t",
    );
    if (!present.rows[0]?.t) return 0;
    const row = await this.client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM rigsight_migrations',
    );
    return row.rows[0]?.v ?? 0;
  }

  private async migrate(): Promise<void> {
    const wanted = migrations('postgres');
    const latest = wanted.at(-1)?.version ?? 0;
    if ((await this.version()) === latest) return;
    await this.transaction('exclusive', async () => {
      await this.client.query(
        'CREATE TABLE IF NOT EXISTS rigsight_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const current = await this.version();
      if (current > latest)
        throw new HistoryError(
          'newer-schema',
          `${this.display} was written by a newer rigsight (history schema ${current}, this one knows ${latest}): upgrade rigsight`,
        );
      for (const m of wanted) {
        if (m.version <= current) continue;
        await this.client.query(m.sql);
        await this.client.query('INSERT INTO rigsight_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
      }
    });
  }

  /** Writers share the advisory lock; migrations and prune hold it alone, so no body is collected while a run refers to it. */
  private async transaction<T>(lock: 'shared' | 'exclusive', fn: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      await this.client.query(
        lock === 'shared' ? 'SELECT pg_advisory_xact_lock_shared($1)' : 'SELECT pg_advisory_xact_lock($1)',
        [lockId],
      );
      const value = await fn();
      await this.client.query('COMMIT');
      return value;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }

  async record(run: CompactRun, summary: NewRun): Promise<RunSummary> {
    const recordedAt = new Date().toISOString();
    // One order for every writer (bodies by hash, first-seen by key): concurrent runs queue, never deadlock.
    const bodies = [...new Map(run.items.map((i) => [i.hash, i])).values()].sort((a, b) =>
      a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0,
    );
    const opened = [...new Map(run.items.filter(isOpen).map((i) => [`${i.kind}|${i.key}`, i])).values()].sort(
      (a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    try {
      const id = await this.transaction('shared', async () => {
        const inserted = await this.client.query<{ id: number }>(
          `INSERT INTO rigsight_runs (${RUN_COLUMNS})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [...runValues(run, summary, recordedAt)],
        );
        const runId = inserted.rows[0]?.id ?? 0;
        for (const chunk of chunks(bodies)) {
          await this.client.query(
            `INSERT INTO rigsight_items (hash, kind, body)
             SELECT decode(h, 'hex'), k, b FROM unnest($1::text[], $2::text[], $3::text[]) AS t (h, k, b)
             ON CONFLICT (hash) DO NOTHING`,
            [chunk.map((i) => i.hash), chunk.map((i) => i.kind), chunk.map((i) => i.body)],
          );
        }
        for (const chunk of chunks(run.items)) {
          await this.client.query(
            `INSERT INTO rigsight_run_items (run_id, kind, ord, key, hash, state, severity)
             SELECT $1, k, o, y, decode(h, 'hex'), s, v
             FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t (k, o, y, h, s, v)`,
            [
              runId,
              chunk.map((i) => i.kind),
              chunk.map((i) => i.ord),
              chunk.map((i) => i.key),
              chunk.map((i) => i.hash),
              chunk.map((i) => i.state),
              chunk.map((i) => i.severity),
            ],
          );
        }
        for (const chunk of chunks(opened)) {
          await this.client.query(
            `INSERT INTO rigsight_first_seen (kind, key, generated_at, run_id)
             SELECT k, y, $3, $4 FROM unnest($1::text[], $2::text[]) AS t (k, y)
             ON CONFLICT (kind, key) DO UPDATE SET generated_at = EXCLUDED.generated_at, run_id = EXCLUDED.run_id
             WHERE (EXCLUDED.generated_at, EXCLUDED.run_id) < (rigsight_first_seen.generated_at, rigsight_first_seen.run_id)`,
            [chunk.map((i) => i.kind), chunk.map((i) => i.key), run.generatedAt, runId],
          );
        }
        return runId;
      });
      return { ...summary, id, recordedAt };
    } catch (err) {
      throw postgresError(err, this.display, 'cannot record the run');
    }
  }

  async runs(options: { limit?: number; upTo?: RunSummary } = {}): Promise<RunSummary[]> {
    const limit = options.limit ?? null;
    const res = options.upTo
      ? await this.query<RunRow>(
          `SELECT ${runColumns} FROM rigsight_runs WHERE (generated_at, id) <= ($1::timestamptz, $2) ORDER BY generated_at DESC, id DESC LIMIT $3`,
          [options.upTo.generatedAt, options.upTo.id, limit],
        )
      : await this.query<RunRow>(
          `SELECT ${runColumns} FROM rigsight_runs ORDER BY generated_at DESC, id DESC LIMIT $1`,
          [limit],
        );
    return res.map(summaryRow);
  }

  async run(id: number): Promise<RunSummary | undefined> {
    const rows = await this.query<RunRow>(`SELECT ${runColumns} FROM rigsight_runs WHERE id = $1`, [id]);
    return rows[0] ? summaryRow(rows[0]) : undefined;
  }

  async load(id: number, options: { bodies?: boolean } = {}): Promise<StoredRun> {
    const bodies = options.bodies ?? true;
    const rows = await this.query<RunRow & { header: Buffer }>(
      `SELECT ${runColumns}, header FROM rigsight_runs WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new HistoryError('no-run', `${this.display} has no run ${id}`);
    let res: pg.QueryArrayResult<unknown[]>;
    try {
      res = await this.client.query({
        text: bodies
          ? `SELECT ri.kind, ri.ord, ri.key, encode(ri.hash, 'hex'), ri.state, ri.severity, i.body
             FROM rigsight_run_items ri JOIN rigsight_items i ON i.hash = ri.hash WHERE ri.run_id = $1`
          : `SELECT kind, ord, key, encode(hash, 'hex'), state, severity FROM rigsight_run_items WHERE run_id = $1`,
        values: [id],
        rowMode: 'array',
      });
    } catch (err) {
      throw postgresError(err, this.display, 'cannot read');
    }
    const items: StoredItem[] = res.rows.map((r) => ({
      kind: r[0] as ItemKind,
      ord: r[1] as number,
      key: r[2] as string,
      hash: r[3] as string,
      state: r[4] as string,
      severity: (r[5] as string | null) ?? null,
      ...(bodies ? { body: r[6] as string } : {}),
    }));
    return { summary: summaryRow(row), header: unpackHeader(row.header), items };
  }

  async firstSeen(items: readonly { kind: ItemKind; key: string }[]): Promise<Map<string, FirstSeen>> {
    const rows = await this.query<{ kind: string; key: string; generated_at: Date; run_id: number }>(
      `SELECT kind, key, generated_at, run_id FROM rigsight_first_seen
       WHERE (kind, key) IN (SELECT k, y FROM unnest($1::text[], $2::text[]) AS t (k, y))`,
      [items.map((i) => i.kind), items.map((i) => i.key)],
    );
    return new Map(
      rows.map((r) => [`${r.kind}|${r.key}`, { run: r.run_id, at: r.generated_at.toISOString() }]),
    );
  }

  async bodies(hashes: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.query<{ h: string; body: string }>(
      `SELECT encode(hash, 'hex') AS h, body FROM rigsight_items
       WHERE hash IN (SELECT decode(x, 'hex') FROM unnest($1::text[]) AS t (x))`,
      [hashes],
    );
    return new Map(rows.map((r) => [r.h, r.body]));
  }

  async prune(rule: PruneRule): Promise<number> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (rule.keep !== undefined) {
      params.push(rule.keep);
      where.push(
        `id NOT IN (SELECT id FROM rigsight_runs ORDER BY generated_at DESC, id DESC LIMIT $${params.length})`,
      );
    }
    if (rule.before !== undefined) {
      params.push(rule.before);
      where.push(`generated_at < $${params.length}::timestamptz`);
    }
    if (!where.length) return 0;
    try {
      return await this.transaction('exclusive', async () => {
        const doomed = `SELECT id FROM rigsight_runs WHERE ${where.join(' AND ')}`;
        await this.client.query(`DELETE FROM rigsight_run_items WHERE run_id IN (${doomed})`, params);
        const res = await this.client.query(`DELETE FROM rigsight_runs WHERE ${where.join(' AND ')}`, params);
        await this.client.query(
          'DELETE FROM rigsight_items i WHERE NOT EXISTS (SELECT 1 FROM rigsight_run_items ri WHERE ri.hash = i.hash)',
        );
        return res.rowCount ?? 0;
      });
    } catch (err) {
      throw postgresError(err, this.display, 'cannot prune');
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.client.query<R>(text, values)).rows;
    } catch (err) {
      throw postgresError(err, this.display, 'cannot read');
    }
  }
}

function* chunks<T>(list: readonly T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += batch) yield list.slice(i, i + batch);
}

interface RunRow {
  id: number;
  generated_at: Date;
  recorded_at: Date;
  tool_version: string;
  schema_version: string;
  policy_source: string;
  policy_sha256: string;
  manifest_sha256: string | null;
  grade: string;
  score: number;
  pillars: Record<Pillar, number>;
  counts: RunCounts;
}

function summaryRow(r: RunRow): RunSummary {
  return {
    id: r.id,
    generatedAt: r.generated_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    toolVersion: r.tool_version,
    schemaVersion: r.schema_version,
    policy: { source: r.policy_source, sha256: r.policy_sha256 },
    manifestSha256: r.manifest_sha256,
    grade: r.grade as Grade,
    value: r.score,
    pillars: r.pillars,
    counts: r.counts,
  };
}

const unreachable = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

/** pg errors to one line with a code; the URL shown is the redacted one, and pg's messages hold no password. */
function postgresError(err: unknown, display: string, doing: string): Error {
  if (err instanceof HistoryError) return err;
  const e = err as { code?: string; message?: string };
  const message = (e.message ?? String(err)).split('\n')[0];
  if (e.code && unreachable.has(e.code))
    return new HistoryError('unreachable', `${display}: ${doing}: PostgreSQL does not answer (${e.code})`);
  if (/timeout|terminated unexpectedly/i.test(message ?? ''))
    return new HistoryError('unreachable', `${display}: ${doing}: ${message}`);
  if (e.code === '28P01' || e.code === '28000' || /\bpassword\b/i.test(message ?? ''))
    return new HistoryError(
      'auth',
      `${display}: ${doing}: ${message} (give the password in PGPASSWORD or ~/.pgpass, not in the URL)`,
    );
  if (e.code === '3D000') return new HistoryError('no-database', `${display}: ${doing}: ${message}`);
  return new HistoryError('failed', `${display}: ${doing}: ${message}${e.code ? ` (${e.code})` : ''}`);
}
