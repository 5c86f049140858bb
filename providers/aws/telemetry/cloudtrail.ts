import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, embeddedJson, isObj, obj, path, pick, str } from '../../../src/detect/json-fields.js';
import {
  FIELDS_FOUND,
  FieldSlices,
  NOT_JSON,
  NotStreamable,
  objectFields,
} from '../../../src/detect/json-stream.js';
import {
  child,
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { CAPACITY_CALLS, capacityRequest } from './cloudtrail-capacity.js';
import { runInstances } from './cloudtrail-launches.js';
import { LOGGING_CALLS, loggingChange } from './cloudtrail-logging.js';
import { ecsInterface, runTask } from './cloudtrail-tasks.js';

export { roleOfSession } from './cloudtrail-identity.js';

/** `source:name` of the records read in full; every other one only dates the audit logs read (and its region's first activity). */
export const PARSED_EVENTS = new Set([
  'ec2.amazonaws.com:RunInstances',
  'ecs.amazonaws.com:RunTask',
  'ecs.amazonaws.com:StartTask',
  'ec2.amazonaws.com:CreateNetworkInterface',
  ...CAPACITY_CALLS,
  ...LOGGING_CALLS,
]);

/** One CloudTrail record (as in a log file, a bare array, NDJSON, or decoded from lookup-events). */
export function readCloudTrailRecord(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const r = obj(raw);
  const eventName = str(r?.eventName);
  const eventSource = str(r?.eventSource);
  const time = isoMillis(str(r?.eventTime) ?? '');
  if (!r || !eventName || !eventSource || !Number.isFinite(time)) {
    ctx.problem(
      `not a CloudTrail record (needs eventName, eventSource, eventTime) at ${pointerOf(loc)}`,
      loc.line,
    );
    return;
  }
  const scope = str(r.recipientAccountId) ?? str(path(r, 'userIdentity', 'accountId')) ?? 'unknown';
  ctx.auditTime('aws', scope, time, str(r.awsRegion));
  const key = `${eventSource}:${eventName}`;
  if (!PARSED_EVENTS.has(key)) return;
  if (key === 'ec2.amazonaws.com:RunInstances') runInstances(r, loc, ctx, scope, time);
  else if (eventSource === 'ecs.amazonaws.com') runTask(r, loc, ctx, scope, time);
  else if (key === 'ec2.amazonaws.com:CreateNetworkInterface') ecsInterface(r, ctx, scope);
  else if (CAPACITY_CALLS.has(key)) capacityRequest(r, loc, ctx, scope, time);
  else loggingChange(r, key, loc, ctx, scope, time);
}

// The members a record is sorted by before it is parsed: most records only widen the audit window.
const SORT = new FieldSlices(
  ['eventName', 'eventSource', 'eventTime', 'recipientAccountId', 'awsRegion'].map((n) => Buffer.from(n)),
);

/** A sorting member's text when it is a non-empty string without escapes (ASCII only, if `ascii`). */
function member(buf: Buffer, k: number, ascii: boolean): string | undefined {
  const start = SORT.start[k] as number;
  const end = SORT.end[k] as number;
  if (SORT.plain[k] !== 1 || end <= start) return undefined;
  if (ascii) for (let i = start; i < end; i++) if ((buf[i] as number) >= 0x80) return undefined;
  return buf.toString('latin1', start, end);
}

/**
 * A record that is none of the calls read in full, read without parsing it: it counts and widens the
 * audit window, as `readCloudTrailRecord` would do with it. False when it needs the full reading.
 */
function widenAuditWindow(buf: Buffer, ctx: ReaderContext): boolean {
  // Names compare equal in Latin-1 and UTF-8 only when ASCII; times and accounts must be ASCII to be used.
  const name = member(buf, 0, false);
  const source = member(buf, 1, false);
  const time = member(buf, 2, true);
  const scope = member(buf, 3, true);
  if (!name || !source || !time || !scope) return false;
  if (PARSED_EVENTS.has(`${source}:${name}`)) return false;
  const at = isoMillis(time);
  if (!Number.isFinite(at)) return false;
  // A region named with escapes is rare: the full reading decides it.
  const region = SORT.plain[4] === -1 ? undefined : member(buf, 4, true);
  if (SORT.plain[4] !== -1 && region === undefined) return false;
  ctx.record();
  ctx.auditTime('aws', scope, at, region);
  return true;
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
  // Records are checked byte by byte; only launches, capacity requests, logging changes and odd records are parsed.
  elements: {
    key: 'Records',
    topArray: true,
    element(buf, start, end, at, ctx) {
      const u = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      const found = objectFields(u, start, end, SORT);
      if (found === NOT_JSON) throw new NotStreamable('a record is not JSON');
      if (found === FIELDS_FOUND && widenAuditWindow(buf, ctx)) return;
      readCloudTrailRecord(JSON.parse(buf.toString('utf8', start, end)), at(), ctx);
    },
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
