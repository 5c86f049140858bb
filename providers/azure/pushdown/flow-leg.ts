import type { TokenCredential } from '@azure/core-auth';
import type { LogsQueryClientOptions } from '@azure/monitor-query';
import { describeFlowLeg } from '../../../src/detect/pushdown/flow-leg.js';
import { failLeg, type PushdownOutcome } from '../../../src/detect/pushdown/outcome.js';
import { KQL_MAX_QUERY_BYTES, renderFlowLegKql } from '../../../src/detect/pushdown/render-kql.js';
import { BUNDLE_TELEMETRY_DIR } from '../../../src/evidence/manifest.js';
import type { BundleWriter } from '../../../src/evidence/writer.js';
import type { IntelData } from '../../../src/intel/matcher.js';
import type { LiveWindow } from '../../adapter.js';
import { ntaFlowSource } from './flow-source.js';
import type { LogAnalyticsPushdownOptions } from './options.js';

export interface AzureFlowLegRequest {
  writer: BundleWriter;
  window: LiveWindow;
  /** The subscription (scope id) the collection is for; names the bundle folder. */
  subscription: string;
  /** The credential the collector already uses (a token for the Log Analytics API audience is asked of it). */
  credential: TokenCredential;
  /** `endpoint` for a fake or a sovereign cloud (`audience` with it); retry options as the collector sets them. */
  client?: LogsQueryClientOptions;
  intel: IntelData;
  options: LogAnalyticsPushdownOptions;
  /** The server-side limit for the query (seconds, at most 600). */
  serverTimeoutInSeconds?: number;
  clock?: () => Date;
}

/**
 * The Azure flow leg pushed down to Log Analytics: one KQL query over NTANetAnalytics for the window, the query
 * API's own `{"tables":[…]}` answer written under `telemetry/azure/<subscription>/flow-pushdown/`. A failure makes
 * the leg blind; a partial answer keeps the matches it holds but the leg is blind too (absence is not trusted).
 */
export async function pushDownAzureFlowLeg(request: AzureFlowLegRequest): Promise<PushdownOutcome> {
  const { LogsQueryClient, LogsQueryResultStatus } = await import('@azure/monitor-query');
  const { writer, subscription, options } = request;
  const clock = request.clock ?? (() => new Date());
  const outcome: PushdownOutcome = { state: 'blind', engine: 'log-analytics', rows: 0, files: [] };
  const workspace = options.logAnalyticsWorkspace;
  if (!workspace) {
    outcome.reason = 'no --log-analytics-workspace names the workspace traffic analytics writes to';
    return outcome;
  }
  const leg = describeFlowLeg(request.intel, request.window);
  const query = renderFlowLegKql(leg, ntaFlowSource(leg));
  if (Buffer.byteLength(query) > KQL_MAX_QUERY_BYTES) {
    outcome.reason = `the generated query is ${Buffer.byteLength(query)} bytes, over ${KQL_MAX_QUERY_BYTES}`;
    return outcome;
  }
  const client = new LogsQueryClient(request.credential, request.client ?? {});
  const parameters = {
    workspaceId: workspace,
    timespan: `${leg.since.toISOString()}/${leg.until.toISOString()}`,
    query,
  };
  const record = (outcomeOf: 'ok' | 'error', errorCode?: string) => ({
    service: 'log-analytics',
    operation: 'query',
    region: 'global',
    parameters,
    collectedAt: clock().toISOString(),
    outcome: outcomeOf,
    ...(errorCode ? { errorCode } : {}),
  });
  let body: string | undefined;
  let status: number | undefined;
  try {
    // Traffic analytics ingests up to an hour late (more when backlogged): the API's own window runs a day longer.
    const result = await client.queryWorkspace(
      workspace,
      query,
      { startTime: leg.since, endTime: new Date(leg.until.getTime() + 86_400_000) },
      {
        serverTimeoutInSeconds: request.serverTimeoutInSeconds ?? 600,
        includeQueryStatistics: true,
        onResponse: (raw) => {
          body = raw.bodyAsText ?? undefined;
          status = raw.status;
        },
      },
    );
    const native = JSON.parse(body ?? '{"tables":[]}') as { tables?: { rows?: unknown[] }[] };
    const path = `${BUNDLE_TELEMETRY_DIR}/azure/${subscription}/flow-pushdown/${workspace}-${leg.since.getTime()}.json`;
    await writer.writeJsonAsync(path, native, record('ok'), 'compact');
    outcome.files.push(path);
    outcome.rows = native.tables?.[0]?.rows?.length ?? 0;
    if (result.status === LogsQueryResultStatus.PartialFailure) {
      outcome.reason = `Log Analytics returned partial results: ${result.partialError.code}: ${result.partialError.message}`;
      return outcome;
    }
    outcome.state = 'ok';
    return outcome;
  } catch (err) {
    const e = err as { code?: string; message?: string; statusCode?: number };
    const { outcome: _ok, ...call } = record('ok');
    return failLeg(
      writer,
      outcome,
      {
        path: `azure/${subscription}/log-analytics/query.error.json`,
        engine: 'Log Analytics',
        operation: 'query',
        parameters: { workspaceId: workspace, timespan: parameters.timespan },
      },
      call,
      {
        code: e.code ?? `HTTP ${e.statusCode ?? status ?? '?'}`,
        message: e.message ?? String(err),
        ...(e.statusCode ? { status: e.statusCode } : {}),
      },
    );
  }
}
