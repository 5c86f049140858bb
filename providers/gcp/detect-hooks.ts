import { macKey } from '../../src/detect/identity.js';
import type { DetectHooks, EndpointKey } from '../adapter.js';

/** How GCP workloads appear in telemetry: `project/zone/name` in flow and DNS logs, MACs, private IPs in their network. */
export const gcpDetectHooks: DetectHooks = {
  endpoints(w) {
    const out: EndpointKey[] = [];
    for (const a of w.attachments) {
      const networkId = a.networkId ?? w.networkId;
      const at = networkId ? { networkId } : {};
      if (a.macAddress) out.push({ endpoint: `mac:${macKey(a.macAddress)}`, ...at });
      if (networkId)
        for (const ip of a.privateIps) out.push({ endpoint: `ip:${networkId}|${ip}`, networkId });
    }
    if (w.name)
      out.push({
        endpoint: `vm:${w.scope}/${w.region}/${w.name}`,
        ...(w.networkId ? { networkId: w.networkId } : {}),
      });
    return out;
  },
  serviceLaunch: (c) => (c.invokedBy === 'managed instance group' ? 'a managed instance group' : undefined),
};
