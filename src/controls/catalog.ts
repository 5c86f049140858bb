import { auditLogging } from './audit-logging.js';
import { auditRetention } from './audit-retention.js';
import type { Control } from './control.js';
import { costAnomaly } from './cost-anomaly.js';
import { creationGuardrails } from './creation-guardrails.js';
import { creationPermissions } from './creation-permissions.js';
import { dnsLogging } from './dns-logging.js';
import { egressRestriction } from './egress-restriction.js';
import { flowLogging } from './flow-logging.js';
import { flowRetention } from './flow-retention.js';
import { metricLogging } from './metric-logging.js';
import { ownershipTagging } from './ownership-tagging.js';
import { threatDetection } from './threat-detection.js';

/** The AN0744 control catalog, in report order. Ids are a public contract: never rename one. */
export const catalog: readonly Control[] = [
  auditLogging,
  auditRetention,
  flowLogging,
  flowRetention,
  metricLogging,
  dnsLogging,
  creationPermissions,
  creationGuardrails,
  egressRestriction,
  threatDetection,
  costAnomaly,
  ownershipTagging,
];
