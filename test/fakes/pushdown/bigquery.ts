import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FLOW_LEG_COLUMNS } from '../../../src/detect/pushdown/flow-leg.js';
import type { FlowLegRow } from '../../../src/detect/pushdown/result-rows.js';

export interface FakeBigQueryScript {
  rows: FlowLegRow[];
  /** The query text jobs.insert must carry; anything else is a 400 `invalidQuery`. */
  expectQuery?: string;
  /** Bytes the dry run estimates and the job processes (billed the same). */
  bytes?: number;
  /** getQueryResults says `jobComplete: false` this many times first. */
  incomplete?: number;
  /** The job fails with this error (as getQueryResults reports it). */
  jobError?: { reason: string; message: string };
}

export interface FakeBigQueryRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body?: Record<string, unknown>;
  authorization?: string;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
  });

const INTEGER = /^(port|hour_ms|first_ms|last_ms|records|bytes|packets|accepted|rejected)$/;

/** BigQuery REST v2 on 127.0.0.1: jobs.insert (dry run or not), jobs.getQueryResults with pageToken, jobs.get. */
export class FakeBigQuery {
  readonly requests: FakeBigQueryRequest[] = [];
  private server: Server | undefined;
  private polls = 0;
  private job: Record<string, unknown> | undefined;

  constructor(public script: FakeBigQueryScript) {}

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const text = await read(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r: FakeBigQueryRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        ...(text ? { body: JSON.parse(text) } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      };
      const [status, out] = this.reply(r);
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(out));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private error(status: number, reason: string, message: string): [number, unknown] {
    return [
      status,
      {
        error: {
          code: status,
          message,
          errors: [{ reason, message, domain: 'global' }],
          status: 'INVALID_ARGUMENT',
        },
      },
    ];
  }

  /** One request: also served through the fake Google's endpoint, which sends every API there. */
  reply(r: FakeBigQueryRequest): [number, unknown] {
    this.requests.push(r);
    return this.answer(r);
  }

  private answer(r: FakeBigQueryRequest): [number, unknown] {
    const s = this.script;
    const bytes = String(s.bytes ?? 5_000_000);
    const insert = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(r.path);
    if (insert && r.method === 'POST') {
      const config = (r.body?.configuration ?? {}) as {
        dryRun?: boolean;
        query?: { query?: string; maximumBytesBilled?: string };
      };
      const query = config.query?.query;
      if (s.expectQuery !== undefined && query !== s.expectQuery)
        return this.error(400, 'invalidQuery', 'query text differs from the golden rendering');
      const ref = r.body?.jobReference as Record<string, unknown>;
      const job = {
        kind: 'bigquery#job',
        id: `${insert[1]}:US.${String(ref.jobId)}`,
        jobReference: { ...ref, location: 'US' },
        configuration: r.body?.configuration,
        status: { state: config.dryRun ? 'DONE' : 'RUNNING' },
        statistics: { totalBytesProcessed: bytes, query: { totalBytesProcessed: bytes } },
      };
      if (!config.dryRun) {
        this.job = job;
        this.polls = 0;
      }
      return [200, job];
    }
    const results = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(r.path);
    if (results) {
      if (!this.job || results[2] !== (this.job.jobReference as { jobId: string }).jobId)
        return this.error(404, 'notFound', `Not found: Job ${results[2]}`);
      const ref = this.job.jobReference;
      if (s.jobError) return this.error(400, s.jobError.reason, s.jobError.message);
      if (this.polls < (s.incomplete ?? 0)) {
        this.polls++;
        return [200, { kind: 'bigquery#getQueryResultsResponse', jobReference: ref, jobComplete: false }];
      }
      const max = Number(r.query.get('maxResults') ?? 10_000);
      const start = Number(r.query.get('pageToken') ?? 0);
      const slice = s.rows.slice(start, start + max);
      const next = start + slice.length;
      return [
        200,
        {
          kind: 'bigquery#getQueryResultsResponse',
          etag: 'fake',
          schema: {
            fields: FLOW_LEG_COLUMNS.map((name) => ({
              name,
              type: INTEGER.test(name) ? 'INTEGER' : 'STRING',
              mode: 'NULLABLE',
            })),
          },
          jobReference: ref,
          totalRows: String(s.rows.length),
          rows: slice.map((row) => ({
            f: FLOW_LEG_COLUMNS.map((c) => ({
              v: row[c] === null || row[c] === undefined ? null : String(row[c]),
            })),
          })),
          totalBytesProcessed: bytes,
          jobComplete: true,
          cacheHit: false,
          ...(next < s.rows.length ? { pageToken: String(next) } : {}),
        },
      ];
    }
    const get = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/.exec(r.path);
    if (get && this.job) {
      return [
        200,
        {
          ...this.job,
          status: { state: 'DONE' },
          statistics: {
            creationTime: '1795219200000',
            totalBytesProcessed: bytes,
            query: {
              totalBytesProcessed: bytes,
              totalBytesBilled: bytes,
              cacheHit: false,
              statementType: 'SELECT',
            },
          },
        },
      ];
    }
    return this.error(404, 'notFound', `no route ${r.method} ${r.path}`);
  }
}
