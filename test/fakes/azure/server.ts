import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../../../src/package-info.js';

// From the package root, so the compiled bench (dist/) finds the committed files too.
const tls = join(packageRoot, 'test', 'fakes', 'azure', 'tls');
/** The committed, test-only certificate for 127.0.0.1 (NODE_EXTRA_CA_CERTS points at it). */
export const fakeCertFile = join(tls, 'cert.pem');

/** One answer of the fake: a list (paged by nextLink), one object, or an ARM error. */
export type Answer =
  | { list: unknown[] }
  | { body: unknown }
  | { status: number; code: string; message: string };

/** An answer computed from the request's query (`$filter`, `timespan`, `region` …), as the service would. */
export type Query = (params: URLSearchParams) => Answer;

/** The estate the fake serves, keyed by lower-case path (ARM paths compare case-insensitively). */
export class ArmEstate {
  private readonly answers = new Map<string, Answer | { query: Query }>();

  list(path: string, items: unknown[]): this {
    this.answers.set(key(path), { list: items });
    return this;
  }
  object(path: string, body: unknown): this {
    this.answers.set(key(path), { body });
    return this;
  }
  /** A path whose answer depends on the query string (filters honored by the fake, as ARM does). */
  query(path: string, answer: Query): this {
    this.answers.set(key(path), { query: answer });
    return this;
  }
  error(path: string, status: number, code: string, message: string): this {
    this.answers.set(key(path), { status, code, message });
    return this;
  }
  delete(path: string): this {
    this.answers.delete(key(path));
    return this;
  }
  /** The list served at a path, to change it in a test. */
  items(path: string): unknown[] {
    const a = this.answers.get(key(path));
    if (!a || !('list' in a)) throw new Error(`no list at ${path}`);
    return a.list;
  }
  answer(path: string, params = new URLSearchParams()): Answer | undefined {
    const a = this.answers.get(key(path));
    return a && 'query' in a ? a.query(params) : a;
  }
  paths(): string[] {
    return [...this.answers.keys()];
  }
}

