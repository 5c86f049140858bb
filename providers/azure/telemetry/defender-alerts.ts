import { arr, obj, pick, str } from '../../../src/detect/json-fields.js';
import {
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { armId, subscriptionOf } from './arm-ids.js';

const MINING = /coin ?miner|crypto ?(currency )?min|mining|miner/i;

function readAlert(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const outer = obj(raw);
  const a = obj(outer?.properties) ?? outer;
  const alertType = str(pick(a, 'alertType'));
  if (!a || !alertType) {
    ctx.problem('not a Defender for Cloud alert (needs alertType)', loc.line);
    return;
  }
  const text = `${alertType} ${str(pick(a, 'alertDisplayName')) ?? str(pick(a, 'displayName')) ?? ''}`;
  if (!MINING.test(text)) return;
  const ids = arr(pick(a, 'resourceIdentifiers'))
    .map((r) => str(pick(obj(r), 'azureResourceId')))
    .filter((x): x is string => x !== undefined);
  const vm = ids.find((id) => /\/virtualmachines\//i.test(id)) ?? str(pick(a, 'compromisedEntity'));
  const time = Date.parse(str(pick(a, 'timeGeneratedUtc')) ?? str(pick(a, 'startTimeUtc')) ?? '');
  const id = str(outer?.id) ?? vm ?? '';
  ctx.digest.findings.push({
    provider: 'azure',
    scope: subscriptionOf(id) ?? (vm ? subscriptionOf(vm) : undefined) ?? 'unknown',
    time: Number.isFinite(time) ? time : 0,
    type: `Defender ${alertType}`,
    destinations: [],
    file: ctx.file,
    pointer: pointerOf(loc),
    ...(vm && /\/virtualmachines\//i.test(vm) ? { instanceId: armId(vm) } : {}),
  });
}

/** Defender for Cloud alerts: `az security alert list` output or the REST list (`{"value":[…]}`). */
export const defenderAlertsReader: JsonReader = {
  format: 'defender-alerts',
  provider: 'azure',
  kind: 'json',
  phase: 1,
  sniff: (head) => /"alertType"\s*:/.test(head) && /"(compromisedEntity|resourceIdentifiers)"\s*:/.test(head),
  readValue(value, loc, ctx) {
    if (Array.isArray(value)) {
      each(value, loc, [], (v, at) => readAlert(v, at, ctx));
      return;
    }
    const list = obj(value)?.value;
    if (Array.isArray(list)) {
      each(list, loc, ['value'], (v, at) => readAlert(v, at, ctx));
      return;
    }
    readAlert(value, loc, ctx);
  },
};
