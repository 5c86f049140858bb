/**
 * Address ranges that are not public, as the local engine's `isPublicIp` judges them (src/detect/addresses.ts):
 * a mining port towards them is no evidence. Kept as data so every rendering uses the same list.
 */
export const NOT_PUBLIC_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
] as const;

/** IPv6 prefixes (lower-case text) that are not public, as `isPublicIp` reads them. */
export const NOT_PUBLIC_V6_PREFIXES = ['fe80', 'fc', 'fd', 'ff', '0:0:0:0:0:0:0:1'] as const;
export const V6_LOOPBACK = '::1';
