import {
  arr,
  embeddedJson,
  num,
  type Obj,
  obj,
  path,
  str,
  tagMap,
  textOf,
} from '../../../src/detect/json-fields.js';
import type { ReaderContext } from '../../../src/detect/reader.js';
import { armId, vnetOf } from './arm-ids.js';

/** What every compute event's signals share: who, when, where, and which record. */
export interface ActivityEvent {
  e: Obj;
  op: string;
  resourceId: string;
  scope: string;
  time: number;
  status: string;
  caller: string;
  body: Obj | undefined;
  region: string | undefined;
  eventId: string | undefined;
  pointer: string;
}

/** Succeeded / Failed / Started …, from `status.value` (REST) or `resultType` (export). */
export function statusOf(e: Obj): string {
  return (textOf(e.status) ?? str(e.resultType) ?? '').toLowerCase();
}

/**
 * Why a call failed: ARM's error code from `statusMessage` (`{"error":{"code":"OperationNotAllowed",…}}`), else
 * the HTTP status word (`Conflict`) the event also carries.
 */
export function failureCode(e: Obj): string {
  const message = embeddedJson(path(e, 'properties', 'statusMessage'));
  return (
    str(path(message, 'error', 'code')) ??
    str(path(e, 'properties', 'statusCode')) ??
    str(textOf(e.subStatus)) ??
    'Failed'
  );
}

/** 201 Created tells a new resource from an update of an existing one. */
export function created(e: Obj): boolean {
  const code = str(path(e, 'properties', 'statusCode')) ?? '';
  const signature = str(e.resultSignature) ?? '';
  return code === 'Created' || code === '201' || /\.Created$/i.test(signature);
}

function failedStatus(status: string): boolean {
  return status === 'failed' || status === 'failure';
}

/** The final, successful step of an operation (not Started or Accepted). */
function succeeded(status: string): boolean {
  return status === 'succeeded' || status === 'success';
}

function sourceIp(e: Obj): string | undefined {
  return str(path(e, 'httpRequest', 'clientIpAddress')) ?? str(e.callerIpAddress);
}

/** A VM or scale set written with 201 Created (or failing): a creation; the set's NICs tie flows to it. */
export function computeWrite(ev: ActivityEvent, ctx: ReaderContext): void {
  const { e, op, resourceId, scope, time, status, caller, body, region, eventId, pointer } = ev;
  const isScaleSet = op.includes('virtualmachinescalesets');
  const failed = failedStatus(status);
  // A scale set's capacity or model change launches instances: whoever made it asked for them.
  if (isScaleSet && !failed && succeeded(status)) scaleSetChange(ev, ctx);
  if (!failed && !created(e)) return; // an update of an existing VM, or a Started/Accepted step
  const instanceId = armId(resourceId);
  const props = obj(body?.properties);
  const vmSize = str(path(props, 'hardwareProfile', 'vmSize')) ?? str(path(body, 'sku', 'name'));
  const image =
    obj(path(props, 'storageProfile', 'imageReference')) ??
    obj(path(props, 'virtualMachineProfile', 'storageProfile', 'imageReference'));
  const imageText = image
    ? (str(image.id) ??
      [image.publisher, image.offer, image.sku].filter((x) => typeof x === 'string').join(':'))
    : undefined;
  ctx.digest.creations.push({
    provider: 'azure',
    scope,
    time,
    principal: caller,
    outcome: failed ? 'failed' : 'succeeded',
    tags: tagMap(body?.tags),
    file: ctx.file,
    pointer,
    ...(failed ? { errorCode: failureCode(e) } : { instanceId }),
    ...(region ? { region } : {}),
    ...(vmSize ? { machineType: vmSize } : {}),
    ...(imageText ? { image: imageText } : {}),
    ...(isScaleSet ? { group: resourceId.split('/').pop() ?? resourceId } : {}),
    ...(sourceIp(e) ? { sourceIp: sourceIp(e) } : {}),
    ...(eventId ? { eventId: `${eventId}|${instanceId}` } : {}),
  });
  if (!failed) {
    const nics = arr(path(props, 'networkProfile', 'networkInterfaces'));
    for (const n of nics) {
      const nicId = str(obj(n)?.id);
      if (nicId)
        ctx.digest.bindings.push({ provider: 'azure', endpoint: `nic:${armId(nicId)}`, instanceId, scope });
    }
  }
}

