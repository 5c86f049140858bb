import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import {
  type Creator,
  type CreatorPath,
  creatorPaths,
  type GrantCondition,
  type GrantRef,
  type PrincipalRef,
  unconditionalActions,
} from '../../../src/model/identity.js';
import type { Policy } from '../../../src/policy/schema.js';
import { type AccountModel, type LoadedEstate, loadEstate, type RoleSubject } from './account-model.js';
import { ActionCatalog } from './action-catalog.js';
import { approvalFor } from './approved.js';
import { type ComputeActions, defaultComputeActions } from './compute-actions.js';
import { escalates, type Route, routesIn } from './creator-paths.js';
import type { StatementRef } from './policy-document.js';
import { buildGraph, type Capability, type GraphNode, type IdentityGraph } from './reachability.js';

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
 * Who can create compute in each AWS account of the bundle, by path (held now, through a chain of
 * roles or passed roles, or by escalation), ranked and matched against `creators.approved`. Missing
 * or failed inputs come back as gaps so the creation-permissions control reads `unassessed` there.
 */
export async function analyzeCreators(
  bundle: EvidenceBundle,
  policy: Policy,
  opts: AnalyzeOptions = {},
): Promise<{ creators: Creator[]; gaps: CollectionGap[] }> {
  const analysis = await analyzeIdentity(bundle, opts);
  return { creators: creatorsFrom(analysis, bundle, policy), gaps: analysis.estate.gaps };
}

/** Turns an analysis into `creators[]`: one entry per principal, account it can create compute in, and path. */
export function creatorsFrom(analysis: IdentityAnalysis, bundle: EvidenceBundle, policy: Policy): Creator[] {
  const out: Creator[] = [];
  for (const model of analysis.estate.accounts.values())
    out.push(...scopeCreators(analysis, model, bundle, policy));
  return out;
}

