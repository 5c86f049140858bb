import { Worker } from 'node:worker_threads';
import type { IntelData, IntelMatcher } from '../intel/matcher.js';
import { readerFor } from './formats.js';
import { readTelemetryFile } from './read-file.js';
import type { DnsAnswers } from './reader.js';
import type { FileDigest } from './signals.js';

export interface FileTask {
  index: number;
  path: string;
  rel: string;
  format: string;
  phase: 1 | 2;
  ndjson: boolean;
}

export interface WorkerInit {
  intel: IntelData;
  dnsAnswers: [string, { time: number; domain: string; source: string }][];
}

export type WorkerReply = { index: number; digest: FileDigest } | { index: number; error: string };

export type TaskResult = { ok: true; digest: FileDigest } | { ok: false; error: string };

/** Runs from dist/ as JavaScript, or from src/ as TypeScript (tests) with a resolve hook. */
function workerUrl(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return { url: new URL('./worker.js', import.meta.url), execArgv: [] };
  return {
    url: new URL('./worker.ts', import.meta.url),
    execArgv: ['--import', new URL('./source-hooks.ts', import.meta.url).href, '--no-warnings'],
  };
}

/**
 * Reads files across `workers` threads (one file per thread at a time, largest first so the pool
 * stays busy). With one worker, reads in this thread. Results come back in task order.
 */
export async function readFiles(
  tasks: FileTask[],
  intel: IntelMatcher,
  dnsAnswers: DnsAnswers,
  workers: number,
  sizes: Map<number, number>,
): Promise<TaskResult[]> {
  const results: TaskResult[] = new Array(tasks.length);
  if (workers <= 1 || tasks.length <= 1) {
    for (const task of tasks) {
      const reader = readerFor(task.format, task.phase);
      try {
        if (!reader) throw new Error(`no reader for ${task.format}`);
        const digest = await readTelemetryFile(task.path, task.rel, reader, intel, dnsAnswers, task.ndjson);
        results[tasks.indexOf(task)] = { ok: true, digest };
      } catch (err) {
        results[tasks.indexOf(task)] = { ok: false, error: (err as Error).message };
      }
    }
    return results;
  }
  const queue = [...tasks].sort((a, b) => (sizes.get(b.index) ?? 0) - (sizes.get(a.index) ?? 0));
  const position = new Map(tasks.map((t, i) => [t.index, i]));
  const { url, execArgv } = workerUrl();
  const init: WorkerInit = { intel: intel.data, dnsAnswers: [...dnsAnswers] };
  const count = Math.min(workers, tasks.length);
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(url, { workerData: init, execArgv });
          let current: FileTask | undefined;
          const next = () => {
            current = queue.shift();
            if (!current) {
              void worker.terminate().then(() => resolve());
              return;
            }
            worker.postMessage(current);
          };
          worker.on('message', (reply: WorkerReply) => {
            const at = position.get(reply.index) as number;
            results[at] =
              'digest' in reply ? { ok: true, digest: reply.digest } : { ok: false, error: reply.error };
            next();
          });
          worker.on('error', (err) => {
            if (current) results[position.get(current.index) as number] = { ok: false, error: err.message };
            reject(err);
          });
          next();
        }),
    ),
  );
  return results;
}
