import { maxScanOption } from '../../../src/detect/pushdown/outcome.js';
import type { CliOption } from '../../adapter.js';
import type { AthenaPartitioning } from './flow-source.js';

const tableName = (value: string) => {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){1,2}$/.test(value))
    throw new Error(`"${value}" is not <database>.<table> (or <catalog>.<database>.<table>)`);
  return value;
};

const partitioning = (value: string): AthenaPartitioning => {
  if (value !== 'day' && value !== 'date' && value !== 'none')
    throw new Error(`"${value}" is not one of day, date, none`);
  return value;
};

/** What `collect --live` adds for the AWS flow leg pushed down to Athena (the integrator adds them to the collector). */
export const athenaPushdownOptions: readonly CliOption[] = [
  {
    flags: '--athena-table <db.table>',
    description:
      "the Athena table over VPC flow logs (default: default.vpc_flow_logs, columns and partition projection as in AWS's Athena guide)",
    parse: tableName,
  },
  {
    flags: '--athena-partition <day|date|none>',
    description:
      "how that table is partitioned: day (projection, yyyy/MM/dd; the default table's), date (a DATE partition) or none (the default for a table you name)",
    parse: partitioning,
  },
  { flags: '--athena-workgroup <name>', description: 'the Athena workgroup to run in (default: primary)' },
  {
    flags: '--athena-output <s3://…>',
    description:
      'where Athena writes query results, when the workgroup does not set it (the only write the leg makes)',
    parse: (value: string) => {
      if (!/^s3:\/\/[^/]+/.test(value)) throw new Error(`"${value}" is not an s3:// location`);
      return value;
    },
  },
  {
    flags: '--athena-catalog <name>',
    description: 'the data catalog holding the table (default: AwsDataCatalog)',
  },
  maxScanOption,
];

/** Parsed values of those options, keyed as commander names them. */
export interface AthenaPushdownOptions {
  athenaTable?: string;
  athenaPartition?: AthenaPartitioning;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  athenaCatalog?: string;
  maxScan?: number;
}