function scopeCreators(
  analysis: IdentityAnalysis,
  model: AccountModel,
  bundle: EvidenceBundle,
  policy: Policy,
): Creator[] {
  const actions = analysis.compute.compute.filter((c) => !c.onlyWithPassRole).map((c) => c.action);
  const creators: Creator[] = [];
  for (const reach of routesIn(analysis.graph, model.account, actions))
    for (const path of creatorPaths) {
      const routes = reach.routes[path];
      if (routes.size)
        creators.push(assemble(reach.node, path, routes, actions, model, analysis, bundle, policy));
    }
  rank(creators);
  return creators;
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

function kindOf(node: GraphNode, path: CreatorPath, caps: Capability[]): Creator['kind'] {
  if (node.entry) return node.entry.kind;
  const s = node.subject;
  if (s?.type === 'role') {
    const onlyServices = !node.humanEntry && (node.services?.size ?? 0) > 0;
    const serviceLinked = (s as RoleSubject).role.path.startsWith('/aws-service-role/');
    return onlyServices || serviceLinked ? 'service' : 'role';
  }
  if (s?.type === 'user' && path === 'direct' && caps.length > 0 && caps.every((c) => c.viaGroup))
    return 'group-member';
  return 'user';
}

// Conditions are shared objects (one per statement and clause): their identity keys are worked out once.
const conditionKeys = new WeakMap<GrantCondition, string>();
function conditionKey(c: GrantCondition): string {
  let k = conditionKeys.get(c);
  if (k === undefined) {
    k = `${c.effect}|${c.operator}|${c.key}|${c.values.join(',')}|${c.text}`;
    conditionKeys.set(c, k);
  }
  return k;
}

/**
 * The entry's conditions: each route's (its steps' and its grant's), once each; a condition that
 * limits only some of the entry's actions names them.
 */
function conditionsOf(routes: Map<string, Route>, actions: string[]): GrantCondition[] {
  const byKey = new Map<string, { c: GrantCondition; actions: Set<string> }>();
  const add = (action: string, c: GrantCondition) => {
    const k = conditionKey(c);
    let entry = byKey.get(k);
    if (!entry) {
      entry = { c, actions: new Set<string>() };
      byKey.set(k, entry);
    }
    entry.actions.add(action);
  };
  for (const [action, r] of routes) {
    for (const e of r.edges) for (const c of e.conditions) add(action, c);
    for (const c of r.cap.conditions) add(action, c);
  }
  return [...byKey.values()].map(({ c, actions: limited }) => {
    const { actions: _, ...plain } = c;
    return limited.size === actions.length
      ? plain
      : { ...plain, actions: actions.filter((a) => limited.has(a)) };
  });
}

/** The IAM changes an escalation makes: a trust policy or credentials on the way, its own policies at the end. */
function escalationOf(routes: Map<string, Route>): string[] {
  const used = new Set<string>();
  for (const r of routes.values()) {
    for (const e of r.edges) if (escalates(e)) for (const a of e.actions) used.add(a);
    for (const a of r.cap.escalation ?? []) used.add(a);
  }
  return [...used];
}

function assemble(
  node: GraphNode,
  path: CreatorPath,
  routes: Map<string, Route>,
  order: string[],
  model: AccountModel,
  analysis: IdentityAnalysis,
  bundle: EvidenceBundle,
  policy: Policy,
): Creator {
  const actions = order.filter((a) => routes.has(a));
  const shortest = [...routes.values()].reduce((best, r) => (r.edges.length < best.edges.length ? r : best));
  // Statement refs are shared objects: most repeats are the same object, the rest the same place.
  const refs = new Set<StatementRef>();
  for (const r of routes.values()) {
    for (const e of r.edges) for (const u of e.grants) refs.add(u.ref);
    for (const u of r.cap.grants) refs.add(u.ref);
  }
  const grants: GrantRef[] = [];
  const evidence: EvidenceRef[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const k = `${ref.file}#${ref.pointer}#${ref.statement}`;
    if (seen.has(k)) continue;
    seen.add(k);
    grants.push({ policy: ref.policy, statement: ref.statement, effect: ref.effect });
    evidence.push(bundle.ref(ref.file, ref.api, ref.pointer));
  }

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

  const via = shortest.edges.map((e) => e.to).filter((k) => !analysis.graph.nodes.get(k)?.hub);
  const conditions = conditionsOf(routes, actions);
  const rule = approvalFor(policy.creators.approved, principal.id);
  const creator: Creator = {
    provider: 'aws',
    scope: model.account,
    principal,
    kind: kindOf(
      node,
      path,
      [...routes.values()].map((r) => r.cap),
    ),
    path,
    actions,
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
  if (path === 'escalation') creator.escalation = escalationOf(routes);
  const throughApproved = via.find((arn) => approvalFor(policy.creators.approved, arn));
  if (!rule && throughApproved) creator.viaApproved = throughApproved;
  return creator;
}

/**
 * Most urgent first: unapproved; entering from outside; long-lived keys; escalations (nobody meant to
 * grant them, and the IAM write they use undoes other guardrails too); some action free of conditions;
 * people before services; fewer hops; then direct, chain, escalation of the same principal.
 */
export function rank(creators: Creator[]): void {
  const score = (c: Creator): number[] => [
    c.approved ? 1 : 0,
    c.external ? 0 : 1,
    c.longLivedKeys ? 0 : 1,
    c.path === 'escalation' ? 0 : 1,
    unconditionalActions(c).length ? 0 : 1,
    c.kind === 'service' ? 1 : 0,
    c.via.length,
  ];
  const scores = new Map(creators.map((c) => [c, score(c)]));
  creators.sort((a, b) => {
    const x = scores.get(a) as number[];
    const y = scores.get(b) as number[];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    if (a.principal.id !== b.principal.id) return a.principal.id < b.principal.id ? -1 : 1;
    return creatorPaths.indexOf(a.path) - creatorPaths.indexOf(b.path);
  });
  creators.forEach((c, i) => {
    c.rank = i + 1;
  });
}
