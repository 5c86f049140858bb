import { arr, obj, path, str } from '../../../src/detect/json-fields.js';
import { isFlowLegHeader, readFlowLegTable } from '../../../src/detect/pushdown/result-rows.js';
import type { JsonReader } from '../../../src/detect/reader.js';

type Row = { f?: { v?: unknown }[] } | undefined;

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
    const rows = arr(obj(value)?.rows) as Row[];
    const cell = (i: number, c: number) => {
      const f = rows[i]?.f;
      return Array.isArray(f) ? f[c]?.v : undefined;
    };
    readFlowLegTable(ctx, 'gcp', { rows: rows.length, cell }, (i) => `/rows/${i}`);
  },
};
