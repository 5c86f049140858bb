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
  gzip: boolean;
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

/** Heap for one reading thread: enough for the largest whole-document file, bounded otherwise. */
export function heapLimitMb(largestDocumentBytes: number): number {
  return Math.max(160, Math.ceil((6 * largestDocumentBytes) / (1 << 20)));
}

/**
 * Reads files across `workers` threads (one file per thread at a time, largest first so the pool
 * stays busy), each with a bounded heap so memory does not grow with the input; `workers: 0` reads in
 * this thread. A thread that dies (out of memory on one huge document) costs only its file: the file is
 * reported and a fresh thread carries on. Results come back in task order.
 */
export async function readFiles(
  tasks: FileTask[],
  intel: IntelMatcher,
  dnsAnswers: DnsAnswers,
  workers: number,
  sizes: Map<number, number>,
  heapMb = 160,
): Promise<TaskResult[]> {
  const results: TaskResult[] = new Array(tasks.length);
  const position = new Map(tasks.map((t, i) => [t.index, i]));
  if (workers < 1) {
    for (const task of tasks) {
      const reader = readerFor(task.format, task.phase);
      try {
        if (!reader) throw new Error(`no reader for ${task.format}`);
        const digest = await readTelemetryFile(task.path, task.rel, reader, intel, dnsAnswers, task.ndjson);
        results[position.get(task.index) as number] = { ok: true, digest };
      } catch (err) {
        results[position.get(task.index) as number] = { ok: false, error: (err as Error).message };
      }
    }
    return results;
  }
  const queue = [...tasks].sort((a, b) => (sizes.get(b.index) ?? 0) - (sizes.get(a.index) ?? 0));
  const { url, execArgv } = workerUrl();
  const init: WorkerInit = { intel: intel.data, dnsAnswers: [...dnsAnswers] };
  const thread = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(url, {
        workerData: init,
        execArgv,
        resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 4 },
      });
      let current: FileTask | undefined;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        resolve();
      };
      const next = () => {
        current = queue.shift();
        if (!current) {
          void worker.terminate().then(finish);
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
      const fail = (why: string) => {
        if (current && results[position.get(current.index) as number] === undefined)
          results[position.get(current.index) as number] = { ok: false, error: why };
        current = undefined;
        finish();
      };
      worker.on('error', (err: Error & { code?: string }) =>
        fail(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `needs more than the ${heapMb} MB a reading thread may use`
            : err.message,
        ),
      );
      worker.on('exit', () => fail('the reading thread stopped'));
      next();
    });
  const lane = async () => {
    while (queue.length) await thread();
  };
  await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, lane));
  return results;
}
