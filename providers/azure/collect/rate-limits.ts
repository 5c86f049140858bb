import type { Rate } from '../../../src/collect/token-bucket.js';

/**
 * ARM throttles reads per subscription (and per tenant for tenant-level calls) with a token bucket: 250 requests,
 * refilled at 25 a second (learn.microsoft.com, "Understand how Azure Resource Manager throttles requests").
 */
export const armReadRate: Rate = {
  burst: 250,
  perSecond: 25,
  per: 'service',
  source: 'Azure Resource Manager: subscription reads, bucket 250, refill 25/s',
};

/** Microsoft Graph directory reads: kept well under the per-app limit of a small tenant (3,500 requests per 10 s). */
export const graphRate: Rate = {
  burst: 100,
  perSecond: 50,
  per: 'service',
  source: 'Microsoft Graph identity and access service limits (conservative share)',
};
