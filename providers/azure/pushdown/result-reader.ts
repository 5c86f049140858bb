import { arr, obj, str } from '../../../src/detect/json-fields.js';
import { isFlowLegHeader, readFlowLegTable } from '../../../src/detect/pushdown/result-rows.js';
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
    const rows = arr(table?.rows);
    const cell = (i: number, c: number) => {
      const row = rows[i];
      return Array.isArray(row) ? row[c] : undefined;
    };
    readFlowLegTable(ctx, 'azure', { rows: rows.length, cell }, (i) => `/tables/0/rows/${i}`);
  },
};
