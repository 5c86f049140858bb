import ipaddr from 'ipaddr.js';

/** An inclusive range of addresses of one family, as big integers. */
export interface AddressRange {
  family: 'ipv4' | 'ipv6';
  start: bigint;
  end: bigint;
}

function toBig(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

/** `10.0.0.0/8` → its first and last address; undefined for text that is not a CIDR. */
export function cidrRange(cidr: string): AddressRange | undefined {
  try {
    const [addr, bits] = ipaddr.parseCIDR(cidr);
    const width = addr.kind() === 'ipv4' ? 32 : 128;
    const start = (toBig(addr) >> BigInt(width - bits)) << BigInt(width - bits);
    const end = start + (1n << BigInt(width - bits)) - 1n;
    return { family: addr.kind() as AddressRange['family'], start, end };
  } catch {
    return undefined;
  }
}

/** Addresses outside every range in `minus`. */
export function subtract(ranges: AddressRange[], minus: AddressRange[]): AddressRange[] {
  let out = ranges;
  for (const m of minus) {
    out = out.flatMap((r) => {
      if (r.family !== m.family || m.end < r.start || m.start > r.end) return [r];
      const left = m.start > r.start ? [{ ...r, end: m.start - 1n }] : [];
      const right = m.end < r.end ? [{ ...r, start: m.end + 1n }] : [];
      return [...left, ...right];
    });
  }
  return out;
}

export function overlaps(ranges: AddressRange[], r: AddressRange): boolean {
  return ranges.some((x) => x.family === r.family && x.start <= r.end && r.start <= x.end);
}

const notInternet = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
];

/**
 * Where a mining pool can be: public IPv4 (everything but private, shared, loopback, link-local, multicast and
 * reserved space), global IPv6 unicast 2000::/3, and 64:ff9b::/96, through which IPv6-only hosts reach IPv4 (NAT64).
 */
export function internetSpace(family: 'ipv4' | 'ipv6'): AddressRange[] {
  if (family === 'ipv6') return ['2000::/3', '64:ff9b::/96'].map((c) => cidrRange(c) as AddressRange);
  return subtract(
    [cidrRange('0.0.0.0/0') as AddressRange],
    notInternet.map((c) => cidrRange(c) as AddressRange),
  );
}

/** Addresses in both `ranges` and `r`. */
export function intersect(ranges: AddressRange[], r: AddressRange): AddressRange[] {
  return ranges
    .filter((x) => x.family === r.family && x.start <= r.end && r.start <= x.end)
    .map((x) => ({
      family: x.family,
      // biome-ignore lint/complexity/useMathMinMax: addresses are bigints, which Math.max does not take
      start: x.start > r.start ? x.start : r.start,
      // biome-ignore lint/complexity/useMathMinMax: addresses are bigints, which Math.min does not take
      end: x.end < r.end ? x.end : r.end,
    }));
}

/** Addresses in `a` and in `b`. */
export function intersectAll(a: AddressRange[], b: AddressRange[]): AddressRange[] {
  return b.flatMap((r) => intersect(a, r));
}

/** A rule destination as a range of one family: `*` (any address, as NSGs write it) spans the family. */
export function destinationRange(value: string, family: 'ipv4' | 'ipv6'): AddressRange | undefined {
  if (value === '*' || value.toLowerCase() === 'any')
    return cidrRange(family === 'ipv4' ? '0.0.0.0/0' : '::/0');
  return cidrRange(value);
}
