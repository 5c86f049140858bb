import { canonicalIp } from '../../intel/indicators.js';
import type { Provider } from '../../model/provider.js';
import type { ReaderContext } from '../reader.js';
import type { FlowHit } from '../signals.js';
import { FLOW_LEG_COLUMNS, type FlowLegColumn } from './flow-leg.js';

/** One result row of the flow leg, by column name; values as the engine printed them (text, numbers or null). */
export type FlowLegRow = Partial<Record<FlowLegColumn, string | number | null | undefined>>;

/** A result in the engine's own layout: `cell(i, c)` is row `i`, column `c` (FLOW_LEG_COLUMNS order). */
export interface FlowLegTable {
  rows: number;
  cell(row: number, column: number): unknown;
}

const MATCHES = new Set<string>(['ip', 'ip-port', 'cidr', 'port']);
const C = Object.fromEntries(FLOW_LEG_COLUMNS.map((c, i) => [c, i])) as Record<FlowLegColumn, number>;

/** Whether a result's column names are the flow leg's (how readers recognize these files). */
export function isFlowLegHeader(names: readonly unknown[]): boolean {
  return FLOW_LEG_COLUMNS.every((c, i) => names[i] === c);
}

const num = (v: unknown): number => (v === null || v === undefined || v === '' ? Number.NaN : Number(v));
const text = (v: unknown): string | undefined =>
  v === null || v === undefined || v === '' ? undefined : String(v);

/** Row objects as a table (DuckDB answers, tests). */
export function tableOfRows(rows: readonly FlowLegRow[]): FlowLegTable {
  return { rows: rows.length, cell: (i, c) => rows[i]?.[FLOW_LEG_COLUMNS[c] as FlowLegColumn] };
}

/**
 * Turns result rows into what the local flow readers emit: FlowHits (hour rows merged per endpoint, remote, port and
 * match) and EndpointSeen coverage. `pointer(i)` names row `i` in the result file.
 */
export function readFlowLegTable(
  ctx: ReaderContext,
  provider: Provider,
  table: FlowLegTable,
  pointer: (i: number) => string,
): void {
  const hits: { i: number; first: number }[] = [];
  const { cell } = table;
  ctx.record(table.rows);
  for (let i = 0; i < table.rows; i++) {
    const kind = cell(i, C.rigsight_flow_row);
    const endpoint = text(cell(i, C.endpoint));
    const first = num(cell(i, C.first_ms));
    const last = num(cell(i, C.last_ms));
    if (
      !endpoint ||
      !Number.isFinite(first) ||
      !Number.isFinite(last) ||
      (kind !== 'hit' && kind !== 'seen')
    ) {
      ctx.problem(`flow leg result row ${i + 1} lacks its kind, endpoint or times`);
      continue;
    }
    if (kind === 'hit') {
      hits.push({ i, first });
      continue;
    }
    const scope = text(cell(i, C.scope));
    const instanceId = text(cell(i, C.instance_id));
    const networkId = text(cell(i, C.network_id));
    const subnet = text(cell(i, C.subnet));
    ctx.addEndpoint({
      provider,
      endpoint,
      first,
      last,
      records: num(cell(i, C.records)) || 0,
      ...(scope ? { scope } : {}),
      ...(instanceId ? { instanceId } : {}),
      ...(networkId ? { networkId } : {}),
      ...(subnet ? { subnet } : {}),
    });
  }
  // Earliest first, as the local engine meets records: its per-endpoint cap on port-only matches keeps the same ones.
  hits.sort((a, b) => a.first - b.first || a.i - b.i);
  for (const { i, first } of hits) {
    const match = text(cell(i, C.match_kind));
    const rawRemote = text(cell(i, C.remote));
    const port = num(cell(i, C.port));
    if (!match || !MATCHES.has(match) || !rawRemote || !Number.isFinite(port)) {
      ctx.problem(`flow leg result row ${i + 1} lacks its match, remote or port`);
      continue;
    }
    // Engines print IPv6 as they stored it; the local readers key it canonical (IPv4 text already is).
    const remote = rawRemote.includes(':') ? (canonicalIp(rawRemote) ?? rawRemote) : rawRemote;
    const indicator = text(cell(i, C.indicator)) ?? '';
    const listed = match === 'port' ? undefined : ctx.intel.matchIp(remote, port);
    const source =
      match === 'port'
        ? 'intel.miningPorts'
        : listed?.indicator === indicator
          ? listed.source
          : 'flow-pushdown';
    const scope = text(cell(i, C.scope));
    const instanceId = text(cell(i, C.instance_id));
    const hit: FlowHit = {
      provider,
      endpoint: text(cell(i, C.endpoint)) as string,
      remote,
      port,
      match: match as FlowHit['match'],
      indicator,
      source,
      first,
      last: num(cell(i, C.last_ms)),
      records: num(cell(i, C.records)) || 0,
      bytes: num(cell(i, C.bytes)) || 0,
      packets: num(cell(i, C.packets)) || 0,
      accepted: num(cell(i, C.accepted)) || 0,
      rejected: num(cell(i, C.rejected)) || 0,
      file: ctx.file,
      pointer: pointer(i),
    };
    if (scope) hit.scope = scope;
    if (instanceId) hit.instanceId = instanceId;
    ctx.addFlow(hit);
  }
}

/** `readFlowLegTable` over row objects. */
export function readFlowLegRows(
  ctx: ReaderContext,
  provider: Provider,
  rows: readonly FlowLegRow[],
  pointer: (i: number) => string,
): void {
  readFlowLegTable(ctx, provider, tableOfRows(rows), pointer);
}