/** Autoscale resizes a set with its own identity: the setting's author, not the engine, asked for capacity. */
function byAutoscale(e: Obj, caller: string): boolean {
  return /autoscale/i.test(caller) || (textOf(e.category) ?? '').toLowerCase() === 'autoscale';
}

/** A successful scale-set write: its members launched after it are charged to its caller. */
function scaleSetChange(ev: ActivityEvent, ctx: ReaderContext): void {
  const { e, resourceId, scope, time, caller, body, region, eventId, pointer } = ev;
  if (caller === 'unknown' || byAutoscale(e, caller)) return;
  const capacity = num(path(body, 'sku', 'capacity'));
  const setName = resourceId.split('/').pop() ?? resourceId;
  ctx.digest.capacity.push({
    provider: 'azure',
    scope,
    time,
    keys: [armId(resourceId)],
    principal: caller,
    action: textOf(e.operationName) ?? ev.op,
    service: 'scale set',
    detail: `scale set ${setName}${capacity !== undefined ? `, capacity ${capacity}` : ''}`,
    file: ctx.file,
    pointer,
    ...(region ? { region } : {}),
    ...(eventId ? { eventId: `${eventId}|${armId(resourceId)}|capacity` } : {}),
  });
}

/** A container group written with 201 Created: a workload of its own, with its requested CPU and private IP. */
export function containerGroupWrite(ev: ActivityEvent, ctx: ReaderContext): void {
  const { e, resourceId, scope, time, status, caller, body, region, eventId, pointer } = ev;
  const failed = failedStatus(status);
  if (!failed && !created(e)) return;
  const instanceId = armId(resourceId);
  const props = obj(body?.properties);
  let cpu = 0;
  let memory = 0;
  const images: string[] = [];
  for (const c of arr(props?.containers)) {
    const cp = obj(obj(c)?.properties);
    cpu += num(path(cp, 'resources', 'requests', 'cpu')) ?? 0;
    memory += num(path(cp, 'resources', 'requests', 'memoryInGB')) ?? 0;
    const image = str(cp?.image);
    if (image) images.push(image);
  }
  const shape = cpu > 0 ? `${cpu} vCPU${memory > 0 ? ` ${memory} GB` : ''}` : undefined;
  ctx.digest.creations.push({
    provider: 'azure',
    scope,
    time,
    principal: caller,
    kind: 'container group',
    outcome: failed ? 'failed' : 'succeeded',
    tags: tagMap(body?.tags),
    file: ctx.file,
    pointer,
    ...(failed ? { errorCode: failureCode(e) } : { instanceId }),
    ...(region ? { region } : {}),
    ...(shape ? { machineType: shape } : {}),
    ...(cpu > 0 ? { vcpus: cpu } : {}),
    ...(images.length ? { image: images.slice(0, 3).join(', ') } : {}),
    ...(sourceIp(e) ? { sourceIp: sourceIp(e) } : {}),
    ...(eventId ? { eventId: `${eventId}|${instanceId}` } : {}),
  });
  if (failed) return;
  // A group in a virtual network talks from its private IP there; flows are tied to it within that network.
  const ip = str(path(props, 'ipAddress', 'ip'));
  const private_ = (str(path(props, 'ipAddress', 'type')) ?? '').toLowerCase() === 'private';
  for (const s of arr(props?.subnetIds)) {
    const vnet = vnetOf(str(obj(s)?.id) ?? '');
    if (ip && private_ && vnet)
      ctx.digest.bindings.push({
        provider: 'azure',
        endpoint: `ip:${vnet}|${ip}`,
        instanceId,
        scope,
        networkId: vnet,
      });
  }
}
