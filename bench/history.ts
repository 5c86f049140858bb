/**
 * History at scale, on the default SQLite store: records a run of 50,000 findings, diffs two such runs, and
 * fills a store with 365 daily runs of 5,000 findings (about 1% of findings change a day, every evidence file
 * is re-collected daily and a tenth of them change content). The baseline, measured in the same run on the
 * same document, is JSON.stringify of findings.json: the least any store must do to keep a run.
 *
 *   npm run bench:history        (targets: record 50,000 < 2 s, diff < 1 s, 365 × 5,000 < 500 MB)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDocument } from '../src/assess/document.js';
import { findingId } from '../src/controls/engine.js';
import {
  compactRun,
  compareRuns,
  openHistory,
  parseHistoryLocation,
  recordRun,
  summarizeRun,
} from '../src/history/index.js';
import type { HistoryStore } from '../src/history/store.js';
import type { Finding, Pillar, Severity, Status } from '../src/model/finding.js';
import type { FindingsDocument } from '../src/model/findings-document.js';
import type { Scope } from '../src/model/scope.js';
import { loadPolicy } from '../src/policy/load.js';

const BIG = Number(process.env.BENCH_FINDINGS ?? 50_000);
const DAILY = Number(process.env.BENCH_DAILY_FINDINGS ?? 5_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);

const controls: [string, Pillar, Severity][] = [
  ['audit-logging', 'logging-retention', 'high'],
  ['flow-logging', 'logging-retention', 'high'],
  ['metric-logging', 'logging-retention', 'medium'],
  ['dns-logging', 'logging-retention', 'medium'],
  ['creation-permissions', 'creation-governance', 'high'],
  ['egress-restriction', 'egress-control', 'high'],
  ['threat-detection', 'detection-response', 'high'],
  ['ownership-tagging', 'ownership-change', 'low'],
];
const statuses: Status[] = ['pass', 'pass', 'pass', 'fail', 'fail', 'unassessed', 'waived', 'not_applicable'];
const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

// Deterministic generator so runs compare.
let seed = 42;
function rand(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
}

/** An estate of `n` findings over n/100 accounts, as findings.json on day 0. */
function estate(n: number): FindingsDocument {
  seed = 42;
  const scopeCount = Math.max(1, Math.round(n / 100));
  const scopes: Scope[] = Array.from({ length: scopeCount }, (_, i) => ({
    provider: 'aws',
    id: String(100000000000 + i),
    name: `account-${i}`,
    status: 'assessed',
    regions: [],
    evidence: [],
  }));
  const findings: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const scope = scopes[i % scopeCount]?.id ?? '';
    const [control, pillar, severity] = controls[Math.floor(rand() * controls.length)] ??
      controls[0] ?? ['', 'logging-retention', 'low'];
    const status = statuses[Math.floor(rand() * statuses.length)] ?? 'pass';
    const region = regions[i % regions.length] ?? 'us-east-1';
    const resource = {
      id: `i-${i.toString(16).padStart(17, '0')}`,
      type: 'AWS::EC2::Instance',
      name: `web-${i}`,
    };
    findings.push({
      id: findingId('aws', scope, control, resource.id),
      control,
      pillar,
      title: `Title of ${control}`,
      severity,
      status,
      provider: 'aws',
      scope,
      region,
      resource,
      reason: `${control} ${status} on ${resource.id} (${resource.name}) in ${scope} ${region}.`,
      evidence: [
        {
          file: `aws/${scope}/${region}/ec2/DescribeInstances.json`,
          sha256: 'ab'.repeat(32),
          api: 'ec2:DescribeInstances',
          collectedAt: '2026-01-01T06:00:00.000Z',
          pointer: `/Reservations/${i % 50}/Instances/0`,
        },
      ],
      remediation: `Fix ${control}: see the control catalog for the exact change and the evidence it rests on.`,
      frameworks: ['ATT&CK T1496.001', 'NIST 800-53 SI-4'],
      ...(status === 'waived'
        ? { waiver: { owner: 'ops@example.com', reason: 'accepted', expires: '2027-06-30' } }
        : {}),
    });
  }
  return buildDocument({
    policy: loadPolicy(),
    now: new Date('2026-01-01T06:00:00Z'),
    manifestSha256: 'cd'.repeat(32),
    inputs: {
      filesRead: scopeCount * 40,
      unreadable: [],
      unrecognized: [],
      manifest: { present: true, verified: true, problems: [] },
      regionsSkipped: [],
    },
    scopes,
    findings,
    creators: [],
    detections: [],
    coverage: [],
    waivers: [],
  });
}

