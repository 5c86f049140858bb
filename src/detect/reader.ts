import { type IntelMatcher, v4ToNumber } from '../intel/matcher.js';
import type { Provider } from '../model/provider.js';
import { isPublicIp } from './addresses.js';
import type { ArrayStreamShape } from './json-stream.js';
import {
  type CpuSeriesBuilder,
  type CpuSeriesSignal,
  type EndpointSeen,
  emptyDigest,
  type FileDigest,
  type FlowHit,
  type RecordPointer,
} from './signals.js';

/** Where a JSON value sits: a line of an NDJSON file, and/or a JSON pointer inside the document. */
export interface Loc {
  line?: number;
  pointer: string;
}

export function pointerOf(loc: Loc): RecordPointer {
  if (loc.line !== undefined) return `#L${loc.line}${loc.pointer}`;
  return loc.pointer === '' ? '/' : loc.pointer;
}

export function child(loc: Loc, ...keys: (string | number)[]): Loc {
  const escaped = keys.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1'));
  return { line: loc.line, pointer: `${loc.pointer}/${escaped.join('/')}` };
}

/** Calls `fn` for each item of a list found at `base`/`keys`, with each item's own location. */
export function each(
  list: unknown[],
  base: Loc,
  keys: (string | number)[],
  fn: (value: unknown, loc: Loc) => void,
): void {
  for (let i = 0; i < list.length; i++) fn(list[i], child(base, ...keys, i));
}

/** A telemetry format: recognized by content, read as JSON values or as text lines. */
export interface JsonReader {
  format: string;
  provider: Provider;
  kind: 'json';
  /** Flow logs run after everything else, so DNS answers for pool domains are known. */
  phase: 1 | 2;
  /** Can learn pool IPs from DNS answers: then flow files wait until this file is read. */
  dnsAnswers?: boolean;
  /** True when the first bytes of a file (decompressed, up to 64 KiB) look like this format. */
  sniff(head: string): boolean;
  /** One top-level value: the whole document, or one NDJSON line. */
  readValue(value: unknown, loc: Loc, ctx: ReaderContext): void;
  /** Reads a document's record array element by element, in bounded memory (see json-stream.ts). */
  elements?: ElementReader;
}

/**
 * The record array of a document (`{"<key>":[…]}`, or a top-level array when `topArray`), read one
 * element at a time. Must give the same result as `readValue` on the whole document.
 */
export interface ElementReader extends ArrayStreamShape {
  /** One element, `buf[start, end)`: parse it or check it (`jsonEnd`), and throw when it is not JSON. */
  element(buf: Buffer, start: number, end: number, at: () => Loc, ctx: ReaderContext): void;
}

export interface LineReader {
  format: string;
  provider: Provider;
  kind: 'lines';
  phase: 1 | 2;
  dnsAnswers?: boolean;
  sniff(head: string): boolean;
  /** `pointer` names a record's place when lines come wrapped in another document (CloudWatch Logs export). */
  open(ctx: ReaderContext, pointer?: (lineNo: number) => string): LineHandler;
}

export interface LineHandler {
  line(text: string, lineNo: number): void;
  /**
   * Optional byte-level path for hot formats: the line is `u[start, end)`, not decoded. `u` is a plain
   * Uint8Array view of `buf` (V8 indexes it faster than a Buffer); `buf` is there to decode text.
   */
  bytes?(buf: Buffer, u: Uint8Array, start: number, end: number, lineNo: number): void;
  /**
   * Optional bulk path next to `bytes`: the whole lines in `u[start, end)` (which ends with a newline,
   * CRs not stripped), the first numbered `lineNo + 1`; returns the number of the last line read.
   */
  chunk?(buf: Buffer, u: Uint8Array, start: number, end: number, lineNo: number): number;
  end(): void;
}

export type TelemetryReader = JsonReader | LineReader;

