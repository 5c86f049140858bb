import type { LineHandler, LineReader, ReaderContext } from '../../../src/detect/reader.js';
import { canonicalIp } from '../../../src/intel/indicators.js';
import { defaultFlowLogFields } from '../flow-log-format.js';

const KNOWN_FIELDS = new Set([
  ...defaultFlowLogFields,
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
    const use = (fields: readonly string[]) => {
      idx = Object.fromEntries(fields.map((f, i) => [f, i]));
      width = fields.length;
      pos = positions(idx);
    };
    const fast = byteParser(ctx, (text, lineNo) => handler.line(text, lineNo));
    const handler: LineHandler = {
      bytes(buf, _u, start, end, lineNo) {
        if (!pos) use(defaultFlowLogFields);
        fast.line(buf, start, end, lineNo, pos as FieldPositions, width);
      },
      chunk(buf, u, start, end, lineNo) {
        if (!pos) use(defaultFlowLogFields);
        return fast.scan(buf, u, start, end, lineNo, pos as FieldPositions, width);
      },
      line(text, lineNo) {
        if (text === '') return;
        if (!idx) {
          if (isHeader(text)) {
            use(tokens(text.trim()));
            return;
          }
          use(defaultFlowLogFields);
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

type EndpointNames = Omit<EndpointAcc, 'first' | 'last' | 'records'>;

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
 * Per-interface counts keyed by a 53-bit hash of the id bytes (FNV-1a 32 bits, then 21 bits of djb2),
 * in one open-addressing Float64Array (key, records, first, last per slot): a record costs one probe
 * and no allocation. Interface names, accounts, instances and VPCs are kept once, in sighting order.
 */
class EndpointTable {
  private slots = new Float64Array(4 * 1024).fill(-1);
  private index = new Int32Array(1024);
  private mask = 1023;
  /** Slot of each interface, in the order they were first seen. */
  private slotOf: number[] = [];
  readonly names: EndpointNames[] = [];

  /** Counts a record (times in seconds) for an interface already seen; false when it is new (then `add`). */
  hit(h1: number, h2: number, startS: number, endS: number): boolean {
    const startMs = startS * 1000;
    const endMs = endS * 1000;
    const lo = h2 & 0x1fffff;
    const key = (h1 >>> 0) * 2097152 + lo;
    const t = this.slots;
    let slot = (h1 ^ lo) & this.mask;
    for (;;) {
      const at = slot * 4;
      const k = t[at] as number;
      if (k === key) {
        t[at + 1] = (t[at + 1] as number) + 1;
        if (startMs < (t[at + 2] as number)) t[at + 2] = startMs;
        if (endMs > (t[at + 3] as number)) t[at + 3] = endMs;
        return true;
      }
      if (k < 0) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  add(h1: number, h2: number, startS: number, endS: number, names: EndpointNames): void {
    const startMs = startS * 1000;
    const endMs = endS * 1000;
    if (10 * (this.names.length + 1) > 7 * this.mask) this.grow();
    const lo = h2 & 0x1fffff;
    const slot = this.place((h1 >>> 0) * 2097152 + lo, (h1 ^ lo) & this.mask, this.names.length);
    const at = slot * 4;
    this.slots[at + 1] = 1;
    this.slots[at + 2] = startMs;
    this.slots[at + 3] = endMs;
    this.slotOf.push(slot);
    this.names.push(names);
  }

  /** The sighting index of an interface already added. */
  find(h1: number, h2: number): number {
    const lo = h2 & 0x1fffff;
    const key = (h1 >>> 0) * 2097152 + lo;
    let slot = (h1 ^ lo) & this.mask;
    while (this.slots[slot * 4] !== key) slot = (slot + 1) & this.mask;
    return this.index[slot] as number;
  }

  private place(key: number, slot: number, n: number): number {
    while ((this.slots[slot * 4] as number) >= 0) slot = (slot + 1) & this.mask;
    this.slots[slot * 4] = key;
    this.index[slot] = n;
    return slot;
  }

  private grow(): void {
    const old = this.slots;
    const oldIndex = this.index;
    const size = (this.mask + 1) * 2;
    this.slots = new Float64Array(4 * size).fill(-1);
    this.index = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < oldIndex.length; s++) {
      const key = old[s * 4] as number;
      if (key < 0) continue;
      // The slot is (h1 ^ lo) & mask: h1 and lo come back out of the key.
      const lo = key % 2097152;
      const h1 = (key - lo) / 2097152;
      const n = oldIndex[s] as number;
      const slot = this.place(key, (h1 ^ lo) & this.mask, n);
      this.slots.set(old.subarray(s * 4 + 1, s * 4 + 4), slot * 4 + 1);
      this.slotOf[n] = slot;
    }
  }

  /** Everything seen, in sighting order. */
  entries(): EndpointAcc[] {
    return this.names.map((n, i) => {
      const at = (this.slotOf[i] as number) * 4;
      const t = this.slots;
      const { endpoint, ...rest } = n;
      return {
        endpoint,
        first: t[at + 2] as number,
        last: t[at + 3] as number,
        records: t[at + 1] as number,
        ...rest,
      };
    });
  }

  clear(): void {
    this.slots.fill(-1);
    this.names.length = 0;
    this.slotOf.length = 0;
  }
}

// What the single-pass scanner computes for a field while it walks over it.
const R_SKIP = 0;
const R_ENI = 1;
const R_SRC = 2;
const R_DST = 3;
const R_SPORT = 4;
const R_DPORT = 5;
const R_START = 6;
const R_END = 7;

/** Roles per field position, or undefined when the format needs the per-line path (no addresses). */
function rolesFor(p: FieldPositions, width: number): Uint8Array | undefined {
  if (width < 1 || width > MAX_FIELDS || p.eni < 0 || p.src < 0 || p.dst < 0) return undefined;
  const roles = new Uint8Array(width);
  roles[p.eni] = R_ENI;
  roles[p.src] = R_SRC;
  roles[p.dst] = R_DST;
  if (p.sport >= 0) roles[p.sport] = R_SPORT;
  if (p.dport >= 0) roles[p.dport] = R_DPORT;
  if (p.start >= 0) roles[p.start] = R_START;
  if (p.end >= 0) roles[p.end] = R_END;
  return roles;
}

/** The version 2 default layout, which `scanDefault` reads without looking up roles. */
function defaultLayout(p: FieldPositions): boolean {
  return (
    p.account === 1 &&
    p.eni === 2 &&
    p.src === 3 &&
    p.dst === 4 &&
    p.sport === 5 &&
    p.dport === 6 &&
    p.packets === 8 &&
    p.bytes === 9 &&
    p.start === 10 &&
    p.end === 11 &&
    p.action === 12 &&
    p.status === 13 &&
    p.vpc < 0 &&
    p.instance < 0 &&
    p.direction < 0
  );
}

/**
 * The flow-log hot path. `scan` walks a run of whole lines once, byte by byte: it hashes the interface
 * id, parses ports, times and IPv4 addresses as it passes them, and builds strings only for records
 * that may match intel (a listed address, an address a pool name resolved to, or a public address on a
 * mining port). Any line it is not sure of (IPv6, `-`, extra spaces, CR, wrong field count) goes to
 * `line`, the field-splitting parser, and from there to the string path: same results, just slower.
 */
function byteParser(ctx: ReaderContext, stringLine: (text: string, lineNo: number) => void) {
  const fs = new Int32Array(MAX_FIELDS + 1);
  const fe = new Int32Array(MAX_FIELDS + 1);
  const endpoints = new EndpointTable();
  const ports = new Uint8Array(65536);
  for (const p of ctx.intel.miningPorts) ports[p] = 1;
  const intelV4 = ctx.intel.anyV4;
  const dnsV4 = ctx.dnsV4;
  const ranges = ctx.intel.hasRanges;
  const matcher = ctx.intel;
  // One bit per /16 holding a listed or DNS-answered address (8 KiB): most addresses stop here.
  const listed = new Uint8Array(1 << 13);
  for (const set of [intelV4, dnsV4])
    for (const ip of set) listed[ip >>> 19] = (listed[ip >>> 19] as number) | (1 << ((ip >>> 16) & 7));
  let records = 0;
  let maxStart = 0;
  let rolesKey: FieldPositions | undefined;
  let rolesWidth = -1;
  let roles: Uint8Array | undefined;
  const value = (buf: Buffer, i: number): string | undefined => {
    if (i < 0) return undefined;
    const t = buf.toString('latin1', fs[i], fe[i]);
    return t === '-' ? undefined : t;
  };
  // Addresses travel as int32 (no boxed number per record); sets and ranges hold them unsigned.
  const candidate = (ip: number, port: number) =>
    (((listed[ip >>> 19] as number) & (1 << ((ip >>> 16) & 7))) !== 0 &&
      (intelV4.has(ip >>> 0) || dnsV4.has(ip >>> 0))) ||
    (ranges && matcher.v4InRange(ip >>> 0)) ||
    (ports[port] === 1 && publicV4(ip));
  /** Counts a record for its interface (first sighting: its id, account, instance and VPC as text). */
  const count = (
    buf: Buffer,
    h1: number,
    h2: number,
    es: number,
    ee: number,
    p: FieldPositions,
    startS: number,
    endS: number,
  ): void => {
    records++;
    if (endpoints.hit(h1, h2, startS, endS)) return;
    const names: EndpointNames = { endpoint: `eni:${buf.toString('latin1', es, ee)}` };
    const scope = value(buf, p.account);
    const instanceId = value(buf, p.instance);
    const networkId = value(buf, p.vpc);
    if (scope) names.scope = scope;
    if (instanceId) names.instanceId = instanceId;
    if (networkId) names.networkId = networkId;
    endpoints.add(h1, h2, startS, endS, names);
  };
  /** A record's flows that may match: egress to the destination, ingress replies from the source. */
  const flows = (
    buf: Buffer,
    p: FieldPositions,
    h1: number,
    h2: number,
    src: number,
    dst: number,
    sport: number,
    dport: number,
    startS: number,
    endS: number,
    lineNo: number,
  ) => {
    const dir = p.direction < 0 ? 0 : (buf[fs[p.direction] as number] as number);
    const hitDst = dir !== 105 && candidate(dst, dport); // 105: "ingress"
    const hitSrc = dir !== 101 && candidate(src, sport); // 101: "egress"
    if (!hitDst && !hitSrc) return;
    const acc = endpoints.names[endpoints.find(h1, h2)] as EndpointNames;
    const bytes = p.bytes < 0 ? 0 : uint(buf, fs[p.bytes] as number, fe[p.bytes] as number) || 0;
    const packets = p.packets < 0 ? 0 : uint(buf, fs[p.packets] as number, fe[p.packets] as number) || 0;
    const accepted = p.action < 0 || buf[fs[p.action] as number] !== 82; // 82: "REJECT"
    const extra = {
      ...(acc.scope ? { scope: acc.scope } : {}),
      ...(acc.instanceId ? { instanceId: acc.instanceId } : {}),
    };
    const pointer = `#L${lineNo}`;
    const startMs = startS * 1000;
    const endMs = endS * 1000;
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
  };
  const order = (startS: number, lineNo: number) => {
    const startMs = startS * 1000;
    if (startMs <= 0) return;
    if (startMs < maxStart - minutes(20)) ctx.late('this file', startMs, maxStart, lineNo);
    else if (startMs > maxStart) maxStart = startMs;
  };

  /** One record split into fields: its start (s), 0 without one, or FALLBACK for the string path. */
  const parse = (
    buf: Buffer,
    start: number,
    end: number,
    lineNo: number,
    p: FieldPositions,
    width: number,
  ) => {
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
    const startS = p.start < 0 ? 0 : uint(buf, fs[p.start] as number, fe[p.start] as number);
    const endS = p.end < 0 ? startS : uint(buf, fs[p.end] as number, fe[p.end] as number);
    if (Number.isNaN(startS) || Number.isNaN(endS)) return FALLBACK;
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
    count(buf, h1, h2, es, ee, p, startS, endS);
    if (noData) return startS;
    const sport = p.sport < 0 ? 0 : uint(buf, fs[p.sport] as number, fe[p.sport] as number) || 0;
    const dport = p.dport < 0 ? 0 : uint(buf, fs[p.dport] as number, fe[p.dport] as number) || 0;
    flows(buf, p, h1, h2, src | 0, dst | 0, sport, dport, startS, endS, lineNo);
    return startS;
  };

  /** One line `buf[start, end)` (CR already stripped), through `parse` or else the string path. */
  const line = (
    buf: Buffer,
    start: number,
    end: number,
    lineNo: number,
    p: FieldPositions,
    width: number,
  ) => {
    const result = parse(buf, start, end, lineNo, p, width);
    if (result === FALLBACK) stringLine(buf.toString('latin1', start, end), lineNo);
    else order(result, lineNo);
  };

  /** A line the scanner left: from `start` to its newline, CR stripped as the line splitter does. */
  const slow = (
    buf: Buffer,
    u: Uint8Array,
    start: number,
    lineNo: number,
    p: FieldPositions,
    width: number,
  ) => {
    const nl = u.indexOf(10, start);
    const stop = nl > start && u[nl - 1] === 13 ? nl - 1 : nl;
    line(buf, start, stop, lineNo, p, width);
    return nl + 1;
  };

  /** A scanned record: counted for its interface, checked against intel; false leaves it to `line`. */
  const take = (
    buf: Buffer,
    u: Uint8Array,
    p: FieldPositions,
    h1: number,
    h2: number,
    es: number,
    ee: number,
    src: number,
    dst: number,
    sport: number,
    dport: number,
    t0: number,
    t1: number,
    lineNo: number,
  ): boolean => {
    const status = p.status < 0 ? 79 : (u[fs[p.status] as number] as number);
    if (status === 78 || status === 83) return false; // NODATA, SKIPDATA
    const startS = p.start < 0 ? 0 : t0;
    const endS = p.end < 0 ? startS : t1;
    count(buf, h1, h2, es, ee, p, startS, endS);
    flows(buf, p, h1, h2, src, dst, sport, dport, startS, endS, lineNo);
    order(startS, lineNo);
    return true;
  };

  /**
   * `scan` for the version 2 default format (what S3 and CloudWatch Logs get unless a custom format is
   * set): the same checks as the role-driven loop, unrolled field by field.
   */
  const scanDefault = (
    buf: Buffer,
    u: Uint8Array,
    start: number,
    end: number,
    lineNo: number,
    p: FieldPositions,
  ) => {
    let i = start;
    while (i < end) {
      const ls = i;
      lineNo++;
      // biome-ignore lint/suspicious/noConfusingLabels: one exit for every field that is not as expected
      record: {
        let c = u[i] as number;
        // version
        if (c <= 32) break record;
        do c = u[++i] as number;
        while (c > 32);
        if (c !== 32) break record;
        // account-id
        c = u[++i] as number;
        if (c <= 32) break record;
        fs[1] = i;
        do c = u[++i] as number;
        while (c > 32);
        fe[1] = i;
        if (c !== 32) break record;
        // interface-id, hashed as it passes
        c = u[++i] as number;
        if (c <= 32) break record;
        const es = i;
        let h1 = 0x811c9dc5;
        let h2 = 5381;
        do {
          h1 = Math.imul(h1 ^ c, 16777619);
          h2 = (Math.imul(h2, 33) + c) | 0;
          c = u[++i] as number;
        } while (c > 32);
        const ee = i;
        if (c !== 32) break record;
        // srcaddr, dstaddr: dotted IPv4 exactly as `ipv4` reads it
        c = u[++i] as number;
        let v = 0;
        let part = 0;
        let digits = 0;
        let dots = 0;
        while (c > 32) {
          const d = c - 48;
          if (d >= 0 && d <= 9) {
            part = part * 10 + d;
            digits++;
          } else if (c === 46 && digits !== 0 && part <= 255) {
            v = v * 256 + part;
            part = 0;
            digits = 0;
            dots++;
          } else break record;
          c = u[++i] as number;
        }
        if (c !== 32 || dots !== 3 || digits === 0 || part > 255) break record;
        const src = (v * 256 + part) | 0;
        c = u[++i] as number;
        v = 0;
        part = 0;
        digits = 0;
        dots = 0;
        while (c > 32) {
          const d = c - 48;
          if (d >= 0 && d <= 9) {
            part = part * 10 + d;
            digits++;
          } else if (c === 46 && digits !== 0 && part <= 255) {
            v = v * 256 + part;
            part = 0;
            digits = 0;
            dots++;
          } else break record;
          c = u[++i] as number;
        }
        if (c !== 32 || dots !== 3 || digits === 0 || part > 255) break record;
        const dst = (v * 256 + part) | 0;
        // srcport, dstport
        c = u[++i] as number;
        if (c <= 32) break record;
        let sport = 0;
        do {
          const d = c - 48;
          if (d < 0 || d > 9) break record;
          sport = sport * 10 + d;
          c = u[++i] as number;
        } while (c > 32);
        if (c !== 32) break record;
        c = u[++i] as number;
        if (c <= 32) break record;
        let dport = 0;
        do {
          const d = c - 48;
          if (d < 0 || d > 9) break record;
          dport = dport * 10 + d;
          c = u[++i] as number;
        } while (c > 32);
        if (c !== 32) break record;
        // protocol, packets, bytes: read only for records that match
        c = u[++i] as number;
        if (c <= 32) break record;
        do c = u[++i] as number;
        while (c > 32);
        if (c !== 32) break record;
        c = u[++i] as number;
        if (c <= 32) break record;
        fs[8] = i;
        do c = u[++i] as number;
        while (c > 32);
        fe[8] = i;
        if (c !== 32) break record;
        c = u[++i] as number;
        if (c <= 32) break record;
        fs[9] = i;
        do c = u[++i] as number;
        while (c > 32);
        fe[9] = i;
        if (c !== 32) break record;
        // start, end
        c = u[++i] as number;
        if (c <= 32) break record;
        let t0 = 0;
        do {
          const d = c - 48;
          if (d < 0 || d > 9) break record;
          t0 = t0 * 10 + d;
          c = u[++i] as number;
        } while (c > 32);
        if (c !== 32) break record;
        c = u[++i] as number;
        if (c <= 32) break record;
        let t1 = 0;
        do {
          const d = c - 48;
          if (d < 0 || d > 9) break record;
          t1 = t1 * 10 + d;
          c = u[++i] as number;
        } while (c > 32);
        if (c !== 32) break record;
        // action, log-status: the last must end the line
        c = u[++i] as number;
        if (c <= 32) break record;
        fs[12] = i;
        do c = u[++i] as number;
        while (c > 32);
        if (c !== 32) break record;
        c = u[++i] as number;
        if (c <= 32) break record;
        fs[13] = i;
        do c = u[++i] as number;
        while (c > 32);
        if (c !== 10) break record;
        if (!take(buf, u, p, h1, h2, es, ee, src, dst, sport, dport, t0, t1, lineNo)) break record;
        i++;
        continue;
      }
      i = slow(buf, u, ls, lineNo, p, defaultFlowLogFields.length);
    }
    return lineNo;
  };

  return {
    line,
    /** Lines in `u[start, end)`, which ends with a newline; returns the number of the last line read. */
    scan(
      buf: Buffer,
      u: Uint8Array,
      start: number,
      end: number,
      lineNo: number,
      p: FieldPositions,
      width: number,
    ) {
      if (p !== rolesKey || width !== rolesWidth) {
        roles = rolesFor(p, width);
        rolesKey = p;
        rolesWidth = width;
      }
      const role = roles;
      let i = start;
      const isDefault = role !== undefined && width === defaultFlowLogFields.length && defaultLayout(p);
      if (!role) {
        while (i < end) i = slow(buf, u, i, ++lineNo, p, width);
        return lineNo;
      }
      if (isDefault) return scanDefault(buf, u, start, end, lineNo, p);
      const last = width - 1;
      while (i < end) {
        const ls = i;
        lineNo++;
        let h1 = 0x811c9dc5;
        let h2 = 5381;
        let es = 0;
        let ee = 0;
        let src = 0;
        let dst = 0;
        let sport = 0;
        let dport = 0;
        let t0 = 0;
        let t1 = 0;
        let ok = true;
        let c = u[i] as number;
        // Fields end at a space or the newline; any other control byte (tab, CR) sends the line to `line`.
        for (let k = 0; k <= last; k++) {
          if (c <= 32) {
            ok = false;
            break;
          }
          fs[k] = i;
          const r = role[k] as number;
          if (r === R_SKIP) {
            do c = u[++i] as number;
            while (c > 32);
          } else if (r === R_ENI) {
            es = i;
            do {
              h1 = Math.imul(h1 ^ c, 16777619);
              h2 = (Math.imul(h2, 33) + c) | 0;
              c = u[++i] as number;
            } while (c > 32);
            ee = i;
          } else if (r === R_SRC || r === R_DST) {
            // Dotted IPv4 exactly as `ipv4` reads it; anything else goes to `line`.
            let v = 0;
            let part = 0;
            let digits = 0;
            let dots = 0;
            do {
              const d = c - 48;
              if (d >= 0 && d <= 9) {
                part = part * 10 + d;
                digits++;
              } else if (c === 46 && digits !== 0 && part <= 255) {
                v = v * 256 + part;
                part = 0;
                digits = 0;
                dots++;
              } else break;
              c = u[++i] as number;
            } while (c > 32);
            if (c > 32 || dots !== 3 || digits === 0 || part > 255) {
              ok = false;
              break;
            }
            if (r === R_SRC) src = (v * 256 + part) | 0;
            else dst = (v * 256 + part) | 0;
          } else {
            let v = 0;
            do {
              const d = c - 48;
              if (d < 0 || d > 9) break;
              v = v * 10 + d;
              c = u[++i] as number;
            } while (c > 32);
            if (c > 32) {
              ok = false;
              break;
            }
            if (r === R_SPORT) sport = v;
            else if (r === R_DPORT) dport = v;
            else if (r === R_START) t0 = v;
            else t1 = v;
          }
          fe[k] = i;
          if (k < last) {
            if (c !== 32) {
              ok = false;
              break;
            }
            c = u[++i] as number;
          }
        }
        // The last field must end the line; `take` declines NODATA and SKIPDATA (left to `line`).
        if (!ok || c !== 10 || !take(buf, u, p, h1, h2, es, ee, src, dst, sport, dport, t0, t1, lineNo)) {
          i = slow(buf, u, ls, lineNo, p, width);
          continue;
        }
        i++;
      }
      return lineNo;
    },
    flush() {
      ctx.record(records);
      records = 0;
      for (const acc of endpoints.entries()) ctx.addEndpoint({ provider: 'aws', ...acc });
      endpoints.clear();
    },
  };
}
