import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import type { Creator, GrantCondition, GrantRef, PrincipalRef } from '../../../src/model/identity.js';
import type { Policy } from '../../../src/policy/schema.js';
import { type AccountModel, type LoadedEstate, loadEstate, type RoleSubject } from './account-model.js';
import { ActionCatalog } from './action-catalog.js';
import { approvalFor } from './approved.js';
import { type ComputeActions, defaultComputeActions } from './compute-actions.js';
import type { StatementUse } from './evaluator.js';
import {
  buildGraph,
  type Capability,
  type Edge,
  type GraphNode,
  type IdentityGraph,
} from './reachability.js';

export interface AnalyzeOptions {
  /** The compute and escalation action list; defaults to policies/compute-actions.yaml. */
  computeActions?: ComputeActions;
}

/** Everything the identity engine worked out, for creators, explain and the bench. */
export interface IdentityAnalysis {
  estate: LoadedEstate;
  graph: IdentityGraph;
  catalog: ActionCatalog;
  compute: ComputeActions;
}

const catalogs = new Map<ComputeActions, Promise<ActionCatalog>>();

/** Loads the action catalog entries the analysis needs (once per action list). */
export function catalogFor(compute: ComputeActions): Promise<ActionCatalog> {
  let c = catalogs.get(compute);
  if (!c) {
    c = ActionCatalog.load([
      ...compute.compute.map((a) => a.action),
      ...compute.escalation.map((a) => a.action),
    ]);
    catalogs.set(compute, c);
  }
  return c;
}

/** Reads the bundle's IAM and organization data and builds the graph of who can become whom. */
export async function analyzeIdentity(
  bundle: EvidenceBundle,
  opts: AnalyzeOptions = {},
): Promise<IdentityAnalysis> {
  const compute = opts.computeActions ?? defaultComputeActions();
  return analyzeIdentityWith(bundle, await catalogFor(compute), compute);
}

/** The same, with the action catalog already loaded (the catalog is the only asynchronous input). */
export function analyzeIdentityWith(
  bundle: EvidenceBundle,
  catalog: ActionCatalog,
  compute: ComputeActions,
): IdentityAnalysis {
  const estate = loadEstate(bundle);
  const graph = buildGraph(estate.accounts, catalog, compute);
  return { estate, graph, catalog, compute };
}

/**
 * Who can create compute in each AWS account of the bundle, directly or through a chain of roles,
 * passed roles or self-escalation, ranked and matched against `creators.approved`. Missing or failed
 * inputs come back as gaps so the creation-permissions control reads `unassessed` there.
 */
export async function analyzeCreators(
  bundle: EvidenceBundle,
  policy: Policy,
  opts: AnalyzeOptions = {},
): Promise<{ creators: Creator[]; gaps: CollectionGap[] }> {
  const analysis = await analyzeIdentity(bundle, opts);
  return { creators: creatorsFrom(analysis, bundle, policy), gaps: analysis.estate.gaps };
}

/** Turns an analysis into `creators[]`, one entry per principal per account it can create compute in. */
export function creatorsFrom(analysis: IdentityAnalysis, bundle: EvidenceBundle, policy: Policy): Creator[] {
  const out: Creator[] = [];
  for (const model of analysis.estate.accounts.values())
    out.push(...scopeCreators(analysis, model, bundle, policy));
  return out;
}

interface Step {
  edge: Edge;
}

function bestVerdict(n: GraphNode): 'allow' | 'conditional' | undefined {
  let v: 'allow' | 'conditional' | undefined;
  for (const c of n.capabilities.values()) {
    if (c.verdict === 'allow') return 'allow';
    v = 'conditional';
  }
  return v;
}

/**
 * Reverse breadth-first search from the nodes that create compute, counting steps into hubs as free:
 * each node's next step on a shortest path.
 */
function shortestNext(
  nodes: Map<string, GraphNode>,
  targets: GraphNode[],
  edgeOk: (e: Edge) => boolean,
): Map<string, Step | null> {
  const next = new Map<string, Step | null>();
  let frontier: GraphNode[] = [];
  for (const t of targets) {
    next.set(t.key, null);
    frontier.push(t);
  }
  while (frontier.length) {
    // Everything one free step away belongs to the same level.
    for (let i = 0; i < frontier.length; i++) {
      const v = frontier[i] as GraphNode;
      for (const e of v.in) {
        if (e.weight !== 0 || !edgeOk(e) || next.has(e.from)) continue;
        next.set(e.from, { edge: e });
        frontier.push(nodes.get(e.from) as GraphNode);
      }
    }
    const following: GraphNode[] = [];
    for (const v of frontier)
      for (const e of v.in) {
        if (e.weight !== 1 || !edgeOk(e) || next.has(e.from)) continue;
        next.set(e.from, { edge: e });
        following.push(nodes.get(e.from) as GraphNode);
      }
    frontier = following;
  }
  return next;
}

