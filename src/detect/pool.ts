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

/** Sent between phases: pool IPs learned from DNS logs, for the flow files that follow. */
export interface WorkerDns {
  dnsAnswers: [string, { time: number; domain: string; source: string }][];
}

export type WorkerReply = { index: number; digest: FileDigest } | { index: number; error: string };

export type TaskResult = { ok: true; digest: FileDigest } | { ok: false; error: string };

/** A thread entry module next to this one: from dist/ as JavaScript, or from src/ as TypeScript (tests). */
export function threadUrl(entry: 'worker' | 'detect-worker'): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return { url: new URL(`./${entry}.js`, import.meta.url), execArgv: [] };
  return {
    url: new URL(`./${entry}.ts`, import.meta.url),
    execArgv: ['--import', new URL('./source-hooks.ts', import.meta.url).href, '--no-warnings'],
  };
}

/** Heap for one reading thread: enough for the largest whole-document file, bounded otherwise. */
export function heapLimitMb(largestDocumentBytes: number): number {
  return Math.max(160, Math.ceil((6 * largestDocumentBytes) / (1 << 20)));
}

/** One reading thread: runs one file at a time; replaced after it dies (only its file is lost). */
class ReadingThread {
  private worker: Worker | undefined;
  private pending: { resolve: (r: TaskResult) => void } | undefined;

  private readonly intel: IntelMatcher;
  private readonly heapMb: number;
  private dnsAnswers: DnsAnswers;

  constructor(intel: IntelMatcher, heapMb: number, dnsAnswers: DnsAnswers) {
    this.intel = intel;
    this.heapMb = heapMb;
    this.dnsAnswers = dnsAnswers;
  }

  private start(): Worker {
    const { url, execArgv } = threadUrl('worker');
    const init: WorkerInit = { intel: this.intel.data, dnsAnswers: [...this.dnsAnswers] };
    const worker = new Worker(url, {
      workerData: init,
      execArgv,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 4 },
    });
    const fail = (why: string) => {
      if (this.worker !== worker) return; // a thread already replaced
      this.worker = undefined;
      const p = this.pending;
      this.pending = undefined;
      p?.resolve({ ok: false, error: why });
    };
    worker.on('message', (reply: WorkerReply) => {
      if (this.worker !== worker) return;
      const p = this.pending;
      this.pending = undefined;
      p?.resolve('digest' in reply ? { ok: true, digest: reply.digest } : { ok: false, error: reply.error });
    });
    worker.on('error', (err: Error & { code?: string }) =>
      fail(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `needs more than the ${this.heapMb} MB a reading thread may use`
          : err.message,
      ),
    );
    worker.on('exit', () => fail('the reading thread stopped'));
    this.worker = worker;
    return worker;
  }

  /** DNS answers for the files read from now on (a thread started later gets them at start). */
  answers(dnsAnswers: DnsAnswers): void {
    this.dnsAnswers = dnsAnswers;
    this.worker?.postMessage({ dnsAnswers: [...dnsAnswers] } satisfies WorkerDns);
  }

  read(task: FileTask): Promise<TaskResult> {
    const worker = this.worker ?? this.start();
    return new Promise((resolve) => {
      this.pending = { resolve };
      worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/**
 * Reading threads kept for a whole run (both phases): files go out one at a time per thread,
 * largest first so the threads stay busy, each thread with a bounded heap so memory does not grow
 * with the input; `workers: 0` reads in this thread. Results come back in task order.
 */
export class ReadingPool {
  private readonly threads: ReadingThread[];
  private dnsAnswers: DnsAnswers = new Map();

  private readonly intel: IntelMatcher;

  constructor(intel: IntelMatcher, workers: number, heapMb = 160) {
    this.intel = intel;
    this.threads = Array.from(
      { length: Math.max(0, workers) },
      () => new ReadingThread(intel, heapMb, new Map()),
    );
  }

  /** DNS answers used by the files read after this call. */
  answers(dnsAnswers: DnsAnswers): void {
    this.dnsAnswers = dnsAnswers;
    for (const t of this.threads) t.answers(dnsAnswers);
  }

  async read(tasks: FileTask[], sizes: Map<number, number>): Promise<TaskResult[]> {
    const results: TaskResult[] = new Array(tasks.length);
    const position = new Map(tasks.map((t, i) => [t.index, i]));
    if (this.threads.length === 0) {
      for (const task of tasks) results[position.get(task.index) as number] = await this.readHere(task);
      return results;
    }
    const queue = [...tasks].sort((a, b) => (sizes.get(b.index) ?? 0) - (sizes.get(a.index) ?? 0));
    const lane = async (thread: ReadingThread) => {
      for (let task = queue.shift(); task; task = queue.shift())
        results[position.get(task.index) as number] = await thread.read(task);
    };
    await Promise.all(this.threads.slice(0, tasks.length).map(lane));
    return results;
  }

  private async readHere(task: FileTask): Promise<TaskResult> {
    const reader = readerFor(task.format, task.phase);
    try {
      if (!reader) throw new Error(`no reader for ${task.format}`);
      const digest = await readTelemetryFile(
        task.path,
        task.rel,
        reader,
        this.intel,
        this.dnsAnswers,
        task.ndjson,
      );
      return { ok: true, digest };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

/** Reads files across `workers` threads (see ReadingPool), then lets the threads go. */
export async function readFiles(
  tasks: FileTask[],
  intel: IntelMatcher,
  dnsAnswers: DnsAnswers,
  workers: number,
  sizes: Map<number, number>,
  heapMb = 160,
): Promise<TaskResult[]> {
  const pool = new ReadingPool(intel, workers, heapMb);
  pool.answers(dnsAnswers);
  try {
    return await pool.read(tasks, sizes);
  } finally {
    await pool.close();
  }
}
