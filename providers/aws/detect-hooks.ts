import { macKey } from '../../src/detect/identity.js';
import type { CreationSignal } from '../../src/detect/signals.js';
import type { DetectHooks, EndpointKey } from '../adapter.js';

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
    // Auto Scaling and EC2 Fleet launch on someone's behalf: the record's invokedBy names them.
    if (c.invokedBy && /\.amazonaws\.com$/.test(c.invokedBy)) return c.invokedBy;
    const role = c.principalRole ?? c.principal;
    if (/:role\/(aws-service-role\/[^/]+\/)?AWSServiceRoleFor/.test(role)) return role.split('/').pop();
    return undefined;
  },
};
