import type { ResourceBase } from './resource.js';

/** A virtual network: AWS VPC, Azure VNet, GCP VPC network. */
export interface Network extends ResourceBase {
  isDefault: boolean;
  cidrs: string[];
  /** The scope that owns a network shared into this one (AWS RAM shared VPC); absent when it is the scope's own. */
  ownerScope?: string;
}

export interface Subnet extends ResourceBase {
  networkId: string;
  cidrs: string[];
}

export type RouteTarget =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'transit-gateway'
  | 'peering'
  | 'firewall-endpoint'
  | 'instance'
  | 'blackhole'
  | 'other';

export interface Route {
  destination: string;
  target: RouteTarget;
  targetId?: string;
  /** The route reaches the internet only from an interface with a public address (an AWS or GCP internet gateway). */
  needsPublicIp?: boolean;
}

/** Routes that apply to a set of subnets; `main` applies to every subnet without an explicit table. */
export interface RouteTable extends ResourceBase {
  networkId: string;
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}

export interface PortRange {
  from: number;
  to: number;
}

/** One outbound rule, as the provider states it. */
export interface EgressRule {
  /** `next` hands the decision to the next tier (a GCP hierarchical policy's `goto_next`). */
  action: 'allow' | 'deny' | 'next';
  /** Evaluation order for ordered rule lists (NACL rule number, NSG or firewall priority): lower first. */
  priority?: number;
  /** `all`, `tcp`, `udp`, `icmp`, `icmpv6`, or an IP protocol number as text. */
  protocol: string;
  /** `all` when the rule covers every port. */
  ports: PortRange | 'all';
  /** A CIDR, a prefix list id or a peer group id. */
  destination: { kind: 'cidr' | 'prefix-list' | 'group'; value: string };
  /**
   * For a prefix list: `provider` when the cloud maintains it (its own service ranges), `unknown` when its
   * entries were not collected, so the addresses it opens cannot be judged. Resolved lists become CIDR rules.
   */
  listOwner?: 'provider' | 'unknown';
  /** JSON pointer of this rule in the evidence file. */
  pointer?: string;
  /** The rule applies only to workloads with one of these network tags or service accounts (GCP); absent: to all. */
  targets?: { tags?: string[]; serviceAccounts?: string[] };
  /** Implied by the cloud rather than written by anyone (NSG default rules, GCP's implied allow-all egress). */
  implied?: boolean;
}

/**
 * A set of egress rules: `interface` level (AWS security group, Azure NSG on a NIC),
 * `subnet` level (AWS network ACL, Azure NSG on a subnet), or `network` level (GCP firewall rules and
 * firewall policies). Outbound traffic must pass every level that applies: interface, then subnet, then
 * network; within the network level, tiers in order.
 */
export interface Firewall extends ResourceBase {
  level: 'interface' | 'subnet' | 'network';
  networkId?: string;
  /** Ordered lists are evaluated in `priority` order, first match wins; unordered ones are allow-only sets. */
  ordered: boolean;
  /**
   * Among network-level firewalls that apply together, lower tiers decide first (GCP: the organization's
   * policy 0, then folders from the top, then the network's policy, then its VPC firewall rules).
   */
  tier?: number;
  /** Subnets a subnet-level firewall applies to. */
  subnetIds: string[];
  egress: EgressRule[];
}
