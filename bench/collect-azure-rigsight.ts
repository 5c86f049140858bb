import { collectAzure } from '../providers/azure/collect/index.js';
import { ids } from '../test/fakes/azure/estate.js';
import { azureSetup } from './azure-setup.js';
import { withPeakRss } from './bench-setup.js';

/** rigsight collect for Azure as the CLI runs it (default retries, pacing, timeouts), in its own process. */
const [url, out] = process.argv.slice(2) as [string, string];
const started = performance.now();
const { result, peakRss } = await withPeakRss(() =>
  collectAzure({
    out,
    credential: {
      getToken: async () => ({ token: azureSetup.token, expiresOnTimestamp: Date.now() + 3_600_000 }),
    },
    env: { RIGSIGHT_AZURE_ARM_ENDPOINT: url, RIGSIGHT_AZURE_GRAPH_ENDPOINT: url, AZURE_AUTHORITY_HOST: url },
    managementGroup: ids.managementGroup,
    concurrency: azureSetup.concurrency,
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
  scopes: result.scopes.length,
  failedScopes: result.scopes.filter((s) => s.status !== 'collected').length,
});
process.exit(0);
