import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { NormalizedSchema } from '@smithy/core/schema';
import { encodeKey } from '../../../providers/aws/bundle-files.js';
import type { Answer, Estate } from './estate.js';
import {
  field,
  getMetricData,
  type LiveEstate,
  LiveInputError,
  lookupEvents,
  matchingFindings,
} from './live.js';
import {
  type FakeService,
  fakeEmpty,
  fakeKeyParams,
  fakeNotFound,
  fakePaging,
  fakeServices,
  operationSchema,
} from './services.js';
import { errorResponse, outputBody, type WireError } from './wire.js';

export interface FakePrincipal {
  account: string;
  arn: string;
  userId?: string;
}

/** A fault injected into matching calls: the first `times` of them (default 1; Infinity for always). */
export interface Fault {
  /** CLI service name (ec2, s3api, cloudwatch, …). */
  service: string;
  operation: string;
  account?: string;
  region?: string;
  /** `signature`: a SignatureDoesNotMatch whose message echoes the canonical request, security token included. */
  kind: 'throttle' | 'server-error' | 'timeout' | 'denied' | 'signature';
  times?: number;
}

export interface FakeAwsOptions {
  estate: Estate & LiveEstate;
  /** Long-lived access keys the fake accepts, and whose they are. */
  principals: Record<string, FakePrincipal>;
  /** Items per page on every paginated operation (a smaller page-size parameter wins). Default 2. */
  pageSize?: number;
  /** Delay before every answer. */
  latencyMs?: number;
  /** EC2-style token bucket per (account, region, service, operation). */
  rateLimit?: { burst: number; refillPerSecond: number };
  faults?: Fault[];
  /** GenerateCredentialReport calls answered STARTED before one answers COMPLETE. Default 1. */
  reportPolls?: number;
  /** ListBuckets names each bucket's region (as S3 does today); false makes callers ask GetBucketLocation. */
  listBucketRegions?: boolean;
  /** Keep a log of every request (off for load runs). Default true. */
  record?: boolean;
  /** CloudTrail LookupEvents' own limit per account and region (AWS: 2 a second); false lifts it. */
  lookupEventsRate?: { burst: number; refillPerSecond: number } | false;
  /** Datapoints per GetMetricData page (AWS: 100,800). */
  metricDatapoints?: number;
}

/** One request as the fake understood it. */
export interface FakeRequest {
  service: string;
  operation: string;
  account: string;
  region: string;
  caller: string;
  /** 1 for a first attempt; SDK retries say which attempt they are. */
  attempt: number;
  params: Record<string, unknown>;
  /** Answered with the service's throttling error by the rate limit. */
  throttled?: boolean;
}

interface Parsed {
  service: FakeService;
  operation: string;
  params: Record<string, unknown>;
}

type Reply = { status: number; body: string; headers: Record<string, string> };

