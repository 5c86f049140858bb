import { arr, path } from '../../../src/detect/json-fields.js';
import { isFlowLegHeader, readFlowLegTable } from '../../../src/detect/pushdown/result-rows.js';
import type { JsonReader } from '../../../src/detect/reader.js';

type Row = { Data?: { VarCharValue?: string }[] } | undefined;

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
    const rows = arr(path(value, 'ResultSet', 'Rows')) as Row[];
    const header = arr(rows[0]?.Data).map((d) => (d as { VarCharValue?: string } | null)?.VarCharValue);
    if (!isFlowLegHeader(header)) {
      ctx.problem("Athena result whose columns are not the flow leg's");
      return;
    }
    // An absent VarCharValue is SQL NULL.
    const cell = (i: number, c: number) => {
      const data = rows[i + 1]?.Data;
      return Array.isArray(data) ? data[c]?.VarCharValue : undefined;
    };
    readFlowLegTable(ctx, 'aws', { rows: rows.length - 1, cell }, (i) => `/ResultSet/Rows/${i + 1}`);
  },
};
