/** Fast IPv4 check for the flow hot path: private, loopback, link-local, CGNAT and multicast are not public. */
export function isPublicIp(ip: string): boolean {
  if (ip.includes(':')) {
    const lower = ip.toLowerCase();
    return !(
      lower.startsWith('fe80') ||
      lower.startsWith('fc') ||
      lower.startsWith('fd') ||
      lower === '::1' ||
      lower.startsWith('ff') ||
      lower.startsWith('0:0:0:0:0:0:0:1')
    );
  }
  const dot = ip.indexOf('.');
  const a = Number(ip.slice(0, dot));
  const b = Number(ip.slice(dot + 1, ip.indexOf('.', dot + 1)));
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

/** Epoch seconds or milliseconds (or an ISO string) to epoch milliseconds; NaN when unusable. */
export function toMillis(value: unknown): number {
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) return toMillis(Number(value));
    return Date.parse(value);
  }
  return Number.NaN;
}
