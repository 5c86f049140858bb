import { macKey } from '../../src/detect/identity.js';
import type { DetectHooks, EndpointKey } from '../adapter.js';
import { telemetrySubnet } from './telemetry/flow-keys.js';

const INSTANCE = /^projects\/([^/]+)\/zones\/([^/]+)\/instances\/([^/]+)$/;
const NETWORK = /^projects\/([^/]+)\/global\/networks\/([^/]+)$/;
const SUBNET = /^projects\/[^/]+\/regions\/([^/]+)\/subnetworks\/([^/]+)$/;

/** Telemetry names a VPC `project/network` (vpc_flows `src_vpc`); the inventory by its relative name. */
function telemetryNetwork(id: string): string {
  const m = NETWORK.exec(id);
  return m ? `${m[1]}/${m[2]}` : id;
}

function subnetOf(networkId: string | undefined, subnetId: string | undefined): string | undefined {
  const m = subnetId ? SUBNET.exec(subnetId) : null;
  return networkId && m?.[1] && m[2] ? telemetrySubnet(networkId, m[1], m[2]) : undefined;
}

/**
 * How GCP workloads appear in telemetry: `project/zone/name` in flow and DNS logs, the numeric instance id in audit
 * logs, metrics and findings, MACs, private IPs in their network.
 */
export const gcpDetectHooks: DetectHooks = {
  endpoints(w) {
    const out: EndpointKey[] = [];
    for (const a of w.attachments) {
      const raw = a.networkId ?? w.networkId;
      const networkId = raw ? telemetryNetwork(raw) : undefined;
      const at = networkId ? { networkId } : {};
      if (a.macAddress) out.push({ endpoint: `mac:${macKey(a.macAddress)}`, ...at });
      if (networkId)
        for (const ip of a.privateIps) out.push({ endpoint: `ip:${networkId}|${ip}`, networkId });
    }
    const network = w.networkId ? telemetryNetwork(w.networkId) : undefined;
    // Flow logs are switched on per subnet: the VM's own name is covered by records from its subnet only.
    const subnet = subnetOf(network, w.subnetId ?? w.attachments[0]?.subnetId);
    const net = { ...(network ? { networkId: network } : {}), ...(subnet ? { subnet } : {}) };
    const m = INSTANCE.exec(w.id);
    if (m) out.push({ endpoint: `vm:${m[1]}/${m[2]}/${m[3]}`, ...net });
    else if (w.name) out.push({ endpoint: `vm:${w.scope}/${w.region}/${w.name}`, ...net });
    // Audit logs, CPU series and findings name the instance by its numeric id: it resolves to the workload.
    if (w.instanceId && w.instanceId !== w.id) out.push({ endpoint: w.instanceId });
    return out;
  },
  serviceLaunch: (c) => (c.invokedBy === 'managed instance group' ? 'a managed instance group' : undefined),
};
