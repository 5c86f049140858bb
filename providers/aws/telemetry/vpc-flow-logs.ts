import type { LineHandler, LineReader, ReaderContext } from '../../../src/detect/reader.js';
import { canonicalIp } from '../../../src/intel/indicators.js';

/** Version 2 default format: what a flow log without a custom format writes, in this order. */
export const DEFAULT_FIELDS = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
];

const KNOWN_FIELDS = new Set([
  ...DEFAULT_FIELDS,
  'vpc-id',
  'subnet-id',
  'instance-id',
  'tcp-flags',
  'type',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'region',
  'az-id',
  'sublocation-type',
  'sublocation-id',
  'pkt-src-aws-service',
  'pkt-dst-aws-service',
  'flow-direction',
  'traffic-path',
  'ecs-cluster-arn',
  'ecs-cluster-name',
  'ecs-container-instance-arn',
  'ecs-container-instance-id',
  'ecs-container-id',
  'ecs-second-container-id',
  'ecs-service-name',
  'ecs-task-definition-arn',
  'ecs-task-arn',
  'ecs-task-id',
  'reject-reason',
  'resource-id',
  'encryption-status',
]);

function tokens(line: string): string[] {
  const parts = line.split(' ');
  // Files written by AWS use single spaces; hand-edited ones may not.
  return parts.includes('') ? parts.filter((p) => p !== '') : parts;
}

/** A header line: every token is a known field name and the addressing fields are there. */
export function isHeader(line: string): boolean {
  const t = tokens(line.trim());
  return (
    t.length >= 2 &&
    t.every((f) => KNOWN_FIELDS.has(f)) &&
    (t.includes('interface-id') || t.includes('srcaddr'))
  );
}

function isDefaultRecord(line: string): boolean {
  const t = tokens(line.trim());
  return t.length === 14 && t[0] === '2' && /^(eni-|-)/.test(t[2] ?? '') && /^\d+$/.test(t[10] ?? '');
}

const minutes = (n: number) => n * 60_000;

/**
 * VPC Flow Logs text files: the header line names the fields (custom formats reorder and add them);
 * a file without one (CloudWatch Logs export) is read as the version 2 default format.
 */
export const vpcFlowLogsReader: LineReader = {
  format: 'vpc-flow-logs',
  provider: 'aws',
  kind: 'lines',
  phase: 2,
  sniff(head) {
    const first = head.split('\n', 1)[0]?.replace(/\r$/, '') ?? '';
    return isHeader(first) || isDefaultRecord(first);
  },
  open(ctx, pointerFor) {
    let idx: Record<string, number> | undefined;
    let width = 0;
    let pos: FieldPositions | undefined;
    const use = (fields: string[]) => {
      idx = Object.fromEntries(fields.map((f, i) => [f, i]));
      width = fields.length;
      pos = positions(idx);
    };
    const fast = byteParser(ctx);
    let maxStart = 0;
    const handler: LineHandler = {
      bytes(buf, _u, start, end, lineNo) {
        if (!pos) use(DEFAULT_FIELDS);
        const result = fast.parse(buf, start, end, lineNo, pos as FieldPositions, width);
        if (result === FALLBACK) handler.line(buf.toString('latin1', start, end), lineNo);
        else if (result > 0) {
          if (result < maxStart - minutes(20)) ctx.late('this file', result, maxStart, lineNo);
          else if (result > maxStart) maxStart = result;
        }
      },
      line(text, lineNo) {
        if (text === '') return;
        if (!idx) {
          if (isHeader(text)) {
            use(tokens(text.trim()));
            return;
          }
          use(DEFAULT_FIELDS);
        }
        const f = tokens(text);
        const at = idx as Record<string, number>;
        ctx.record();
        if (f.length !== width) {
          ctx.problem(`flow record has ${f.length} fields, the header names ${width}`, lineNo);
          return;
        }
        const get = (name: string): string | undefined => {
          const i = at[name];
          if (i === undefined) return undefined;
          const v = f[i];
          return v === '-' || v === undefined ? undefined : v;
        };
        const eni = get('interface-id');
        // A custom format may leave out start and end: such records have no time (0).
        const start = Number(get('start') ?? 0) * 1000;
        const end = Number(get('end') ?? get('start') ?? 0) * 1000;
        if (!eni || !Number.isFinite(start) || !Number.isFinite(end)) {
          ctx.problem(
            'flow record without interface-id, or with a start or end that is not a number',
            lineNo,
          );
          return;
        }
        if (start) ctx.order('this file', start, lineNo, minutes(20));
        const scope = get('account-id');
        const instanceId = get('instance-id');
        const networkId = get('vpc-id');
        const endpoint = `eni:${eni}`;
        ctx.endpoint('aws', endpoint, start, end, {
          ...(scope ? { scope } : {}),
          ...(instanceId ? { instanceId } : {}),
          ...(networkId ? { networkId } : {}),
        });
        const status = get('log-status');
        if (status === 'NODATA' || status === 'SKIPDATA') return;
        let src = get('srcaddr');
        let dst = get('dstaddr');
        if (!src || !dst) return;
        if (src.includes(':')) src = canonicalIp(src) ?? src;
        if (dst.includes(':')) dst = canonicalIp(dst) ?? dst;
        const srcPort = Number(get('srcport') ?? 0);
        const dstPort = Number(get('dstport') ?? 0);
        const bytes = Number(get('bytes') ?? 0);
        const packets = Number(get('packets') ?? 0);
        const accepted = get('action') !== 'REJECT';
        const pointer = pointerFor ? pointerFor(lineNo) : `#L${lineNo}`;
        const extra = { ...(scope ? { scope } : {}), ...(instanceId ? { instanceId } : {}) };
        const direction = get('flow-direction');
        // Egress: the remote end is the destination; ingress replies come from the remote's port.
        if (direction !== 'ingress')
          ctx.flow('aws', endpoint, dst, dstPort, start, end, bytes, packets, accepted, pointer, extra);
        if (direction !== 'egress')
          ctx.flow('aws', endpoint, src, srcPort, start, end, bytes, packets, accepted, pointer, extra);
      },
      end() {
        fast.flush();
      },
    };
    return handler;
  },
};

