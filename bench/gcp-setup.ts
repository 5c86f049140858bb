import { spawn } from './bench-setup.js';

/** The simulated organization of the GCP collection benchmark, and how it is served. */
export const gcpSetup = {
  estate: {
    projects: Number(process.env.BENCH_PROJECTS ?? 200),
    instances: Number(process.env.BENCH_INSTANCES ?? 30),
    folders: 10,
  },
  latencyMs: 30,
  pageSize: 500,
  concurrency: 64,
  token: 'ya29.bench-token-not-a-real-one-000000',
};

/** The fake Google in its own process, so its CPU and memory are not counted as rigsight's. */
export async function startFakeGoogleProcess() {
  const { ready, child } = spawn<{ url: string }>('fake-gcp-process.js', [JSON.stringify(gcpSetup)]);
  const { url } = await ready;
  return {
    url,
    stats: () =>
      new Promise<{ served: number; cpuMs: number }>((resolve) => {
        child.once('message', (m) => resolve(m as { served: number; cpuMs: number }));
        child.send('stats');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}
