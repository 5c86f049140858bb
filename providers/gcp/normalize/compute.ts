import type { Workload } from '../../../src/model/workload.js';
import { arrayOf, type Instance, instanceGroupManagerSchema, instanceSchema } from '../shapes.js';
import { type GcpContext, projectIdOf, readOrGap } from './context.js';
import { lastSegment, relativeName, zoneRegion } from './names.js';

const states: Record<string, string> = {
  PROVISIONING: 'pending',
  STAGING: 'pending',
  RUNNING: 'running',
  STOPPING: 'stopping',
  SUSPENDING: 'stopping',
  SUSPENDED: 'stopped',
  TERMINATED: 'stopped',
  REPAIRING: 'running',
};

/** vCPUs from the machine type's name where the family says it (`n2-standard-8`, `custom-4-16384`). */
export function vcpusOf(machineType: string): number | undefined {
  const t = lastSegment(machineType);
  const shared: Record<string, number> = {
    'e2-micro': 2,
    'e2-small': 2,
    'e2-medium': 2,
    'f1-micro': 1,
    'g1-small': 1,
  };
  if (shared[t] !== undefined) return shared[t];
  const custom = /(?:^|-)custom-(\d+)-\d+/.exec(t);
  if (custom) return Number(custom[1]);
  const m =
    /-(?:standard|highmem|highcpu|megamem|ultramem|hypermem|highgpu|megagpu|ultragpu|edgegpu|node)-(\d+)(?:[a-z]*)?$/.exec(
      t,
    );
  return m ? Number(m[1]) : undefined;
}

/** `projects/NUMBER/zones/Z/instanceGroupManagers/N` (the `created-by` metadata) with the project id. */
function groupOf(ctx: GcpContext, i: Instance): string | undefined {
  const created = i.metadata?.items?.find((m) => m.key === 'created-by')?.value;
  if (!created || !/instanceGroupManagers\//.test(created)) return undefined;
  const name = relativeName(created);
  const [, project, ...rest] = name.split('/');
  return ['projects', projectIdOf(ctx, project ?? ''), ...rest].join('/');
}

export function normalizeWorkloads(ctx: GcpContext, project: string): void {
  const listed = readOrGap(ctx, arrayOf(instanceSchema), project, 'compute-instances-list');
  if (!listed) return;
  listed.value.forEach((i, index) => {
    const zone = lastSegment(i.zone);
    const id = `projects/${project}/zones/${zone}/instances/${i.name}`;
    const nics = i.networkInterfaces ?? [];
    const attachments = nics.map((n, k) => ({
      id: `${id}/networkInterfaces/${n.name ?? `nic${k}`}`,
      ...(n.network ? { networkId: relativeName(n.network) } : {}),
      ...(n.subnetwork ? { subnetId: relativeName(n.subnetwork) } : {}),
      privateIps: [n.networkIP, n.ipv6Address].filter((x): x is string => !!x),
      publicIps: [
        ...(n.accessConfigs ?? []).map((a) => a.natIP),
        ...(n.ipv6AccessConfigs ?? []).map((a) => a.externalIpv6),
      ].filter((x): x is string => !!x),
      firewallIds: [],
    }));
    const first = attachments[0];
    const group = groupOf(ctx, i);
    const vcpus = i.machineType ? vcpusOf(i.machineType) : undefined;
    const launchedAt = i.creationTimestamp ? new Date(i.creationTimestamp) : undefined;
    const w: Workload = {
      provider: 'gcp',
      scope: project,
      region: zoneRegion(zone),
      id,
      type: 'compute.googleapis.com/Instance',
      name: i.name,
      evidence: [listed.ref(`/${index}`)],
      state: states[i.status ?? ''] ?? (i.status ?? 'unknown').toLowerCase(),
      ...(i.machineType ? { machineType: lastSegment(i.machineType) } : {}),
      ...(vcpus !== undefined ? { vcpus } : {}),
      ...(launchedAt && !Number.isNaN(launchedAt.getTime()) ? { launchedAt: launchedAt.toISOString() } : {}),
      tags: { ...(i.labels ?? {}) },
      ...(first?.networkId ? { networkId: first.networkId } : {}),
      ...(first?.subnetId ? { subnetId: first.subnetId } : {}),
      attachments,
      // Compute Engine samples CPU utilization every 60 s for every instance, with no agent.
      cpuResolutionMinutes: 1,
      ...(group ? { group } : {}),
      networkTags: [...(i.tags?.items ?? [])],
      serviceAccounts: (i.serviceAccounts ?? []).map((s) => s.email).filter((e): e is string => !!e),
      instanceId: i.id,
      pointer: `/${index}`,
    };
    ctx.inv.workloads.push(w);
  });
}

export function normalizeGroups(ctx: GcpContext, project: string): void {
  const listed = readOrGap(
    ctx,
    arrayOf(instanceGroupManagerSchema),
    project,
    'compute-instance-groups-managed-list',
  );
  if (!listed) return;
  listed.value.forEach((g, index) => {
    const place = g.zone ? `zones/${lastSegment(g.zone)}` : `regions/${lastSegment(g.region ?? 'global')}`;
    const id = `projects/${project}/${place}/instanceGroupManagers/${g.name}`;
    const members = ctx.inv.workloads.filter((w) => w.scope === project && w.group === id);
    ctx.inv.workloadGroups.push({
      provider: 'gcp',
      scope: project,
      region: g.zone ? zoneRegion(g.zone) : lastSegment(g.region ?? 'global'),
      id,
      type: 'compute.googleapis.com/InstanceGroupManager',
      name: g.name,
      evidence: [listed.ref(`/${index}`)],
      instanceIds: members.map((w) => w.id),
      subnetIds: [...new Set(members.map((w) => w.subnetId).filter((s): s is string => !!s))],
      ...(typeof g.targetSize === 'number' ? { desired: g.targetSize } : {}),
      tags: {},
    });
  });
}
