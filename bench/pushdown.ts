/**
 * Benchmark for the pushed-down flow leg (issue 14: "rigsight's own time besides the engine's under 1 s for any
 * result size up to 100,000 matches").
 *
 * A fake engine in its own process (test/fakes/pushdown, answering at once: engine time ~0) serves 100,000 match
 * rows plus 1,000 interface rows. For Athena, BigQuery and Log Analytics, in the same run:
 *   - baseline: the real SDK calls alone (start, poll, every result page), rows kept and nothing else done;
 *   - rigsight: the whole leg (the same calls, the native result file written through the BundleWriter) and the
 *     file read back by detection's reader into FlowHits and coverage.
 * rigsight's own time = rigsight − baseline (the calls and the fake are in both). Prints it and the ratio.
 *
 *   npm run bench:pushdown [-- --rows 100000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { googleAuthLibrary } from 'google-gax';
import { pushDownAwsFlowLeg } from '../providers/aws/pushdown/flow-leg.js';
import { pushDownAzureFlowLeg } from '../providers/azure/pushdown/flow-leg.js';
import { pushDownGcpFlowLeg } from '../providers/gcp/pushdown/flow-leg.js';
import { readerFor } from '../src/detect/formats.js';
import type { FlowLegRow } from '../src/detect/pushdown/result-rows.js';
import { readTelemetryFile } from '../src/detect/read-file.js';
import type { TelemetryReader } from '../src/detect/reader.js';
import { BundleWriter } from '../src/evidence/writer.js';
import { compileIntel } from '../src/intel/compile.js';
import { loadPolicy } from '../src/policy/load.js';
import { FakeAthena } from '../test/fakes/pushdown/athena.js';
import { FakeBigQuery } from '../test/fakes/pushdown/bigquery.js';
import { FakeLogAnalytics } from '../test/fakes/pushdown/log-analytics.js';

type Engine = 'athena' | 'bigquery' | 'log-analytics';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WINDOW = { since: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-21T00:00:00Z') };
const WORKSPACE = '3f1c2b4a-0000-4a5b-9c8d-00000000abcd';
const compiled = compileIntel(loadPolicy());

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** 100,000 hourly matches over 1,000 interfaces and listed pool addresses, and each interface's coverage row. */
function resultRows(n: number, prefix: string): FlowLegRow[] {
  const ips = compileIntel(loadPolicy()).data.ips.map(([ip]) => ip);
  const interfaces = 1000;
  const t0 = WINDOW.since.getTime();
  const rows: FlowLegRow[] = [];
  for (let i = 0; i < n; i++) {
    const hour = t0 + (i % 24) * 3_600_000;
    rows.push({
      rigsight_flow_row: 'hit',
      endpoint: `${prefix}${i % interfaces}`,
      scope: '111122223333',
      remote: ips[Math.floor(i / interfaces) % ips.length] as string,
      port: 3333 + (Math.floor(i / (interfaces * ips.length)) % 1000),
      match_kind: 'ip',
      indicator: ips[Math.floor(i / interfaces) % ips.length] as string,
      hour_ms: hour,
      first_ms: hour + 60_000,
      last_ms: hour + 120_000,
      records: 12,
      bytes: 34_800,
      packets: 144,
      accepted: 12,
      rejected: 0,
    });
  }
  for (let i = 0; i < interfaces; i++)
    rows.push({
      rigsight_flow_row: 'seen',
      endpoint: `${prefix}${i}`,
      scope: '111122223333',
      first_ms: t0,
      last_ms: t0 + 86_000_000,
      records: 4000,
    });
  return rows;
}

/** Child process: serves one engine's fake until killed; prints its URL. */
async function serve(engine: Engine, n: number): Promise<void> {
  const prefix =
    engine === 'athena'
      ? 'eni:eni-'
      : engine === 'bigquery'
        ? 'vm:acme-prod/us-central1-a/vm-'
        : 'mac:000D3A';
  const rows = resultRows(n, prefix);
  const fake =
    engine === 'athena'
      ? new FakeAthena({ rows, states: ['SUCCEEDED'] })
      : engine === 'bigquery'
        ? new FakeBigQuery({ rows })
        : new FakeLogAnalytics({ rows });
  process.stdout.write(`${await fake.start()}\n`);
}

