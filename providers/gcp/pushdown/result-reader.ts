import { arr, obj, path, str } from '../../../src/detect/json-fields.js';
import {
  type FlowLegRow,
  isFlowLegHeader,
  readFlowLegRows,
} from '../../../src/detect/pushdown/result-rows.js';
import type { JsonReader } from '../../../src/detect/reader.js';

/** BigQuery `jobs.getQueryResults` output of the pushed-down flow leg (pages merged): matches and coverage. */
export const bigQueryFlowLegReader: JsonReader = {
  format: 'bigquery-flow-leg',
  provider: 'gcp',
  kind: 'json',
  phase: 2,
  sniff: (head) =>
    head.includes('"schema"') && head.includes('"rigsight_flow_row"') && !head.includes('"ResultSet"'),
  readValue(value, _loc, ctx) {
    const names = arr(path(value, 'schema', 'fields')).map((f) => str(obj(f)?.name));
    if (!isFlowLegHeader(names)) {
      ctx.problem("BigQuery result whose columns are not the flow leg's");
      return;
    }
    const rows: FlowLegRow[] = arr(obj(value)?.rows).map((r) => {
      const cells = arr(obj(r)?.f);
      const row: Record<string, string | null> = {};
      names.forEach((n, k) => {
        const v = obj(cells[k])?.v;
        row[n as string] = v === null || v === undefined ? null : String(v);
      });
      return row as FlowLegRow;
    });
    readFlowLegRows(ctx, 'gcp', rows, (i) => `/rows/${i}`);
  },
};
