import ipaddr from 'ipaddr.js';

/** One line of an indicator list, classified. URL paths and other non-network lines are skipped. */
export type Indicator =
  | { kind: 'domain'; value: string }
  | { kind: 'ip'; value: string }
  | { kind: 'ip-port'; value: string; ip: string; port: number }
  | { kind: 'cidr'; value: string };

/** A line that is a comment, blank, or names something a flow or DNS record cannot show (a URL path). */
export type Skipped = { reason: 'comment' | 'blank' | 'url-path' | 'invalid' };

const domainPattern = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** Canonical text of an IP address: IPv4 dotted, IPv6 fully expanded lower-case (so lookups are exact). */
export function canonicalIp(text: string): string | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  const addr = ipaddr.parse(text);
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toNormalizedString();
  }
  // ipaddr accepts shorthand such as "10.1" or octal; only four plain decimal parts count as IPv4 here.
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) ? addr.toString() : undefined;
}

/** A domain as DNS logs print it, made comparable: lower case, no trailing dot. */
export function canonicalDomain(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Classifies one list line (maltrail, falco, sigma or a user list; one indicator per line, `#` comments). */
export function parseIndicator(line: string): Indicator | Skipped {
  const text = line.replace(/\s+#.*$/, '').trim();
  if (text === '') return { reason: 'blank' };
  if (text.startsWith('#')) return { reason: 'comment' };
  let host = text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(host);
  if (scheme) host = host.slice(scheme[0].length);
  const slash = host.indexOf('/');
  if (slash === 0) return { reason: 'url-path' };
  if (slash > 0) {
    const rest = host.slice(slash + 1);
    const cidrBits = /^\d{1,3}$/.test(rest) && !scheme;
    if (cidrBits) {
      if (!ipaddr.isValidCIDR(host)) return { reason: 'invalid' };
      const [addr, bits] = ipaddr.parseCIDR(host);
      return { kind: 'cidr', value: `${addr.toString()}/${bits}` };
    }
    // A URL with a path names a file on a host that may be a compromised, legitimate site: only
    // bare IP hosts are kept, since an address serving miner payloads is itself worth flagging.
    host = host.slice(0, slash);
    if (rest !== '' && !canonicalIp(host.replace(/:\d+$/, ''))) return { reason: 'url-path' };
  }
  const ipPort =
    /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(host) ?? /^\[([0-9a-f:.]+)\]:(\d{1,5})$/i.exec(host);
  if (ipPort) {
    const ip = canonicalIp(ipPort[1] ?? '');
    const port = Number(ipPort[2]);
    if (!ip || port > 65535) return { reason: 'invalid' };
    return { kind: 'ip-port', value: `${ip}:${port}`, ip, port };
  }
  const ip = canonicalIp(host);
  if (ip) return { kind: 'ip', value: ip };
  const domain = canonicalDomain(host.replace(/:\d+$/, '').replace(/^\*\./, ''));
  if (domainPattern.test(domain)) return { kind: 'domain', value: domain };
  return { reason: 'invalid' };
}
