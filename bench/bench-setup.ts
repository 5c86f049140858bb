import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyntheticOptions } from '../test/fakes/aws/synthetic.js';

/** The simulated organization of the collection benchmark, and how it is served. */
export const regions = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

export const setup = {
  estate: {
    accounts: Number(process.env.BENCH_ACCOUNTS ?? 200),
    regions: regions.slice(0, Number(process.env.BENCH_REGIONS ?? 17)),
    perList: 3,
    ous: 8,
    orgRole: 'rigsight-audit',
  } satisfies SyntheticOptions,
  latencyMs: 30,
  rateLimit: { burst: 100, refillPerSecond: 20 },
  pageSize: 1000,
  caller: '100000000000',
  callerKey: 'AKIABENCHCALLER00001',
  callerSecret: 'bench-secret-not-a-real-one',
  concurrency: 64,
};

const here = dirname(fileURLToPath(import.meta.url));

/** Starts a script of this folder in its own process and resolves with its first message. */
export function spawn<T>(
  script: string,
  args: string[],
): { ready: Promise<T>; child: ReturnType<typeof fork> } {
  const child = fork(join(here, script), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A crashed bench must not leave a fake AWS running.
  process.once('exit', () => child.kill());
  const ready = new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { ready, child };
}

export async function startFake(options: typeof setup = setup) {
  const { ready, child } = spawn<{ url: string }>('fake-aws-process.js', [JSON.stringify(options)]);
  const { url } = await ready;
  return {
    url,
    stats: () =>
      new Promise<{ served: number; throttled: number; cpuMs: number }>((resolve) => {
        child.once('message', (m) => resolve(m as { served: number; throttled: number; cpuMs: number }));
        child.send('stats');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

/** Peak resident memory of this process, sampled while `work` runs. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  let atPeak = process.memoryUsage();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) {
      peak = m.rss;
      atPeak = m;
    }
  }, 50);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    if (process.env.BENCH_MEMORY) {
      console.error('at peak', JSON.stringify(atPeak));
      (globalThis as { gc?: () => void }).gc?.();
      console.error('live after the run', JSON.stringify(process.memoryUsage()));
    }
    return { result, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}
