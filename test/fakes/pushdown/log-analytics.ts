import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FLOW_LEG_COLUMNS } from '../../../src/detect/pushdown/flow-leg.js';
import type { FlowLegRow } from '../../../src/detect/pushdown/result-rows.js';
import { fakeCertFile } from '../azure/server.js';

export interface FakeLogAnalyticsScript {
  rows: FlowLegRow[];
  /** The KQL text the query must carry; anything else is a 400 BadArgumentError. */
  expectQuery?: string;
  /** Answer 200 with the rows and an `error` (the API's partial-failure shape). */
  partial?: { code: string; message: string };
  /** Answer this HTTP error instead. */
  fail?: { status: number; code: string; message: string };
}

export interface FakeLogAnalyticsRequest {
  path: string;
  body: { query?: string; timespan?: string };
  authorization?: string;
  prefer?: string;
}

const LONG = /^(port|hour_ms|first_ms|last_ms|records|bytes|packets|accepted|rejected)$/;

/** The Log Analytics query API (`POST /v1/workspaces/{id}/query`) over https on 127.0.0.1 with the test certificate. */
export class FakeLogAnalytics {
  readonly requests: FakeLogAnalyticsRequest[] = [];
  private server: Server | undefined;

  constructor(public script: FakeLogAnalyticsScript) {}

  async start(): Promise<string> {
    const tls = join(fakeCertFile, '..');
    this.server = createServer(
      { key: readFileSync(join(tls, 'key.pem')), cert: readFileSync(fakeCertFile) },
      (req, res) => {
        const parts: Buffer[] = [];
        req.on('data', (c: Buffer) => parts.push(c));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
          this.requests.push({
            path: req.url ?? '',
            body,
            ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
            ...(req.headers.prefer ? { prefer: String(req.headers.prefer) } : {}),
          });
          const [status, out] = this.answer(req.method ?? '', req.url ?? '', body);
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify(out));
        });
      },
    );
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private answer(method: string, url: string, body: { query?: string }): [number, unknown] {
    const s = this.script;
    if (method !== 'POST' || !/^\/v1\/workspaces\/[0-9a-f-]+\/query/.test(url))
      return [404, { error: { code: 'PathNotFoundError', message: `no route ${method} ${url}` } }];
    if (s.fail) return [s.fail.status, { error: { code: s.fail.code, message: s.fail.message } }];
    if (s.expectQuery !== undefined && body.query !== s.expectQuery)
      return [
        400,
        { error: { code: 'BadArgumentError', message: 'query text differs from the golden rendering' } },
      ];
    const tables = [
      {
        name: 'PrimaryResult',
        columns: FLOW_LEG_COLUMNS.map((name) => ({ name, type: LONG.test(name) ? 'long' : 'string' })),
        rows: s.rows.map((r) => FLOW_LEG_COLUMNS.map((c) => r[c] ?? null)),
      },
    ];
    return [
      200,
      {
        tables,
        statistics: {
          query: { executionTime: 0.42, resourceUsage: { cache: { memory: { hits: 0, misses: 0 } } } },
        },
        ...(s.partial
          ? {
              error: {
                code: 'PartialError',
                message: 'There were some errors when processing your query.',
                details: [{ code: s.partial.code, message: s.partial.message }],
              },
            }
          : {}),
      },
    ];
  }
}
