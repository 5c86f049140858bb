import { obj, str } from '../../../src/detect/json-fields.js';
import { type JsonReader, pointerOf } from '../../../src/detect/reader.js';
import { liveCommands } from '../collect/live-commands.js';

const commandPattern = new RegExp(`"Command"\\s*:\\s*"(${Object.keys(liveCommands).join('|')})"`);

/**
 * A live leg the collector could not read (`<command>.error.json` under `telemetry/gcp/<project>/`: `{Code, Message,
 * Command, Parameters}`): the leg is blind in that project, for that reason (denied, API off, quota spent).
 */
export const gcpCollectionErrorReader: JsonReader = {
  format: 'gcp-collection-error',
  provider: 'gcp',
  kind: 'json',
  phase: 1,
  sniff: (head) => /"Code"\s*:/.test(head) && commandPattern.test(head),
  readValue(value, loc, ctx) {
    ctx.record();
    const e = obj(value);
    const source = liveCommands[str(e?.Command) ?? ''];
    const project = str(obj(e?.Parameters)?.project);
    if (!e || !source || !project) {
      ctx.problem(
        'not a rigsight collection error for a Google Cloud live leg (needs Code, Command, Parameters.project)',
        loc.line,
      );
      return;
    }
    const text = (str(e.Message) ?? '').split(/(?<=\.)\s/)[0] ?? '';
    const message = text.length > 160 ? `${text.slice(0, 159)}…` : text;
    ctx.digest.unread.push({
      provider: 'gcp',
      scope: project,
      leg: source.leg,
      source: `${source.source} in project ${project}`,
      why: `${source.source} could not be read (${str(e.Code) ?? 'UNKNOWN'}${message ? `: ${message}` : ''})`,
      file: ctx.file,
      pointer: pointerOf(loc),
    });
  },
};