function scopeCreators(
  analysis: IdentityAnalysis,
  model: AccountModel,
  bundle: EvidenceBundle,
  policy: Policy,
): Creator[] {
  const { graph } = analysis;
  const scope = model.account;
  const actions = analysis.compute.compute.filter((c) => !c.onlyWithPassRole).map((c) => c.action);
  const bit = new Map(actions.map((a, i) => [a, 1n << BigInt(i)]));
  const targets = [...graph.nodes.values()].filter((n) => n.account === scope && n.capabilities.size > 0);
  const targetSet = new Set(targets.map((t) => t.key));

  // What each node can reach: its own compute here, plus everything reachable through its edges.
  const mask = new Map<string, bigint>();
  const work: GraphNode[] = [];
  for (const t of targets) {
    let m = 0n;
    for (const a of t.capabilities.keys()) m |= bit.get(a) ?? 0n;
    mask.set(t.key, m);
    work.push(t);
  }
  while (work.length) {
    const v = work.pop() as GraphNode;
    const m = mask.get(v.key) ?? 0n;
    for (const e of v.in) {
      const before = mask.get(e.from) ?? 0n;
      const after = before | m;
      if (after !== before) {
        mask.set(e.from, after);
        work.push(graph.nodes.get(e.from) as GraphNode);
      }
    }
  }

  const unconditionalTargets = targets.filter((t) => bestVerdict(t) === 'allow');
  const nextU = shortestNext(graph.nodes, unconditionalTargets, (e) => e.conditions.length === 0);
  const nextA = shortestNext(graph.nodes, targets, () => true);

  const creators: Creator[] = [];
  for (const [key, m] of mask) {
    if (m === 0n) continue;
    const node = graph.nodes.get(key) as GraphNode;
    if (node.hub) continue;
    const direct = targetSet.has(key);
    let path: Edge[] = [];
    if (!(direct && bestVerdict(node) === 'allow')) {
      const next = nextU.has(key) ? nextU : direct ? undefined : nextA;
      if (next) path = follow(next, key);
    }
    const terminal = path.length ? (graph.nodes.get((path[path.length - 1] as Edge).to) as GraphNode) : node;
    // A direct creator that reaches more through others: cite how it gets the rest (e.g. iam:PassRole).
    const own = ownMask(node, bit);
    const extension =
      path.length === 0 && (m & ~own) !== 0n ? extend(graph.nodes, node, own, bit, scope) : [];
    creators.push(
      assemble(node, terminal, path, extension, m, actions, bit, model, analysis, bundle, policy),
    );
  }
  rank(creators);
  return creators;
}

function ownMask(n: GraphNode, bit: Map<string, bigint>): bigint {
  let m = 0n;
  for (const a of n.capabilities.keys()) m |= bit.get(a) ?? 0n;
  return m;
}

