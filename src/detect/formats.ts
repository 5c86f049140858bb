import { cloudTrailReader, lookupEventsReader } from '../../providers/aws/telemetry/cloudtrail.js';
import {
  cloudWatchLogsEventsReader,
  cloudWatchLogsFlowEventsReader,
} from '../../providers/aws/telemetry/cloudwatch-logs-events.js';
import {
  getMetricDataReader,
  getMetricStatisticsReader,
  metricStreamsReader,
} from '../../providers/aws/telemetry/cloudwatch-metrics.js';
import { guardDutyReader } from '../../providers/aws/telemetry/guardduty-findings.js';
import { resolverQueryLogsReader } from '../../providers/aws/telemetry/resolver-query-logs.js';
import { vpcFlowLogsReader } from '../../providers/aws/telemetry/vpc-flow-logs.js';
import { activityLogReader } from '../../providers/azure/telemetry/activity-log.js';
import { defenderAlertsReader } from '../../providers/azure/telemetry/defender-alerts.js';
import { nsgFlowLogsReader, vnetFlowLogsReader } from '../../providers/azure/telemetry/flow-logs.js';
import { monitorMetricsReader } from '../../providers/azure/telemetry/monitor-metrics.js';
import {
  gcpAuditLogsReader,
  gcpCloudDnsLogsReader,
  gcpVpcFlowLogsReader,
} from '../../providers/gcp/telemetry/log-entries.js';
import { monitoringTimeSeriesReader } from '../../providers/gcp/telemetry/monitoring-timeseries.js';
import { sccFindingsReader } from '../../providers/gcp/telemetry/scc-findings.js';
import type { TelemetryReader } from './reader.js';

/** Every telemetry format, most specific first: the first whose sniff accepts a file's head reads it. */
export const telemetryReaders: TelemetryReader[] = [
  cloudWatchLogsEventsReader,
  cloudWatchLogsFlowEventsReader,
  lookupEventsReader,
  cloudTrailReader,
  guardDutyReader,
  metricStreamsReader,
  getMetricDataReader,
  getMetricStatisticsReader,
  resolverQueryLogsReader,
  vnetFlowLogsReader,
  nsgFlowLogsReader,
  defenderAlertsReader,
  activityLogReader,
  monitorMetricsReader,
  gcpAuditLogsReader,
  gcpVpcFlowLogsReader,
  gcpCloudDnsLogsReader,
  monitoringTimeSeriesReader,
  sccFindingsReader,
  vpcFlowLogsReader,
];

/** The reader a task names: format plus phase, since one format can be read in either phase. */
export function readerFor(format: string, phase?: 1 | 2): TelemetryReader | undefined {
  return telemetryReaders.find((r) => r.format === format && (phase === undefined || r.phase === phase));
}

/** The reader for a file, told by the first 64 KiB of its (decompressed) content. */
export function sniffFormat(head: string): TelemetryReader | undefined {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const trimmed = text.trimStart();
  if (trimmed === '') return undefined;
  const json = trimmed.startsWith('{') || trimmed.startsWith('[');
  return telemetryReaders.find((r) => (r.kind === 'json') === json && r.sniff(text));
}