const defaultRegions = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** A fake AWS on 127.0.0.1: real wire protocols, an estate as data, paging, throttling and faults. */
export class FakeAws {
  readonly requests: FakeRequest[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Map<string, FakePrincipal>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly faultsLeft: number[];
  private readonly reports = new Map<string, number>();
  private readonly routes: { service: FakeService; operation: string; method: string; pattern: RegExp }[];
  /** Secret keys and session tokens handed out by AssumeRole (tests check none of them is ever written). */
  readonly issued: string[] = [];
  /** Requests answered (for load runs where the log is off). */
  served = 0;
  throttled = 0;
  /** Answers Athena calls (the flow leg pushed down), when a test attaches one. */
  athena: { reply(target: string, body: string): [number, unknown] } | undefined;

  constructor(private readonly options: FakeAwsOptions) {
    for (const [key, p] of Object.entries(options.principals)) this.sessions.set(key, p);
    this.faultsLeft = (options.faults ?? []).map((f) => f.times ?? 1);
    this.routes = restRoutes(fakeServices.guardduty as FakeService);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake AWS is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake AWS failed: ${err.stack}`);
        }
      });
    });
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests for one operation (CLI service name and operation), in arrival order. */
  calls(service: string, operation: string): FakeRequest[] {
    return this.requests.filter((r) => r.service === service && r.operation === operation);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const auth = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      String(req.headers.authorization ?? ''),
    );
    const signing = auth?.[3] ?? '';
    // Athena is served by its own scripted fake, reached through this endpoint as --endpoint-url sends every call here.
    if (signing === 'athena' && this.athena) {
      const [status, out] = this.athena.reply(String(req.headers['x-amz-target'] ?? ''), body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out));
      return;
    }
    const service = fakeServices[signing];
    if (!auth || !service) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`fake AWS: unsigned request or unknown service "${signing}"`);
      return;
    }
    const parsed = this.parse(service, req, body);
    const principal = this.sessions.get(auth[1] as string);
    const region = service.global ? 'global' : (auth[2] as string);
    const attempt = Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
    let logged: FakeRequest | undefined;
    if (this.options.record !== false) {
      logged = {
        service: service.cli,
        operation: parsed.operation,
        account: principal?.account ?? '',
        region,
        caller: principal?.arn ?? '',
        attempt,
        params: parsed.params,
      };
      this.requests.push(logged);
    }
    this.served++;
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    let reply: Reply | undefined;
    if (!principal) {
      reply = this.error(service, {
        code:
          service.protocol === 'ec2Query'
            ? 'AuthFailure'
            : service.protocol === 'awsQuery'
              ? 'InvalidClientTokenId'
              : 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
        status: 403,
      });
    } else {
      const limited =
        this.rateLimited(principal.account, region, service.cli, parsed.operation) ||
        this.lookupLimited(principal.account, region, service.cli, parsed.operation);
      if (limited) {
        this.throttled++;
        if (logged) logged.throttled = true;
        reply = this.error(service, { ...service.throttle, message: 'Rate exceeded' });
      } else {
        const fault = this.fault(service.cli, parsed.operation, principal.account, region);
        if (fault === 'timeout') return; // never answers: the client's timeout decides
        if (fault === 'throttle')
          reply = this.error(service, { ...service.throttle, message: 'Rate exceeded' });
        else if (fault === 'server-error')
          reply = this.error(service, {
            code: 'InternalFailure',
            message: 'We encountered an internal error. Please try again.',
            status: 500,
          });
        else if (fault === 'signature')
          reply = this.error(service, {
            code: 'SignatureDoesNotMatch',
            message: `The request signature we calculated does not match the signature you provided. The Canonical String for this request should have been\n'POST\n/\n\nhost:127.0.0.1\nx-amz-security-token:${String(req.headers['x-amz-security-token'] ?? '')}\n'`,
            status: 403,
          });
        else if (fault === 'denied')
          reply = this.error(service, {
            ...service.denied,
            message: `User: ${principal.arn} is not authorized to perform: ${service.cli}:${parsed.operation}`,
          });
        else reply = this.answer(service, parsed, principal, region);
      }
    }
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }

  private parse(service: FakeService, req: IncomingMessage, body: string): Parsed {
    const url = new URL(req.url ?? '/', 'http://fake');
    const params: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    if (service.protocol === 'awsQuery' || service.protocol === 'ec2Query') {
      for (const [k, v] of new URLSearchParams(body)) params[k] = v;
      return { service, operation: String(params.Action), params };
    }
    if (service.protocol === 'restXml') {
      const segments = url.pathname.split('/').filter(Boolean);
      if (segments[0]) params.Bucket = decodeURIComponent(segments[0]);
      const operation = url.searchParams.has('lifecycle')
        ? 'GetBucketLifecycleConfiguration'
        : url.searchParams.has('location')
          ? 'GetBucketLocation'
          : segments.length === 0
            ? 'ListBuckets'
            : 'Unsupported';
      return { service, operation, params: withQueryMembers(service, operation, url, params) };
    }
    if (body) Object.assign(params, JSON.parse(body) as Record<string, unknown>);
    if (service.protocol === 'restJson1') {
      for (const route of this.routes) {
        const m = route.pattern.exec(url.pathname);
        if (route.method !== req.method || !m) continue;
        Object.assign(params, m.groups ?? {});
        return {
          service,
          operation: route.operation,
          params: withQueryMembers(service, route.operation, url, params),
        };
      }
      return { service, operation: 'Unsupported', params };
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    return { service, operation: target.slice(target.lastIndexOf('.') + 1), params };
  }

  private rateLimited(account: string, region: string, service: string, operation: string): boolean {
    const limit = this.options.rateLimit;
    if (!limit) return false;
    const key = `${account}/${region}/${service}/${operation}`;
    const now = performance.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }

  /** LookupEvents' published limit, 2 a second per account and region, enforced as a token bucket. */
  private lookupLimited(account: string, region: string, service: string, operation: string): boolean {
    if (service !== 'cloudtrail' || operation !== 'LookupEvents') return false;
    const limit = this.options.lookupEventsRate ?? { burst: 2, refillPerSecond: 2 };
    if (limit === false) return false;
    const key = `lookup/${account}/${region}`;
    const now = performance.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }

  /** The live reads: event history, metric series, GuardDuty findings filtered by criteria. */
  private liveAnswer(
    service: FakeService,
    parsed: Parsed,
    account: string,
    region: string,
  ): Reply | undefined {
    const { operation, params } = parsed;
    const { estate } = this.options;
    try {
      if (service.cli === 'cloudtrail' && operation === 'LookupEvents')
        return this.ok(service, operation, lookupEvents(estate, account, region, params));
      if (service.cli === 'cloudwatch' && operation === 'GetMetricData')
        return this.ok(
          service,
          operation,
          getMetricData(estate, account, region, params, this.options.metricDatapoints),
        );
    } catch (err) {
      if (err instanceof LiveInputError)
        return this.error(service, { code: err.code, message: err.message, status: 400 });
      throw err;
    }
    if (service.cli !== 'guardduty') return undefined;
    const detector = String(param(params, 'DetectorId') ?? '');
    const stored = estate.answer(account, region, 'guardduty', 'GetFindings', detector);
    const findings =
      stored?.kind === 'ok' ? ((stored.value.Findings ?? []) as Record<string, unknown>[]) : [];
    if (operation === 'ListFindings') {
      const criteria = field(params, 'FindingCriteria');
      // Posture asks by type only; a window on updatedAt is the live query, answered from the stored findings.
      if (field(field(criteria, 'Criterion'), 'updatedAt') === undefined || !stored) return undefined;
      const ids = matchingFindings(findings, criteria).map((f) => f.Id);
      return this.ok(service, operation, this.page(service.cli, operation, { FindingIds: ids }, params));
    }
    if (operation === 'GetFindings' && stored?.kind === 'ok') {
      const asked = (field(params, 'FindingIds') ?? []) as string[];
      if (!findings.some((f) => asked.includes(String(f.Id)))) return undefined;
      return this.ok(service, operation, { Findings: findings.filter((f) => asked.includes(String(f.Id))) });
    }
    return undefined;
  }

  private fault(
    service: string,
    operation: string,
    account: string,
    region: string,
  ): Fault['kind'] | undefined {
    const faults = this.options.faults ?? [];
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i] as Fault;
      if (f.service !== service || f.operation !== operation) continue;
      if ((f.account && f.account !== account) || (f.region && f.region !== region)) continue;
      if ((this.faultsLeft[i] as number) <= 0) continue;
      this.faultsLeft[i] = (this.faultsLeft[i] as number) - 1;
      return f.kind;
    }
    return undefined;
  }

  private error(service: FakeService, e: WireError): Reply {
    const { body, headers } = errorResponse(service.protocol, e, service.queryCompatible === true);
    return { status: e.status, body, headers: { ...headers, 'x-amzn-requestid': 'fake-request' } };
  }

  private ok(service: FakeService, operation: string, value: Record<string, unknown>): Reply {
    const schema = operationSchema(service, operation);
    const output = schema?.[5] as Parameters<typeof outputBody>[1];
    const contentType =
      service.protocol === 'awsQuery' || service.protocol === 'ec2Query' || service.protocol === 'restXml'
        ? 'text/xml'
        : service.protocol === 'restJson1'
          ? 'application/json'
          : `application/x-amz-json-${service.protocol === 'awsJson1_0' ? '1.0' : '1.1'}`;
    return {
      status: 200,
      headers: { 'content-type': contentType, 'x-amzn-requestid': 'fake-request' },
      body: outputBody(service.protocol, output, operation, value, service.xmlns),
    };
  }

  private fromAnswer(
    service: FakeService,
    operation: string,
    answer: Answer,
    params: Record<string, unknown>,
  ) {
    if (answer.kind === 'error') {
      const status =
        answer.status ??
        (/denied|unauthorized/i.test(answer.code)
          ? service.denied.status
          : /^NoSuch/.test(answer.code)
            ? 404
            : 400);
      return this.error(service, { code: answer.code, message: answer.message, status });
    }
    return this.ok(service, operation, this.page(service.cli, operation, answer.value, params));
  }

  /** Slices every result list of a paginated operation; the token carries the offset. */
  private page(
    service: string,
    operation: string,
    value: Record<string, unknown>,
    params: Record<string, unknown>,
  ): Record<string, unknown> {
    const paging = fakePaging[`${service}:${operation}`];
    if (!paging) return value;
    const token = param(params, paging.input);
    const offset = token ? Number(Buffer.from(String(token), 'base64url').toString('utf8').slice(2)) : 0;
    const asked = paging.limit ? Number(param(params, paging.limit) ?? 0) : 0;
    const size = asked > 0 ? Math.min(asked, this.options.pageSize ?? 2) : (this.options.pageSize ?? 2);
    const out: Record<string, unknown> = { ...value };
    let more = false;
    for (const key of paging.results) {
      const list = Array.isArray(value[key]) ? (value[key] as unknown[]) : [];
      out[key] = list.slice(offset, offset + size);
      if (list.length > offset + size) more = true;
    }
    delete out[paging.output];
    if (paging.truncated) out[paging.truncated] = more;
    if (more) out[paging.output] = Buffer.from(`o:${offset + size}`).toString('base64url');
    return out;
  }

  private answer(service: FakeService, parsed: Parsed, principal: FakePrincipal, region: string): Reply {
    const { operation, params } = parsed;
    const { estate } = this.options;
    const account = principal.account;
    const id = `${service.cli}:${operation}`;
    switch (id) {
      case 'sts:GetCallerIdentity':
        return this.ok(service, operation, {
          Account: account,
          Arn: principal.arn,
          UserId: principal.userId ?? 'AIDAFAKEUSERID',
        });
      case 'sts:AssumeRole':
        return this.assumeRole(service, principal, params);
      case 'iam:GenerateCredentialReport': {
        const polls = (this.reports.get(account) ?? 0) + 1;
        this.reports.set(account, polls);
        const done = polls > (this.options.reportPolls ?? 1);
        return this.ok(service, operation, {
          State: done ? 'COMPLETE' : 'STARTED',
          Description: done ? 'Report generated' : 'No report exists. Starting a new report generation task',
        });
      }
      case 'iam:GetCredentialReport': {
        if (!this.reports.has(account))
          return this.error(service, {
            code: 'ReportNotPresent',
            message: 'Credential report not present.',
            status: 410,
          });
        const stored = estate.answer(account, 'global', 'iam', operation);
        if (stored) return this.fromAnswer(service, operation, stored, params);
        const csv = `user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_2_active\n<root_account>,arn:aws:iam::${account}:root,2020-01-01T00:00:00+00:00,not_supported,false,false\n`;
        return this.ok(service, operation, {
          Content: Buffer.from(csv).toString('base64'),
          ReportFormat: 'text/csv',
          GeneratedTime: '2026-11-01T00:00:00Z',
        });
      }
      case 's3api:ListBuckets':
        return this.ok(
          service,
          operation,
          this.page(
            service.cli,
            operation,
            {
              Buckets: estate.buckets(account).map((b) => ({
                Name: b.name,
                CreationDate: '2024-01-01T00:00:00Z',
                ...(this.options.listBucketRegions === false ? {} : { BucketRegion: b.region }),
              })),
              Owner: { ID: `canonical-${account}` },
            },
            params,
          ),
        );
      case 's3api:GetBucketLocation':
      case 's3api:GetBucketLifecycleConfiguration':
        return this.bucketCall(service, operation, account, String(params.Bucket ?? ''), params);
      case 'ec2:DescribeRegions': {
        const stored =
          estate.answer(account, region, 'ec2', operation) ?? estate.answer(account, '*', 'ec2', operation);
        if (stored) return this.fromAnswer(service, operation, stored, params);
        return this.ok(service, operation, { Regions: this.regionsOf(account) });
      }
      case 'service-quotas:GetServiceQuota': {
        const code = String(param(params, 'QuotaCode') ?? '');
        const stored = estate.answer(account, region, service.cli, operation, code);
        if (stored) return this.fromAnswer(service, operation, stored, params);
        return this.ok(service, operation, {
          Quota: {
            ServiceCode: 'ec2',
            QuotaCode: code,
            QuotaName: `vCPU quota ${code}`,
            Value: 64,
            Unit: 'None',
          },
        });
      }
    }
    const live = this.liveAnswer(service, parsed, account, region);
    if (live) return live;
    const keyParam = fakeKeyParams[id];
    const key = keyParam ? encodeKey(String(param(params, keyParam) ?? '')) : undefined;
    const stored = estate.answer(account, region, service.cli, operation, key);
    if (stored) return this.fromAnswer(service, operation, stored, params);
    if (service.cli === 'organizations') return this.organizationDefault(service, parsed, account, key);
    const detectorKnown =
      service.cli === 'guardduty' &&
      key !== undefined &&
      (estate.answer(account, region, 'guardduty', 'GetDetector', key) !== undefined ||
        (
          (
            estate.answer(account, region, 'guardduty', 'ListDetectors') as {
              value?: { DetectorIds?: string[] };
            }
          )?.value?.DetectorIds ?? []
        ).includes(key));
    const notFound = keyParam && !detectorKnown ? fakeNotFound[id] : undefined;
    if (notFound) return this.error(service, notFound);
    const empty = fakePaging[id]
      ? Object.fromEntries(fakePaging[id].results.map((k) => [k, []]))
      : (fakeEmpty[id] ?? {});
    return this.fromAnswer(service, operation, { kind: 'ok', value: empty }, params);
  }

  /** Outside its own answers, an account sees its organization's description; other org calls are the management account's. */
  /** Enabled regions: those the estate holds answers for (all of them when it holds none), plus two opt-in ones. */
  private regionsOf(account: string) {
    const held = this.options.estate.regions?.(account) ?? [];
    const enabled = held.length > 0 ? held : defaultRegions;
    return [
      ...enabled.map((r) => ({ RegionName: r, OptInStatus: 'opt-in-not-required' })),
      ...['af-south-1', 'me-south-1']
        .filter((r) => !enabled.includes(r))
        .map((r) => ({ RegionName: r, OptInStatus: 'not-opted-in' })),
    ];
  }

  private organizationDefault(service: FakeService, parsed: Parsed, account: string, key?: string): Reply {
    const { estate } = this.options;
    const management = estate.accounts().find((m) => {
      const list = estate.answer(m, 'global', 'organizations', 'ListAccounts');
      return (
        list?.kind === 'ok' && ((list.value.Accounts ?? []) as { Id: string }[]).some((a) => a.Id === account)
      );
    });
    if (!management)
      return this.error(service, {
        code: 'AWSOrganizationsNotInUseException',
        message: 'Your account is not a member of an organization.',
        status: 400,
      });
    if (parsed.operation === 'DescribeOrganization') {
      const org = estate.answer(management, 'global', 'organizations', 'DescribeOrganization');
      if (org) return this.fromAnswer(service, parsed.operation, org, parsed.params);
    }
    if (management !== account)
      return this.error(service, {
        code: 'AccessDeniedException',
        message: "You don't have permissions to access this resource.",
        status: 400,
      });
    const id = `organizations:${parsed.operation}`;
    const members = (
      (
        estate.answer(management, 'global', 'organizations', 'ListAccounts') as {
          value?: { Accounts?: { Id: string }[] };
        }
      )?.value?.Accounts ?? []
    ).map((a) => a.Id);
    const roots = (
      (
        estate.answer(management, 'global', 'organizations', 'ListRoots') as {
          value?: { Roots?: { Id: string }[] };
        }
      )?.value?.Roots ?? []
    ).map((r) => r.Id);
    // An account the estate does not place sits directly under the root; any known target has no extra policies.
    if (id === 'organizations:ListParents' && key && members.includes(key) && roots[0])
      return this.ok(service, parsed.operation, { Parents: [{ Id: roots[0], Type: 'ROOT' }] });
    if (id === 'organizations:ListPoliciesForTarget' && key && (members.includes(key) || roots.includes(key)))
      return this.ok(service, parsed.operation, { Policies: [] });
    const notFound = fakeNotFound[id];
    if (notFound) return this.error(service, notFound);
    const empty = fakePaging[id] ? Object.fromEntries(fakePaging[id].results.map((k) => [k, []])) : {};
    return this.ok(service, parsed.operation, empty);
  }

  private bucketCall(
    service: FakeService,
    operation: string,
    account: string,
    bucket: string,
    params: Record<string, unknown>,
  ): Reply {
    const where = this.options.estate.bucket(bucket);
    if (!where)
      return this.error(service, {
        code: 'NoSuchBucket',
        message: 'The specified bucket does not exist',
        status: 404,
      });
    if (where.account !== account)
      return this.error(service, { code: 'AccessDenied', message: 'Access Denied', status: 403 });
    if (operation === 'GetBucketLocation') {
      // The body is the bare element; us-east-1 is the empty constraint.
      const value = where.region === 'us-east-1' ? '' : where.region;
      return {
        status: 200,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${service.xmlns}">${value}</LocationConstraint>`,
      };
    }
    const stored = this.options.estate.answer(where.account, where.region, 's3api', operation, bucket);
    if (stored) return this.fromAnswer(service, operation, stored, params);
    return this.error(service, {
      code: 'NoSuchLifecycleConfiguration',
      message: 'The lifecycle configuration does not exist',
      status: 404,
    });
  }

  private assumeRole(service: FakeService, caller: FakePrincipal, params: Record<string, unknown>): Reply {
    const arn = String(params.RoleArn ?? '');
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    const grant = m ? this.options.estate.role(m[1] as string, m[2] as string) : undefined;
    const externalOk = !grant?.externalId || grant.externalId === params.ExternalId;
    if (!m || !grant || !externalOk) {
      return this.error(service, {
        code: 'AccessDenied',
        message: `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
        status: 403,
      });
    }
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const secret = `fake-secret-${randomBytes(12).toString('hex')}`;
    const token = `fake-session-token-${randomBytes(24).toString('hex')}`;
    this.issued.push(secret, token);
    const session = String(params.RoleSessionName ?? 'session');
    const assumed = `arn:aws:sts::${m[1]}:assumed-role/${m[2]}/${session}`;
    this.sessions.set(accessKeyId, { account: m[1] as string, arn: assumed, userId: `AROAFAKE:${session}` });
    return this.ok(service, 'AssumeRole', {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: secret,
        SessionToken: token,
        Expiration: new Date(Date.now() + 3_600_000),
      },
      AssumedRoleUser: { AssumedRoleId: `AROAFAKE:${session}`, Arn: assumed },
    });
  }
}

/** restJson routes from each operation's `http` trait, most specific first. */
function restRoutes(service: FakeService) {
  const routes: {
    service: FakeService;
    operation: string;
    method: string;
    pattern: RegExp;
    literal: number;
  }[] = [];
  for (const [name, value] of Object.entries(service.schemas ?? {})) {
    if (!name.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue;
    const http = (value[3] as { http?: [string, string, number] } | undefined)?.http;
    if (!http) continue;
    const [method, uri] = http;
    const path = uri.split('?')[0] as string;
    const pattern = new RegExp(`^${path.replace(/\{(\w+)\+?\}/g, (_, p: string) => `(?<${p}>[^/]+)`)}$`);
    routes.push({
      service,
      operation: name.slice(0, -1),
      method,
      pattern,
      literal: path.replace(/\{[^}]+\}/g, '').length,
    });
  }
  return routes.sort((a, b) => b.literal - a.literal);
}

/** REST query parameters under their member names (`continuation-token` → ContinuationToken), per the input schema. */
function withQueryMembers(
  service: FakeService,
  operation: string,
  url: URL,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const input = operationSchema(service, operation)?.[4];
  if (!input) return params;
  const ns = NormalizedSchema.of(input as Parameters<typeof NormalizedSchema.of>[0]);
  if (!ns.isStructSchema()) return params;
  for (const [member, schema] of ns.structIterator()) {
    const query = schema.getMergedTraits().httpQuery;
    if (typeof query === 'string' && url.searchParams.has(query))
      params[member] = url.searchParams.get(query);
  }
  return params;
}

/** A request parameter by name, whatever its case (awsQuery, JSON body, REST query or path). */
function param(params: Record<string, unknown>, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(params)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
