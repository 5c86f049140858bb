import { maxScanOption } from '../../../src/detect/pushdown/outcome.js';
import type { CliOption } from '../../adapter.js';

/** What `collect --live` adds for the GCP flow leg pushed down to BigQuery (the integrator adds them). */
export const bigQueryPushdownOptions: readonly CliOption[] = [
  {
    flags: '--bigquery-table <project.dataset.table>',
    description:
      "a log sink's BigQuery export of vpc_flows: project.dataset.compute_googleapis_com_vpc_flows (partitioned) or …_vpc_flows_* (date-sharded)",
    parse: (value: string) => {
      if (!/^[a-z0-9.:-]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+\*?$/.test(value))
        throw new Error(`"${value}" is not <project>.<dataset>.<table>`);
      return value;
    },
  },
  {
    flags: '--bigquery-location <location>',
    description: "where the dataset lives (US, EU, a region); default: the dataset's",
  },
  maxScanOption,
];

export interface BigQueryPushdownOptions {
  bigqueryTable?: string;
  bigqueryLocation?: string;
  maxScan?: number;
}
