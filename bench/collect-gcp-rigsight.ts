import { gcpCredentials } from '../providers/gcp/collect/credentials.js';
import { collectGcp } from '../providers/gcp/collect/engine.js';
import { withPeakRss } from './bench-setup.js';
import { gcpSetup } from './gcp-setup.js';

/**
 * rigsight's GCP collection in its own process (so its peak memory is its own). Client-side pacing is off: the fake
 * enforces no quota, and the bench measures the engine against latency and concurrency.
 */
const [url, out] = process.argv.slice(2) as [string, string];
const auth = await gcpCredentials({ GOOGLE_OAUTH_ACCESS_TOKEN: gcpSetup.token });
const started = performance.now();
const cpu0 = process.cpuUsage();
const { result, peakRss } = await withPeakRss(() =>
  collectGcp({
    out,
    organization: '123456789012',
    endpoint: url,
    auth,
    concurrency: gcpSetup.concurrency,
    rates: false,
  }),
);
const cpu = process.cpuUsage(cpu0);
process.send?.({
  wallMs: performance.now() - started,
  cpuMs: (cpu.user + cpu.system) / 1000,
  peakRss,
  calls: result.calls,
  retries: result.retries,
  failedCalls: result.failedCalls,
  files: result.files,
  projects: result.scopes.length,
  failedProjects: result.scopes.filter((s) => s.status !== 'collected').length,
});
