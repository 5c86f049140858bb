import { arr, obj, pick, str } from '../../../src/detect/json-fields.js';
import {
  child,
  type JsonReader,
  type LineHandler,
  type Loc,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { readCloudTrailRecord } from './cloudtrail.js';
import { readQuery } from './resolver-query-logs.js';
import { vpcFlowLogsReader } from './vpc-flow-logs.js';

/**
 * `aws logs filter-log-events` / `get-log-events` output: logs delivered to CloudWatch Logs (flow logs,
 * Resolver query logs, CloudTrail) exported as `{"events":[{"logStreamName","timestamp","message"}]}`.
 * Each message is read by the format it holds; flow-log messages have no header (default format).
 */
function readEvents(value: unknown, loc: Loc, ctx: ReaderContext): void {
  const events = arr(pick(obj(value), 'events'));
  let flows: LineHandler | undefined;
  for (let i = 0; i < events.length; i++) {
    const at = child(loc, 'events', i);
    const message = str(pick(obj(events[i]), 'message'));
    if (!message) {
      ctx.record();
      ctx.problem(`log event ${i} has no message`, loc.line);
      continue;
    }
    const text = message.trim();
    if (text.startsWith('{')) {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch {
        ctx.record();
        ctx.problem(`log event ${i} holds malformed JSON`, loc.line);
        continue;
      }
      const r = obj(record);
      if (r && 'query_name' in r) readQuery(r, at, ctx);
      else if (r && 'eventVersion' in r) readCloudTrailRecord(r, at, ctx);
      else ctx.record();
      continue;
    }
    // A flow-log record; its pointer is the event's place in the export.
    flows ??= vpcFlowLogsReader.open(ctx, (n) => `/events/${n - 1}`);
    flows.line(text, i + 1);
  }
  flows?.end();
}

/** Exports holding Resolver query logs or CloudTrail records: read with the DNS logs, before flows. */
export const cloudWatchLogsEventsReader: JsonReader = {
  format: 'cloudwatch-logs-events',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"events"\s*:/.test(head) &&
    /"logStreamName"\s*:/.test(head) &&
    /\\"(query_name|eventVersion)\\"/.test(head),
  readValue: readEvents,
};

/** Exports holding VPC Flow Logs records: read after DNS logs, so pool names join to addresses. */
export const cloudWatchLogsFlowEventsReader: JsonReader = {
  format: 'cloudwatch-logs-events',
  provider: 'aws',
  kind: 'json',
  phase: 2,
  sniff: (head) =>
    /"events"\s*:/.test(head) && /"logStreamName"\s*:/.test(head) && /"message"\s*:\s*"\d /.test(head),
  readValue: readEvents,
};
