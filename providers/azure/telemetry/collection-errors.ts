import { obj, str } from '../../../src/detect/json-fields.js';
import { type JsonReader, pointerOf } from '../../../src/detect/reader.js';
import type { Leg } from '../../../src/model/detection.js';

/** The live legs' sources, told by the az command an `.error.json` names: the leg each one feeds. */
const sources: { command: RegExp; leg: Leg; name: (p: Record<string, unknown>) => string; what: string }[] = [
  {
    command: /^az monitor activity-log list/,
    leg: 'creation',
    name: (p) => `Activity Log${str(p.provider) ? ` (${str(p.provider)})` : ''}`,
    what: 'the Activity Log',
  },
  {
    command: /Microsoft\.Insights\/metrics/i,
    leg: 'cpu',
    name: (p) => `Percentage CPU${str(p.region) ? ` (${str(p.region)})` : ''}`,
    what: 'Azure Monitor Percentage CPU',
  },
  {
    command: /^az security alert list/,
    leg: 'network',
    name: () => 'Defender for Cloud alerts',
    what: 'Defender for Cloud alerts',
  },
];

/**
 * A live leg the collector could not read (`<command>.error.json` under `telemetry/azure/…`: `{Code, Message,
 * Command, Parameters}`): the leg is blind in that subscription, for that reason.
 */
export const azureCollectionErrorReader: JsonReader = {
  format: 'azure-collection-error',
  provider: 'azure',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"Code"\s*:/.test(head) &&
    /"Command"\s*:\s*"az (monitor activity-log list|rest --method get --url '\/subscriptions\/[^']*\/providers\/Microsoft\.Insights\/metrics|security alert list)/.test(
      head,
    ),
  readValue(value, loc, ctx) {
    ctx.record();
    const e = obj(value);
    const command = str(e?.Command) ?? '';
    const params = obj(e?.Parameters) ?? {};
    const source = sources.find((s) => s.command.test(command));
    const scope = str(params.subscription)?.toLowerCase();
    if (!e || !source || !scope) {
      ctx.problem(
        'not a rigsight collection error for an Azure live leg (needs Code, Command, Parameters.subscription)',
        loc.line,
      );
      return;
    }
    const code = str(e.Code) ?? 'UnknownError';
    const text = (str(e.Message) ?? '').split(/(?<=\.)\s/)[0] ?? '';
    const message = text.length > 160 ? `${text.slice(0, 159)}…` : text;
    ctx.digest.unread.push({
      provider: 'azure',
      scope,
      leg: source.leg,
      source: `${source.name(params)} in subscription ${scope}`,
      why: `${source.what} could not be read (${code}${message ? `: ${message}` : ''})`,
      file: ctx.file,
      pointer: pointerOf(loc),
    });
  },
};
