import { startFakeGoogle } from '../test/fakes/gcp/server.js';
import { syntheticEstate } from '../test/fakes/gcp/synthetic.js';
import type { gcpSetup } from './gcp-setup.js';

/** The fake Google Cloud in its own process: prints nothing, talks over IPC. */
const o = JSON.parse(process.argv[2] ?? '{}') as typeof gcpSetup;
const fake = await startFakeGoogle(syntheticEstate(o.estate), {
  latencyMs: o.latencyMs,
  pageSize: o.pageSize,
  token: o.token,
  record: false,
});
process.send?.({ url: fake.url });
process.on('message', async (m) => {
  if (m === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ served: fake.served(), cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (m === 'stop') {
    await fake.stop();
    process.exit(0);
  }
});