function startFake(engine: Engine, n: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--serve', engine, '--rows', String(n)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve) => {
    child.stdout?.once('data', (b: Buffer) => resolve({ url: b.toString().trim(), child }));
  });
}

const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
const tokenCredential = {
  getToken: async () => ({ token: 'bench', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
function bqAuth() {
  const c = new googleAuthLibrary.OAuth2Client();
  c.setCredentials({ access_token: 'bench', expiry_date: Date.now() + 3_600_000 });
  return c as never;
}

/** The SDK calls alone: every page fetched and kept, nothing written or read. */
async function baseline(engine: Engine, url: string): Promise<number> {
  if (engine === 'athena') {
    const { AthenaClient, StartQueryExecutionCommand, GetQueryExecutionCommand, GetQueryResultsCommand } =
      await import('@aws-sdk/client-athena');
    const client = new AthenaClient({ region: 'us-east-1', endpoint: url, credentials });
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({ QueryString: 'WITH flows AS (SELECT 1)' }),
    );
    await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const rows: unknown[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 1000, NextToken }),
      );
      rows.push(...(page.ResultSet?.Rows ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return rows.length - 1;
  }
  if (engine === 'bigquery') {
    const { BigQuery } = await import('@google-cloud/bigquery');
    const bq = new BigQuery({ projectId: 'acme-prod', apiEndpoint: url, authClient: bqAuth() });
    await bq.createQueryJob({ query: 'SELECT 1', dryRun: true, useLegacySql: false });
    const [job] = await bq.createQueryJob({ query: 'SELECT 1', useLegacySql: false });
    const rows: unknown[] = [];
    let pageToken: string | undefined;
    do {
      const [, , resp] = (await job.getQueryResults({
        maxResults: 10_000,
        skipParsing: true,
        autoPaginate: false,
        ...(pageToken ? { pageToken } : {}),
      } as never)) as unknown as [unknown, unknown, { rows?: unknown[]; pageToken?: string }];
      rows.push(...(resp.rows ?? []));
      pageToken = resp.pageToken;
    } while (pageToken);
    await job.getMetadata();
    return rows.length;
  }
  const { LogsQueryClient } = await import('@azure/monitor-query');
  const client = new LogsQueryClient(tokenCredential, { endpoint: url });
  const result = await client.queryWorkspace(WORKSPACE, 'NTANetAnalytics | take 1', {
    startTime: WINDOW.since,
    endTime: WINDOW.until,
  });
  return 'tables' in result ? (result.tables[0]?.rows.length ?? 0) : 0;
}

/** Times what the leg does with the answer besides the engine's calls: building and writing the bundle file. */
class TimedWriter extends BundleWriter {
  ms = 0;
  cpuMs = 0;
  override async writeJsonAsync(...args: Parameters<BundleWriter['writeJsonAsync']>) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const entry = await super.writeJsonAsync(...args);
    this.ms += performance.now() - t0;
    this.cpuMs += cpuMs(c0);
    return entry;
  }
}

/** CPU time of this process since `c0` (user + system, all its threads), in ms. */
function cpuMs(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

interface Leg {
  rows: number;
  hits: number;
  /** Writing the result file (merged pages → native JSON → bundle, hashed) and reading it into FlowHits. */
  ownMs: number;
  /** The same, in CPU time: what the machine's other load does not inflate as much. */
  ownCpuMs: number;
}

/** The whole leg, then the written result read back into FlowHits as detection reads it. */
async function rigsight(engine: Engine, url: string): Promise<Leg> {
  // Compiled once per detect run whatever the inputs: not part of handling one result.
  const { data: intel, matcher } = compiled;
  const out = join(tmpdir(), `rigsight-bench-pushdown-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const writer = new TimedWriter(out);
  const outcome =
    engine === 'athena'
      ? await pushDownAwsFlowLeg({
          writer,
          window: WINDOW,
          account: '111122223333',
          region: 'us-east-1',
          client: { region: 'us-east-1', endpoint: url, credentials },
          intel,
          options: {},
          poll: { firstMs: 0, maxMs: 0 },
        })
      : engine === 'bigquery'
        ? await pushDownGcpFlowLeg({
            writer,
            window: WINDOW,
            project: 'acme-prod',
            client: { apiEndpoint: url, authClient: bqAuth() },
            intel,
            options: { bigqueryTable: 'acme-logs.flows.compute_googleapis_com_vpc_flows' },
            poll: { firstMs: 0, maxMs: 0 },
          })
        : await pushDownAzureFlowLeg({
            writer,
            window: WINDOW,
            subscription: '00000000-aaaa-bbbb-cccc-000000000001',
            credential: tokenCredential,
            client: { endpoint: url },
            intel,
            options: { logAnalyticsWorkspace: WORKSPACE },
          });
  if (outcome.state !== 'ok') throw new Error(`${engine}: ${outcome.reason}`);
  const file = outcome.files.find((f) => f.startsWith('telemetry/')) as string;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const reader = readerFor(`${engine}-flow-leg`) as TelemetryReader;
  const digest = await readTelemetryFile(join(out, file), file, reader, matcher, new Map(), false);
  const readMs = performance.now() - t0;
  const readCpuMs = cpuMs(c0);
  if (process.env.BENCH_KEEP)
    console.log(join(out, file), digest.format, JSON.stringify(digest.problems), digest.records);
  else rmSync(out, { recursive: true, force: true });
  return {
    rows: outcome.rows,
    hits: digest.flows.length,
    ownMs: writer.ms + readMs,
    ownCpuMs: writer.cpuMs + readCpuMs,
  };
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const n = Number(arg('rows', '100000'));
  if (process.argv.includes('--serve')) return serve(arg('serve', 'athena') as Engine, n);
  console.log(
    `pushed-down flow leg: ${n.toLocaleString('en')} match rows + 1,000 interface rows per engine, ${ROUNDS} rounds (median)`,
  );
  const only = arg('engine', '');
  for (const engine of (['athena', 'bigquery', 'log-analytics'] as const).filter(
    (e) => !only || e === only,
  )) {
    const { url, child } = await startFake(engine, n);
    try {
      await rigsight(engine, url); // warm-up: module loading and JIT are not the leg's
      const base: number[] = [];
      const own: number[] = [];
      const direct: number[] = [];
      const directCpu: number[] = [];
      let last: Leg = { rows: 0, hits: 0, ownMs: 0, ownCpuMs: 0 };
      for (let r = 0; r < ROUNDS; r++) {
        base.push((await time(() => baseline(engine, url))).ms);
        const run = await time(() => rigsight(engine, url));
        own.push(run.ms);
        direct.push(run.value.ownMs);
        directCpu.push(run.value.ownCpuMs);
        last = run.value;
      }
      const b = median(base);
      const total = median(own);
      const mine = median(direct);
      console.log(
        `${engine.padEnd(14)} baseline (SDK calls and paging only) ${b.toFixed(0).padStart(6)} ms | rigsight leg + read ${total.toFixed(0).padStart(6)} ms | ratio ${(total / b).toFixed(2)} x`,
      );
      console.log(
        `${''.padEnd(14)} own time: write + read into FlowHits ${mine.toFixed(0).padStart(5)} ms wall, ${median(directCpu).toFixed(0)} ms CPU (target < 1000), leg − baseline ${Math.max(0, total - b).toFixed(0)} ms | ${last.rows.toLocaleString('en')} rows → ${last.hits.toLocaleString('en')} FlowHits`,
      );
    } finally {
      child.kill();
    }
  }
}

await main();
