import { arr, num, type Obj, obj, path, str, tagMap } from '../../../src/detect/json-fields.js';
import { type Loc, pointerOf, type ReaderContext } from '../../../src/detect/reader.js';
import type { CreationSignal } from '../../../src/detect/signals.js';
import { principalOf, serviceLinkedRole } from './cloudtrail-identity.js';

/** ECS names a task's interface by an attachment; the interface it creates for it says `…:attachment/<id>`. */
const ATTACHMENT = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:attachment\/([0-9a-fA-F-]{36})$/;

export function attachmentAlias(id: string): string {
  return `att:${id.toLowerCase()}`;
}

/** ECS counts CPU in units of 1/1024 vCPU. */
function vcpusOf(units: number | undefined): number | undefined {
  return units !== undefined && units > 0 ? units / 1024 : undefined;
}

function taskShape(t: Obj | undefined, request: Obj | undefined): string | undefined {
  const launchType = str(t?.launchType) ?? str(request?.launchType);
  const vcpus = vcpusOf(num(t?.cpu));
  const memory = num(t?.memory);
  const parts = [
    launchType,
    vcpus !== undefined ? `${vcpus} vCPU` : undefined,
    memory !== undefined ? `${memory} MiB` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** `arn:…:task-definition/miner:3` → `task definition miner:3`. */
function definitionOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  return `task definition ${arn.split('/').pop()}`;
}

/** RunTask / StartTask: each started task is a workload; its interfaces come later from ECS's own calls. */
export function runTask(r: Obj, loc: Loc, ctx: ReaderContext, scope: string, time: number): void {
  const who = principalOf(obj(r.userIdentity));
  const request = obj(r.requestParameters);
  const tasks = arr(path(r.responseElements, 'tasks'));
  const region = str(r.awsRegion);
  const base = {
    provider: 'aws' as const,
    scope,
    time,
    principal: who.principal,
    kind: 'ECS task',
    tags: tagMap(request?.tags),
    file: ctx.file,
    pointer: pointerOf(loc),
    ...(who.role ? { principalRole: who.role } : {}),
    ...(who.type ? { principalType: who.type } : {}),
    ...(who.invokedBy ? { invokedBy: who.invokedBy } : {}),
    ...(region ? { region } : {}),
    ...(str(r.userAgent) ? { userAgent: str(r.userAgent) } : {}),
    ...(str(r.sourceIPAddress) ? { sourceIp: str(r.sourceIPAddress) } : {}),
    ...(str(r.eventID) ? { eventId: str(r.eventID) } : {}),
  };
  const definition = definitionOf(str(request?.taskDefinition));
  const errorCode = str(r.errorCode);
  if (errorCode || tasks.length === 0) {
    const reason = str(obj(arr(path(r.responseElements, 'failures'))[0])?.reason);
    const shape = taskShape(undefined, request);
    ctx.digest.creations.push({
      ...base,
      outcome: 'failed',
      errorCode: errorCode ?? reason ?? 'NoTaskStarted',
      ...(shape ? { machineType: shape } : {}),
      ...(definition ? { image: definition } : {}),
    });
    return;
  }
  for (const raw of tasks) {
    const t = obj(raw);
    const arn = str(t?.taskArn);
    if (!t || !arn) {
      ctx.problem(`${str(r.eventName)} record with a task without taskArn at ${pointerOf(loc)}`, loc.line);
      continue;
    }
    const interfaces = arr(t.attachments)
      .map((a) => obj(a))
      .filter((a) => str(a?.type) === 'ElasticNetworkInterface' || str(a?.type) === 'eni')
      .map((a) => str(a?.id))
      .filter((id): id is string => !!id);
    const shape = taskShape(t, request);
    const vcpus = vcpusOf(num(t.cpu));
    const image = definitionOf(str(t.taskDefinitionArn)) ?? definition;
    const creation: CreationSignal = {
      ...base,
      instanceId: arn,
      outcome: 'succeeded',
      ...(interfaces.length ? { aliases: interfaces.map(attachmentAlias) } : {}),
      ...(str(t.group) ? { group: str(t.group) } : {}),
      ...(shape ? { machineType: shape } : {}),
      ...(image ? { image } : {}),
      ...(vcpus !== undefined ? { vcpus } : {}),
    };
    ctx.digest.creations.push(creation);
  }
}

/**
 * ECS's own CreateNetworkInterface for a task: its description names the task's attachment and its response the
 * interface. Only ECS's service-linked role counts: anyone can write an attachment ARN into a description.
 */
export function ecsInterface(r: Obj, ctx: ReaderContext, scope: string): void {
  if (str(r.errorCode)) return;
  const who = principalOf(obj(r.userIdentity));
  const byEcs =
    serviceLinkedRole(who.role) === 'AWSServiceRoleForECS' ||
    who.invokedBy === 'ecs.amazonaws.com' ||
    str(r.sourceIPAddress) === 'ecs.amazonaws.com';
  if (!byEcs) return;
  const ni = obj(path(r.responseElements, 'networkInterface'));
  const eni = str(ni?.networkInterfaceId);
  const description = str(ni?.description) ?? str(path(r.requestParameters, 'description'));
  const attachment = description ? ATTACHMENT.exec(description)?.[1] : undefined;
  if (!eni || !attachment) return;
  const alias = attachmentAlias(attachment);
  const networkId = str(ni?.vpcId);
  const at = networkId ? { networkId } : {};
  ctx.digest.bindings.push({ provider: 'aws', endpoint: `eni:${eni}`, instanceId: alias, scope, ...at });
  const ip = str(ni?.privateIpAddress);
  if (ip && networkId)
    ctx.digest.bindings.push({
      provider: 'aws',
      endpoint: `ip:${networkId}|${ip}`,
      instanceId: alias,
      scope,
      networkId,
    });
}
