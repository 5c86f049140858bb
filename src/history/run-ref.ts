import { HistoryError } from './history-error.js';
import type { HistoryStore, RunSummary } from './store.js';

/** `RUN` on the command line: a run id, `latest`, or `latest~N` (N runs before the latest). */
export async function resolveRun(store: HistoryStore, ref: string): Promise<RunSummary> {
  const back = /^latest(?:~(\d+))?$/.exec(ref.trim());
  if (back) {
    const n = Number(back[1] ?? 0);
    const run = (await store.runs({ limit: n + 1 }))[n];
    if (!run) throw new HistoryError('no-run', `${store.display} holds fewer than ${n + 1} run(s) (${ref})`);
    return run;
  }
  if (!/^\d+$/.test(ref.trim()))
    throw new HistoryError(
      'no-run',
      `"${ref}" is not a run: give a run id (history list), latest or latest~N`,
    );
  const run = await store.run(Number(ref));
  if (!run)
    throw new HistoryError('no-run', `${store.display} has no run ${ref} (see rigsight history list)`);
  return run;
}
