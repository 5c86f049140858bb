import ipaddr from 'ipaddr.js';
import { canonicalIp } from '../../intel/indicators.js';
import type { IntelData } from '../../intel/matcher.js';

/** An IPv4 CIDR as the number range it covers; `order` is its place in the intel (the first listed match wins). */
export interface V4Block {
  cidr: string;
  first: number;
  last: number;
}

/**
 * The flow-log leg, cloud-neutral: what to match and how to aggregate, for every engine the logs may live in.
 * It carries the local engine's matching rules (src/detect/reader.ts `ReaderContext.flow`):
 * an allowed address never matches; then the listed `ip:port`, then the bare IP, then the first listed CIDR,
 * then a mining port on a public address. Both ends of a record are checked where the log has no direction.
 */
export interface FlowLeg {
  /** Records whose start is in [since, until). */
  since: Date;
  until: Date;
  ips: string[];
  /** `ip:port` exactly as the intel lists them (the IP canonical). */
  ipPorts: string[];
  cidrs: V4Block[];
  allowIps: string[];
  allowCidrs: V4Block[];
  miningPorts: number[];
  /** Indicators the engines cannot compare as text (IPv6 CIDRs): left out, and said so in the docs. */
  leftOut: string[];
}

/** Result columns every rendering returns, in this order: readers recognize result files by them. */
export const FLOW_LEG_COLUMNS = [
  'rigsight_flow_row',
  'endpoint',
  'scope',
  'instance_id',
  'network_id',
  'remote',
  'port',
  'match_kind',
  'indicator',
  'hour_ms',
  'first_ms',
  'last_ms',
  'records',
  'bytes',
  'packets',
  'accepted',
  'rejected',
  'subnet',
] as const;
export type FlowLegColumn = (typeof FLOW_LEG_COLUMNS)[number];

/** `rigsight_flow_row`: a match aggregated per endpoint, remote, port, match and hour; or an endpoint's coverage. */
export type FlowLegRowKind = 'hit' | 'seen';

export const HOUR_MS = 3_600_000;

export function v4Block(cidr: string): V4Block | undefined {
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  const [addr, bits] = ipaddr.parseCIDR(cidr);
  if (addr.kind() !== 'ipv4') return undefined;
  const base = addr.toByteArray().reduce((n, b) => n * 256 + b, 0);
  const size = 2 ** (32 - bits);
  const first = base - (base % size);
  return { cidr, first, last: first + size - 1 };
}

/** The leg for a window, from compiled intel (the same data the local engine's matcher is built from). */
export function describeFlowLeg(intel: IntelData, window: { since: Date; until: Date }): FlowLeg {
  const leftOut: string[] = [];
  const cidrs: V4Block[] = [];
  for (const [cidr] of intel.cidrs) {
    const block = v4Block(cidr);
    if (block) cidrs.push(block);
    else leftOut.push(cidr);
  }
  const allowIps: string[] = [];
  const allowCidrs: V4Block[] = [];
  for (const entry of intel.allow) {
    const text = entry.trim();
    if (ipaddr.isValidCIDR(text)) {
      const block = v4Block(text);
      if (block) allowCidrs.push(block);
      else leftOut.push(text);
      continue;
    }
    const ip = canonicalIp(text);
    if (ip) allowIps.push(ip);
    // Allowed domains only matter for DNS answers, which the pushed-down leg does not see.
  }
  return {
    since: window.since,
    until: window.until,
    ips: intel.ips.map(([ip]) => ip),
    ipPorts: intel.ipPorts.map(([key]) => key),
    cidrs,
    allowIps,
    allowCidrs,
    miningPorts: [...intel.miningPorts].sort((a, b) => a - b),
    leftOut,
  };
}

/** Where flow records live, in the engine's own expressions (a provider builds it from its table's columns). */
export interface FlowSource {
  /** The FROM item. */
  table: string;
  /** Extra row filters besides the record time (partition pruning). */
  where: string[];
  endpoint: string;
  scope: string;
  instanceId: string;
  networkId: string;
  /** The subnet as the local reader keys it, where flow logs are switched on per subnet (GCP); NULL elsewhere. */
  subnet?: string;
  /** Record start and end in epoch milliseconds. */
  firstMs: string;
  lastMs: string;
  /** True when the record carries addresses (not a no-data record); such records still count for coverage. */
  hasFlow: string;
  accepted: string;
  bytes: string;
  packets: string;
  /** The ends a record is matched on: the remote address, its port, and when that end applies. */
  sides: { remote: string; port: string; when: string }[];
}
