import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRates } from '../providers/gcp/collect/rate-limits.js';
import type { Manifest } from '../src/evidence/manifest.js';
import { spawn } from './bench-setup.js';
import { gcpSetup, startFakeGoogleProcess } from './gcp-setup.js';
import { runIamBench } from './gcp-who-can-create.js';

/**
 * GCP organization collection: rigsight collect against a fake Google in its own process (200 projects × 30
 * instances, 30 ms per call), then the raw-client baseline issuing the same calls against a fresh copy of the same
 * fake. Prints wall time against the latency/concurrency lower bound and the baseline, peak memory, and the IAM
 * evaluator on 10,000 bindings over 300 roles.
 */
interface RigsightRun {
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  calls: number;
  retries: number;
  failedCalls: number;
  files: number;
  projects: number;
  failedProjects: number;
}

// Each round spawns four processes, each with an exit hook: more than the default ten listeners.
process.setMaxListeners(32);
const work = mkdtempSync(join(tmpdir(), 'rigsight-bench-gcp-'));
const bundle = join(work, 'bundle');
const { estate, latencyMs, concurrency } = gcpSetup;
console.log(
  `gcp collect bench: ${estate.projects} projects × ${estate.instances} instances in ${estate.folders} folders, ${latencyMs} ms per call, concurrency ${concurrency}`,
);

// The machine is shared: rigsight and the baseline run alternately, twice each, and the faster run of each counts.
type Base = { wallMs: number; calls: number; failed: number; cpuMs: number };
const rigs: RigsightRun[] = [];
const bases: Base[] = [];
let rigFake = { served: 0, cpuMs: 0 };
for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 2); round++) {
  rmSync(bundle, { recursive: true, force: true });
  let fake = await startFakeGoogleProcess();
  rigs.push(await spawn<RigsightRun>('collect-gcp-rigsight.js', [fake.url, bundle]).ready);
  rigFake = await fake.stats();
  await fake.stop();
  fake = await startFakeGoogleProcess();
  bases.push(await spawn<Base>('collect-gcp-baseline.js', [fake.url, bundle]).ready);
  await fake.stop();
}
const rig = rigs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
const base = bases.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
console.log(
  `runs       rigsight ${rigs.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ')} s; baseline ${bases.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ')} s`,
);

const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
const perService = new Map<string, number>();
for (const f of manifest.files) perService.set(f.service, (perService.get(f.service) ?? 0) + 1);
// Every call costs the latency and at most `concurrency` run at once; projects wait on a few dependent waves
// (ancestors, service-account policies, roles, billing), the longest chain being about six calls.
const concurrencyBound = (rig.calls * latencyMs) / concurrency;
const chainBound = 6 * latencyMs;
const lowerBound = Math.max(concurrencyBound, chainBound);
const target = 1.3 * Math.max(lowerBound, base.wallMs);
// With the default client-side quotas on, the busiest caller-wide API would set the floor instead.
const quotaFloor = Math.max(
  ...[...perService].map(([service, n]) => {
    const r = defaultRates[service as keyof typeof defaultRates];
    return r && r.scope === 'caller' ? (Math.max(0, n - r.burst) / (r.perSecond * 0.9)) * 1000 : 0;
  }),
);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log('');
console.log(
  `rigsight   calls ${rig.calls} (${rig.retries} retried), files ${rig.files}, projects ${rig.projects} (${rig.failedProjects} not fully collected)`,
);
console.log(
  `           wall ${s(rig.wallMs)}; failed calls ${rig.failedCalls} (target 0); cpu ${s(rig.cpuMs)} (fake: ${s(rigFake.cpuMs)}, served ${rigFake.served})`,
);
console.log(`           peak memory ${(rig.peakRss / 2 ** 20).toFixed(0)} MB (target < 1024 MB)`);
console.log(
  `baseline   raw clients + p-limit(${concurrency}), same calls: ${base.calls} calls, ${base.failed} failed, wall ${s(base.wallMs)}, cpu ${s(base.cpuMs)}`,
);
console.log(
  `lower bound ${s(lowerBound)} = max(calls × latency / concurrency ${s(concurrencyBound)}, dependency chain ${s(chainBound)})`,
);
console.log(
  `ratio      wall / max(lower bound, baseline) = ${(rig.wallMs / Math.max(lowerBound, base.wallMs)).toFixed(2)} (target ≤ 1.3, i.e. wall ≤ ${s(target)}); wall / baseline = ${(rig.wallMs / base.wallMs).toFixed(2)}`,
);
console.log(
  `pacing     off here (the fake enforces no quota); with the default quotas the busiest caller-wide API would need ${s(quotaFloor)}`,
);

const iam = await runIamBench();
console.log(
  `iam        ${iam.bindings} bindings over ${iam.roles} roles: ${iam.creators} creators in ${s(iam.ms)} (target < 10 s)`,
);
rmSync(work, { recursive: true, force: true });
