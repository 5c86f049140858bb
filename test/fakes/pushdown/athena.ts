import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FLOW_LEG_COLUMNS } from '../../../src/detect/pushdown/flow-leg.js';
import type { FlowLegRow } from '../../../src/detect/pushdown/result-rows.js';

/** How one fake query behaves. */
export interface FakeAthenaScript {
  /** Result rows (by column name), e.g. the DuckDB rendering run over the scenario files. */
  rows: FlowLegRow[];
  /** The query text the fake must receive; anything else is answered with InvalidRequestException. */
  expectQuery?: string;
  /** States GetQueryExecution reports, one per poll; the last one repeats. */
  states?: ('QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED')[];
  /** StateChangeReason of a FAILED or CANCELLED query. */
  reason?: string;
  /** DataScannedInBytes reported on each poll: grows by this much per poll. */
  scannedPerPoll?: number;
  /** GetQueryExecution answers ThrottlingException this many times first. */
  throttle?: number;
  /** StartQueryExecution answers this error (`__type`, message). */
  startError?: { type: string; message: string; status: number };
}

export interface FakeAthenaRequest {
  target: string;
  body: Record<string, unknown>;
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
  });

const cell = (v: unknown) => (v === null || v === undefined ? {} : { VarCharValue: String(v) });

/** Athena over awsJson1_1 (`X-Amz-Target: AmazonAthena.<Operation>`) on 127.0.0.1: one scripted query at a time. */
export class FakeAthena {
  readonly requests: FakeAthenaRequest[] = [];
  private server: Server | undefined;
  private polls = 0;
  private throttled = 0;
  private stopped = false;
  private readonly id = '5c1f0d2e-7a3b-4c55-9e1d-0a1b2c3d4e5f';

  constructor(public script: FakeAthenaScript) {}

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const text = await body(req);
      const [status, out] = this.reply(String(req.headers['x-amz-target'] ?? ''), text);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** One awsJson1_1 request (its `X-Amz-Target` and body): also served through the fake AWS's endpoint. */
  reply(target: string, text: string): [number, unknown] {
    const input = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    this.requests.push({ target, body: input });
    return this.answer(target.replace(/^AmazonAthena\./, ''), input);
  }

  private error(type: string, message: string, status = 400): [number, unknown] {
    return [status, { __type: type, message, Message: message }];
  }

  private answer(op: string, input: Record<string, unknown>): [number, unknown] {
    const s = this.script;
    if (op === 'StartQueryExecution') {
      if (s.startError) return this.error(s.startError.type, s.startError.message, s.startError.status);
      if (s.expectQuery !== undefined && input.QueryString !== s.expectQuery)
        return this.error('InvalidRequestException', 'query text differs from the golden rendering');
      if (!/^WITH flows AS \(/.test(String(input.QueryString)))
        return this.error('InvalidRequestException', 'only the flow leg query is served');
      this.polls = 0;
      this.stopped = false;
      return [200, { QueryExecutionId: this.id }];
    }
    if (input.QueryExecutionId !== this.id)
      return this.error(
        'InvalidRequestException',
        `QueryExecution ${String(input.QueryExecutionId)} was not found`,
      );
    if (op === 'GetQueryExecution') {
      if (this.throttled < (s.throttle ?? 0)) {
        this.throttled++;
        return this.error('ThrottlingException', 'Rate exceeded');
      }
      const states = s.states ?? ['QUEUED', 'RUNNING', 'SUCCEEDED'];
      let state = states[Math.min(this.polls, states.length - 1)] as string;
      this.polls++;
      if (this.stopped) state = 'CANCELLED';
      const done = state !== 'QUEUED' && state !== 'RUNNING';
      return [
        200,
        {
          QueryExecution: {
            QueryExecutionId: this.id,
            Query: this.requests.find((r) => r.target.endsWith('StartQueryExecution'))?.body.QueryString,
            StatementType: 'DML',
            Status: {
              State: state,
              SubmissionDateTime: 1795219200,
              ...(done ? { CompletionDateTime: 1795219260 } : {}),
              ...(state === 'FAILED' || state === 'CANCELLED'
                ? { StateChangeReason: this.stopped ? 'Query cancelled by user' : (s.reason ?? 'failed') }
                : {}),
            },
            Statistics: {
              DataScannedInBytes: (s.scannedPerPoll ?? 1_000_000) * this.polls,
              EngineExecutionTimeInMillis: 900,
            },
            WorkGroup: 'primary',
          },
        },
      ];
    }
    if (op === 'StopQueryExecution') {
      this.stopped = true;
      return [200, {}];
    }
    if (op === 'GetQueryResults') {
      const max = Number(input.MaxResults ?? 1000);
      const start = input.NextToken ? Number(String(input.NextToken).replace(/^page-/, '')) : 0;
      // The header row counts towards the first page, as Athena's does.
      const all = s.rows;
      const header = start === 0 ? 1 : 0;
      const offset = start === 0 ? 0 : start - 1;
      const slice = all.slice(offset, offset + max - header);
      const next = offset + slice.length;
      const Rows = [
        ...(header ? [{ Data: FLOW_LEG_COLUMNS.map((c) => ({ VarCharValue: c })) }] : []),
        ...slice.map((r) => ({ Data: FLOW_LEG_COLUMNS.map((c) => cell(r[c])) })),
      ];
      return [
        200,
        {
          ResultSet: {
            Rows,
            ResultSetMetadata: {
              ColumnInfo: FLOW_LEG_COLUMNS.map((c) => ({
                CatalogName: 'hive',
                Name: c,
                Label: c,
                Type: /^(port|hour_ms|first_ms|last_ms|records|bytes|packets|accepted|rejected)$/.test(c)
                  ? 'bigint'
                  : 'varchar',
                Nullable: 'UNKNOWN',
                CaseSensitive: false,
              })),
            },
          },
          UpdateCount: 0,
          ...(next < all.length ? { NextToken: `page-${next + 1}` } : {}),
        },
      ];
    }
    return this.error('UnknownOperationException', op);
  }
}
