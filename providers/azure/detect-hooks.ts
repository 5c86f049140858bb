import { macKey } from '../../src/detect/identity.js';
import type { DetectHooks, EndpointKey } from '../adapter.js';

/** How Azure workloads appear in telemetry: NIC ids and MACs, private IPs within their VNet; ARM ids in lower case. */
export const azureDetectHooks: DetectHooks = {
  instanceKey: (id) => id.toLowerCase(),
  endpoints(w) {
    const out: EndpointKey[] = [];
    for (const a of w.attachments) {
      const networkId = a.networkId ?? w.networkId;
      const at = networkId ? { networkId } : {};
      out.push({ endpoint: `nic:${a.id.toLowerCase()}`, ...at });
      if (a.macAddress) out.push({ endpoint: `mac:${macKey(a.macAddress)}`, ...at });
      if (networkId)
        for (const ip of a.privateIps)
          out.push({ endpoint: `ip:${networkId.toLowerCase()}|${ip}`, networkId });
    }
    return out;
  },
  serviceLaunch: () => undefined,
  parentInstance(id) {
    // A scale set's VMs are created by the set: whoever created the set launched them.
    const m = /^(.*\/virtualmachinescalesets\/[^/]+)\/virtualmachines\/[^/]+$/.exec(id.toLowerCase());
    return m?.[1] ? { id: m[1], group: 'scale set' } : undefined;
  },
};
