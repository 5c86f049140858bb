import type { CreatorPath } from '../../../src/model/identity.js';
import type { Capability, Edge, GraphNode, IdentityGraph } from './reachability.js';

/** How one compute action is reached: the steps taken (none when held) and the grant at the end. */
export interface Route {
  edges: Edge[];
  /** The principal that holds (or grants itself) the action. */
  holder: GraphNode;
  cap: Capability;
}

/** One principal's routes to compute in a scope, by path and then by action. */
export interface Reach {
  node: GraphNode;
  routes: Record<CreatorPath, Map<string, Route>>;
}

/** Rewriting a role's trust or minting a user's credentials changes IAM: a step on an escalation, never a chain. */
export const escalates = (e: Edge) => e.kind === 'trust-edit' || e.kind === 'credentials';

/**
 * Every principal's routes to the compute actions of `scope`, one path each action: `direct` for what
 * it holds, `chain` for what it reaches by becoming other principals, `escalation` for what it can only
 * get by changing IAM first. Each route is a shortest one (steps into hubs are free).
 */
export function routesIn(graph: IdentityGraph, scope: string, actions: readonly string[]): Reach[] {
  const bit = new Map(actions.map((a, i) => [a, 1n << BigInt(i)]));
  const maskOf = (caps: Map<string, Capability>) => {
    let m = 0n;
    for (const a of caps.keys()) m |= bit.get(a) ?? 0n;
    return m;
  };
  const held = new Map<string, bigint>();
  const granted = new Map<string, bigint>();
  for (const n of graph.nodes.values()) {
    if (n.account !== scope) continue;
    const own = maskOf(n.capabilities);
    if (own) held.set(n.key, own);
    const self = own | maskOf(n.escalations);
    if (self) granted.set(n.key, self);
  }
  // What each node reaches: by chains alone (from what is held), and by any steps (escalations too).
  const byChain = spread(graph, held, (e) => !escalates(e));
  const byAny = spread(graph, granted, () => true);

  const out: Reach[] = [];
  for (const [key, any] of byAny) {
    const node = graph.nodes.get(key) as GraphNode;
    if (node.hub) continue;
    const own = held.get(key) ?? 0n;
    const chain = (byChain.get(key) ?? 0n) & ~own;
    const escalation = any & ~own & ~chain;
    const reach: Reach = {
      node,
      routes: { direct: new Map(), chain: new Map(), escalation: new Map() },
    };
    if (node.account === scope)
      for (const [a, cap] of node.capabilities)
        if (bit.has(a)) reach.routes.direct.set(a, { edges: [], holder: node, cap });
    if (chain) search(graph, node, chain, bit, scope, false, reach.routes.chain);
    if (escalation) search(graph, node, escalation, bit, scope, true, reach.routes.escalation);
    out.push(reach);
  }
  return out;
}

/** Reverse propagation of action masks from the nodes that hold them along the allowed edges. */
function spread(graph: IdentityGraph, seeds: Map<string, bigint>, edgeOk: (e: Edge) => boolean) {
  const mask = new Map(seeds);
  const work = [...seeds.keys()];
  while (work.length) {
    const key = work.pop() as string;
    const m = mask.get(key) ?? 0n;
    for (const e of (graph.nodes.get(key) as GraphNode).in) {
      if (!edgeOk(e)) continue;
      const before = mask.get(e.from) ?? 0n;
      const after = before | m;
      if (after !== before) {
        mask.set(e.from, after);
        work.push(e.from);
      }
    }
  }
  return mask;
}

/**
 * Breadth-first from `start` (0-1: steps into hubs cost nothing) until every wanted action has a
 * route. Chains step only on chain edges and end where an action is held; escalations step on any
 * edge and end where it is held or can be granted (the masks guarantee each wanted action is found).
 */
function search(
  graph: IdentityGraph,
  start: GraphNode,
  wanted: bigint,
  bit: Map<string, bigint>,
  scope: string,
  escalation: boolean,
  into: Map<string, Route>,
): void {
  let left = wanted;
  const prev = new Map<string, Edge | null>([[start.key, null]]);
  const deque: GraphNode[] = [start];
  let head = 0;
  const front: GraphNode[] = [];
  while (left && (front.length || head < deque.length)) {
    const v = (front.length ? front.pop() : deque[head++]) as GraphNode;
    if (v.account === scope) {
      const take = (caps: Map<string, Capability>) => {
        for (const [a, cap] of caps) {
          const b = bit.get(a);
          if (!b || (left & b) === 0n || into.has(a)) continue;
          into.set(a, { edges: routeTo(prev, v.key), holder: v, cap });
          left &= ~b;
        }
      };
      take(v.capabilities);
      if (escalation) take(v.escalations);
    }
    for (const e of v.out) {
      if ((!escalation && escalates(e)) || prev.has(e.to)) continue;
      prev.set(e.to, e);
      const next = graph.nodes.get(e.to) as GraphNode;
      if (e.weight === 0) front.push(next);
      else deque.push(next);
    }
  }
}

function routeTo(prev: Map<string, Edge | null>, key: string): Edge[] {
  const edges: Edge[] = [];
  for (let at = key, e = prev.get(at); e; at = e.from, e = prev.get(at)) edges.unshift(e);
  return edges;
}
