/** What differs between the SQL engines the flow leg is pushed to; the query shape is shared (render-sql.ts). */
export interface SqlDialect {
  name: 'trino' | 'bigquery' | 'duckdb';
  /** Longest query text the engine accepts, in bytes (UTF-8). */
  maxQueryBytes: number;
  /** An identifier, quoted. */
  id(name: string): string;
  /** A string literal. */
  text(value: string): string;
  /** A subquery of one column `v`: the items of a space-separated list (one literal keeps long lists compact). */
  list(packed: string): string;
  /** A value cast to the engine's 64-bit integer; NULL where it does not parse. */
  int(expr: string): string;
  /** A value as text. */
  str(expr: string): string;
  /** Integer division of non-negative integers. */
  idiv(a: string, b: string): string;
  /** A timestamp (or ISO 8601 text) as epoch milliseconds. */
  epochMs(ts: string): string;
  /** Epoch milliseconds as a timestamp literal. */
  timestamp(ms: number): string;
  /** The dotted-quad octet `n` (1-4) of an address already known to be dotted IPv4. */
  octet(expr: string, n: number): string;
  /** Whether text is four dot-separated decimal parts. */
  dottedQuad(expr: string): string;
  nullText: string;
  nullInt: string;
}

const QUAD = '^[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}$';

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Athena engine version 3 (Trino). Query text limit: 262,144 bytes. */
export const trino: SqlDialect = {
  name: 'trino',
  maxQueryBytes: 262_144,
  id: (name) => `"${name.replace(/"/g, '""')}"`,
  text: sqlText,
  list: (packed) => `SELECT v FROM UNNEST(split(${sqlText(packed)}, ' ')) AS t(v)`,
  int: (expr) => `TRY_CAST(${expr} AS BIGINT)`,
  str: (expr) => `CAST(${expr} AS VARCHAR)`,
  idiv: (a, b) => `(${a}) / ${b}`,
  epochMs: (ts) => `CAST(to_unixtime(${ts}) * 1000 AS BIGINT)`,
  timestamp: (ms) => `from_unixtime(${ms / 1000})`,
  octet: (expr, n) => `CAST(split_part(${expr}, '.', ${n}) AS BIGINT)`,
  dottedQuad: (expr) => `regexp_like(${expr}, '${QUAD}')`,
  nullText: 'CAST(NULL AS VARCHAR)',
  nullInt: 'CAST(NULL AS BIGINT)',
};

/** BigQuery GoogleSQL. Query text limit: 1,024K characters unresolved (the smaller of its two limits). */
export const bigquery: SqlDialect = {
  name: 'bigquery',
  maxQueryBytes: 1_024 * 1_024,
  id: (name) => `\`${name.replace(/`/g, '')}\``,
  text: (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  list: (packed) => `SELECT v FROM UNNEST(SPLIT('${packed.replace(/'/g, "\\'")}', ' ')) AS v`,
  int: (expr) => `SAFE_CAST(${expr} AS INT64)`,
  str: (expr) => `CAST(${expr} AS STRING)`,
  idiv: (a, b) => `DIV(${a}, ${b})`,
  epochMs: (ts) => `UNIX_MILLIS(SAFE_CAST(${ts} AS TIMESTAMP))`,
  timestamp: (ms) => `TIMESTAMP_MILLIS(${ms})`,
  octet: (expr, n) => `CAST(SPLIT(${expr}, '.')[OFFSET(${n - 1})] AS INT64)`,
  dottedQuad: (expr) => `REGEXP_CONTAINS(${expr}, r'${QUAD}')`,
  nullText: 'CAST(NULL AS STRING)',
  nullInt: 'CAST(NULL AS INT64)',
};

/** DuckDB, where the rendering is checked against the local engine over the same files. */
export const duckdb: SqlDialect = {
  name: 'duckdb',
  maxQueryBytes: Number.MAX_SAFE_INTEGER,
  id: (name) => `"${name.replace(/"/g, '""')}"`,
  text: sqlText,
  list: (packed) => `SELECT unnest(string_split(${sqlText(packed)}, ' ')) AS v`,
  int: (expr) => `TRY_CAST(${expr} AS BIGINT)`,
  str: (expr) => `CAST(${expr} AS VARCHAR)`,
  idiv: (a, b) => `(${a}) // ${b}`,
  epochMs: (ts) => `epoch_ms(CAST(${ts} AS TIMESTAMP))`,
  timestamp: (ms) => `make_timestamp(${ms * 1000})`,
  octet: (expr, n) => `CAST(split_part(${expr}, '.', ${n}) AS BIGINT)`,
  dottedQuad: (expr) => `regexp_matches(${expr}, '${QUAD}')`,
  nullText: 'CAST(NULL AS VARCHAR)',
  nullInt: 'CAST(NULL AS BIGINT)',
};
