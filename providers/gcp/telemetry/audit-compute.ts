import { arr, num, type Obj, obj, path, str, tagMap } from '../../../src/detect/json-fields.js';
import type { ReaderContext } from '../../../src/detect/reader.js';

/** What every audit entry's signals share. */
export interface AuditEntry {
  e: Obj;
  p: Obj;
  method: string;
  project: string;
  time: number;
  principal: string;
  request: Obj | undefined;
  pointer: string;
  operationId: string | undefined;
}

export function regionOfZone(zone: string | undefined): string | undefined {
  return zone?.replace(/-[a-z]$/, '');
}

/** A VM as flow and DNS logs name it; tied to the numeric id through audit logs, metrics or DNS logs. */
export function vmKey(project: string, zone: string, name: string): string {
  return `vm:${project}/${zone}/${name}`;
}

/** A managed instance group is known by project, region and base instance name (its own name by default). */
function migKey(project: string, region: string, base: string): string {
  return `mig:${project}/${region}/${base}`;
}

function succeeded(entry: AuditEntry): boolean {
  return (num(path(entry.p, 'status', 'code')) ?? 0) === 0 && str(entry.e.severity) !== 'ERROR';
}

/** One operation writes first and last entries: its id makes them one signal. */
function eventId(entry: AuditEntry, suffix = ''): { eventId: string } | Record<string, never> {
  if (entry.operationId) return { eventId: `op:${entry.operationId}${suffix}` };
  const insert = str(entry.e.insertId);
  return insert ? { eventId: `insert:${insert}${suffix}` } : {};
}

/** `compute.instances.insert`: a creation, tied to its `project/zone/name` alias; a group's launch names its group. */
export function instanceInsert(entry: AuditEntry, ctx: ReaderContext): void {
  const { e, p, project, time, principal, request, pointer } = entry;
  const resourceName = str(p.resourceName) ?? '';
  const zone = str(path(e, 'resource', 'labels', 'zone')) ?? /zones\/([^/]+)/.exec(resourceName)?.[1] ?? '';
  const name = str(request?.name) ?? resourceName.split('/').pop() ?? '';
  const numericId = str(path(e, 'resource', 'labels', 'instance_id'));
  const alias = vmKey(project, zone, name);
  const code = num(path(p, 'status', 'code')) ?? 0;
  const failed = !succeeded(entry);
  const agent = str(path(p, 'requestMetadata', 'callerSuppliedUserAgent'));
  const mig =
    /@cloudservices\.gserviceaccount\.com$/.test(principal) || /Managed Instance Group/i.test(agent ?? '');
  const machineType = str(request?.machineType)?.split('/').pop();
  const disk =
    arr(request?.disks)
      .map((d) => obj(d))
      .find((d) => d?.boot === true) ?? obj(arr(request?.disks)[0]);
  const image = str(path(disk, 'initializeParams', 'sourceImage'));
  const region = regionOfZone(zone);
  // A group names its instances `<base>-<4 characters>`.
  const base = mig ? /^(.+)-[a-z0-9]{4}$/.exec(name)?.[1] : undefined;
  ctx.digest.creations.push({
    provider: 'gcp',
    scope: project,
    time,
    principal,
    outcome: failed ? 'failed' : 'succeeded',
    tags: tagMap(request?.labels),
    file: ctx.file,
    pointer,
    aliases: [alias],
    ...(failed ? { errorCode: str(path(p, 'status', 'message')) ?? `code ${code}` } : {}),
    ...(numericId ? { instanceId: numericId } : failed ? {} : { instanceId: alias }),
    ...(region ? { region } : {}),
    ...(machineType ? { machineType } : {}),
    ...(image ? { image } : {}),
    ...(agent ? { userAgent: agent } : {}),
    ...(str(path(p, 'requestMetadata', 'callerIp'))
      ? { sourceIp: str(path(p, 'requestMetadata', 'callerIp')) }
      : {}),
    ...(mig ? { invokedBy: 'managed instance group' } : {}),
    ...(base && region ? { capacityKeys: [migKey(project, region, base)] } : {}),
    ...eventId(entry),
  });
  if (numericId && zone && name)
    ctx.digest.bindings.push({ provider: 'gcp', endpoint: alias, instanceId: numericId, scope: project });
}

