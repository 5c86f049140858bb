import { declare } from '../collect/declaration.js';
import { PARSED_EVENTS } from '../telemetry/cloudtrail.js';

/**
 * The reads live legs make besides those posture collection already declares (GuardDuty ListFindings and
 * GetFindings): listed here so the read-only test and the permission policy cover them.
 */
export const liveCalls = [
  declare({
    service: 'cloudtrail',
    operation: 'LookupEvents',
    level: 'live',
    domain: 'audit-logs',
    iamAction: 'cloudtrail:LookupEvents',
    paging: {
      input: 'NextToken',
      output: 'NextToken',
      results: ['Events'],
      limit: { param: 'MaxResults', value: 50 },
    },
  }),
  declare({
    service: 'cloudwatch',
    operation: 'GetMetricData',
    level: 'live',
    domain: 'workloads',
    iamAction: 'cloudwatch:GetMetricData',
    paging: { input: 'NextToken', output: 'NextToken', results: ['MetricDataResults', 'Messages'] },
  }),
];

/**
 * Event names looked up one series each once the region's writes are too many to page through: every name the
 * CloudTrail reader reads in full (launches, capacity requests, task starts, logging changes), plus launches and
 * logging changes it only dates but an analyst wants to see.
 */
export const lookupEventNames: readonly string[] = [
  ...new Set([
    ...[...PARSED_EVENTS].map((k) => k.slice(k.indexOf(':') + 1)),
    'StartInstances',
    'RequestSpotInstances',
    'UpdateTrail',
    'PutEventSelectors',
    // GuardDuty switched off without deleting the detector.
    'UpdateDetector',
  ]),
].sort();

/** CloudTrail event history: how long LookupEvents can reach back. */
export const eventHistoryDays = 90;
