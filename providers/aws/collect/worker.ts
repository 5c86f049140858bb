import { parentPort, workerData } from 'node:worker_threads';
import { runShardThread, type ShardSetup } from './engine.js';

// A collecting thread: its share of the accounts, with its own SDK clients, reporting to the main thread.
if (parentPort) await runShardThread(workerData as ShardSetup, parentPort);
