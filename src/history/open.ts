import { HistoryError } from './history-error.js';
import type { HistoryLocation } from './location.js';
import type { HistoryStore } from './store.js';

/**
 * Opens the store `--history` names; `create` makes a missing SQLite file (recording), reading never does.
 * Backends load on first use, so commands without --history never load node:sqlite or pg.
 */
export async function openHistory(
  location: HistoryLocation,
  options: { create: boolean },
): Promise<HistoryStore> {
  if (location.backend === 'postgres') {
    const { PostgresStore } = await import('./postgres-store.js');
    return PostgresStore.open(location.url, location.display);
  }
  let sqlite: typeof import('./sqlite-store.js');
  try {
    sqlite = await import('./sqlite-store.js');
  } catch (err) {
    throw new HistoryError(
      'cannot-open',
      `${location.display}: this Node.js (${process.version}) has no node:sqlite; run rigsight on Node 22.13 or later (${(err as Error).message})`,
    );
  }
  return sqlite.SqliteStore.open(location.path, location.display, options.create);
}