/** Day `d` of the estate: ~1% of findings change status, evidence re-collected, a tenth of the files changed. */
function dayOf(base: FindingsDocument, d: number): FindingsDocument {
  const doc = structuredClone(base);
  const at = new Date(Date.parse(base.generatedAt) + d * 86_400_000).toISOString();
  doc.generatedAt = at;
  seed = 1000 + d;
  const changedFiles = new Map<string, boolean>();
  for (const f of doc.findings) {
    if (rand() < 0.01) {
      f.status = f.status === 'fail' ? 'pass' : 'fail';
      f.reason = `${f.control} ${f.status} on ${f.resource.id} in ${f.scope} ${f.region}.`;
      delete f.waiver;
    }
    for (const e of f.evidence) {
      e.collectedAt = at;
      // A file's content changes for all that cite it: a tenth of the files each day.
      let changed = changedFiles.get(e.file);
      if (changed === undefined) {
        changed = rand() < 0.1;
        changedFiles.set(e.file, changed);
      }
      if (changed) e.sha256 = (d % 256).toString(16).padStart(2, '0').repeat(32);
    }
  }
  return doc;
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

/** Wall and CPU milliseconds of one step. */
async function measure<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const v = await fn();
  const used = process.cpuUsage(cpu);
  return [v, performance.now() - t, (used.user + used.system) / 1000];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function fileSize(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // absent after a clean close
    }
  }
  return total;
}

async function open(path: string): Promise<HistoryStore> {
  return openHistory(parseHistoryLocation(path), { create: true });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-bench-history-'));
  try {
    // 1. One big run: record and diff.
    const [base, buildMs] = time(() => estate(BIG));
    const next = dayOf(base, 1);
    console.log(
      `estate: ${base.findings.length} findings across ${base.scopes.length} scopes (built in ${buildMs.toFixed(0)} ms)`,
    );
    const [json, baselineMs] = time(() => JSON.stringify(base));
    const big = await open(join(dir, 'big.db'));
    await recordRun(big, base);
    // The machine may be shared: CPU time is printed beside wall time.
    const [stored, recordMs, recordCpu] = await measure(async () =>
      big.record(compactRun(next), summarizeRun(next)),
    );
    const [diff, diffMs, diffCpu] = await measure(async () => {
      const runs = await big.runs({ limit: 2 });
      return compareRuns(
        big,
        await big.load(runs[1]?.id ?? 0, { bodies: false }),
        await big.load(runs[0]?.id ?? 0, { bodies: false }),
      );
    });
    const [, auditMs, auditCpu] = await measure(() => recordRun(big, dayOf(base, 2)));
    await big.close();
    console.log(
      `baseline  JSON.stringify(findings.json)           ${baselineMs.toFixed(0).padStart(6)} ms  ${mb(json.length)}`,
    );
    console.log(
      `record    a run of ${BIG} findings               ${recordMs.toFixed(0).padStart(6)} ms (cpu ${recordCpu.toFixed(0)} ms)  target < 2000 ms: ${verdict(recordMs < 2000)}; ${(recordMs / baselineMs).toFixed(1)}x the baseline (run ${stored.id})`,
    );
    const moved = diff.changes.findings.counts;
    console.log(
      `diff      two runs of ${BIG} findings              ${diffMs.toFixed(0).padStart(6)} ms (cpu ${diffCpu.toFixed(0)} ms)  target < 1000 ms: ${verdict(diffMs < 1000)}; loads both runs; ${moved.new} new, ${moved.resolved} resolved, ${moved.changed} changed, ${moved.persisting} persisting`,
    );
    console.log(
      `audit     record + diff + trend, as --history does ${auditMs.toFixed(0).padStart(6)} ms (cpu ${auditCpu.toFixed(0)} ms)`,
    );

    // 2. A year of daily runs.
    const daily = estate(DAILY);
    const path = join(dir, 'year.db');
    const year = await open(path);
    let naive = 0;
    let slowest = 0;
    const started = performance.now();
    for (let d = 0; d < DAYS; d++) {
      const doc = dayOf(daily, d);
      naive += JSON.stringify(doc).length;
      const [, ms] = await timeAsync(() => recordRun(year, doc));
      slowest = Math.max(slowest, ms);
    }
    await year.close();
    const size = fileSize(path);
    console.log(
      `store     ${DAYS} daily runs of ${DAILY} findings      ${mb(size).padStart(9)}  (target < 500 MB: ${verdict(size < 500 * 1024 * 1024)}; ${DAYS} copies of findings.json would be ${mb(naive)}, ${(naive / size).toFixed(1)}x more; recorded in ${((performance.now() - started) / 1000).toFixed(1)} s, slowest run ${slowest.toFixed(0)} ms)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
