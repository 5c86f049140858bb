import type { NetworkAttachment, Workload } from '../../../src/model/workload.js';
import { type Vmss, vm, vmss, vmssInstance } from '../shapes.js';
import { type AzureContext, location, readList, tagMap, vnetOfSubnet } from './context.js';
import type { NetworkFacts } from './network.js';

/** Percentage CPU is a platform metric collected every minute for every VM and scale-set instance. */
const platformCpuMinutes = 1;

/** `VM running` / `PowerState/deallocated` → running, deallocated, stopped, …; unknown when az -d was not used. */
function powerState(display: string | null | undefined, codes: (string | null | undefined)[] = []): string {
  const code = codes.find((c) => c?.startsWith('PowerState/'));
  if (code) return code.slice('PowerState/'.length).toLowerCase();
  if (!display) return 'unknown';
  return display.replace(/^VM\s+/i, '').toLowerCase();
}

/** Managed identities a VM runs as: its system-assigned principal and every user-assigned identity's principal. */
export function identitiesOf(identity: Vmss['identity']): string[] {
  const out: string[] = [];
  if (identity?.principalId) out.push(identity.principalId);
  for (const [, u] of Object.entries(identity?.userAssignedIdentities ?? {}))
    if (u?.principalId) out.push(u.principalId);
  return out;
}

/** VMs (az vm list -d), scale sets and their instances, each instance a workload of its own. */
export function normalizeCompute(ctx: AzureContext, sub: string, net: NetworkFacts): void {
  const vms = readList(ctx, vm, sub, 'vm-list', 'workloads', 'Virtual machines (az vm list)');
  for (const { value: v, pointer } of vms?.items ?? []) {
    const id = ctx.ids.add(v.id);
    const attachments = (v.networkProfile?.networkInterfaces ?? []).map((r) => attachment(ctx, net, r.id));
    const primary = attachments[0];
    const image = v.storageProfile?.imageReference;
    const w: Workload = {
      provider: 'azure',
      scope: sub,
      region: location(v.location),
      id,
      type: 'Microsoft.Compute/virtualMachines',
      name: v.name,
      evidence: vms ? [vms.ref(pointer)] : [],
      pointer,
      state: powerState(v.powerState),
      ...(v.hardwareProfile?.vmSize ? { machineType: v.hardwareProfile.vmSize } : {}),
      ...(image
        ? { image: image.id ?? [image.publisher, image.offer, image.sku].filter(Boolean).join(':') }
        : {}),
      ...(v.timeCreated ? { launchedAt: new Date(v.timeCreated).toISOString() } : {}),
      tags: tagMap(v.tags),
      ...(primary?.networkId ? { networkId: primary.networkId } : {}),
      ...(primary?.subnetId ? { subnetId: primary.subnetId } : {}),
      attachments,
      cpuResolutionMinutes: platformCpuMinutes,
      ...(v.virtualMachineScaleSet?.id ? { group: ctx.ids.of(v.virtualMachineScaleSet.id) } : {}),
      ...(identitiesOf(v.identity).length ? { serviceAccounts: identitiesOf(v.identity) } : {}),
    };
    ctx.inv.workloads.push(w);
  }

  const sets = readList(ctx, vmss, sub, 'vmss-list', 'autoscaling-groups', 'Scale sets (az vmss list)');
  for (const { value: s, pointer } of sets?.items ?? []) {
    const id = ctx.ids.add(s.id);
    const configs = s.virtualMachineProfile?.networkProfile?.networkInterfaceConfigurations ?? [];
    const subnetIds = configs
      .flatMap((c) => (c.ipConfigurations ?? []).map((ip) => ip.subnet?.id))
      .filter((x): x is string => !!x);
    const key = instancesKey(ctx, sub, s);
    const instances = key
      ? readList(
          ctx,
          vmssInstance,
          sub,
          'vmss-list-instances',
          'workloads',
          `Instances of scale set ${s.name} (az vmss list-instances)`,
          key,
        )
      : undefined;
    const instanceIds: string[] = [];
    for (const { value: i, pointer: at } of instances?.items ?? []) {
      const instanceId = ctx.ids.add(i.id);
      instanceIds.push(instanceId);
      const own = i.networkProfileConfiguration?.networkInterfaceConfigurations ?? configs;
      const nicIds = (i.networkProfile?.networkInterfaces ?? []).map((r) => r.id);
      const attachments: NetworkAttachment[] = own.map((c, n) => {
        const subnet = c.ipConfigurations?.find((ip) => ip.subnet?.id)?.subnet?.id;
        const subnetId = subnet ? ctx.ids.of(subnet) : undefined;
        const nicId = nicIds[n] ?? `${i.id}/networkInterfaces/${c.name ?? n}`;
        const known = net.nics.get(nicId.toLowerCase())?.nic;
        return {
          id: ctx.ids.of(nicId),
          ...(subnetId ? { subnetId, networkId: ctx.ids.of(vnetOfSubnet(subnetId)) } : {}),
          privateIps: (known?.ipConfigurations ?? [])
            .map((x) => x.privateIPAddress)
            .filter((x): x is string => !!x),
          publicIps: [],
          firewallIds: c.networkSecurityGroup?.id ? [ctx.ids.of(c.networkSecurityGroup.id)] : [],
          ...(known?.macAddress ? { macAddress: known.macAddress } : {}),
        };
      });
      const primary = attachments[0];
      ctx.inv.workloads.push({
        provider: 'azure',
        scope: sub,
        region: location(i.location ?? s.location),
        id: instanceId,
        type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
        ...(i.name ? { name: i.name } : {}),
        evidence: instances ? [instances.ref(at)] : [],
        pointer: at,
        state: powerState(
          i.powerState,
          (i.instanceView?.statuses ?? []).map((x) => x.code),
        ),
        ...((i.sku?.name ?? s.sku?.name) ? { machineType: (i.sku?.name ?? s.sku?.name) as string } : {}),
        ...(i.timeCreated ? { launchedAt: new Date(i.timeCreated).toISOString() } : {}),
        // Instances inherit the scale set's tags; their own (rare) win.
        tags: { ...tagMap(s.tags), ...tagMap(i.tags) },
        ...(primary?.networkId ? { networkId: primary.networkId } : {}),
        ...(primary?.subnetId ? { subnetId: primary.subnetId } : {}),
        attachments,
        cpuResolutionMinutes: platformCpuMinutes,
        group: id,
        ...(identitiesOf(s.identity).length ? { serviceAccounts: identitiesOf(s.identity) } : {}),
      });
    }
    ctx.inv.workloadGroups.push({
      provider: 'azure',
      scope: sub,
      region: location(s.location),
      id,
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      name: s.name,
      evidence: sets ? [sets.ref(pointer)] : [],
      instanceIds,
      subnetIds: subnetIds.map((x) => ctx.ids.of(x)),
      ...(s.sku?.capacity != null ? { desired: s.sku.capacity } : {}),
      tags: tagMap(s.tags),
    });
  }
}

