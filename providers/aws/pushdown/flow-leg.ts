import type {
  AthenaClient,
  AthenaClientConfig,
  GetQueryExecutionCommandOutput,
  ResultSet,
  Row,
} from '@aws-sdk/client-athena';
import { describeFlowLeg } from '../../../src/detect/pushdown/flow-leg.js';
import { failLeg, formatBytes, type PushdownOutcome } from '../../../src/detect/pushdown/outcome.js';
import { renderFlowLegSql } from '../../../src/detect/pushdown/render-sql.js';
import { trino } from '../../../src/detect/pushdown/sql-dialects.js';
import { BUNDLE_TELEMETRY_DIR } from '../../../src/evidence/manifest.js';
import type { BundleWriter } from '../../../src/evidence/writer.js';
import type { IntelData } from '../../../src/intel/matcher.js';
import type { LiveWindow } from '../../adapter.js';
import type { AthenaCall } from './athena-calls.js';
import { DEFAULT_ATHENA_TABLE, vpcFlowSource } from './flow-source.js';
import type { AthenaPushdownOptions } from './options.js';

/** Polling: the first wait, the longest, and when to give up (then the query is stopped). */
export interface PollSettings {
  firstMs: number;
  maxMs: number;
  timeoutMs: number;
}

const DEFAULT_POLL: PollSettings = { firstMs: 500, maxMs: 5_000, timeoutMs: 30 * 60_000 };

export interface AwsFlowLegRequest {
  writer: BundleWriter;
  window: LiveWindow;
  /** The account (scope id) whose flow logs the table holds; names the bundle folder. */
  account: string;
  region: string;
  /** As the collector builds it for this account and region: region, credentials, endpoint, retry strategy. */
  client: AthenaClientConfig;
  /** Compiled intel (`compileIntel(policy).data`): the indicators the query matches against. */
  intel: IntelData;
  options: AthenaPushdownOptions;
  poll?: Partial<PollSettings>;
  clock?: () => Date;
}

const PAGE = 1000;
const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function errorOf(err: unknown): { code: string; message: string; status?: number } {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return { code: e.name ?? 'Error', message: e.message ?? String(err), status: e.$metadata?.httpStatusCode };
}

/**
 * The AWS flow leg pushed down to Athena: one generated query over the VPC flow log table, its merged result
 * pages written under `telemetry/aws/<account>/<region>/flow-pushdown/`, and the execution (query text, bytes
 * scanned) under `aws/<account>/<region>/athena/GetQueryExecution/`. A failure, cancellation, denial or the scan
 * cap makes the leg blind for the account, with the reason.
 */