function key(path: string): string {
  return path
    .replace(/\/{2,}/g, '/')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** A fault injected into matching requests: the first `times` of them (default 1; Infinity for always). */
export interface ArmFault {
  path: RegExp;
  /** `echo`: a 400 whose message quotes the request's Authorization header (a proxy that leaks it). */
  kind: 'throttle' | 'server-error' | 'timeout' | 'denied' | 'echo';
  times?: number;
  /** Seconds the 429 asks to wait. Default 1. */
  retryAfter?: number;
}

export interface FakeArmOptions {
  estate: ArmEstate;
  tenantId: string;
  /** The service principal ClientSecretCredential signs in as (token endpoint). */
  client: { id: string; secret: string; objectId: string };
  /** Items per page on every list (nextLink paging). Default 2. */
  pageSize?: number;
  latencyMs?: number;
  faults?: ArmFault[];
  /** Keep a log of every request (off for load runs). Default true. */
  record?: boolean;
  /** A request held this long for `timeout` faults before the socket is closed. Default 3 s. */
  hangMs?: number;
  /** Bearer tokens accepted besides those the fake issues (a benchmark's static token). */
  acceptTokens?: string[];
}

export interface FakeRequest {
  method: string;
  path: string;
  query: string;
  authorized: boolean;
  status: number;
}

/**
 * A fake Azure over https on 127.0.0.1: ARM (GET only), Microsoft Graph (`/v1.0/…`) and an Entra ID token
 * endpoint (OpenID configuration and client-credentials grant), answering in each service's wire format.
 */
export class FakeArm {
  readonly requests: FakeRequest[] = [];
  served = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly tokens = new Set<string>();
  private readonly faultsUsed = new Map<ArmFault, number>();
  url = '';

  constructor(private readonly options: FakeArmOptions) {
    for (const t of options.acceptTokens ?? []) this.tokens.add(t);
  }

  async start(): Promise<this> {
    this.server = createServer(
      { key: readFileSync(join(tls, 'key.pem')), cert: readFileSync(fakeCertFile), keepAlive: true },
      (req, res) => {
        void this.handle(req, res);
      },
    );
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A bearer token the fake accepts, for tests that pass a TokenCredential stub. */
  issue(claims: Record<string, string> = {}): string {
    const token = jwt({
      tid: this.options.tenantId,
      oid: this.options.client.objectId,
      appid: this.options.client.id,
      ...claims,
    });
    this.tokens.add(token);
    return token;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c: Buffer) => {
        text += c.toString('utf8');
      });
      req.on('end', () => resolve(text));
    });
    this.served++;
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
    const authorized = this.tokens.has(auth);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (this.options.record !== false)
        this.requests.push({
          method: req.method ?? '',
          path: url.pathname,
          query: url.search,
          authorized,
          status,
        });
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(text);
    };

    // Entra ID: OpenID configuration and the client-credentials grant.
    const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (oidc) {
      const base = `${this.url}/${oidc[1]}`;
      return reply(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      });
    }
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      const form = new URLSearchParams(body);
      const c = this.options.client;
      if (form.get('client_id') !== c.id || form.get('client_secret') !== c.secret)
        return reply(401, {
          error: 'invalid_client',
          error_description:
            'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.',
          error_codes: [7000215],
        });
      return reply(200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: this.issue(),
      });
    }
    if (req.method !== 'GET')
      return reply(405, {
        error: { code: 'MethodNotAllowed', message: `the fake answers GET only, not ${req.method}` },
      });
    if (!authorized)
      return reply(401, {
        error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' },
      });

    const path = key(url.pathname);
    for (const fault of this.options.faults ?? []) {
      if (!fault.path.test(url.pathname)) continue;
      const used = this.faultsUsed.get(fault) ?? 0;
      if (used >= (fault.times ?? 1)) continue;
      this.faultsUsed.set(fault, used + 1);
      if (fault.kind === 'throttle')
        return reply(
          429,
          { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } },
          { 'retry-after': String(fault.retryAfter ?? 1) },
        );
      if (fault.kind === 'server-error')
        return reply(500, {
          error: { code: 'InternalServerError', message: 'Encountered internal server error.' },
        });
      if (fault.kind === 'denied')
        return reply(403, {
          error: {
            code: 'AuthorizationFailed',
            message: `The client '${this.options.client.id}' with object id '${this.options.client.objectId}' does not have authorization to perform action 'read' over scope '${url.pathname}' or the scope is invalid.`,
          },
        });
      if (fault.kind === 'echo')
        return reply(400, {
          error: {
            code: 'BadRequest',
            message: `Rejected request with header Authorization: Bearer ${auth} (token ${auth})`,
          },
        });
      // timeout: hold the request, then drop the connection.
      await new Promise((r) => setTimeout(r, this.options.hangMs ?? 3_000));
      req.socket.destroy();
      return;
    }

    const statusOnly = url.searchParams.get('statusOnly') === 'true' ? '?statusonly=true' : '';
    const answer =
      this.options.estate.answer(path + statusOnly, url.searchParams) ??
      this.options.estate.answer(path, url.searchParams);
    if (!answer)
      return reply(404, {
        error: { code: 'ResourceNotFound', message: `The Resource '${url.pathname}' was not found.` },
      });
    if ('status' in answer)
      return reply(answer.status, { error: { code: answer.code, message: answer.message } });
    if ('body' in answer) return reply(200, answer.body);
    const size = this.options.pageSize ?? 2;
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const page = answer.list.slice(skip, skip + size);
    const graph = path.startsWith('/v1.0/');
    const next = new URL(url.toString());
    next.searchParams.set('$skiptoken', String(skip + size));
    const more = skip + size < answer.list.length;
    if (graph) return reply(200, { value: page, ...(more ? { '@odata.nextLink': next.toString() } : {}) });
    return reply(200, { value: page, ...(more ? { nextLink: next.toString() } : {}) });
  }
}

/** An unsigned JWT-shaped token: only the fake reads it (and rigsight, for the caller's name). */
function jwt(claims: Record<string, string>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, nonce: randomBytes(8).toString('hex') })}.sig`;
}
