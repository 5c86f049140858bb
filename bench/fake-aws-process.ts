import { FakeAws } from '../test/fakes/aws/server.js';
import { SyntheticEstate } from '../test/fakes/aws/synthetic.js';
import type { setup as Setup } from './bench-setup.js';

/** The fake AWS in its own process (its CPU and memory are not rigsight's): prints nothing, talks over IPC. */
const o = JSON.parse(process.argv[2] ?? '{}') as typeof Setup;
const fake = await new FakeAws({
  estate: new SyntheticEstate(o.estate),
  principals: { [o.callerKey]: { account: o.caller, arn: `arn:aws:iam::${o.caller}:user/auditor` } },
  latencyMs: o.latencyMs,
  rateLimit: o.rateLimit,
  pageSize: o.pageSize,
  // A credential report generated in the last four hours is ready at once.
  reportPolls: 0,
  record: false,
}).start();
process.send?.({ url: fake.url });
process.on('message', async (m) => {
  if (m === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ served: fake.served, throttled: fake.throttled, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (m === 'stop') {
    await fake.stop();
    process.exit(0);
  }
});
