import { type Obj, obj, path, str } from '../../../src/detect/json-fields.js';
import { type Loc, pointerOf, type ReaderContext } from '../../../src/detect/reader.js';
import { callerFields, principalOf } from './cloudtrail-identity.js';
import { capacityKey } from './cloudtrail-launches.js';

/** Calls that ask a service to launch instances later: the service's RunInstances name the caller's group or fleet. */
export const CAPACITY_CALLS = new Set([
  'autoscaling.amazonaws.com:CreateAutoScalingGroup',
  'autoscaling.amazonaws.com:UpdateAutoScalingGroup',
  'autoscaling.amazonaws.com:SetDesiredCapacity',
  'ec2.amazonaws.com:CreateFleet',
  'ec2.amazonaws.com:ModifyFleet',
  'ec2.amazonaws.com:RequestSpotFleet',
  'ec2.amazonaws.com:CreateLaunchTemplateVersion',
  'ec2.amazonaws.com:ModifyLaunchTemplate',
  'eks.amazonaws.com:CreateNodegroup',
  'eks.amazonaws.com:UpdateNodegroupConfig',
]);

/** XML-derived lists hold one `item` as an object and several as an array. */
function items(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
}

function sizes(o: Obj | undefined, names: [string, string][]): string[] {
  const out: string[] = [];
  for (const [field, word] of names) {
    const v = o?.[field];
    if (typeof v === 'number' || (typeof v === 'string' && v !== '')) out.push(`${word} ${v}`);
  }
  return out;
}

function templateText(t: Obj | undefined): string | undefined {
  const id = str(t?.launchTemplateId) ?? str(t?.launchTemplateName);
  if (!id) return undefined;
  const version = str(t?.version) ?? (typeof t?.version === 'number' ? String(t.version) : undefined);
  return `template ${id}${version ? ` version ${version}` : ''}`;
}

interface Asked {
  keys: string[];
  service: string;
  detail: string[];
  instanceIds?: string[];
}

function autoScaling(request: Obj | undefined, region: string): Asked | undefined {
  const group = str(request?.autoScalingGroupName);
  if (!group) return undefined;
  const template =
    templateText(obj(request?.launchTemplate)) ??
    templateText(obj(path(request, 'mixedInstancesPolicy', 'launchTemplate', 'launchTemplateSpecification')));
  const config = str(request?.launchConfigurationName);
  return {
    keys: [capacityKey('asg', region, group)],
    service: 'Auto Scaling',
    detail: [
      `group ${group}`,
      ...sizes(request, [
        ['desiredCapacity', 'desired'],
        ['minSize', 'min'],
        ['maxSize', 'max'],
      ]),
      ...(template ? [template] : config ? [`launch configuration ${config}`] : []),
    ],
  };
}

function fleet(name: string, r: Obj, region: string): Asked | undefined {
  const request = obj(path(r.requestParameters, `${name}Request`));
  const response = obj(path(r.responseElements, `${name}Response`));
  const id = str(response?.fleetId) ?? str(request?.FleetId);
  if (!id) return undefined;
  const instanceIds: string[] = [];
  for (const set of items(path(response, 'fleetInstanceSet', 'item')))
    for (const i of items(path(set, 'instanceIds', 'item'))) if (typeof i === 'string') instanceIds.push(i);
  const capacity = obj(request?.TargetCapacitySpecification);
  return {
    keys: [capacityKey('fleet', region, id)],
    service: 'EC2 Fleet',
    detail: [
      `fleet ${id}`,
      ...(str(request?.Type) ? [`type ${str(request?.Type)}`] : []),
      ...sizes(capacity, [['TotalTargetCapacity', 'capacity']]),
    ],
    ...(instanceIds.length ? { instanceIds } : {}),
  };
}

function spotFleet(r: Obj, region: string): Asked | undefined {
  const id =
    str(path(r.responseElements, 'RequestSpotFleetResponse', 'spotFleetRequestId')) ??
    str(path(r.responseElements, 'spotFleetRequestId'));
  if (!id) return undefined;
  return { keys: [capacityKey('sfr', region, id)], service: 'Spot Fleet', detail: [`request ${id}`] };
}

function launchTemplate(name: string, r: Obj, region: string): Asked | undefined {
  const response = obj(path(r.responseElements, `${name}Response`));
  const made = obj(response?.launchTemplateVersion) ?? obj(response?.launchTemplate);
  const request = obj(path(r.requestParameters, `${name}Request`));
  const id = str(made?.launchTemplateId) ?? str(request?.LaunchTemplateId);
  if (!id) return undefined;
  const version = made?.versionNumber ?? request?.SetDefaultVersion;
  return {
    keys: [capacityKey('lt', region, id)],
    service: 'launch template',
    detail: [
      `template ${id}${typeof version === 'number' || typeof version === 'string' ? ` version ${version}` : ''}`,
    ],
  };
}

function nodegroup(r: Obj, region: string): Asked | undefined {
  const request = obj(r.requestParameters);
  const cluster = str(path(r.responseElements, 'nodegroup', 'clusterName')) ?? str(request?.name);
  const group = str(request?.nodegroupName) ?? str(path(r.responseElements, 'nodegroup', 'nodegroupName'));
  if (!cluster || !group) return undefined;
  return {
    keys: [capacityKey('eks', region, `${cluster}/${group}`)],
    service: 'EKS managed node group',
    detail: [
      `node group ${cluster}/${group}`,
      ...sizes(obj(request?.scalingConfig), [
        ['desiredSize', 'desired'],
        ['minSize', 'min'],
        ['maxSize', 'max'],
      ]),
    ],
  };
}

/** A successful call that asked a service for capacity, kept with its caller. */
export function capacityRequest(r: Obj, loc: Loc, ctx: ReaderContext, scope: string, time: number): void {
  if (str(r.errorCode)) return; // a refused request asked for nothing
  const name = str(r.eventName) as string;
  const source = str(r.eventSource) as string;
  const region = str(r.awsRegion) ?? '';
  const asked =
    source === 'autoscaling.amazonaws.com'
      ? autoScaling(obj(r.requestParameters), region)
      : source === 'eks.amazonaws.com'
        ? nodegroup(r, region)
        : name === 'RequestSpotFleet'
          ? spotFleet(r, region)
          : name === 'CreateFleet' || name === 'ModifyFleet'
            ? fleet(name, r, region)
            : launchTemplate(name, r, region);
  if (!asked) return;
  const who = principalOf(obj(r.userIdentity));
  ctx.digest.capacity.push({
    provider: 'aws',
    scope,
    time,
    keys: asked.keys,
    action: name,
    service: asked.service,
    ...callerFields(r, who),
    ...(asked.detail.length ? { detail: asked.detail.join(', ') } : {}),
    ...(asked.instanceIds ? { instanceIds: asked.instanceIds } : {}),
    file: ctx.file,
    pointer: pointerOf(loc),
  });
}