/** Field positions the byte parser needs (-1 when the format lacks the field). */
interface FieldPositions {
  eni: number;
  src: number;
  dst: number;
  sport: number;
  dport: number;
  packets: number;
  bytes: number;
  start: number;
  end: number;
  action: number;
  status: number;
  account: number;
  vpc: number;
  instance: number;
  direction: number;
}

function positions(idx: Record<string, number>): FieldPositions {
  const at = (name: string) => idx[name] ?? -1;
  return {
    eni: at('interface-id'),
    src: at('srcaddr'),
    dst: at('dstaddr'),
    sport: at('srcport'),
    dport: at('dstport'),
    packets: at('packets'),
    bytes: at('bytes'),
    start: at('start'),
    end: at('end'),
    action: at('action'),
    status: at('log-status'),
    account: at('account-id'),
    vpc: at('vpc-id'),
    instance: at('instance-id'),
    direction: at('flow-direction'),
  };
}

const FALLBACK = -1;
const MAX_FIELDS = 64;

/** Unsigned decimal in buf[s, e); NaN for `-` or anything else. */
function uint(buf: Buffer, s: number, e: number): number {
  if (e <= s) return Number.NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = (buf[i] as number) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

/** Dotted IPv4 in buf[s, e) as a 32-bit number; -1 for anything else (IPv6, `-`). */
function ipv4(buf: Buffer, s: number, e: number): number {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i] as number;
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      v = v * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + c - 48;
      digits++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return v * 256 + part;
}

