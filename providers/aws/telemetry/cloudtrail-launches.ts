import { isoMillis } from '../../../src/detect/iso-time.js';
import { arr, type Obj, obj, path, str, tagMap } from '../../../src/detect/json-fields.js';
import { child, type Loc, pointerOf, type ReaderContext } from '../../../src/detect/reader.js';
import type { CreationSignal } from '../../../src/detect/signals.js';
import { principalOf } from './cloudtrail-identity.js';

/** Capacity keys are unique per account and region: the region is part of every key. */
export function capacityKey(
  kind: 'asg' | 'fleet' | 'sfr' | 'lt' | 'eks',
  region: string,
  id: string,
): string {
  return `${kind}:${region}/${id}`;
}

/** What a service launched from, as the calls that asked it for capacity name it: group, fleet, node group, template. */
function launchKeys(tags: Record<string, string>, request: Obj | undefined, region: string): string[] {
  const keys: string[] = [];
  const asg = tags['aws:autoscaling:groupName'];
  if (asg) keys.push(capacityKey('asg', region, asg));
  const fleet = tags['aws:ec2:fleet-id'];
  if (fleet) keys.push(capacityKey('fleet', region, fleet));
  const spotFleet = tags['aws:ec2spot:fleet-request-id'];
  if (spotFleet) keys.push(capacityKey('sfr', region, spotFleet));
  const cluster = tags['eks:cluster-name'];
  const nodegroup = tags['eks:nodegroup-name'];
  if (cluster && nodegroup) keys.push(capacityKey('eks', region, `${cluster}/${nodegroup}`));
  const template = str(path(request, 'launchTemplate', 'launchTemplateId'));
  if (template) keys.push(capacityKey('lt', region, template));
  return keys;
}

/** RunInstances: one creation per launched instance (with its interfaces), or one failed attempt. */
export function runInstances(r: Obj, loc: Loc, ctx: ReaderContext, scope: string, time: number): void {
  const who = principalOf(obj(r.userIdentity));
  const request = obj(r.requestParameters);
  const requestTags: Record<string, string> = {};
  for (const spec of arr(path(request, 'tagSpecificationSet', 'items'))) {
    const s = obj(spec);
    if (!s || (str(s.resourceType) ?? 'instance') === 'instance') Object.assign(requestTags, tagMap(s?.tags));
  }
  const region = str(r.awsRegion);
  const base = {
    provider: 'aws' as const,
    scope,
    time,
    principal: who.principal,
    ...(who.role ? { principalRole: who.role } : {}),
    ...(who.type ? { principalType: who.type } : {}),
    ...(who.invokedBy ? { invokedBy: who.invokedBy } : {}),
    ...(region ? { region } : {}),
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
    const keys = launchKeys(requestTags, request, region ?? '');
    const failed: CreationSignal = {
      ...base,
      outcome: 'failed',
      errorCode: errorCode ?? 'NoInstanceReturned',
      tags: requestTags,
      pointer: pointerOf(loc),
      ...(requestType ? { machineType: requestType } : {}),
      ...(requestImage ? { image: requestImage } : {}),
      ...(keys.length ? { capacityKeys: keys } : {}),
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
      typeof item.launchTime === 'number' ? item.launchTime : isoMillis(String(item.launchTime ?? ''));
    const group =
      tags['aws:autoscaling:groupName'] ?? tags['aws:ec2:fleet-id'] ?? tags['aws:ec2spot:fleet-request-id'];
    const keys = launchKeys(tags, request, region ?? '');
    const creation: CreationSignal = {
      ...base,
      // The event time is when the call was made; launchTime (epoch ms) is when EC2 started it.
      time: Number.isFinite(launch) ? Math.min(launch, time) : time,
      instanceId,
      outcome: 'succeeded',
      tags,
      pointer: pointerOf(loc),
      ...(group ? { group } : {}),
      ...(keys.length ? { capacityKeys: keys } : {}),
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
