import { parentPort, workerData } from 'node:worker_threads';
import type { DetectReply } from './detect-thread.js';
import { type DetectOptions, detectHere } from './run.js';

// The coordinating thread of one run: reads the files (through its own reading threads) and fuses.
try {
  const result = await detectHere(workerData as DetectOptions);
  parentPort?.postMessage({ result } satisfies DetectReply);
} catch (err) {
  const e = err as Error & { details?: string[] };
  parentPort?.postMessage({
    error: { name: e.name, message: e.message, ...(e.details ? { details: e.details } : {}) },
  } satisfies DetectReply);
}
