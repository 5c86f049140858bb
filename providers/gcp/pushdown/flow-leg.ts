import type { BigQueryOptions, Job, QueryResultsOptions } from '@google-cloud/bigquery';
import { describeFlowLeg } from '../../../src/detect/pushdown/flow-leg.js';
import { failLeg, formatBytes, type PushdownOutcome } from '../../../src/detect/pushdown/outcome.js';
import { renderFlowLegSql } from '../../../src/detect/pushdown/render-sql.js';
import { bigquery } from '../../../src/detect/pushdown/sql-dialects.js';
import { BUNDLE_TELEMETRY_DIR } from '../../../src/evidence/manifest.js';
import type { BundleWriter } from '../../../src/evidence/writer.js';
import type { IntelData } from '../../../src/intel/matcher.js';
import type { LiveWindow } from '../../adapter.js';
import { vpcFlowsSource } from './flow-source.js';
import type { BigQueryPushdownOptions } from './options.js';

export interface GcpFlowLegRequest {
  writer: BundleWriter;
  window: LiveWindow;
  /** The project the query job runs in and bills to (the scope id); names the bundle folder. */
  project: string;
  /** As the collector builds it: `authClient` (or `auth`) from its credentials, `apiEndpoint` for a fake. */
  client: BigQueryOptions;
  intel: IntelData;
  options: BigQueryPushdownOptions;
  poll?: { firstMs?: number; maxMs?: number; timeoutMs?: number };
  clock?: () => Date;
}

const PAGE = 10_000;
const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function errorOf(err: unknown): { code: string; message: string; status?: number } {
  const e = err as { code?: number; message?: string; errors?: { reason?: string; message?: string }[] };
  const first = e.errors?.[0];
  return {
    code: first?.reason ?? String(e.code ?? 'Error'),
    message: first?.message ?? e.message ?? String(err),
    status: e.code,
  };
}

type Page = {
  rows?: unknown[];
  schema?: unknown;
  jobComplete?: boolean;
  pageToken?: string;
  totalRows?: string;
} & Record<string, unknown>;

/**
 * The GCP flow leg pushed down to BigQuery: a dry run first (its estimate is checked against `--max-scan`), then
 * one query job capped by `maximumBytesBilled`, its `jobs.getQueryResults` pages merged under
 * `telemetry/gcp/<project>/flow-pushdown/`, and the job (query text, bytes processed and billed) under
 * `gcp/<project>/bigquery/jobs.get/`. Any failure makes the leg blind for the project, with the reason.
 */