/** The file key of a scale set's instances: its name, or `<resource-group>~<name>` when two share the name. */
function instancesKey(ctx: AzureContext, sub: string, s: Vmss): string | undefined {
  const keys = ctx.files.keys(sub, 'vmss-list-instances');
  const rg = /\/resourceGroups\/([^/]+)\//i.exec(s.id)?.[1] ?? '';
  const byRg = `${rg}~${s.name}`;
  if (keys.includes(byRg)) return byRg;
  if (keys.includes(s.name)) return s.name;
  // Not collected: the read records the gap.
  return s.name;
}

/** A VM's NIC as the model's attachment: subnet, VNet, private IPs, MAC and the NIC's own NSG. */
function attachment(ctx: AzureContext, net: NetworkFacts, nicId: string): NetworkAttachment {
  const found = net.nics.get(nicId.toLowerCase())?.nic;
  const id = ctx.ids.of(nicId);
  if (!found) return { id, privateIps: [], publicIps: [], firewallIds: [] };
  const subnet = found.ipConfigurations?.find((c) => c.subnet?.id)?.subnet?.id;
  const subnetId = subnet ? ctx.ids.of(subnet) : undefined;
  return {
    id,
    ...(subnetId ? { subnetId, networkId: ctx.ids.of(vnetOfSubnet(subnetId)) } : {}),
    privateIps: (found.ipConfigurations ?? []).map((c) => c.privateIPAddress).filter((x): x is string => !!x),
    publicIps: (found.ipConfigurations ?? [])
      .map((c) => c.publicIPAddress?.ipAddress)
      .filter((x): x is string => !!x),
    firewallIds: found.networkSecurityGroup?.id ? [ctx.ids.of(found.networkSecurityGroup.id)] : [],
    ...(found.macAddress ? { macAddress: found.macAddress } : {}),
  };
}
