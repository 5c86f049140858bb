import { obj, str } from '../../../src/detect/json-fields.js';
import { type JsonReader, pointerOf } from '../../../src/detect/reader.js';
import type { Leg } from '../../../src/model/detection.js';

/** The live legs' sources, by the service folder an `.error.json` sits in: the leg each one feeds. */
const sources: Record<string, { leg: Leg; what: string }> = {
  cloudtrail: { leg: 'creation', what: 'CloudTrail event history (LookupEvents)' },
  cloudwatch: { leg: 'cpu', what: 'CloudWatch CPUUtilization (GetMetricData)' },
  guardduty: { leg: 'network', what: 'GuardDuty findings' },
};

/** Where a live pull's error file sits: `telemetry/aws/<account>/<region>/<service>/<Operation>.error.json`. */
const PLACE = /(?:^|\/)aws\/(\d{12})\/([a-z0-9-]+)\/(cloudtrail|cloudwatch|guardduty)\/[^/]+\.error\.json$/;

/**
 * A live pull the collector could not make (`{Code, Message, Operation, Parameters}` under `telemetry/aws/…`): the
 * leg it feeds is blind in that account and region, for that reason.
 */
export const awsLiveErrorReader: JsonReader = {
  format: 'aws-live-error',
  provider: 'aws',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"Code"\s*:/.test(head) &&
    /"Operation"\s*:\s*"(LookupEvents|GetMetricData|ListFindings|GetFindings)"/.test(head),
  readValue(value, loc, ctx) {
    ctx.record();
    const e = obj(value);
    const place = PLACE.exec(ctx.file.replace(/\\/g, '/'));
    const source = place ? sources[place[3] as string] : undefined;
    if (!e || !place || !source) {
      ctx.problem(
        'not a rigsight live-pull error (needs Code and Operation, under aws/<account>/<region>/<service>/)',
        loc.line,
      );
      return;
    }
    const [, account, region] = place as unknown as [string, string, string];
    const code = str(e.Code) ?? 'UnknownError';
    const text = (str(e.Message) ?? '').split('\n')[0] ?? '';
    const message = text.length > 160 ? `${text.slice(0, 159)}…` : text;
    ctx.digest.unread.push({
      provider: 'aws',
      scope: account,
      region,
      leg: source.leg,
      source: `${source.what} in ${region}`,
      why: `${source.what} in ${region} could not be read (${code}${message ? `: ${message}` : ''})`,
      file: ctx.file,
      pointer: pointerOf(loc),
    });
  },
};
