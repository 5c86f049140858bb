import { toMillis } from '../../../src/detect/addresses.js';
import { macKey } from '../../../src/detect/identity.js';
import { arr, obj, path, str } from '../../../src/detect/json-fields.js';
import {
  child,
  each,
  type JsonReader,
  type Loc,
  pointerOf,
  type ReaderContext,
} from '../../../src/detect/reader.js';
import { canonicalIp } from '../../../src/intel/indicators.js';
import { armId, subscriptionOf, vnetOf } from './arm-ids.js';

interface Tuple {
  time: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  outbound: boolean;
  allowed: boolean;
  bytes: number;
  packets: number;
}

/**
 * NSG v2: time(s),src,dst,sport,dport,proto(T/U),dir(I/O),decision(A/D),state(B/C/E),pkts→,bytes→,pkts←,bytes←
 * (v1 stops after decision). VNet v4: time(ms),src,dst,sport,dport,proto(6/17),dir,state(B/C/E/D),encryption,…counts.
 */
export function parseTuple(text: string, kind: 'nsg' | 'vnet'): Tuple | undefined {
  const f = text.split(',');
  if (f.length < 8) return undefined;
  const time = toMillis(Number(f[0]));
  const src = canonicalIp(f[1] ?? '');
  const dst = canonicalIp(f[2] ?? '');
  if (!Number.isFinite(time) || !src || !dst) return undefined;
  const state = kind === 'nsg' ? f[8] : f[7];
  const allowed = kind === 'nsg' ? f[7] === 'A' : state !== 'D';
  const counts = kind === 'nsg' ? f.slice(9, 13) : f.slice(9, 13);
  const n = counts.map((c) => Number(c || 0));
  return {
    time,
    src,
    dst,
    srcPort: Number(f[3]),
    dstPort: Number(f[4]),
    outbound: f[6] === 'O',
    allowed,
    packets: (n[0] ?? 0) + (n[2] ?? 0),
    bytes: (n[1] ?? 0) + (n[3] ?? 0),
  };
}

function emit(
  ctx: ReaderContext,
  endpoint: string,
  t: Tuple,
  loc: Loc,
  scope: string | undefined,
  networkId?: string,
): string {
  const local = t.outbound ? t.src : t.dst;
  ctx.endpoint('azure', endpoint, t.time, t.time, {
    ...(scope ? { scope } : {}),
    ...(networkId ? { networkId } : {}),
  });
  const remote = t.outbound ? t.dst : t.src;
  const port = t.outbound ? t.dstPort : t.srcPort;
  ctx.flow(
    'azure',
    endpoint,
    remote,
    port,
    t.time,
    t.time,
    t.bytes,
    t.packets,
    t.allowed,
    pointerOf(loc),
    scope ? { scope } : {},
  );
  return local;
}

function readVnetRecord(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  const r = obj(raw);
  const target = str(r?.targetResourceID);
  const mac = str(r?.macAddress);
  if (!r || (!target && !mac)) {
    ctx.record();
    ctx.problem(`VNet flow log record without targetResourceID or macAddress at ${pointerOf(loc)}`, loc.line);
    return;
  }
  const scope = target ? subscriptionOf(target) : undefined;
  const vnet = target ? vnetOf(target) : undefined;
  const nicTarget = target && /\/networkinterfaces\//i.test(target) ? `nic:${armId(target)}` : undefined;
  const endpoint = mac ? `mac:${macKey(mac)}` : nicTarget;
  arr(path(r, 'flowRecords', 'flows')).forEach((flow, i) => {
    arr(obj(flow)?.flowGroups).forEach((group, j) => {
      arr(obj(group)?.flowTuples).forEach((text, k) => {
        ctx.record();
        const at = child(loc, 'flowRecords', 'flows', i, 'flowGroups', j, 'flowTuples', k);
        const t = typeof text === 'string' ? parseTuple(text, 'vnet') : undefined;
        if (!t) {
          ctx.problem(`malformed flow tuple at ${pointerOf(at)}`, loc.line);
          return;
        }
        const local = t.outbound ? t.src : t.dst;
        const ipEndpoint = vnet ? `ip:${vnet}|${local}` : undefined;
        const key = endpoint ?? ipEndpoint;
        if (!key) return;
        emit(ctx, key, t, at, scope, vnet);
        // The record says which NIC (MAC) holds this private IP in this VNet: keep that link.
        if (endpoint && ipEndpoint) noteLink(ctx, ipEndpoint, endpoint, scope, vnet);
        if (nicTarget && endpoint && endpoint !== nicTarget) noteLink(ctx, endpoint, nicTarget, scope, vnet);
      });
    });
  });
}

