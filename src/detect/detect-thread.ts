import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { threadUrl } from './pool.js';
import type { DetectOptions, DetectResult } from './run.js';

/** What the coordinating thread sends back: the result, or the error that stopped the run. */
export type DetectReply =
  | { result: DetectResult }
  | { error: { name: string; message: string; details?: string[] } };

/** Young generation of the coordinating thread: enough to keep scavenges cheap, small next to the data. */
const YOUNG_GENERATION_MB = 16;

/**
 * Runs `detectHere` in a thread of its own and returns its result. The thread's young generation is
 * bounded: V8 sizes the main thread's for the machine (over 100 MB here), and the correlation's
 * short-lived objects would otherwise grow it to that and keep it.
 */
export function detectInThread(options: DetectOptions): Promise<DetectResult> {
  const { url, execArgv } = threadUrl('detect-worker');
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, {
      workerData: options,
      execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (reply: DetectReply) =>
      settle(() => {
        if ('result' in reply) resolve(reply.result);
        else if (reply.error.name === 'InputError')
          reject(new InputError(reply.error.message, reply.error.details));
        else reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      }),
    );
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the detection thread stopped (exit code ${code})`))),
    );
  });
}