/** IPs that pool domains resolved to, learned from DNS logs in the first phase. */
export type DnsAnswers = Map<string, { time: number; domain: string; source: string }>;

const MAX_SAMPLES = 5;

/** A record time for a message; a time beyond what Date can hold is shown as the number it was. */
function isoTime(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`;
}
const MAX_PORT_HITS_PER_ENDPOINT = 50;
const MAX_REGION_LENGTH = 64;
const MAX_REGIONS = 1000;

/** What a reader writes into while it reads one file; turns into a FileDigest. */
export class ReaderContext {
  readonly digest: FileDigest;
  private readonly flowHits = new Map<string, FlowHit>();
  private readonly seen = new Map<string, EndpointSeen>();
  private readonly portHitsPerEndpoint = new Map<string, number>();
  private readonly lastTime = new Map<string, number>();
  private readonly audit = new Map<
    string,
    { provider: Provider; scope: string; first: number; last: number }
  >();
  private readonly regions = new Map<
    string,
    { provider: Provider; scope: string; region: string; first: number }
  >();
  private readonly dnsNets = new Set<string>();
  private readonly endings: (() => void)[] = [];
  private readonly series = new Map<
    string,
    { signal: Omit<CpuSeriesSignal, 'times' | 'values'>; data: CpuSeriesBuilder }
  >();
  /** DNS-answered pool IPv4 addresses as numbers, for byte-level readers. */
  readonly dnsV4 = new Set<number>();

  readonly file: string;
  readonly intel: IntelMatcher;
  readonly dnsAnswers: DnsAnswers;

  constructor(file: string, format: string, intel: IntelMatcher, dnsAnswers: DnsAnswers) {
    this.file = file;
    this.intel = intel;
    this.dnsAnswers = dnsAnswers;
    for (const ip of dnsAnswers.keys()) {
      const n = v4ToNumber(ip);
      if (n !== undefined) this.dnsV4.add(n);
    }
    this.digest = emptyDigest(file, format);
  }

  problem(reason: string, line?: number): void {
    this.digest.problemCount++;
    if (this.digest.problems.length < MAX_SAMPLES) this.digest.problems.push({ line, reason });
  }

  record(count = 1): void {
    this.digest.records += count;
  }

  /**
   * Counts a record earlier than the previous one of the same stream by more than `toleranceMs`.
   * `descending` streams (Cloud Monitoring points, lookup-events) are checked in their own direction.
   */
  order(
    stream: string,
    time: number,
    line: number | undefined,
    toleranceMs: number,
    descending = false,
  ): void {
    const prev = this.lastTime.get(stream);
    this.lastTime.set(
      stream,
      prev === undefined ? time : descending ? Math.min(prev, time) : Math.max(prev, time),
    );
    if (prev === undefined) return;
    const late = descending ? time - prev > toleranceMs : prev - time > toleranceMs;
    if (!late) return;
    this.digest.outOfOrder++;
    if (this.digest.outOfOrderSamples.length < MAX_SAMPLES)
      this.digest.outOfOrderSamples.push({
        line,
        reason: `record at ${isoTime(time)} is out of time order in ${stream} (after ${isoTime(prev)}); still used`,
      });
  }

  /** A record a byte-level reader found earlier than `prev` (by more than its tolerance). */
  late(stream: string, time: number, prev: number, line: number | undefined): void {
    this.digest.outOfOrder++;
    if (this.digest.outOfOrderSamples.length < MAX_SAMPLES)
      this.digest.outOfOrderSamples.push({
        line,
        reason: `record at ${isoTime(time)} is out of time order in ${stream} (after ${isoTime(prev)}); still used`,
      });
  }

  /** An audit-log record at `time`; with its region, also when that region was first active. */
  auditTime(provider: Provider, scope: string, time: number, region?: string): void {
    const key = `${provider}|${scope}`;
    const w = this.audit.get(key);
    if (!w) this.audit.set(key, { provider, scope, first: time, last: time });
    else {
      if (time < w.first) w.first = time;
      if (time > w.last) w.last = time;
    }
    // A region is a short name; a log that claims thousands of them is not believed past the cap.
    if (region === undefined || region.length > MAX_REGION_LENGTH) return;
    const rkey = `${key}|${region}`;
    const r = this.regions.get(rkey);
    if (!r) {
      if (this.regions.size < MAX_REGIONS) this.regions.set(rkey, { provider, scope, region, first: time });
    } else if (time < r.first) r.first = time;
  }

  /** Runs `fn` once the whole file is read (a reader that pairs records across the file). */
  atEnd(fn: () => void): void {
    this.endings.push(fn);
  }

  dnsNetwork(network: string): void {
    this.dnsNets.add(network);
  }

  /** Merges coverage a reader kept itself (byte-level readers key endpoints by hash while reading). */
  addEndpoint(e: EndpointSeen): void {
    const s = this.seen.get(e.endpoint);
    if (!s) {
      this.seen.set(e.endpoint, { ...e });
      return;
    }
    s.records += e.records;
    if (e.first < s.first) s.first = e.first;
    if (e.last > s.last) s.last = e.last;
  }

  /** Notes that an endpoint's flows were logged at `time` (coverage), without keeping the record. */
  endpoint(
    provider: Provider,
    endpoint: string,
    first: number,
    last: number,
    extra?: { scope?: string; instanceId?: string; networkId?: string; subnet?: string },
  ): void {
    let s = this.seen.get(endpoint);
    if (!s) {
      s = { provider, endpoint, first, last, records: 0 };
      if (extra?.scope) s.scope = extra.scope;
      if (extra?.instanceId) s.instanceId = extra.instanceId;
      if (extra?.networkId) s.networkId = extra.networkId;
      if (extra?.subnet) s.subnet = extra.subnet;
      this.seen.set(endpoint, s);
    }
    s.records++;
    if (first < s.first) s.first = first;
    if (last > s.last) s.last = last;
  }

  /**
   * Checks one flow against intel, pool IPs answered by DNS, and mining ports; keeps an aggregate on a match.
   * `remote` must be a canonical IP (readers pass it through `canonicalIp` only when it could match).
   */
  flow(
    provider: Provider,
    endpoint: string,
    remote: string,
    port: number,
    first: number,
    last: number,
    bytes: number,
    packets: number,
    accepted: boolean,
    pointer: RecordPointer,
    extra?: { scope?: string; instanceId?: string },
  ): void {
    let match: FlowHit['match'] | undefined;
    let indicator = '';
    let source = '';
    if (this.intel.mayMatchIp(remote)) {
      const hit = this.intel.matchIp(remote, port);
      if (hit) {
        match = hit.kind === 'domain' ? 'ip' : hit.kind;
        indicator = hit.indicator;
        source = hit.source;
      }
    }
    if (!match && this.dnsAnswers.size) {
      const answer = this.dnsAnswers.get(remote);
      if (answer && (last === 0 || last >= answer.time - 60_000) && !this.intel.ipAllowed(remote)) {
        match = 'dns-answer';
        indicator = answer.domain;
        source = answer.source;
      }
    }
    if (!match && this.intel.miningPorts.has(port) && isPublicIp(remote) && !this.intel.ipAllowed(remote)) {
      const count = this.portHitsPerEndpoint.get(endpoint) ?? 0;
      const key = `${endpoint}|${remote}|${port}|port`;
      if (count >= MAX_PORT_HITS_PER_ENDPOINT && !this.flowHits.has(key)) return;
      if (!this.flowHits.has(key)) this.portHitsPerEndpoint.set(endpoint, count + 1);
      match = 'port';
      indicator = String(port);
      source = 'intel.miningPorts';
    }
    if (!match) return;
    const key = `${endpoint}|${remote}|${port}|${match}`;
    let hit = this.flowHits.get(key);
    if (!hit) {
      hit = {
        provider,
        endpoint,
        remote,
        port,
        match,
        indicator,
        source,
        first,
        last,
        records: 0,
        bytes: 0,
        packets: 0,
        accepted: 0,
        rejected: 0,
        file: this.file,
        pointer,
      };
      if (extra?.scope) hit.scope = extra.scope;
      if (extra?.instanceId) hit.instanceId = extra.instanceId;
      this.flowHits.set(key, hit);
    }
    hit.records++;
    hit.bytes += bytes;
    hit.packets += packets;
    if (accepted) hit.accepted++;
    else hit.rejected++;
    if (first < hit.first) hit.first = first;
    if (last > hit.last) hit.last = last;
  }

  /**
   * Merges flows already matched and aggregated elsewhere (a flow leg pushed down to the engine the logs live in),
   * keyed as `flow` keys them; port-only matches keep the same per-endpoint cap, earliest first. A new key keeps
   * `h` itself (callers pass objects they own).
   */
  addFlow(h: FlowHit): void {
    const key = `${h.endpoint}|${h.remote}|${h.port}|${h.match}`;
    const hit = this.flowHits.get(key);
    if (!hit) {
      if (h.match === 'port') {
        const count = this.portHitsPerEndpoint.get(h.endpoint) ?? 0;
        if (count >= MAX_PORT_HITS_PER_ENDPOINT) return;
        this.portHitsPerEndpoint.set(h.endpoint, count + 1);
      }
      this.flowHits.set(key, h);
      return;
    }
    hit.records += h.records;
    hit.bytes += h.bytes;
    hit.packets += h.packets;
    hit.accepted += h.accepted;
    hit.rejected += h.rejected;
    if (h.first < hit.first) hit.first = h.first;
    if (h.last > hit.last) hit.last = h.last;
  }

  /** The CPU series of one instance in this file; `pointer` (where it starts) is built only once. */
  cpuSeries(
    provider: Provider,
    instanceId: string,
    pointer: () => RecordPointer,
    extra?: { scope?: string; region?: string; unit?: 'cores' },
  ): CpuSeriesBuilder {
    const key = `${provider}|${instanceId}${extra?.unit ? `|${extra.unit}` : ''}`;
    let s = this.series.get(key);
    if (!s) {
      const signal: Omit<CpuSeriesSignal, 'times' | 'values'> = {
        provider,
        instanceId,
        file: this.file,
        pointer: pointer(),
      };
      if (extra?.scope) signal.scope = extra.scope;
      if (extra?.region) signal.region = extra.region;
      if (extra?.unit) signal.unit = extra.unit;
      s = { signal, data: { times: [], values: [] } };
      this.series.set(key, s);
    }
    return s.data;
  }

  /** One CPU sample in percent for an instance; series are kept per instance within the file. */
  cpuPoint(
    provider: Provider,
    instanceId: string,
    time: number,
    percent: number,
    pointer: RecordPointer | (() => RecordPointer),
    extra?: { scope?: string; region?: string; unit?: 'cores' },
  ): void {
    if (!Number.isFinite(time) || !Number.isFinite(percent)) return;
    const s = this.cpuSeries(
      provider,
      instanceId,
      typeof pointer === 'string' ? () => pointer : pointer,
      extra,
    );
    s.times.push(time);
    s.values.push(percent);
  }

  finish(): FileDigest {
    for (const fn of this.endings.splice(0)) fn();
    const d = this.digest;
    d.cpu = [...this.series.values()].map(({ signal, data }) => ({
      ...signal,
      times: Float64Array.from(data.times),
      values: Float64Array.from(data.values),
    }));
    d.flows = [...this.flowHits.values()];
    d.endpoints = [...this.seen.values()];
    d.auditWindows = [...this.audit.values()];
    d.auditRegions = [...this.regions.values()];
    d.dnsNetworks = [...this.dnsNets].sort();
    return d;
  }
}
