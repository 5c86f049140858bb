import {
  arr,
  embeddedJson,
  isObj,
  type Obj,
  obj,
  path,
  pick,
  str,
  tagMap,
} from '../../../src/detect/json-fields.js';
import {
  child,
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import type { CreationSignal } from '../../../src/detect/signals.js';

/** Calls that switch off or delete the evidence a miner would leave (T1562.008). */
const TAMPERING = new Set([
  'ec2.amazonaws.com:DeleteFlowLogs',
  'route53resolver.amazonaws.com:DeleteResolverQueryLogConfig',
  'route53resolver.amazonaws.com:DisassociateResolverQueryLogConfig',
  'cloudtrail.amazonaws.com:StopLogging',
  'cloudtrail.amazonaws.com:DeleteTrail',
  'guardduty.amazonaws.com:DeleteDetector',
  'logs.amazonaws.com:DeleteLogGroup',
]);

/** `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` is approved as `arn:aws:iam::ACCT:role/NAME`. */
export function roleOfSession(arn: string): string | undefined {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

function principalOf(identity: Obj | undefined): {
  principal: string;
  role?: string;
  type?: string;
  invokedBy?: string;
} {
  const type = str(identity?.type);
  const arn = str(identity?.arn);
  const invokedBy = str(identity?.invokedBy);
  const issuer = str(path(identity, 'sessionContext', 'sessionIssuer', 'arn'));
  const principal = arn ?? invokedBy ?? str(identity?.principalId) ?? 'unknown';
  const role = issuer ?? (arn ? roleOfSession(arn) : undefined);
  return {
    principal,
    ...(role ? { role } : {}),
    ...(type ? { type } : {}),
    ...(invokedBy ? { invokedBy } : {}),
  };
}

function runInstances(r: Obj, loc: Loc, ctx: ReaderContext, scope: string, time: number): void {
  const who = principalOf(obj(r.userIdentity));
  const request = obj(r.requestParameters);
  const requestTags: Record<string, string> = {};
  for (const spec of arr(path(request, 'tagSpecificationSet', 'items'))) {
    const s = obj(spec);
    if (!s || (str(s.resourceType) ?? 'instance') === 'instance') Object.assign(requestTags, tagMap(s?.tags));
  }
  const base = {
    provider: 'aws' as const,
    scope,
    time,
    principal: who.principal,
    ...(who.role ? { principalRole: who.role } : {}),
    ...(who.type ? { principalType: who.type } : {}),
    ...(who.invokedBy ? { invokedBy: who.invokedBy } : {}),
    ...(str(r.awsRegion) ? { region: str(r.awsRegion) } : {}),
    ...(str(r.userAgent) ? { userAgent: str(r.userAgent) } : {}),
    ...(str(r.sourceIPAddress) ? { sourceIp: str(r.sourceIPAddress) } : {}),
    ...(str(r.eventID) ? { eventId: str(r.eventID) } : {}),
    file: ctx.file,
  };
  const requestItem = obj(arr(path(request, 'instancesSet', 'items'))[0]);
  const requestType = str(request?.instanceType);
  const requestImage = str(requestItem?.imageId) ?? str(request?.launchTemplate);
  const errorCode = str(r.errorCode);
  const items = arr(path(r.responseElements, 'instancesSet', 'items'));
  if (errorCode || items.length === 0) {
    const failed: CreationSignal = {
      ...base,
      outcome: 'failed',
      errorCode: errorCode ?? 'NoInstanceReturned',
      tags: requestTags,
      pointer: pointerOf(loc),
      ...(requestType ? { machineType: requestType } : {}),
      ...(requestImage ? { image: requestImage } : {}),
    };
    ctx.digest.creations.push(failed);
    return;
  }
  items.forEach((raw, i) => {
    const item = obj(raw);
    const instanceId = str(item?.instanceId);
    if (!item || !instanceId) {
      ctx.problem(
        `RunInstances record without an instanceId at ${pointerOf(child(loc, 'responseElements', 'instancesSet', 'items', i))}`,
        loc.line,
      );
      return;
    }
    const tags = { ...requestTags, ...tagMap(item.tagSet) };
    const launch =
      typeof item.launchTime === 'number' ? item.launchTime : Date.parse(String(item.launchTime ?? ''));
    const group = tags['aws:autoscaling:groupName'] ?? tags['aws:ec2:fleet-id'];
    const creation: CreationSignal = {
      ...base,
      // The event time is when the call was made; launchTime (epoch ms) is when EC2 started it.
      time: Number.isFinite(launch) ? Math.min(launch, time) : time,
      instanceId,
      outcome: 'succeeded',
      tags,
      pointer: pointerOf(loc),
      ...(group ? { group } : {}),
      ...((str(item.instanceType) ?? requestType)
        ? { machineType: str(item.instanceType) ?? requestType }
        : {}),
      ...((str(item.imageId) ?? requestImage) ? { image: str(item.imageId) ?? requestImage } : {}),
    };
    ctx.digest.creations.push(creation);
    for (const nic of arr(path(item, 'networkInterfaceSet', 'items'))) {
      const n = obj(nic);
      const eni = str(n?.networkInterfaceId);
      if (!eni) continue;
      const networkId = str(n?.vpcId);
      ctx.digest.bindings.push({
        provider: 'aws',
        endpoint: `eni:${eni}`,
        instanceId,
        scope,
        ...(networkId ? { networkId } : {}),
      });
      const ip = str(n?.privateIpAddress);
      if (ip && networkId)
        ctx.digest.bindings.push({
          provider: 'aws',
          endpoint: `ip:${networkId}|${ip}`,
          instanceId,
          scope,
          networkId,
        });
    }
  });
}

/** One CloudTrail record (as in a log file, a bare array, NDJSON, or decoded from lookup-events). */
export function readCloudTrailRecord(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const r = obj(raw);
  const eventName = str(r?.eventName);
  const eventSource = str(r?.eventSource);
  const time = Date.parse(str(r?.eventTime) ?? '');
  if (!r || !eventName || !eventSource || !Number.isFinite(time)) {
    ctx.problem(
      `not a CloudTrail record (needs eventName, eventSource, eventTime) at ${pointerOf(loc)}`,
      loc.line,
    );
    return;
  }
  const scope = str(r.recipientAccountId) ?? str(path(r, 'userIdentity', 'accountId')) ?? 'unknown';
  ctx.auditTime('aws', scope, time);
  if (eventSource === 'ec2.amazonaws.com' && eventName === 'RunInstances') {
    runInstances(r, loc, ctx, scope, time);
    return;
  }
  const key = `${eventSource}:${eventName}`;
  if (TAMPERING.has(key) && !str(r.errorCode)) {
    const who = principalOf(obj(r.userIdentity));
    const target =
      str(path(r, 'requestParameters', 'DeleteFlowLogsRequest', 'FlowLogId', 'content')) ??
      str(path(r, 'requestParameters', 'resolverQueryLogConfigId')) ??
      str(path(r, 'requestParameters', 'name')) ??
      str(path(r, 'requestParameters', 'detectorId')) ??
      str(path(r, 'requestParameters', 'logGroupName')) ??
      arr(path(r, 'requestParameters', 'flowLogIds'))
        .filter((x) => typeof x === 'string')
        .join(',');
    ctx.digest.tampering.push({
      provider: 'aws',
      scope,
      time,
      action: eventName,
      principal: who.principal,
      ...(str(r.awsRegion) ? { region: str(r.awsRegion) } : {}),
      ...(target ? { target } : {}),
      ...(str(r.eventID) ? { eventId: str(r.eventID) } : {}),
      file: ctx.file,
      pointer: pointerOf(loc),
    });
  }
}

/** CloudTrail log files (`{"Records":[…]}`), bare arrays or NDJSON of records, and `lookup-events` output. */
export const cloudTrailReader: JsonReader = {
  format: 'cloudtrail',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"eventVersion"\s*:/.test(head) && /"eventSource"\s*:/.test(head) && !/"CloudTrailEvent"\s*:/.test(head),
  readValue(value, loc, ctx) {
    if (Array.isArray(value)) each(value, loc, [], (v, at) => readCloudTrailRecord(v, at, ctx));
    else if (isObj(value) && Array.isArray(value.Records))
      each(value.Records, loc, ['Records'], (v, at) => readCloudTrailRecord(v, at, ctx));
    else readCloudTrailRecord(value, loc, ctx);
  },
};

/** `aws cloudtrail lookup-events` output: each event's record is a JSON string in `CloudTrailEvent`. */
export const lookupEventsReader: JsonReader = {
  format: 'cloudtrail-lookup-events',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) => /"CloudTrailEvent"\s*:/.test(head) && /"EventId"\s*:/.test(head),
  readValue(value, loc, ctx) {
    const events = Array.isArray(value) ? value : arr(pick(obj(value), 'Events'));
    const base = Array.isArray(value) ? loc : child(loc, 'Events');
    events.forEach((e, i) => {
      const at = child(base, i);
      const record = embeddedJson(pick(obj(e), 'CloudTrailEvent'));
      if (!record) {
        ctx.record();
        ctx.problem(`lookup-events entry without a parsable CloudTrailEvent at ${pointerOf(at)}`, loc.line);
        return;
      }
      readCloudTrailRecord(record, at, ctx);
    });
  },
};