/** Shortest path from `start` to a node in `scope` that adds compute `start` lacks. */
function extend(
  nodes: Map<string, GraphNode>,
  start: GraphNode,
  own: bigint,
  bit: Map<string, bigint>,
  scope: string,
): Edge[] {
  const prev = new Map<string, Edge | null>([[start.key, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length && head < 20_000; head++) {
    const v = queue[head] as GraphNode;
    if (v !== start && v.account === scope && (ownMask(v, bit) & ~own) !== 0n) {
      const path: Edge[] = [];
      for (let at = v.key; prev.get(at); ) {
        const e = prev.get(at) as Edge;
        path.unshift(e);
        at = e.from;
      }
      return path;
    }
    for (const e of v.out) {
      if (prev.has(e.to)) continue;
      prev.set(e.to, e);
      queue.push(nodes.get(e.to) as GraphNode);
    }
  }
  return [];
}

function follow(next: Map<string, Step | null>, from: string): Edge[] {
  const path: Edge[] = [];
  let at = from;
  for (let guard = 0; guard < 64; guard++) {
    const step = next.get(at);
    if (!step) break;
    path.push(step.edge);
    at = step.edge.to;
  }
  return path;
}

function usedCaps(n: GraphNode): Capability[] {
  const all = [...n.capabilities.values()];
  const allowed = all.filter((c) => c.verdict === 'allow');
  return allowed.length ? allowed : all;
}

function dedupeConditions(list: GrantCondition[]): GrantCondition[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const k = `${c.operator}|${c.key}|${c.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function principalOf(node: GraphNode): PrincipalRef {
  if (node.entry) {
    const ref: PrincipalRef = { id: node.entry.id, type: node.entry.type };
    if (node.entry.name) ref.name = node.entry.name;
    return ref;
  }
  const s = node.subject;
  if (!s) return { id: node.key, type: 'anonymous' };
  return {
    id: s.arn,
    type: s.type === 'root' ? 'account' : s.type,
    name: s.type === 'root' ? 'root user' : s.name,
  };
}

function kindOf(node: GraphNode, caps: Capability[], direct: boolean): Creator['kind'] {
  if (node.entry) return node.entry.kind;
  const s = node.subject;
  if (s?.type === 'role') {
    const onlyServices = !node.humanEntry && (node.services?.size ?? 0) > 0;
    const serviceLinked = (s as RoleSubject).role.path.startsWith('/aws-service-role/');
    return onlyServices || serviceLinked ? 'service' : 'role';
  }
  if (s?.type === 'user' && direct && caps.length > 0 && caps.every((c) => c.viaGroup)) return 'group-member';
  return 'user';
}

function assemble(
  node: GraphNode,
  terminal: GraphNode,
  path: Edge[],
  extension: Edge[],
  m: bigint,
  actions: string[],
  bit: Map<string, bigint>,
  model: AccountModel,
  analysis: IdentityAnalysis,
  bundle: EvidenceBundle,
  policy: Policy,
): Creator {
  const caps = usedCaps(terminal);
  const terminalConditional = bestVerdict(terminal) !== 'allow';
  const conditions = dedupeConditions([
    ...path.flatMap((e) => e.conditions),
    ...(terminalConditional ? caps.flatMap((c) => c.conditions) : []),
  ]);
  const extended = extension.length
    ? (analysis.graph.nodes.get((extension[extension.length - 1] as Edge).to) as GraphNode)
    : undefined;
  const uses: StatementUse[] = [
    ...path.flatMap((e) => e.grants),
    ...caps.flatMap((c) => c.grants),
    ...extension.flatMap((e) => e.grants),
    ...(extended
      ? usedCaps(extended)
          .filter((c) => !node.capabilities.has(c.action))
          .flatMap((c) => c.grants)
      : []),
  ];
  const grants: GrantRef[] = [];
  const evidence: EvidenceRef[] = [];
  const seen = new Set<string>();
  for (const u of uses) {
    const k = `${u.ref.file}#${u.ref.pointer}#${u.ref.statement}`;
    if (seen.has(k)) continue;
    seen.add(k);
    grants.push({ policy: u.ref.policy, statement: u.ref.statement, effect: u.ref.effect });
    evidence.push(bundle.ref(u.ref.file, u.ref.api, u.ref.pointer));
  }
  const escalation = [
    ...new Set([
      ...[...path, ...extension].flatMap((e) => e.actions.filter((a) => !bit.has(a))),
      ...(caps.every((c) => c.escalation) ? caps.flatMap((c) => c.escalation ?? []) : []),
    ]),
  ];

  const principal = principalOf(node);
  const s = node.subject;
  let longLivedKeys: boolean | undefined;
  let credentialFile: string | undefined;
  if (s && (s.type === 'user' || s.type === 'root')) {
    const owner = analysis.estate.accounts.get(s.account);
    if (owner?.credentials) {
      longLivedKeys = owner.credentials.get(s.arn)?.activeAccessKey ?? false;
      credentialFile = owner.credentialFile;
    }
  } else if (s?.type === 'role') longLivedKeys = false;
  if (longLivedKeys && credentialFile)
    evidence.push(bundle.ref(credentialFile, 'iam:GetCredentialReport', '/Content'));

  const via = path.map((e) => e.to).filter((k) => !analysis.graph.nodes.get(k)?.hub);
  const rule = approvalFor(policy.creators.approved, principal.id);
  const creator: Creator = {
    provider: 'aws',
    scope: model.account,
    principal,
    kind: kindOf(node, caps, path.length === 0),
    actions: actions.filter((a) => ((bit.get(a) ?? 0n) & m) !== 0n),
    via,
    external: Boolean(node.entry) || node.account !== model.account,
    approved: Boolean(rule),
    rank: 0,
    grants,
    evidence,
  };
  if (conditions.length) creator.conditions = conditions;
  if (longLivedKeys !== undefined) creator.longLivedKeys = longLivedKeys;
  if (rule) creator.approvedBy = rule.principal;
  if (escalation.length) creator.escalation = escalation;
  const throughApproved = via.find((arn) => approvalFor(policy.creators.approved, arn));
  if (!rule && throughApproved) creator.viaApproved = throughApproved;
  return creator;
}

/** Most urgent first: unapproved, external entry points, long-lived keys, unconditional, people before services, short chains. */
export function rank(creators: Creator[]): void {
  const score = (c: Creator): number[] => [
    c.approved ? 1 : 0,
    c.external ? 0 : 1,
    c.longLivedKeys ? 0 : 1,
    c.conditions?.length ? 1 : 0,
    c.kind === 'service' ? 1 : 0,
    c.via.length,
  ];
  creators.sort((a, b) => {
    const x = score(a);
    const y = score(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    return a.principal.id < b.principal.id ? -1 : a.principal.id > b.principal.id ? 1 : 0;
  });
  creators.forEach((c, i) => {
    c.rank = i + 1;
  });
}
