import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../src/evidence/manifest.js';
import { setup, spawn, startFake } from './bench-setup.js';

/**
 * Live pull benchmark: `collect --live --since 7d` with only the posture reads the live legs need (identity,
 * regions, instances, GuardDuty detectors) across 200 accounts × 17 regions, against a fake AWS in its own process
 * answering every call after 30 ms and holding LookupEvents to 2 calls a second per account and region. Prints wall
 * time against the lower bound set by that pacing (the busiest account and region's LookupEvents calls), by latency
 * × calls ÷ concurrency, and by the chain of calls before the first LookupEvents; then a raw-SDK baseline making the
 * same calls against a fresh copy of the fake, and rigsight's overhead over it.
 */
interface Run {
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

const LOOKUP_RATE = 2;
const LOOKUP_BURST = 2;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 512);
const now = Date.now();
// BENCH_BUSY_WRITES: writes a week in the busiest one region in twenty (default 250–290, six pages).
const busyWrites = Number(process.env.BENCH_BUSY_WRITES ?? 250);
const options = { ...setup, estate: { ...setup.estate, live: { now, busyWrites } } };
const work = mkdtempSync(join(tmpdir(), 'rigsight-bench-live-'));
const bundle = join(work, 'bundle');
const { estate, latencyMs } = options;
console.log(
  `live bench: ${estate.accounts} accounts × ${estate.regions.length} regions, --since 7d, ${latencyMs} ms per call, LookupEvents ${LOOKUP_RATE}/s (burst ${LOOKUP_BURST}) per account and region, concurrency ${concurrency}; posture: only what the live legs need`,
);

const fake = await startFake(options);
const since = now - 7 * 86_400_000;
const rig = await spawn<Run>('live-rigsight.js', [
  fake.url,
  bundle,
  String(since),
  String(now),
  String(concurrency),
]).ready;
const served = await fake.stats();
await fake.stop();

// The baseline: the same calls with the raw SDK, against a fresh copy of the same fake.
const fresh = await startFake(options);
const base = await spawn<{ wallMs: number; calls: number; failed: number; cpuMs: number }>(
  'live-baseline.js',
  [fresh.url, bundle, String(concurrency)],
).ready;
const baseServed = await fresh.stats();
await fresh.stop();

const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
// LookupEvents calls per account and region: the pages of every series the file records.
const lookups: number[] = [];
let failed = 0;
for (const f of manifest.files) {
  if (f.outcome === 'error') failed++;
  if (f.operation !== 'LookupEvents' || f.outcome !== 'ok') continue;
  const series = (f.parameters.LookupAttributes ?? []) as { pages: number }[];
  lookups.push(series.reduce((n, s) => n + s.pages, 0));
}
const histogram = new Map<number, number>();
for (const n of lookups) histogram.set(n, (histogram.get(n) ?? 0) + 1);
const busiest = Math.max(...lookups);
// The first LookupEvents waits for: caller identity, organization, account list, role, regions, instances.
const chainMs = 6 * latencyMs;
// After the busiest series: its last page's answer, then the CPU query for the launches it found.
const pacingMs = (Math.max(0, busiest - LOOKUP_BURST) / LOOKUP_RATE) * 1000 + chainMs + 2 * latencyMs;
const latencyBoundMs = (rig.calls * latencyMs) / concurrency;
const bound = Math.max(pacingMs, latencyBoundMs);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log('');
console.log(
  `LookupEvents calls per account and region: ${[...histogram]
    .sort((a, b) => a[0] - b[0])
    .map(([k, v]) => `${k}×${v}`)
    .join(', ')}`,
);
console.log(
  `rigsight   calls ${rig.calls} (${rig.retries} retried; fake throttled ${served.throttled}), files ${rig.files}, accounts ${rig.accounts}`,
);
console.log(
  `           wall ${s(rig.wallMs)}; failed calls ${rig.failedCalls} (error files ${failed}); target 0`,
);
console.log(
  `           cpu ${s(rig.cpuMs)} (${((rig.cpuMs / rig.calls) * 1000).toFixed(0)} µs a call; fake AWS process ${s(served.cpuMs)}); peak memory ${(rig.peakRss / 2 ** 20).toFixed(0)} MB`,
);
console.log(
  `lower bound ${s(bound)} = max(pacing: busiest account-region ${busiest} LookupEvents → (${busiest} − ${LOOKUP_BURST} burst) ÷ ${LOOKUP_RATE}/s + chain ${s(chainMs + 2 * latencyMs)} = ${s(pacingMs)}, latency × calls ÷ concurrency ${s(latencyBoundMs)})`,
);
console.log(`ratio      wall / lower bound = ${(rig.wallMs / bound).toFixed(2)} (target ≤ 1.3)`);
console.log(
  `cpu floor  rigsight's own cpu ${s(rig.cpuMs)}: wall / max(lower bound, cpu) = ${(rig.wallMs / Math.max(bound, rig.cpuMs)).toFixed(2)}`,
);
console.log(
  `baseline   raw SDK + p-limit(${concurrency}) + a 2/s bucket per account-region for LookupEvents, same calls: ${base.calls} calls, wall ${s(base.wallMs)}, cpu ${s(base.cpuMs)}, failed ${base.failed} (fake throttled ${baseServed.throttled})`,
);
console.log(
  `           baseline / lower bound = ${(base.wallMs / bound).toFixed(2)}; overhead rigsight / baseline = ${(rig.wallMs / base.wallMs).toFixed(2)} (target ≤ 1.3)`,
);
if (process.env.BENCH_KEEP) console.log(`bundle kept in ${bundle}`);
else rmSync(work, { recursive: true, force: true });
