import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../src/evidence/manifest.js';
import { setup, spawn, startFake } from './bench-setup.js';

/**
 * Org collection benchmark: rigsight collect against a fake AWS in its own process (200 accounts × 17 regions,
 * 30 ms per call, EC2-style token buckets per account, region and API), then the raw-SDK baseline issuing the
 * same calls against a fresh copy of the same fake. Prints wall time against the lower bound set by latency,
 * concurrency and rate limits, and rigsight's overhead over the baseline.
 */
interface RigsightRun {
  workers: number;
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  calls: number;
  retries: number;
  failedCalls: number;
  files: number;
  accounts: number;
  failedAccounts: number;
}

const work = mkdtempSync(join(tmpdir(), 'rigsight-bench-'));
const bundle = join(work, 'bundle');
const { estate, latencyMs, rateLimit, concurrency } = setup;
console.log(
  `collect bench: ${estate.accounts} accounts × ${estate.regions.length} regions, ${latencyMs} ms per call, token buckets ${rateLimit.burst} burst + ${rateLimit.refillPerSecond}/s per account, region and API, concurrency ${concurrency}`,
);

let fake = await startFake();
const rig = await spawn<RigsightRun>('collect-rigsight.js', [fake.url, bundle]).ready;
const rigFake = await fake.stats();
await fake.stop();

fake = await startFake();
const base = await spawn<{ wallMs: number; calls: number; failed: number; cpuMs: number }>(
  'collect-baseline.js',
  [fake.url, bundle],
).ready;
const baseFake = await fake.stats();
await fake.stop();

// The lower bound: every call costs the latency, at most `concurrency` at once, and no bucket drains faster than it
// refills once its burst is spent. Calls per bucket come from the manifest (one per file; list pages counted).
const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
const perBucket = new Map<string, number>();
for (const f of manifest.files.filter((x) => x.outcome !== 'skipped')) {
  const key = `${f.path.split('/')[1]}|${f.region}|${f.service}|${f.operation}`;
  perBucket.set(key, (perBucket.get(key) ?? 0) + 1);
}
const concurrencyBound = (rig.calls * latencyMs) / concurrency;
const busiest = Math.max(...perBucket.values());
const rateBound = (Math.max(0, busiest - rateLimit.burst) / rateLimit.refillPerSecond) * 1000;
// Longest dependency chain: identity, organization, account list, role, regions, trails, status, bucket lifecycle.
const chainBound = 10 * latencyMs;
const lowerBound = Math.max(concurrencyBound, rateBound, chainBound);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log('');
console.log(
  `rigsight   ${rig.workers} thread(s), calls ${rig.calls} (${rig.retries} retried, fake throttled ${rigFake.throttled}), files ${rig.files}, accounts ${rig.accounts}`,
);
console.log(
  `           wall ${s(rig.wallMs)}; failed calls after retries ${rig.failedCalls}; accounts not fully collected ${rig.failedAccounts}`,
);
console.log(`           cpu ${s(rig.cpuMs)} (fake AWS process: ${s(rigFake.cpuMs)})`);
console.log(`           peak memory ${(rig.peakRss / 2 ** 20).toFixed(0)} MB (target < 1024 MB)`);
console.log(
  `lower bound ${s(lowerBound)} = max(calls × latency / concurrency ${s(concurrencyBound)}, busiest bucket ${busiest} calls → ${s(rateBound)}, dependency chain ${s(chainBound)})`,
);
console.log(`ratio      wall / lower bound = ${(rig.wallMs / lowerBound).toFixed(2)} (target ≤ 1.3)`);
// The SDK's own work per call (signing, serializing, parsing) is CPU: the baseline's CPU time is what the same
// calls cost one core with no tool around them, a floor the latency bound does not see.
console.log(
  `cpu floor  the raw SDK's cpu for these calls ${s(base.cpuMs)} (${((base.cpuMs / base.calls) * 1000).toFixed(0)} µs a call); wall / max(lower bound, cpu floor) = ${(rig.wallMs / Math.max(lowerBound, base.cpuMs)).toFixed(2)}`,
);
console.log(
  `baseline   raw SDK + p-limit(${concurrency}), same calls: ${base.calls} calls, wall ${s(base.wallMs)}, failed ${base.failed}`,
);
console.log(`           cpu ${s(base.cpuMs)} (fake AWS process: ${s(baseFake.cpuMs)})`);
console.log(`overhead   rigsight / baseline = ${(rig.wallMs / base.wallMs).toFixed(2)} (target ≤ 1.3)`);
rmSync(work, { recursive: true, force: true });
