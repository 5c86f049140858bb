import { allCalls } from './collect/catalog.js';

/** What an AWS error code means for rigsight, wherever it is met: in the collector, normalize or the IAM engine. */
export type ErrorKind = 'denied' | 'unsupported' | 'throttled' | 'timeout' | 'not-found' | 'error';

const denied =
  /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError|Forbidden|AuthFailure|AuthorizationErrorException|NotAuthorized)$/i;
const unsupported =
  /^(OptInRequired|UnrecognizedClientException|InvalidClientTokenId|SubscriptionRequiredException|UnsupportedOperation|EndpointUnreachable|InvalidAction)$/i;
const throttled =
  /^(Throttling|ThrottlingException|ThrottledException|RequestLimitExceeded|TooManyRequestsException|RequestThrottled|RequestThrottledException|SlowDown|LimitExceededException|Rate ?exceeded)$/i;
const timeout = /^(TimeoutError|RequestTimeout|RequestTimeoutException|AbortError)$/i;

export function errorKind(code: string): ErrorKind {
  if (denied.test(code)) return 'denied';
  if (unsupported.test(code)) return 'unsupported';
  if (throttled.test(code)) return 'throttled';
  if (timeout.test(code)) return 'timeout';
  if (/NotFound|^NoSuch/.test(code)) return 'not-found';
  return 'error';
}

const answers = new Map(allCalls.map((d) => [`${d.service}:${d.operation}`, new Set(d.answers ?? [])]));

/** An error that answers the question (no lifecycle configuration: objects never expire), not a failure. */
export function isAnswer(api: string, code: string): boolean {
  return answers.get(api)?.has(code) === true;
}

/** The gap kind of a failed call: denied, the service or region not available, or any other failure. */
export function gapKind(code: string): 'denied' | 'unsupported' | 'error' {
  const kind = errorKind(code);
  return kind === 'denied' || kind === 'unsupported' ? kind : 'error';
}
