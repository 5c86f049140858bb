import type { TelemetryReader } from '../../../src/detect/reader.js';
import { bigQueryFlowLegReader } from '../pushdown/result-reader.js';
import { gcpCollectionErrorReader } from './collection-errors.js';
import { gcpAuditLogsReader, gcpCloudDnsLogsReader, gcpVpcFlowLogsReader } from './log-entries.js';
import { monitoringTimeSeriesReader } from './monitoring-timeseries.js';
import { sccFindingsReader } from './scc-findings.js';

/** Google Cloud's log formats, most specific first. */
export const gcpReaders: readonly TelemetryReader[] = [
  bigQueryFlowLegReader,
  gcpAuditLogsReader,
  gcpVpcFlowLogsReader,
  gcpCloudDnsLogsReader,
  monitoringTimeSeriesReader,
  sccFindingsReader,
  gcpCollectionErrorReader,
];
