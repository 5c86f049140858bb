import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../src/evidence/manifest.js';
import { azureSetup } from './azure-setup.js';
import { spawn } from './bench-setup.js';

/**
 * Azure collection benchmark: rigsight collect against a fake ARM over https in its own process (100
 * subscriptions × 40 VMs under a management group, 30 ms per call), then the raw-SDK baseline making the same
 * calls against a fresh copy of the same fake. Prints wall time against the latency/concurrency lower bound and
 * the baseline, failed calls and peak memory.
 *
 *   npm run bench:azure      (targets: wall ≤ 1.3 × max(lower bound, baseline); 0 failed calls; < 1 GB)
 */
interface RigsightRun {
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  calls: number;
  retries: number;
  failedCalls: number;
  files: number;
  scopes: number;
  failedScopes: number;
}
type Fake = { url: string; stats(): Promise<{ served: number; cpuMs: number }>; stop(): Promise<void> };

function startFake(): Promise<Fake> {
  const { ready, child } = spawn<{ url: string }>('fake-azure-process.js', [JSON.stringify(azureSetup)]);
  return ready.then(({ url }) => ({
    url,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { served: number; cpuMs: number }));
        child.send('stats');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  }));
}

const work = mkdtempSync(join(tmpdir(), 'rigsight-bench-azure-'));
const bundle = join(work, 'bundle');
const { subscriptions, vmsPerSubscription, latencyMs, concurrency } = azureSetup;
console.log(
  `azure collect bench: ${subscriptions} subscriptions × ${vmsPerSubscription} VMs, ${latencyMs} ms per call, concurrency ${concurrency}, https`,
);

// The machine is shared: rigsight and the baseline alternate, and the fastest of each is compared (noise only adds).
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// Each spawned process adds an exit listener that kills it if the bench dies.
process.setMaxListeners(4 * rounds + 4);
const rigs: (RigsightRun & { served: number; fakeCpuMs: number })[] = [];
const bases: {
  wallMs: number;
  calls: number;
  failed: number;
  cpuMs: number;
  served: number;
  fakeCpuMs: number;
}[] = [];
for (let round = 0; round < rounds; round++) {
  rmSync(bundle, { recursive: true, force: true });
  let fake = await startFake();
  const r = await spawn<RigsightRun>('collect-azure-rigsight.js', [fake.url, bundle]).ready;
  const rf = await fake.stats();
  await fake.stop();
  rigs.push({ ...r, served: rf.served, fakeCpuMs: rf.cpuMs });
  fake = await startFake();
  const b = await spawn<{ wallMs: number; calls: number; failed: number; cpuMs: number }>(
    'collect-azure-baseline.js',
    [fake.url, bundle],
  ).ready;
  const bf = await fake.stats();
  await fake.stop();
  bases.push({ ...b, served: bf.served, fakeCpuMs: bf.cpuMs });
  console.log(
    `round ${round + 1}: rigsight ${(r.wallMs / 1000).toFixed(2)} s, baseline ${(b.wallMs / 1000).toFixed(2)} s`,
  );
}
const fastest = <T extends { wallMs: number }>(list: T[]) =>
  list.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
const rig = fastest(rigs);
const base = fastest(bases);
const rigFake = { served: rig.served, cpuMs: rig.fakeCpuMs };
const baseFake = { served: base.served, cpuMs: base.fakeCpuMs };
rig.failedCalls = Math.max(...rigs.map((x) => x.failedCalls));
rig.peakRss = Math.max(...rigs.map((x) => x.peakRss));

// Every call costs the latency, at most `concurrency` at once; the longest dependency chain is
// account show → NIC list → VM list (two listings) and role definitions → assignments → group → nested group.
const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
const concurrencyBound = (rigFake.served * latencyMs) / concurrency;
const chainBound = 5 * latencyMs;
const lowerBound = Math.max(concurrencyBound, chainBound);
const target = 1.3 * Math.max(lowerBound, base.wallMs);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log('');
console.log(
  `rigsight   requests ${rigFake.served} (${rig.retries} retried), calls ${rig.calls}, files ${rig.files} (manifest ${manifest.files.length}), subscriptions ${rig.scopes}`,
);
console.log(
  `           wall ${s(rig.wallMs)}; failed calls ${rig.failedCalls} (target 0); subscriptions not fully collected ${rig.failedScopes}`,
);
console.log(`           cpu ${s(rig.cpuMs)} (fake ARM process: ${s(rigFake.cpuMs)})`);
console.log(`           peak memory ${(rig.peakRss / 2 ** 20).toFixed(0)} MB (target < 1024 MB)`);
console.log(
  `lower bound ${s(lowerBound)} = max(requests × latency / concurrency ${s(concurrencyBound)}, dependency chain ${s(chainBound)})`,
);
console.log(
  `baseline   raw SDK + p-limit(${concurrency}), same calls: ${base.calls} calls (${baseFake.served} requests), wall ${s(base.wallMs)}, failed ${base.failed}`,
);
console.log(`           cpu ${s(base.cpuMs)} (fake ARM process: ${s(baseFake.cpuMs)})`);
console.log(
  `ratio      wall / lower bound = ${(rig.wallMs / lowerBound).toFixed(2)}; wall / baseline = ${(rig.wallMs / base.wallMs).toFixed(2)}`,
);
console.log(
  `target     wall ≤ 1.3 × max(lower bound, baseline) = ${s(target)}: ${rig.wallMs <= target ? 'met' : 'MISSED'}; wall / max(lower bound, baseline) = ${(rig.wallMs / Math.max(lowerBound, base.wallMs)).toFixed(2)}`,
);
rmSync(work, { recursive: true, force: true });