function v4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function publicV4(n: number): boolean {
  const a = n >>> 24;
  const b = (n >>> 16) & 255;
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

interface EndpointAcc {
  endpoint: string;
  first: number;
  last: number;
  records: number;
  scope?: string;
  instanceId?: string;
  networkId?: string;
}

/**
 * The flow-log hot path: splits a record's fields in place, parses only numbers and IPv4 addresses,
 * keys interfaces by a hash of their bytes, and builds strings only for records that may match intel
 * (a listed address, an address a pool name resolved to, or a public address on a mining port).
 */
function byteParser(ctx: ReaderContext) {
  const fs = new Int32Array(MAX_FIELDS + 1);
  const fe = new Int32Array(MAX_FIELDS + 1);
  const endpoints = new Map<number, EndpointAcc>();
  const ports = new Uint8Array(65536);
  for (const p of ctx.intel.miningPorts) ports[p] = 1;
  const intelV4 = ctx.intel.anyV4;
  const dnsV4 = ctx.dnsV4;
  const ranges = ctx.intel.hasRanges;
  let records = 0;
  const value = (buf: Buffer, i: number): string | undefined => {
    if (i < 0) return undefined;
    const t = buf.toString('latin1', fs[i], fe[i]);
    return t === '-' ? undefined : t;
  };
  const candidate = (ip: number, port: number) =>
    intelV4.has(ip) || ranges || dnsV4.has(ip) || (ports[port] === 1 && publicV4(ip));
  return {
    /** The record's start time (ms), 0 without one, or FALLBACK to take the string path (IPv6). */
    parse(buf: Buffer, start: number, end: number, lineNo: number, p: FieldPositions, width: number): number {
      let n = 0;
      let i = start;
      while (i < end) {
        while (i < end && buf[i] === 32) i++;
        if (i >= end) break;
        if (n > MAX_FIELDS) break;
        fs[n] = i;
        while (i < end && buf[i] !== 32) i++;
        fe[n] = i;
        n++;
      }
      if (n === 0) return 0;
      if (n !== width || p.eni < 0) return FALLBACK;
      const es = fs[p.eni] as number;
      const ee = fe[p.eni] as number;
      const startMs = p.start < 0 ? 0 : uint(buf, fs[p.start] as number, fe[p.start] as number) * 1000;
      const endMs = p.end < 0 ? startMs : uint(buf, fs[p.end] as number, fe[p.end] as number) * 1000;
      if (Number.isNaN(startMs) || Number.isNaN(endMs)) return FALLBACK;
      const src = p.src < 0 ? -1 : ipv4(buf, fs[p.src] as number, fe[p.src] as number);
      const dst = p.dst < 0 ? -1 : ipv4(buf, fs[p.dst] as number, fe[p.dst] as number);
      const status = p.status < 0 ? 79 : (buf[fs[p.status] as number] as number);
      const noData = status === 78 || status === 83; // NODATA, SKIPDATA: no addresses
      // IPv6 or a missing address on a data record: the string path handles it.
      if (!noData && (src < 0 || dst < 0)) return FALLBACK;
      let h1 = 0x811c9dc5;
      let h2 = 5381;
      for (let k = es; k < ee; k++) {
        const c = buf[k] as number;
        h1 = Math.imul(h1 ^ c, 16777619);
        h2 = (Math.imul(h2, 33) + c) | 0;
      }
      const key = (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
      let acc = endpoints.get(key);
      if (!acc) {
        acc = { endpoint: `eni:${buf.toString('latin1', es, ee)}`, first: startMs, last: endMs, records: 0 };
        const scope = value(buf, p.account);
        const instanceId = value(buf, p.instance);
        const networkId = value(buf, p.vpc);
        if (scope) acc.scope = scope;
        if (instanceId) acc.instanceId = instanceId;
        if (networkId) acc.networkId = networkId;
        endpoints.set(key, acc);
      }
      records++;
      acc.records++;
      if (startMs < acc.first) acc.first = startMs;
      if (endMs > acc.last) acc.last = endMs;
      if (noData) return startMs;
      const sport = p.sport < 0 ? 0 : uint(buf, fs[p.sport] as number, fe[p.sport] as number) || 0;
      const dport = p.dport < 0 ? 0 : uint(buf, fs[p.dport] as number, fe[p.dport] as number) || 0;
      const dir = p.direction < 0 ? 0 : (buf[fs[p.direction] as number] as number);
      const hitDst = dir !== 105 && candidate(dst, dport); // 105: "ingress"
      const hitSrc = dir !== 101 && candidate(src, sport); // 101: "egress"
      if (!hitDst && !hitSrc) return startMs;
      const bytes = p.bytes < 0 ? 0 : uint(buf, fs[p.bytes] as number, fe[p.bytes] as number) || 0;
      const packets = p.packets < 0 ? 0 : uint(buf, fs[p.packets] as number, fe[p.packets] as number) || 0;
      const accepted = p.action < 0 || buf[fs[p.action] as number] !== 82; // 82: "REJECT"
      const extra = {
        ...(acc.scope ? { scope: acc.scope } : {}),
        ...(acc.instanceId ? { instanceId: acc.instanceId } : {}),
      };
      const pointer = `#L${lineNo}`;
      if (hitDst)
        ctx.flow(
          'aws',
          acc.endpoint,
          v4Text(dst),
          dport,
          startMs,
          endMs,
          bytes,
          packets,
          accepted,
          pointer,
          extra,
        );
      if (hitSrc)
        ctx.flow(
          'aws',
          acc.endpoint,
          v4Text(src),
          sport,
          startMs,
          endMs,
          bytes,
          packets,
          accepted,
          pointer,
          extra,
        );
      return startMs;
    },
    flush() {
      ctx.record(records);
      records = 0;
      for (const acc of endpoints.values()) ctx.addEndpoint({ provider: 'aws', ...acc });
      endpoints.clear();
    },
  };
}
