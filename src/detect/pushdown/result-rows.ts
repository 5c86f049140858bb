import { canonicalIp } from '../../intel/indicators.js';
import type { Provider } from '../../model/provider.js';
import type { ReaderContext } from '../reader.js';
import type { FlowHit } from '../signals.js';
import { FLOW_LEG_COLUMNS, type FlowLegColumn } from './flow-leg.js';

/** One result row of the flow leg, by column name; values as the engine printed them (text, numbers or null). */
export type FlowLegRow = Partial<Record<FlowLegColumn, string | number | null | undefined>>;

const MATCHES = new Set<FlowHit['match']>(['ip', 'ip-port', 'cidr', 'port']);

/** Whether a result's column names are the flow leg's (how readers recognize these files). */
export function isFlowLegHeader(names: readonly unknown[]): boolean {
  return FLOW_LEG_COLUMNS.every((c, i) => names[i] === c);
}

const num = (v: unknown): number => (v === null || v === undefined || v === '' ? Number.NaN : Number(v));
const text = (v: unknown): string | undefined =>
  v === null || v === undefined || v === '' ? undefined : String(v);

/**
 * Turns result rows into what the local flow readers emit: FlowHits (hour rows merged per endpoint, remote, port and
 * match) and EndpointSeen coverage. `pointer(i)` names row `i` in the result file.
 */
export function readFlowLegRows(
  ctx: ReaderContext,
  provider: Provider,
  rows: readonly FlowLegRow[],
  pointer: (i: number) => string,
): void {
  const hits: { row: FlowLegRow; i: number; first: number }[] = [];
  rows.forEach((row, i) => {
    ctx.record();
    const kind = row.rigsight_flow_row;
    const endpoint = text(row.endpoint);
    const first = num(row.first_ms);
    const last = num(row.last_ms);
    if (
      !endpoint ||
      !Number.isFinite(first) ||
      !Number.isFinite(last) ||
      (kind !== 'hit' && kind !== 'seen')
    ) {
      ctx.problem(`flow leg result row ${i + 1} lacks its kind, endpoint or times`);
      return;
    }
    if (kind === 'hit') {
      hits.push({ row, i, first });
      return;
    }
    const scope = text(row.scope);
    const instanceId = text(row.instance_id);
    const networkId = text(row.network_id);
    ctx.addEndpoint({
      provider,
      endpoint,
      first,
      last,
      records: num(row.records) || 0,
      ...(scope ? { scope } : {}),
      ...(instanceId ? { instanceId } : {}),
      ...(networkId ? { networkId } : {}),
    });
  });
  // Earliest first, as the local engine meets records: its per-endpoint cap on port-only matches keeps the same ones.
  hits.sort((a, b) => a.first - b.first || a.i - b.i);
  for (const { row, i, first } of hits) {
    const match = text(row.match_kind) as FlowHit['match'];
    const rawRemote = text(row.remote);
    const port = num(row.port);
    if (!MATCHES.has(match) || !rawRemote || !Number.isFinite(port)) {
      ctx.problem(`flow leg result row ${i + 1} lacks its match, remote or port`);
      continue;
    }
    // Engines print IPv6 as they stored it; the local readers key it canonical (IPv4 text already is).
    const remote = rawRemote.includes(':') ? (canonicalIp(rawRemote) ?? rawRemote) : rawRemote;
    const indicator = text(row.indicator) ?? '';
    const listed = match === 'port' ? undefined : ctx.intel.matchIp(remote, port);
    const source =
      match === 'port'
        ? 'intel.miningPorts'
        : listed?.indicator === indicator
          ? listed.source
          : 'flow-pushdown';
    const scope = text(row.scope);
    const instanceId = text(row.instance_id);
    ctx.addFlow({
      provider,
      endpoint: text(row.endpoint) as string,
      remote,
      port,
      match,
      indicator,
      source,
      first,
      last: num(row.last_ms),
      records: num(row.records) || 0,
      bytes: num(row.bytes) || 0,
      packets: num(row.packets) || 0,
      accepted: num(row.accepted) || 0,
      rejected: num(row.rejected) || 0,
      file: ctx.file,
      pointer: pointer(i),
      ...(scope ? { scope } : {}),
      ...(instanceId ? { instanceId } : {}),
    });
  }
}