export async function pushDownAwsFlowLeg(request: AwsFlowLegRequest): Promise<PushdownOutcome> {
  const {
    AthenaClient,
    GetQueryExecutionCommand,
    GetQueryResultsCommand,
    StartQueryExecutionCommand,
    StopQueryExecutionCommand,
  } = await import('@aws-sdk/client-athena');
  const { writer, account, region, options } = request;
  const clock = request.clock ?? (() => new Date());
  const poll = { ...DEFAULT_POLL, ...request.poll };
  const base = `aws/${account}/${region}/athena`;
  const outcome: PushdownOutcome = { state: 'blind', engine: 'athena', rows: 0, files: [] };
  const leg = describeFlowLeg(request.intel, request.window);
  const table = {
    name: options.athenaTable ?? DEFAULT_ATHENA_TABLE.name,
    partitioning:
      options.athenaPartition ?? (options.athenaTable ? 'none' : DEFAULT_ATHENA_TABLE.partitioning),
  };
  const query = renderFlowLegSql(leg, vpcFlowSource(trino, table, leg), trino);
  if (Buffer.byteLength(query) > trino.maxQueryBytes) {
    outcome.reason = `the generated query is ${Buffer.byteLength(query)} bytes, over Athena's ${trino.maxQueryBytes}: too many indicators`;
    return outcome;
  }
  const client: AthenaClient = new AthenaClient(request.client);
  const startParams = {
    QueryString: query,
    ...(options.athenaWorkgroup ? { WorkGroup: options.athenaWorkgroup } : {}),
    QueryExecutionContext: {
      Database: table.name.split('.').slice(-2, -1)[0],
      ...(options.athenaCatalog ? { Catalog: options.athenaCatalog } : {}),
    },
    ...(options.athenaOutput ? { ResultConfiguration: { OutputLocation: options.athenaOutput } } : {}),
  };
  const record = (operation: AthenaCall, parameters: Record<string, unknown>) => ({
    service: 'athena',
    operation,
    region,
    parameters,
    collectedAt: clock().toISOString(),
  });
  const failed = (operation: AthenaCall, parameters: Record<string, unknown>, err: unknown) =>
    failLeg(
      writer,
      outcome,
      { path: `${base}/${operation}.error.json`, engine: 'Athena', operation, parameters },
      record(operation, parameters),
      errorOf(err),
    );
  let id: string;
  try {
    const started = await client.send(new StartQueryExecutionCommand(startParams));
    id = started.QueryExecutionId as string;
  } catch (err) {
    return failed('StartQueryExecution', { ...startParams, QueryString: `${query.length} characters` }, err);
  }
  outcome.queryId = id;
  // Poll with backoff until the query ends; past the scan cap or the timeout, stop our query.
  let execution: GetQueryExecutionCommandOutput | undefined;
  let wait = poll.firstMs;
  const began = Date.now();
  let stopped: string | undefined;
  for (;;) {
    await sleep(wait);
    wait = Math.min(poll.maxMs, wait * 2);
    try {
      execution = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    } catch (err) {
      return failed('GetQueryExecution', { QueryExecutionId: id }, err);
    }
    const state = execution.QueryExecution?.Status?.State;
    const scanned = execution.QueryExecution?.Statistics?.DataScannedInBytes;
    if (scanned !== undefined) outcome.bytesScanned = scanned;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') break;
    if (stopped && Date.now() - began > 2 * poll.timeoutMs) {
      outcome.reason = `${stopped}; Athena did not confirm the cancellation`;
      return outcome;
    }
    const overCap = options.maxScan !== undefined && scanned !== undefined && scanned > options.maxScan;
    if (!stopped && (overCap || Date.now() - began > poll.timeoutMs)) {
      stopped = overCap
        ? `stopped after scanning ${formatBytes(scanned ?? 0)}, over --max-scan ${formatBytes(options.maxScan ?? 0)}`
        : `stopped after ${Math.round(poll.timeoutMs / 1000)} s without an answer`;
      try {
        await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      } catch (err) {
        return failed('StopQueryExecution', { QueryExecutionId: id }, err);
      }
    }
  }
  const executionPath = `${base}/GetQueryExecution/${encodeURIComponent(id)}.json`;
  const { $metadata: _m, ...executionOut } = execution;
  await writer.writeJsonAsync(executionPath, executionOut, {
    ...record('GetQueryExecution', { QueryExecutionId: id }),
    outcome: 'ok',
  });
  outcome.files.push(executionPath);
  const status = execution.QueryExecution?.Status;
  if (status?.State !== 'SUCCEEDED') {
    outcome.reason =
      stopped ??
      `the Athena query ${status?.State === 'CANCELLED' ? 'was cancelled' : 'failed'}: ${status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage ?? 'no reason given'}`;
    return outcome;
  }
  // Every page merged, header row first, as `aws athena get-query-results` prints them.
  const rows: Row[] = [];
  let metadata: ResultSet['ResultSetMetadata'];
  let token: string | undefined;
  let pages = 0;
  do {
    try {
      const page = await client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          MaxResults: PAGE,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const row of page.ResultSet?.Rows ?? []) rows.push(row);
      metadata ??= page.ResultSet?.ResultSetMetadata;
      token = page.NextToken;
      pages++;
    } catch (err) {
      return failed('GetQueryResults', { QueryExecutionId: id, pages }, err);
    }
  } while (token);
  const path = `${BUNDLE_TELEMETRY_DIR}/aws/${account}/${region}/flow-pushdown/${encodeURIComponent(id)}.json`;
  await writer.writeJsonAsync(
    path,
    { ResultSet: { Rows: rows, ResultSetMetadata: metadata } },
    {
      ...record('GetQueryResults', {
        QueryExecutionId: id,
        MaxResults: PAGE,
        pages,
        DataScannedInBytes: outcome.bytesScanned,
      }),
      outcome: 'ok',
    },
    'compact',
  );
  outcome.files.push(path);
  outcome.rows = Math.max(0, rows.length - 1);
  outcome.state = 'ok';
  return outcome;
}
