import { SecretScrubber } from '../../../src/collect/secrets.js';
import { armErrorOf } from './clients.js';

/** A failed call as `<command>.error.json` keeps it: `{Code, Message, HttpStatus?, Command}`. */
export interface CallError {
  Code: string;
  Message: string;
  HttpStatus?: number;
}

/** Client secrets and assertions an error could echo (MSAL quotes request bodies in some messages). */
export function azureSecretScrubber(): SecretScrubber {
  return new SecretScrubber([
    [/(client_secret=)[^&\s"]+/gi, '$1[redacted]'],
    [/(client_assertion=)[^&\s"]+/gi, '$1[redacted]'],
    [/(access_token["']?\s*[:=]\s*["']?)[\w.~+/=-]+/gi, '$1[redacted]'],
    [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted]'],
  ]);
}

/** ARM's error code (`AuthorizationFailed`, `ResourceNotFound`, …), its message (scrubbed) and HTTP status. */
export function describeError(err: unknown, scrubber: SecretScrubber): CallError {
  const e = err as {
    name?: string;
    code?: string;
    statusCode?: number;
    message?: string;
    details?: { error?: { code?: string; message?: string } };
    body?: { error?: { code?: string; message?: string } };
    response?: { bodyAsText?: string | null; status?: number; request?: unknown };
    request?: unknown;
  };
  // Modular SDK pagers throw "Pagination failed with unexpected statusCode N": ARM's own error is in the body.
  let fromBody: { code?: string; message?: string } | undefined;
  try {
    fromBody = (JSON.parse(e.response?.bodyAsText ?? '') as { error?: { code?: string; message?: string } })
      .error;
  } catch {
    fromBody = undefined;
  }
  const inner = e.details?.error ?? e.body?.error ?? fromBody ?? armErrorOf(e.response?.request ?? e.request);
  let code = inner?.code ?? e.code ?? e.name ?? 'UnknownError';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') code = 'EndpointUnreachable';
  if (code === 'ETIMEDOUT' || code === 'AbortError') code = 'RequestTimeout';
  if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationError') code = 'NoCredentials';
  const message = scrubber.scrub(String(inner?.message ?? e.message ?? code)).slice(0, 2000);
  const status = e.statusCode ?? e.response?.status;
  return { Code: code, Message: message, ...(status ? { HttpStatus: status } : {}) };
}

/** Failures that mean the caller may not read this subscription at all. */
export const subscriptionDenied =
  /^(AuthorizationFailed|SubscriptionNotFound|InvalidAuthenticationTokenTenant|Forbidden)$/;
