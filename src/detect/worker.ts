import { parentPort, workerData } from 'node:worker_threads';
import { IntelMatcher } from '../intel/matcher.js';
import { readerFor } from './formats.js';
import type { FileTask, WorkerDns, WorkerInit, WorkerReply } from './pool.js';
import { readTelemetryFile } from './read-file.js';
import type { DnsAnswers } from './reader.js';

// One worker reads whole files: the main thread hands out files one at a time and merges digests in order.
const init = workerData as WorkerInit;
const intel = new IntelMatcher(init.intel);
let dnsAnswers: DnsAnswers = new Map(init.dnsAnswers);

parentPort?.on('message', async (message: FileTask | WorkerDns) => {
  if (!('index' in message)) {
    dnsAnswers = new Map(message.dnsAnswers);
    return;
  }
  const task = message;
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
  // CPU series move to the main thread instead of being copied (and then kept here until a GC).
  const transfer =
    'digest' in reply ? reply.digest.cpu.flatMap((c) => [c.times.buffer, c.values.buffer]) : [];
  parentPort?.postMessage(reply, transfer as ArrayBuffer[]);
});
