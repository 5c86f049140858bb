import type { TelemetryReader } from '../../../src/detect/reader.js';
import { logAnalyticsFlowLegReader } from '../pushdown/result-reader.js';
import { activityLogReader } from './activity-log.js';
import { azureCollectionErrorReader } from './collection-errors.js';
import { defenderAlertsReader } from './defender-alerts.js';
import { nsgFlowLogsReader, vnetFlowLogsReader } from './flow-logs.js';
import { monitorMetricsReader } from './monitor-metrics.js';

/** Azure's log formats, most specific first. */
export const azureReaders: readonly TelemetryReader[] = [
  logAnalyticsFlowLegReader,
  vnetFlowLogsReader,
  nsgFlowLogsReader,
  defenderAlertsReader,
  activityLogReader,
  monitorMetricsReader,
  azureCollectionErrorReader,
];