const MIG_CHANGE =
  /compute\.(region)?[iI]nstanceGroupManagers\.(insert|resize|resizeAdvanced|patch|update|setInstanceTemplate|createInstances)$/;

/** A managed instance group created, resized or given a new template: its later inserts are charged to the caller. */
export function groupChange(entry: AuditEntry, ctx: ReaderContext): boolean {
  const { e, p, method, project, time, principal, request, pointer } = entry;
  const change = MIG_CHANGE.exec(method);
  if (!change) return false;
  if (!succeeded(entry)) return true;
  const resourceName = str(p.resourceName) ?? '';
  const place =
    /\/(zones|regions)\/([^/]+)\//.exec(resourceName)?.[2] ??
    str(path(e, 'resource', 'labels', 'location')) ??
    '';
  const region = /-[a-z]$/.test(place) ? regionOfZone(place) : place;
  const name = str(request?.name) ?? resourceName.split('/').pop();
  if (!region || !name) return true;
  const base = str(request?.baseInstanceName);
  const size = num(request?.targetSize) ?? num(request?.size);
  const template = str(request?.instanceTemplate)?.split('/').pop();
  const detail = [
    `group ${name}`,
    ...(size !== undefined ? [`size ${size}`] : []),
    ...(template ? [`template ${template}`] : []),
  ];
  ctx.digest.capacity.push({
    provider: 'gcp',
    scope: project,
    time,
    keys: [...new Set([migKey(project, region, name), ...(base ? [migKey(project, region, base)] : [])])],
    principal,
    action: method,
    service: 'managed instance group',
    detail: detail.join(', '),
    region,
    file: ctx.file,
    pointer,
    ...eventId(entry, '|capacity'),
  });
  return true;
}

const CLOUD_RUN_JOB = /google\.cloud\.run\.v\d\.Jobs\.(CreateJob|RunJob)$|\/Jobs\.(CreateJob|RunJob)$/;

/** A Cloud Run job created or run: a workload known by the job's name, which its metrics carry too. */
export function cloudRunJob(entry: AuditEntry, ctx: ReaderContext): boolean {
  const { e, p, method, project, time, principal, pointer } = entry;
  if (!CLOUD_RUN_JOB.test(method)) return false;
  const resourceName = str(p.resourceName) ?? '';
  const job =
    /^(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/]+)/.exec(resourceName)?.[1] ??
    (str(path(e, 'resource', 'labels', 'job_name')) && str(path(e, 'resource', 'labels', 'location'))
      ? `projects/${project}/locations/${str(path(e, 'resource', 'labels', 'location'))}/jobs/${str(path(e, 'resource', 'labels', 'job_name'))}`
      : undefined);
  if (!job) return true;
  const failed = !succeeded(entry);
  const region = /\/locations\/([^/]+)\//.exec(job)?.[1];
  const agent = str(path(p, 'requestMetadata', 'callerSuppliedUserAgent'));
  const container = obj(arr(path(entry.request, 'job', 'template', 'template', 'containers'))[0]);
  const image = str(container?.image);
  ctx.digest.creations.push({
    provider: 'gcp',
    scope: project,
    time,
    principal,
    kind: 'Cloud Run job',
    outcome: failed ? 'failed' : 'succeeded',
    tags: tagMap(path(entry.request, 'job', 'labels')),
    file: ctx.file,
    pointer,
    ...(failed
      ? { errorCode: str(path(p, 'status', 'message')) ?? `code ${num(path(p, 'status', 'code')) ?? 0}` }
      : { instanceId: job }),
    ...(region ? { region } : {}),
    ...(image ? { image } : {}),
    ...(agent ? { userAgent: agent } : {}),
    ...eventId(entry, `|${method.split('.').pop()}`),
  });
  return true;
}
