import { parentPort, workerData } from 'node:worker_threads';
import { IntelMatcher } from '../intel/matcher.js';
import { readerFor } from './formats.js';
import type { FileTask, WorkerInit, WorkerReply } from './pool.js';
import { readTelemetryFile } from './read-file.js';
import type { DnsAnswers } from './reader.js';

// One worker reads whole files: the main thread hands out files one at a time and merges digests in order.
const init = workerData as WorkerInit;
const intel = new IntelMatcher(init.intel);
const dnsAnswers: DnsAnswers = new Map(init.dnsAnswers);

parentPort?.on('message', async (task: FileTask) => {
  const reader = readerFor(task.format, task.phase);
  let reply: WorkerReply;
  try {
    if (!reader) throw new Error(`no reader for ${task.format}`);
    reply = {
      index: task.index,
      digest: await readTelemetryFile(task.path, task.rel, reader, intel, dnsAnswers, task.ndjson),
    };
  } catch (err) {
    reply = { index: task.index, error: (err as Error).message };
  }
  parentPort?.postMessage(reply);
});
