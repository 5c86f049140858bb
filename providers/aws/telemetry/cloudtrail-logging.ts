import { arr, type Obj, obj, path, str } from '../../../src/detect/json-fields.js';
import { type Loc, pointerOf, type ReaderContext } from '../../../src/detect/reader.js';
import type { TamperSignal } from '../../../src/detect/signals.js';
import { principalOf } from './cloudtrail-identity.js';

/** Calls that switch off or delete the evidence a miner would leave (T1562.008), by the leg they blind. */
const TAMPERING: Record<string, TamperSignal['blinds'] | 'unknown'> = {
  'ec2.amazonaws.com:DeleteFlowLogs': 'network',
  'route53resolver.amazonaws.com:DeleteResolverQueryLogConfig': 'network',
  'route53resolver.amazonaws.com:DisassociateResolverQueryLogConfig': 'network',
  'cloudtrail.amazonaws.com:StopLogging': 'creation',
  'cloudtrail.amazonaws.com:DeleteTrail': 'creation',
  'guardduty.amazonaws.com:DeleteDetector': 'network',
  'logs.amazonaws.com:DeleteLogGroup': 'unknown',
};

/** Calls that switch audit logging back on: the end of a gap opened by StopLogging or DeleteTrail. */
const RESUMING = new Set(['cloudtrail.amazonaws.com:StartLogging']);

export const LOGGING_CALLS = [...Object.keys(TAMPERING), ...RESUMING];

function targetOf(r: Obj): string | undefined {
  const request = r.requestParameters;
  return (
    str(path(request, 'DeleteFlowLogsRequest', 'FlowLogId', 'content')) ??
    str(path(request, 'resolverQueryLogConfigId')) ??
    str(path(request, 'name')) ??
    str(path(request, 'detectorId')) ??
    str(path(request, 'logGroupName')) ??
    (arr(path(request, 'flowLogIds'))
      .filter((x) => typeof x === 'string')
      .join(',') ||
      undefined)
  );
}

/** A successful tampering or resuming call, with its caller and what it touched. */
export function loggingChange(
  r: Obj,
  key: string,
  loc: Loc,
  ctx: ReaderContext,
  scope: string,
  time: number,
): void {
  if (str(r.errorCode)) return;
  const who = principalOf(obj(r.userIdentity));
  const target = targetOf(r);
  const resumes = RESUMING.has(key);
  const blinds = resumes ? 'creation' : TAMPERING[key];
  const signal: TamperSignal = {
    provider: 'aws',
    scope,
    time,
    action: str(r.eventName) as string,
    principal: who.principal,
    ...(str(r.awsRegion) ? { region: str(r.awsRegion) } : {}),
    ...(target ? { target } : {}),
    ...(blinds && blinds !== 'unknown' ? { blinds } : {}),
    ...(str(r.eventID) ? { eventId: str(r.eventID) } : {}),
    file: ctx.file,
    pointer: pointerOf(loc),
  };
  (resumes ? ctx.digest.resumed : ctx.digest.tampering).push(signal);
}
