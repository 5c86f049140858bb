import type { TelemetryReader } from '../../../src/detect/reader.js';
import { athenaFlowLegReader } from '../pushdown/result-reader.js';
import { cloudTrailReader, lookupEventsReader } from './cloudtrail.js';
import { cloudWatchLogsEventsReader, cloudWatchLogsFlowEventsReader } from './cloudwatch-logs-events.js';
import { getMetricDataReader, getMetricStatisticsReader, metricStreamsReader } from './cloudwatch-metrics.js';
import { guardDutyReader } from './guardduty-findings.js';
import { awsLiveErrorReader } from './live-errors.js';
import { resolverQueryLogsReader } from './resolver-query-logs.js';
import { vpcFlowLogsReader } from './vpc-flow-logs.js';

/** AWS's log formats, most specific first (a file goes to the first whose sniff accepts it). */
export const awsReaders: readonly TelemetryReader[] = [
  athenaFlowLegReader,
  cloudWatchLogsEventsReader,
  cloudWatchLogsFlowEventsReader,
  lookupEventsReader,
  cloudTrailReader,
  guardDutyReader,
  metricStreamsReader,
  getMetricDataReader,
  getMetricStatisticsReader,
  resolverQueryLogsReader,
  vpcFlowLogsReader,
  awsLiveErrorReader,
];
