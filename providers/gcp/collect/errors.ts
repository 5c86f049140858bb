import type { SecretScrubber } from '../../../src/collect/secrets.js';

/** A failed call as `<command>.error.json` keeps it: `{Code, Message, HttpStatus?, Command}`. */
export interface CallError {
  Code: string;
  Message: string;
  HttpStatus?: number;
}

/** gRPC status codes by number, as Google's REST errors name them in `error.status`. */
const grpcNames = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

const byHttp: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** ErrorInfo reasons that say more than the status: the API is off, or billing is. */
const telling = new Set(['SERVICE_DISABLED', 'BILLING_DISABLED', 'API_KEY_INVALID', 'ACCESS_TOKEN_EXPIRED']);

type Detail = { '@type'?: string; reason?: string; metadata?: Record<string, string> };

interface AnyGoogleError {
  code?: number | string;
  status?: number | string;
  httpStatusCode?: number;
  reason?: string;
  message?: string;
  response?: {
    status?: number;
    headers?: unknown;
    data?: { error?: { code?: number; status?: string; message?: string; details?: Detail[] } };
  };
  errorInfoMetadata?: Record<string, string>;
}

/**
 * Reads a failed call from either stack: google-gax (gRPC code number, `httpStatusCode`, ErrorInfo `reason`) or
 * gaxios (HTTP status, the REST error body). Classified by both the HTTP status and the gRPC code.
 */
export function describeError(err: unknown, scrubber: SecretScrubber): CallError & { retryAfterMs?: number } {
  const e = (err ?? {}) as AnyGoogleError;
  const body = e.response?.data?.error ?? errorInMessage(e.message);
  const http =
    e.httpStatusCode ??
    e.response?.status ??
    (typeof e.status === 'number' ? e.status : undefined) ??
    (typeof body?.code === 'number' ? body.code : undefined);
  const grpc = typeof e.code === 'number' ? grpcNames[e.code] : undefined;
  const reason = e.reason ?? body?.details?.find((d) => d['@type']?.endsWith('google.rpc.ErrorInfo'))?.reason;
  const netCode = typeof e.code === 'string' ? e.code : undefined;
  let code =
    (reason && telling.has(reason) ? reason : undefined) ??
    body?.status ??
    (grpc && grpc !== 'UNKNOWN' ? grpc : undefined) ??
    (http ? byHttp[http] : undefined) ??
    (netCode && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)$/.test(netCode)
      ? 'EndpointUnreachable'
      : undefined) ??
    'UNKNOWN';
  if (code === 'UNKNOWN' && /token|credential|authenticat/i.test(e.message ?? '')) code = 'UNAUTHENTICATED';
  const message = scrubber.scrub(String(body?.message ?? e.message ?? code)).slice(0, 2000);
  const retryAfter = retryAfterOf(e.response?.headers);
  return {
    Code: code,
    Message: message,
    ...(http ? { HttpStatus: http } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  };
}

type GoogleErrorBody = NonNullable<NonNullable<AnyGoogleError['response']>['data']>['error'];

/** Some REST fallbacks (google-gax 5) put Google's whole error body in the message: its status and reason count. */
function errorInMessage(message: string | undefined): GoogleErrorBody {
  if (!message?.startsWith('{')) return undefined;
  try {
    return (JSON.parse(message) as { error?: GoogleErrorBody }).error;
  } catch {
    return undefined;
  }
}

function retryAfterOf(headers: unknown): number | undefined {
  if (!headers) return undefined;
  const get = (headers as { get?: (k: string) => string | null }).get;
  const raw =
    typeof get === 'function'
      ? get.call(headers, 'retry-after')
      : (headers as Record<string, string>)['retry-after'];
  if (!raw) return undefined;
  const s = Number(raw);
  if (Number.isFinite(s)) return s * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** Worth another attempt: throttling, a server having a bad moment, a dropped connection. */
export function retryable(e: CallError): boolean {
  return (
    e.Code === 'RESOURCE_EXHAUSTED' ||
    e.Code === 'UNAVAILABLE' ||
    e.Code === 'INTERNAL' ||
    e.Code === 'DEADLINE_EXCEEDED' ||
    e.Code === 'EndpointUnreachable' ||
    e.HttpStatus === 429 ||
    e.HttpStatus === 500 ||
    e.HttpStatus === 502 ||
    e.HttpStatus === 503 ||
    e.HttpStatus === 504
  );
}

export type GapKind = 'denied' | 'unsupported' | 'error' | 'missing';

/** How a gap is recorded for an error code: denied, the API switched off, or another failure. */
export function gapKind(code: string): GapKind {
  if (code === 'PERMISSION_DENIED' || code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return 'denied';
  if (code === 'SERVICE_DISABLED' || code === 'BILLING_DISABLED') return 'unsupported';
  return 'error';
}
