import { macKey } from '../../src/detect/identity.js';
import type { CreationSignal } from '../../src/detect/signals.js';
import type { DetectHooks, EndpointKey } from '../adapter.js';
import { serviceLinkedRole } from './telemetry/cloudtrail-identity.js';

/** Services that call EC2 with the caller's own identity: the caller, not the service, launched the instance. */
const RELAYS = new Set(['ec2fleet.amazonaws.com', 'cloudformation.amazonaws.com', 'signin.amazonaws.com']);

/** How AWS workloads appear in telemetry: ENI ids, MACs and private IPs within their VPC. */
export const awsDetectHooks: DetectHooks = {
  endpoints(w) {
    const out: EndpointKey[] = [];
    for (const a of w.attachments) {
      const networkId = a.networkId ?? w.networkId;
      const at = networkId ? { networkId } : {};
      out.push({ endpoint: `eni:${a.id}`, ...at });
      if (a.macAddress) out.push({ endpoint: `mac:${macKey(a.macAddress)}`, ...at });
      if (networkId)
        for (const ip of a.privateIps) out.push({ endpoint: `ip:${networkId}|${ip}`, networkId });
    }
    return out;
  },
  serviceLaunch(c: CreationSignal) {
    const linked = serviceLinkedRole(c.principalRole ?? c.principal);
    // Auto Scaling and Spot Fleet launch with a role of their own: invokedBy names them.
    if (c.invokedBy && /\.amazonaws\.com$/.test(c.invokedBy) && (linked || !RELAYS.has(c.invokedBy)))
      return c.invokedBy;
    return linked;
  },
};
