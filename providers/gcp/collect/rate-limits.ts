import type { Rate } from '../../../src/collect/token-bucket.js';
import type { GcpService } from './declaration.js';

/**
 * Client-side pacing per Google API. `project`: the quota is charged to the project named in the request (Compute
 * Engine's read-request quota); `caller`: to the caller's quota project, so one bucket serves every project. Figures
 * are the default per-minute read quotas (check yours: Console → IAM & Admin → Quotas), kept 10% under by the engine.
 */
export const defaultRates: Record<GcpService, Rate & { scope: 'project' | 'caller' }> = {
  compute: {
    burst: 20,
    perSecond: 20,
    per: 'service',
    scope: 'project',
    source: 'Compute Engine read requests: 1,500 per minute per project',
  },
  cloudresourcemanager: {
    burst: 20,
    perSecond: 20,
    per: 'service',
    scope: 'caller',
    source: 'Resource Manager read requests: 1,800 per minute',
  },
  iam: {
    burst: 50,
    perSecond: 80,
    per: 'service',
    scope: 'caller',
    source: 'IAM read requests: 6,000 per minute',
  },
  logging: {
    burst: 20,
    perSecond: 20,
    per: 'service',
    scope: 'caller',
    source: 'Cloud Logging configuration reads: conservative 1,200 per minute',
  },
  monitoring: {
    burst: 20,
    perSecond: 50,
    per: 'service',
    scope: 'caller',
    source: 'Cloud Monitoring reads: conservative 3,000 per minute',
  },
  dns: {
    burst: 20,
    perSecond: 50,
    per: 'service',
    scope: 'caller',
    source: 'Cloud DNS queries: conservative 3,000 per minute',
  },
  orgpolicy: {
    burst: 20,
    perSecond: 50,
    per: 'service',
    scope: 'caller',
    source: 'Organization Policy reads: conservative 3,000 per minute',
  },
  securitycentermanagement: {
    burst: 20,
    perSecond: 20,
    per: 'service',
    scope: 'caller',
    source: 'Security Command Center management reads: conservative 1,200 per minute',
  },
  securitycenter: {
    burst: 10,
    perSecond: 15,
    per: 'service',
    scope: 'caller',
    source: 'Security Command Center ListFindings: 1,000 per minute',
  },
  cloudbilling: {
    burst: 20,
    perSecond: 20,
    per: 'service',
    scope: 'caller',
    source: 'Cloud Billing reads: conservative 1,200 per minute',
  },
  billingbudgets: {
    burst: 5,
    perSecond: 5,
    per: 'service',
    scope: 'caller',
    source: 'Budget API reads: conservative 300 per minute',
  },
};
