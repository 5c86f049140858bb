import { join } from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openHistory, parseHistoryLocation } from '../../src/history/index.js';
import type { HistoryStore } from '../../src/history/store.js';
import { tempDir } from './cli.js';

const postgres = inject('postgres');

/** Why the PostgreSQL tests do not run here, or undefined when they do. */
export const postgresSkipped = 'skipped' in postgres ? postgres.skipped : undefined;

/** A schema of its own in this run's database, as a URL whose search_path points at it. */
export async function freshPostgresUrl(): Promise<string> {
  if (!('url' in postgres)) throw new Error(`PostgreSQL tests skipped: ${postgres.skipped}`);
  const schema = `h_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(postgres.url);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new, empty store location (file path or URL). */
  fresh(): Promise<string>;
}

export const backends: Backend[] = [
  { name: 'sqlite', fresh: async () => join(tempDir('rigsight-history-'), 'history.db') },
  { name: 'postgres', fresh: freshPostgresUrl },
];

/** One describe block per backend; the PostgreSQL one is skipped, with the reason in its name, when no server answers. */
export function eachBackend(body: (backend: Backend) => void): void {
  for (const backend of backends) {
    const skipped = backend.name === 'postgres' ? postgresSkipped : undefined;
    describe.skipIf(skipped !== undefined)(
      skipped ? `${backend.name} (SKIPPED: ${skipped})` : backend.name,
      () => body(backend),
    );
  }
}

export async function openFresh(backend: Backend): Promise<{ store: HistoryStore; location: string }> {
  const location = await backend.fresh();
  return { store: await openHistory(parseHistoryLocation(location), { create: true }), location };
}
