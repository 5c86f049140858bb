import ipaddr from 'ipaddr.js';
import { canonicalDomain, canonicalIp } from './indicators.js';

/** Compiled indicators as plain data, so they can be sent to worker threads and rebuilt there. */
export interface IntelData {
  /** indicator → the list it came from (e.g. `maltrail/crypto_mining.txt`). */
  domains: [string, string][];
  ips: [string, string][];
  ipPorts: [string, string][];
  cidrs: [string, string][];
  /** intel.allow: domains, IPs and CIDRs that are never mining. */
  allow: string[];
  miningPorts: number[];
}

export interface IntelHit {
  /** What matched: the domain, IP or `ip:port` from the list. */
  indicator: string;
  kind: 'domain' | 'ip' | 'ip-port' | 'cidr';
  source: string;
}

interface V4Range {
  first: number;
  last: number;
  value: string;
  source: string;
}

export function v4ToNumber(ip: string): number | undefined {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return undefined;
      n = n * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      digits++;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0 || part > 255) return undefined;
  return n * 256 + part;
}

function toRange(
  cidr: string,
  source: string,
): V4Range | { v6: [ipaddr.IPv6, number]; value: string; source: string } {
  const [addr, bits] = ipaddr.parseCIDR(cidr);
  if (addr.kind() === 'ipv4') {
    const base = v4ToNumber(addr.toString()) ?? 0;
    const size = 2 ** (32 - bits);
    const first = base - (base % size);
    return { first, last: first + size - 1, value: cidr, source };
  }
  return { v6: [addr as ipaddr.IPv6, bits], value: cidr, source };
}

/** Fast look-ups over mining-pool indicators: exact and parent domains, IPs, IP:port pairs, CIDRs. */
export class IntelMatcher {
  private readonly domains: Map<string, string>;
  private readonly ips: Map<string, string>;
  private readonly ipPorts: Map<string, string>;
  private readonly v4Ranges: V4Range[] = [];
  private readonly v6Ranges: { v6: [ipaddr.IPv6, number]; value: string; source: string }[] = [];
  private readonly allowDomains = new Set<string>();
  private readonly allowIps = new Set<string>();
  private readonly allowV4: V4Range[] = [];
  private readonly allowV6: { v6: [ipaddr.IPv6, number]; value: string; source: string }[] = [];
  readonly miningPorts: Set<number>;
  /** IPs that carry any indicator (bare or with a port): the hot-path pre-check for flow records. */
  private readonly anyIp = new Set<string>();
  /** The same IPv4 addresses as 32-bit numbers, for readers that parse addresses from bytes. */
  readonly anyV4 = new Set<number>();

  readonly data: IntelData;

  constructor(data: IntelData) {
    this.data = data;
    this.domains = new Map(data.domains);
    this.ips = new Map(data.ips);
    this.ipPorts = new Map(data.ipPorts);
    this.miningPorts = new Set(data.miningPorts);
    for (const ip of this.ips.keys()) this.anyIp.add(ip);
    for (const key of this.ipPorts.keys()) this.anyIp.add(key.slice(0, key.lastIndexOf(':')));
    for (const ip of this.anyIp) {
      const n = v4ToNumber(ip);
      if (n !== undefined) this.anyV4.add(n);
    }
    for (const [cidr, source] of data.cidrs) {
      const r = toRange(cidr, source);
      if ('v6' in r) this.v6Ranges.push(r);
      else this.v4Ranges.push(r);
    }
    for (const entry of data.allow) {
      const text = entry.trim();
      if (ipaddr.isValidCIDR(text)) {
        const r = toRange(text, 'intel.allow');
        if ('v6' in r) this.allowV6.push(r);
        else this.allowV4.push(r);
        continue;
      }
      const ip = canonicalIp(text);
      if (ip) this.allowIps.add(ip);
      else this.allowDomains.add(canonicalDomain(text.replace(/^\*\./, '')));
    }
  }

  /** CIDR indicators exist: a numeric pre-check cannot rule an address out. */
  get hasRanges(): boolean {
    return this.v4Ranges.length > 0 || this.v6Ranges.length > 0;
  }

  get size(): number {
    return (
      this.domains.size + this.ips.size + this.ipPorts.size + this.v4Ranges.length + this.v6Ranges.length
    );
  }

  /** Whether an address could match at all; cheap enough to call on every flow record. */
  mayMatchIp(ip: string): boolean {
    return this.anyIp.has(ip) || this.v4Ranges.length > 0 || this.v6Ranges.length > 0;
  }

  /** The indicator an address (optionally with its port) matches, unless the address is allowed. */
  matchIp(ip: string, port?: number): IntelHit | undefined {
    let hit: IntelHit | undefined;
    if (port !== undefined) {
      const key = `${ip}:${port}`;
      const source = this.ipPorts.get(key);
      if (source) hit = { indicator: key, kind: 'ip-port', source };
    }
    if (!hit) {
      const source = this.ips.get(ip);
      if (source) hit = { indicator: ip, kind: 'ip', source };
    }
    if (!hit && (this.v4Ranges.length || this.v6Ranges.length)) {
      const range = this.findRange(ip, this.v4Ranges, this.v6Ranges);
      if (range) hit = { indicator: range.value, kind: 'cidr', source: range.source };
    }
    if (!hit || this.ipAllowed(ip)) return undefined;
    return hit;
  }

  /** Whether `ip` appears only with ports (maltrail lists pool IP:port pairs), none of which is `port`. */
  ipListedWithOtherPort(ip: string): boolean {
    return this.anyIp.has(ip) && !this.ips.has(ip);
  }

  /** The listed domain that `name` equals or falls under (`pool.minexmr.com` under `minexmr.com`). */
  matchDomain(name: string): IntelHit | undefined {
    const domain = canonicalDomain(name);
    if (this.domainAllowed(domain)) return undefined;
    let at = 0;
    let candidate = domain;
    while (candidate.includes('.')) {
      const source = this.domains.get(candidate);
      if (source) return { indicator: candidate, kind: 'domain', source };
      at = candidate.indexOf('.');
      candidate = candidate.slice(at + 1);
    }
    return undefined;
  }

  ipAllowed(ip: string): boolean {
    if (this.allowIps.has(ip)) return true;
    return this.findRange(ip, this.allowV4, this.allowV6) !== undefined;
  }

  domainAllowed(name: string): boolean {
    let candidate = canonicalDomain(name);
    while (candidate !== '') {
      if (this.allowDomains.has(candidate)) return true;
      const dot = candidate.indexOf('.');
      if (dot < 0) break;
      candidate = candidate.slice(dot + 1);
    }
    return false;
  }

  private findRange<T extends { value: string; source: string }>(
    ip: string,
    v4: (V4Range & T)[] | V4Range[],
    v6: { v6: [ipaddr.IPv6, number]; value: string; source: string }[],
  ): { value: string; source: string } | undefined {
    const n = v4ToNumber(ip);
    if (n !== undefined) {
      for (const r of v4) if (n >= r.first && n <= r.last) return r;
      return undefined;
    }
    if (!v6.length || !ipaddr.IPv6.isValid(ip)) return undefined;
    const addr = ipaddr.IPv6.parse(ip);
    for (const r of v6) if (addr.match(r.v6)) return r;
    return undefined;
  }
}
