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

const chainStep = (e: Edge) => !escalates(e);
const anyStep = () => true;

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
  const byChain = spread(graph, held, chainStep);
  const byAny = spread(graph, granted, anyStep);

  // Each node's next step towards the nearest principal holding (or granting itself) an action, per action.
  const index = indexOf(graph);
  const towards = new Map<string, (Edge | undefined)[]>();
  const nextSteps = (a: string, escalation: boolean): (Edge | undefined)[] => {
    const k = `${escalation ? 'E' : 'C'}${a}`;
    let next = towards.get(k);
    if (!next) {
      const b = bit.get(a) as bigint;
      const sources: number[] = [];
      for (const [key, m] of escalation ? granted : held)
        if ((m & b) !== 0n) sources.push(index.at.get(key) as number);
      next = nearest(index, sources, !escalation);
      towards.set(k, next);
    }
    return next;
  };
  const route = (node: GraphNode, a: string, escalation: boolean): Route => {
    const next = nextSteps(a, escalation);
    const edges: Edge[] = [];
    let at = node;
    for (let e = next[index.at.get(at.key) as number]; e; e = next[index.at.get(at.key) as number]) {
      edges.push(e);
      at = graph.nodes.get(e.to) as GraphNode;
    }
    const cap = (at.capabilities.get(a) ?? at.escalations.get(a)) as Capability;
    return { edges, holder: at, cap };
  };

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
    for (const [a, b] of bit) {
      if (own & b) {
        const cap = node.capabilities.get(a) as Capability;
        reach.routes.direct.set(a, { edges: [], holder: node, cap });
      } else if (chain & b) reach.routes.chain.set(a, route(node, a, false));
      // Held nowhere it can reach without changing IAM: the shortest way must change it.
      else if (escalation & b) reach.routes.escalation.set(a, route(node, a, true));
    }
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

/** The graph's nodes by number, with each node's incoming steps, for searches run once per action. */
interface Indexed {
  at: Map<string, number>;
  /** Per node: the steps into it, and the number of the node each starts from. */
  into: { edge: Edge; from: number }[][];
}

const indexes = new WeakMap<IdentityGraph, Indexed>();

function indexOf(graph: IdentityGraph): Indexed {
  let ix = indexes.get(graph);
  if (!ix) {
    const at = new Map<string, number>();
    for (const key of graph.nodes.keys()) at.set(key, at.size);
    const into = [...graph.nodes.values()].map((n) =>
      n.in.map((edge) => ({ edge, from: at.get(edge.from) as number })),
    );
    ix = { at, into };
    indexes.set(graph, ix);
  }
  return ix;
}

/**
 * Reverse 0-1 breadth-first search from `sources` (steps into hubs cost nothing): for every node that
 * can reach one, its first step on a shortest way there. Sources themselves have no step.
 */
function nearest(ix: Indexed, sources: number[], chainsOnly: boolean): (Edge | undefined)[] {
  const dist = new Int32Array(ix.into.length).fill(-1);
  const next: (Edge | undefined)[] = new Array(ix.into.length);
  for (const s of sources) dist[s] = 0;
  const back = [...sources];
  const front: number[] = [];
  let head = 0;
  while (front.length || head < back.length) {
    const v = (front.length ? front.pop() : back[head++]) as number;
    const d = dist[v] as number;
    for (const { edge, from } of ix.into[v] as { edge: Edge; from: number }[]) {
      if (chainsOnly && escalates(edge)) continue;
      const via = d + edge.weight;
      const known = dist[from] as number;
      if (known !== -1 && known <= via) continue;
      dist[from] = via;
      next[from] = edge;
      if (edge.weight === 0) front.push(from);
      else back.push(from);
    }
  }
  return next;
}
