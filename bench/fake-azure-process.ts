import { buildEstate, ids } from '../test/fakes/azure/estate.js';
import { FakeArm } from '../test/fakes/azure/server.js';
import type { azureSetup } from './azure-setup.js';

/** The fake ARM in its own process (its CPU and memory are not rigsight's): prints nothing, talks over IPC. */
const o = JSON.parse(process.argv[2] ?? '{}') as typeof azureSetup;
const { estate } = buildEstate({ subscriptions: o.subscriptions, vmsPerSubscription: o.vmsPerSubscription });
const fake = await new FakeArm({
  estate,
  tenantId: ids.tenant,
  client: { id: 'bench', secret: 'bench', objectId: 'bench' },
  latencyMs: o.latencyMs,
  pageSize: o.pageSize,
  record: false,
  acceptTokens: [o.token],
}).start();
process.send?.({ url: fake.url });
process.on('message', async (m) => {
  if (m === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ served: fake.served, throttled: 0, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (m === 'stop') {
    await fake.stop();
    process.exit(0);
  }
});
