import { arr, obj, str } from '../../../src/detect/json-fields.js';
import {
  type FlowLegRow,
  isFlowLegHeader,
  readFlowLegRows,
} from '../../../src/detect/pushdown/result-rows.js';
import type { JsonReader } from '../../../src/detect/reader.js';

/** The Log Analytics query API's `{"tables":[…]}` answer to the pushed-down flow leg: matches and coverage. */
export const logAnalyticsFlowLegReader: JsonReader = {
  format: 'log-analytics-flow-leg',
  provider: 'azure',
  kind: 'json',
  phase: 2,
  sniff: (head) => /^\s*\{\s*"tables"/.test(head) && head.includes('"rigsight_flow_row"'),
  readValue(value, _loc, ctx) {
    const table = obj(arr(obj(value)?.tables)[0]);
    const names = arr(table?.columns).map((c) => str(obj(c)?.name));
    if (!isFlowLegHeader(names)) {
      ctx.problem("Log Analytics result whose columns are not the flow leg's");
      return;
    }
    const rows: FlowLegRow[] = arr(table?.rows).map((r) => {
      const cells = arr(r);
      const row: Record<string, string | number | null> = {};
      names.forEach((n, k) => {
        const v = cells[k];
        row[n as string] = typeof v === 'number' || typeof v === 'string' ? v : null;
      });
      return row as FlowLegRow;
    });
    readFlowLegRows(ctx, 'azure', rows, (i) => `/tables/0/rows/${i}`);
  },
};
