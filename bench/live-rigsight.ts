import { collectAws } from '../providers/aws/collect/index.js';
import { setup, withPeakRss } from './bench-setup.js';

/** The live pull as `collect --live --since 7d` runs it, with only the posture reads the legs need, in its own process. */
const [url, out, since, until, concurrency] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const started = performance.now();
const { result, peakRss } = await withPeakRss(() =>
  collectAws({
    out,
    endpoint: url,
    credentials: async () => ({ accessKeyId: setup.callerKey, secretAccessKey: setup.callerSecret }),
    orgRole: setup.estate.orgRole,
    concurrency: Number(concurrency),
    // Every account at once: each account and region has its own LookupEvents budget.
    accountConcurrency: setup.estate.accounts,
    workers: Number(process.env.BENCH_WORKERS ?? 1),
    live: { since: new Date(Number(since)), until: new Date(Number(until)) },
    posture: 'live-minimal',
  }),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage();
process.send?.({
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
