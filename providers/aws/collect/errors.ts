import { SecretScrubber } from '../../../src/collect/secrets.js';

/** An AWS error as `<Operation>.error.json` keeps it: `{Code, Message, HttpStatus?, Operation, Parameters?}`. */
export interface CallError {
  Code: string;
  Message: string;
  HttpStatus?: number;
}

/**
 * A scrubber for AWS runs: some services echo the canonical request, security-token header included, in a
 * signature error's message.
 */
export function awsSecretScrubber(): SecretScrubber {
  return new SecretScrubber([
    [/(The Canonical String for this request should have been)[\s\S]*/i, '$1 [omitted]'],
    [/(x-amz-security-token[:=]\s*)\S+/gi, '$1[redacted]'],
    [/(Signature=)[0-9a-f]+/gi, '$1[redacted]'],
  ]);
}

/** Reads an SDK or network error: the AWS code, its message (scrubbed) and HTTP status when there was one. */
export function describeError(err: unknown, scrubber: SecretScrubber): CallError {
  const e = err as {
    name?: string;
    code?: string;
    Code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number };
  };
  let code = e.Code ?? e.name ?? 'UnknownError';
  if (code === 'Error' || code === 'TypeError') code = e.code ?? code;
  if (e.code === 'ENOTFOUND' || e.code === 'ECONNREFUSED' || e.code === 'EAI_AGAIN')
    code = 'EndpointUnreachable';
  if (code === 'CredentialsProviderError') code = 'NoCredentials';
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const message = scrubber.scrub(String(e.message || code)).slice(0, 2000);
  return { Code: code, Message: message, ...(status ? { HttpStatus: status } : {}) };
}