const linked = new WeakMap<ReaderContext, Set<string>>();
function noteLink(ctx: ReaderContext, from: string, to: string, scope?: string, networkId?: string): void {
  let seen = linked.get(ctx);
  if (!seen) {
    seen = new Set();
    linked.set(ctx, seen);
  }
  const key = `${from}>${to}`;
  if (seen.has(key)) return;
  seen.add(key);
  ctx.digest.bindings.push({
    provider: 'azure',
    endpoint: from,
    instanceId: to,
    ...(scope ? { scope } : {}),
    ...(networkId ? { networkId } : {}),
  });
}

function readNsgRecord(raw: unknown, loc: Loc, ctx: ReaderContext): void {
  const r = obj(raw);
  const resourceId = str(r?.resourceId);
  if (!r || !resourceId) {
    ctx.record();
    ctx.problem(`NSG flow log record without resourceId at ${pointerOf(loc)}`, loc.line);
    return;
  }
  const scope = subscriptionOf(resourceId);
  arr(path(r, 'properties', 'flows')).forEach((rule, i) => {
    arr(obj(rule)?.flows).forEach((group, j) => {
      const mac = str(obj(group)?.mac);
      arr(obj(group)?.flowTuples).forEach((text, k) => {
        ctx.record();
        const at = child(loc, 'properties', 'flows', i, 'flows', j, 'flowTuples', k);
        const t = typeof text === 'string' ? parseTuple(text, 'nsg') : undefined;
        if (!t || !mac) {
          ctx.problem(`malformed flow tuple at ${pointerOf(at)}`, loc.line);
          return;
        }
        emit(ctx, `mac:${macKey(mac)}`, t, at, scope);
      });
    });
  });
}

function records(value: unknown): unknown[] {
  return Array.isArray(value) ? value : arr(obj(value)?.records);
}

/** VNet flow logs (version 4 and later): records name the NIC by MAC and the flow log's target. */
export const vnetFlowLogsReader: JsonReader = {
  format: 'azure-vnet-flow-logs',
  provider: 'azure',
  kind: 'json',
  phase: 2,
  sniff: (head) => /"flowRecords"\s*:/.test(head) || /"flowLogVersion"\s*:/.test(head),
  readValue(value, loc, ctx) {
    const base = Array.isArray(value) ? loc : child(loc, 'records');
    const list = records(value);
    if (!Array.isArray(value) && !Array.isArray(obj(value)?.records)) return readVnetRecord(value, loc, ctx);
    each(list, base, [], (v, at) => readVnetRecord(v, at, ctx));
  },
};

/** NSG flow logs version 2 (retiring; VNet flow logs replace them). */
export const nsgFlowLogsReader: JsonReader = {
  format: 'azure-nsg-flow-logs',
  provider: 'azure',
  kind: 'json',
  phase: 2,
  sniff: (head) => /NetworkSecurityGroupFlowEvent/.test(head) && /"flowTuples"\s*:/.test(head),
  readValue(value, loc, ctx) {
    const base = Array.isArray(value) ? loc : child(loc, 'records');
    if (!Array.isArray(value) && !Array.isArray(obj(value)?.records)) return readNsgRecord(value, loc, ctx);
    each(records(value), base, [], (v, at) => readNsgRecord(v, at, ctx));
  },
};
