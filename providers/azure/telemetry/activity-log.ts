import { macKey } from '../../../src/detect/identity.js';
import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, embeddedJson, type Obj, obj, path, str, textOf } from '../../../src/detect/json-fields.js';
import {
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { type ActivityEvent, computeWrite, containerGroupWrite, statusOf } from './activity-compute.js';
import { loggingChange } from './activity-logging.js';
import { armId, subscriptionOf, vnetOf } from './arm-ids.js';

/** The event's own location (`eastus`), not `global`: when a region was first active. */
function activityRegion(e: Obj): string | undefined {
  const location = str(e.location)?.toLowerCase().replace(/\s+/g, '');
  return location && location !== 'global' && location.length <= 40 ? location : undefined;
}

const MINING_ALERT = /coin ?miner|crypto ?(currency )?min|mining|miner/i;

/** Who made the call: the REST shape's `caller`, or the export shape's token claims. */
function callerOf(e: Obj): string {
  const claims = obj(e.claims) ?? obj(path(e, 'identity', 'claims'));
  return (
    str(e.caller) ??
    str(claims?.['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn']) ??
    str(claims?.['http://schemas.microsoft.com/identity/claims/objectidentifier']) ??
    str(claims?.appid) ??
    'unknown'
  ).trim();
}

function readEvent(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  ctx.record();
  const e = obj(raw);
  const op = (textOf(e?.operationName) ?? '').toLowerCase();
  const time = isoMillis(str(e?.eventTimestamp) ?? str(e?.time) ?? '');
  const resourceId = str(e?.resourceId) ?? str(path(e, 'authorization', 'scope'));
  if (!e || !op || !Number.isFinite(time)) {
    ctx.problem('not an Activity Log event (needs operationName and eventTimestamp or time)', loc.line);
    return;
  }
  const scope =
    str(e.subscriptionId)?.toLowerCase() ??
    (resourceId ? subscriptionOf(resourceId) : undefined) ??
    'unknown';
  const category = (textOf(e.category) ?? '').toLowerCase();
  if (
    category === 'administrative' ||
    category === 'write' ||
    category === 'delete' ||
    category === 'action' ||
    category === ''
  )
    ctx.auditTime('azure', scope, time, activityRegion(e));
  const status = statusOf(e);
  const pointer = pointerOf(loc);
  const eventId = str(e.correlationId) ?? str(e.operationId) ?? str(e.eventDataId);
  const properties = obj(e.properties);
  const body =
    embeddedJson(properties?.responseBody) ??
    embeddedJson(properties?.requestbody) ??
    embeddedJson(properties?.requestBody);
  const caller = callerOf(e);
  const region = str(body?.location) ?? (str(e.location) !== 'global' ? str(e.location) : undefined);

  const ev: ActivityEvent | undefined = resourceId
    ? { e, op, resourceId, scope, time, status, caller, body, region, eventId, pointer }
    : undefined;
  if (
    ev &&
    (op === 'microsoft.compute/virtualmachines/write' ||
      op === 'microsoft.compute/virtualmachinescalesets/write')
  ) {
    computeWrite(ev, ctx);
    return;
  }
  if (ev && op === 'microsoft.containerinstance/containergroups/write') {
    containerGroupWrite(ev, ctx);
    return;
  }
  if (ev && loggingChange(ev, ctx)) return;

  if (
    op === 'microsoft.network/networkinterfaces/write' &&
    resourceId &&
    body &&
    !status.startsWith('fail')
  ) {
    // A NIC names its VM (when attached), its MAC and its private IPs per subnet: enough to tie flows to it.
    const props = obj(body.properties);
    const nic = `nic:${armId(resourceId)}`;
    const vm = str(path(props, 'virtualMachine', 'id'));
    const owner = vm ? armId(vm) : nic;
    if (vm) ctx.digest.bindings.push({ provider: 'azure', endpoint: nic, instanceId: owner, scope });
    const mac = str(props?.macAddress);
    if (mac)
      ctx.digest.bindings.push({
        provider: 'azure',
        endpoint: `mac:${macKey(mac)}`,
        instanceId: owner,
        scope,
      });
    for (const c of arr(props?.ipConfigurations)) {
      const cp = obj(obj(c)?.properties);
      const ip = str(cp?.privateIPAddress);
      const subnet = str(path(cp, 'subnet', 'id'));
      const vnet = subnet ? vnetOf(subnet) : undefined;
      if (ip && vnet)
        ctx.digest.bindings.push({
          provider: 'azure',
          endpoint: `ip:${vnet}|${ip}`,
          instanceId: owner,
          scope,
          networkId: vnet,
        });
    }
    return;
  }

  if (category === 'security') {
    const text = `${textOf(e.operationName) ?? ''} ${JSON.stringify(properties ?? {})}`;
    if (!MINING_ALERT.test(text)) return;
    const entity = str(properties?.compromisedEntity) ?? resourceId;
    ctx.digest.findings.push({
      provider: 'azure',
      scope,
      time,
      type: `Defender ${str(properties?.alertType) ?? textOf(e.operationName) ?? 'alert'}`,
      destinations: [],
      file: ctx.file,
      pointer,
      ...(entity && /\/virtualmachines\//i.test(entity) ? { instanceId: armId(entity) } : {}),
    });
  }
}

/** Azure Activity Log: export shape (`{"records":[…]}`, NDJSON), REST list (`{"value":[…]}`), or a bare array. */
export const activityLogReader: JsonReader = {
  format: 'azure-activity-log',
  provider: 'azure',
  kind: 'json',
  phase: 1,
  sniff: (head) =>
    /"operationName"\s*:/.test(head) &&
    (/"eventTimestamp"\s*:/.test(head) ||
      /"callerIpAddress"\s*:/.test(head) ||
      /"resultType"\s*:/.test(head)) &&
    !/"flowRecords"|"flowTuples"/.test(head),
  readValue(value, loc, ctx) {
    if (Array.isArray(value)) {
      each(value, loc, [], (v, at) => readEvent(v, at, ctx));
      return;
    }
    const v = obj(value);
    if (Array.isArray(v?.records)) {
      each(v.records, loc, ['records'], (v, at) => readEvent(v, at, ctx));
      return;
    }
    if (Array.isArray(v?.value)) {
      each(v.value, loc, ['value'], (v, at) => readEvent(v, at, ctx));
      return;
    }
    readEvent(value, loc, ctx);
  },
};