export async function pushDownGcpFlowLeg(request: GcpFlowLegRequest): Promise<PushdownOutcome> {
  const { BigQuery } = await import('@google-cloud/bigquery');
  const { writer, project, options } = request;
  const clock = request.clock ?? (() => new Date());
  const poll = { firstMs: 500, maxMs: 5_000, timeoutMs: 30 * 60_000, ...request.poll };
  const outcome: PushdownOutcome = { state: 'blind', engine: 'bigquery', rows: 0, files: [] };
  if (!options.bigqueryTable) {
    outcome.reason = 'no --bigquery-table names the vpc_flows export to query';
    return outcome;
  }
  const leg = describeFlowLeg(request.intel, request.window);
  const query = renderFlowLegSql(
    leg,
    vpcFlowsSource(bigquery, { name: options.bigqueryTable }, leg),
    bigquery,
  );
  if (Buffer.byteLength(query) > bigquery.maxQueryBytes) {
    outcome.reason = `the generated query is ${Buffer.byteLength(query)} bytes, over BigQuery's ${bigquery.maxQueryBytes}`;
    return outcome;
  }
  const bq = new BigQuery({ projectId: project, ...request.client });
  const location = options.bigqueryLocation ? { location: options.bigqueryLocation } : {};
  const base = `gcp/${project}/bigquery`;
  const record = (operation: string, parameters: Record<string, unknown>) => ({
    service: 'bigquery',
    operation,
    region: options.bigqueryLocation ?? 'global',
    parameters,
    collectedAt: clock().toISOString(),
  });
  const failed = (operation: string, parameters: Record<string, unknown>, err: unknown) =>
    failLeg(
      writer,
      outcome,
      { path: `${base}/${operation}.error.json`, engine: 'BigQuery', operation, parameters },
      record(operation, parameters),
      errorOf(err),
    );
  // The dry run costs nothing and says how much the query would process.
  let estimate: number;
  try {
    const [dry] = await bq.createQueryJob({ query, useLegacySql: false, dryRun: true, ...location });
    estimate = Number(dry.metadata?.statistics?.totalBytesProcessed ?? Number.NaN);
  } catch (err) {
    return failed('jobs.insert', { dryRun: true, table: options.bigqueryTable }, err);
  }
  if (Number.isFinite(estimate)) outcome.bytesScanned = estimate;
  if (options.maxScan !== undefined && estimate > options.maxScan) {
    outcome.reason = `the dry run estimates ${formatBytes(estimate)} processed, over --max-scan ${formatBytes(options.maxScan)}: not run`;
    return outcome;
  }
  let job: Job;
  try {
    [job] = await bq.createQueryJob({
      query,
      useLegacySql: false,
      ...(options.maxScan !== undefined ? { maximumBytesBilled: String(options.maxScan) } : {}),
      ...location,
    });
  } catch (err) {
    return failed('jobs.insert', { table: options.bigqueryTable }, err);
  }
  outcome.queryId = job.id;
  const pages: Page[] = [];
  let pageToken: string | undefined;
  let wait = poll.firstMs;
  const began = Date.now();
  for (;;) {
    let resp: Page;
    try {
      const answer = (await job.getQueryResults({
        maxResults: PAGE,
        skipParsing: true,
        autoPaginate: false,
        ...(pageToken ? { pageToken } : {}),
      } as QueryResultsOptions)) as unknown as [unknown, unknown, Page];
      resp = answer[2];
    } catch (err) {
      return failed('jobs.getQueryResults', { jobId: job.id, pages: pages.length }, err);
    }
    if (resp.jobComplete === false) {
      if (Date.now() - began > poll.timeoutMs) {
        outcome.reason = `the BigQuery job did not finish within ${Math.round(poll.timeoutMs / 1000)} s`;
        return outcome;
      }
      await sleep(wait);
      wait = Math.min(poll.maxMs, wait * 2);
      continue;
    }
    pages.push(resp);
    pageToken = resp.pageToken;
    if (!pageToken) break;
  }
  try {
    const [metadata] = await job.getMetadata();
    const stats = (
      metadata as { statistics?: { query?: { totalBytesBilled?: string; totalBytesProcessed?: string } } }
    ).statistics?.query;
    const billed = Number(stats?.totalBytesBilled ?? stats?.totalBytesProcessed ?? Number.NaN);
    if (Number.isFinite(billed)) outcome.bytesScanned = billed;
    const path = `${base}/jobs.get/${encodeURIComponent(String(job.id))}.json`;
    await writer.writeJsonAsync(path, metadata, { ...record('jobs.get', { jobId: job.id }), outcome: 'ok' });
    outcome.files.push(path);
  } catch (err) {
    return failed('jobs.get', { jobId: job.id }, err);
  }
  // One response with every page's rows, as `jobs.getQueryResults` would return them unpaged.
  const [first] = pages;
  const rows = pages.flatMap((p) => p.rows ?? []);
  const { pageToken: _t, rows: _r, ...head } = first ?? {};
  const path = `${BUNDLE_TELEMETRY_DIR}/gcp/${project}/flow-pushdown/${encodeURIComponent(String(job.id))}.json`;
  await writer.writeJsonAsync(
    path,
    { ...head, rows },
    {
      ...record('jobs.getQueryResults', {
        jobId: job.id,
        maxResults: PAGE,
        pages: pages.length,
        totalBytesBilled: outcome.bytesScanned,
      }),
      outcome: 'ok',
    },
    'compact',
  );
  outcome.files.push(path);
  outcome.rows = rows.length;
  outcome.state = 'ok';
  return outcome;
}
