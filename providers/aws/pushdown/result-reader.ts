import { arr, obj, path, str } from '../../../src/detect/json-fields.js';
import {
  type FlowLegRow,
  isFlowLegHeader,
  readFlowLegRows,
} from '../../../src/detect/pushdown/result-rows.js';
import type { JsonReader } from '../../../src/detect/reader.js';

const cells = (row: unknown): (string | null)[] =>
  arr(obj(row)?.Data).map((d) => str(obj(d)?.VarCharValue) ?? null);

/**
 * Athena `GetQueryResults` output of the pushed-down flow leg (pages merged, header row first, as
 * `aws athena get-query-results` prints it): the matches and interface coverage the query computed.
 */
export const athenaFlowLegReader: JsonReader = {
  format: 'athena-flow-leg',
  provider: 'aws',
  kind: 'json',
  phase: 2,
  sniff: (head) => head.includes('"ResultSet"') && head.includes('"rigsight_flow_row"'),
  readValue(value, _loc, ctx) {
    const rows = arr(path(value, 'ResultSet', 'Rows'));
    const header = cells(rows[0]);
    if (!isFlowLegHeader(header)) {
      ctx.problem("Athena result whose columns are not the flow leg's");
      return;
    }
    const records: FlowLegRow[] = [];
    for (let i = 1; i < rows.length; i++) {
      const values = cells(rows[i]);
      const row: FlowLegRow = {};
      header.forEach((name, k) => {
        (row as Record<string, string | null | undefined>)[name as string] = values[k];
      });
      records.push(row);
    }
    readFlowLegRows(ctx, 'aws', records, (i) => `/ResultSet/Rows/${i + 1}`);
  },
};
