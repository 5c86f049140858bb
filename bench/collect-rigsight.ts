import { collectAws } from '../providers/aws/collect/index.js';
import { setup, withPeakRss } from './bench-setup.js';

/** rigsight collect as the CLI runs it (default retries, pacing, concurrency and threads), in its own process. */
const [url, out] = process.argv.slice(2) as [string, string];
const started = performance.now();
const { result, peakRss } = await withPeakRss(() =>
  collectAws({
    out,
    endpoint: url,
    credentials: async () => ({ accessKeyId: setup.callerKey, secretAccessKey: setup.callerSecret }),
    orgRole: setup.estate.orgRole,
    concurrency: setup.concurrency,
    workers: Number(process.env.BENCH_WORKERS ?? 1),
  }),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage();
process.send?.({
  workers: Number(process.env.BENCH_WORKERS ?? 1),
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  peakRss,
  calls: result.calls,
  retries: result.retries,
  failedCalls: result.failedCalls,
  files: result.files,
  accounts: result.scopes.length,
  failedAccounts: result.scopes.filter((s) => s.status !== 'collected').length,
});
process.exit(0);
