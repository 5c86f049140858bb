import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { CreatorPath, GrantCondition } from '../../../src/model/identity.js';
import type { ComputeActions } from './compute-actions.js';
import { escalates } from './creator-paths.js';
import { analyzeIdentity } from './creators.js';
import { type Decision, evaluate, type ResourceSpec, type StatementUse, type Subject } from './evaluator.js';
import { type Edge, type GraphNode, resourceSpec } from './reachability.js';

export interface ExplainStep {
  from: string;
  to: string;
  kind: Edge['kind'];
  actions: string[];
  statements: StatementUse[];
  conditions: GrantCondition[];
}

export interface ExplainResult {
  principal: string;
  found: boolean;
  /** Why the principal could not be judged (not in the bundle). */
  problem?: string;
  account?: string;
  action: string;
  /** The resource (ARN) or resource types asked about. */
  resource: string;
  /** The action is not in AWS's catalog (a typo, or a retired action). */
  unknownAction?: boolean;
  /** How the principal gets the action, as in creators[]: held now, through a chain, or by escalation. */
  path?: CreatorPath;
  direct?: Decision;
  /** When it does not hold the action: the shortest way to a principal that does (or can grant it itself). */
  chain?: { steps: ExplainStep[]; decision: Decision; principal: string };
  /** A compute action the principal at the end (itself, or the chain's last) can grant itself. */
  selfEscalation?: { principal: string; actions: string[]; verdict: string; statements: StatementUse[] };
}

export interface ExplainOptions {
  /** A specific resource ARN instead of the action's resource types. */
  resource?: string;
  computeActions?: ComputeActions;
}

function sessionToRole(arn: string, nodes: Map<string, GraphNode>): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (!m) return undefined;
  for (const n of nodes.values())
    if (n.subject?.type === 'role' && n.subject.account === m[2] && n.subject.name === m[3]) return n.key;
  return undefined;
}

const granted = (d: Decision) => d.verdict === 'allow' || d.verdict === 'conditional';

/**
 * Why a principal can or cannot perform an action: the decision and every statement that allowed,
 * denied or bounded it (identity policies, permissions boundary, each SCP level), and — when it does
 * not hold it — the path creators[] would report: the shortest chain to a principal that does, or
 * else the escalation (its own, or after steps that change IAM).
 */
export async function explain(
  bundle: EvidenceBundle,
  principal: string,
  action: string,
  opts: ExplainOptions = {},
): Promise<ExplainResult> {
  const analysis = await analyzeIdentity(
    bundle,
    opts.computeActions ? { computeActions: opts.computeActions } : {},
  );
  const { graph, catalog, compute } = analysis;
  const key = graph.nodes.has(principal) ? principal : (sessionToRole(principal, graph.nodes) ?? principal);
  const node = graph.nodes.get(key);
  const result: ExplainResult = { principal, found: false, action, resource: opts.resource ?? '' };
  if (!node?.subject) {
    const accounts = [...analysis.estate.accounts.keys()].join(', ') || 'none';
    result.problem = `${principal} is not a user, role or root user of the accounts in the bundle (${accounts}).`;
    return result;
  }
  const info = await catalog.ensure(action);
  if (!info) result.unknownAction = true;
  const listed = compute.compute.find((c) => c.action.toLowerCase() === action.toLowerCase());
  const specFor = (s: Subject): ResourceSpec =>
    opts.resource
      ? { kind: 'arn', arn: opts.resource }
      : resourceSpec(catalog, listed ?? info?.name ?? action, s.partition, s.account);
  const subject = node.subject;
  const spec = specFor(subject);
  const name = info?.name ?? action;
  result.found = true;
  result.account = subject.account;
  result.resource = spec.kind === 'arn' ? spec.arn : spec.types.map((t) => t.name).join(', ') || '*';
  result.direct = evaluate(subject, name, spec, { explain: true });
  if (granted(result.direct)) {
    result.path = 'direct';
    return result;
  }
  const selfGrant = (v: GraphNode) => (listed ? v.escalations.get(listed.action) : undefined);
  const decide = (v: GraphNode) =>
    evaluate(v.subject as Subject, name, specFor(v.subject as Subject), { explain: true });

  // A chain first (steps that change nothing), then anything that changes IAM, as creators[] orders them.
  const chain = shortest(
    graph.nodes,
    node,
    (e) => !escalates(e),
    (v) => granted(decide(v)),
  );
  if (chain) {
    result.path = 'chain';
    result.chain = { steps: chain.steps, decision: decide(chain.end), principal: chain.end.key };
    return result;
  }
  const own = selfGrant(node);
  const reach = own
    ? undefined
    : shortest(
        graph.nodes,
        node,
        () => true,
        (v) => granted(decide(v)) || selfGrant(v) !== undefined,
      );
  const end = reach?.end ?? node;
  const cap = selfGrant(end);
  if (!own && !reach) return result;
  result.path = 'escalation';
  if (reach) result.chain = { steps: reach.steps, decision: decide(end), principal: end.key };
  if (cap && !(reach && granted(result.chain?.decision as Decision)))
    result.selfEscalation = {
      principal: end.key,
      actions: cap.escalation ?? [],
      verdict: cap.verdict,
      statements: cap.grants,
    };
  return result;
}

/** Breadth-first over the graph's steps from `start` to the first other principal that `done` accepts. */
function shortest(
  nodes: Map<string, GraphNode>,
  start: GraphNode,
  edgeOk: (e: Edge) => boolean,
  done: (v: GraphNode) => boolean,
): { steps: ExplainStep[]; end: GraphNode } | undefined {
  const prev = new Map<string, Edge | null>([[start.key, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as GraphNode;
    if (v !== start && v.subject && done(v)) return { steps: stepsTo(nodes, prev, v.key), end: v };
    for (const e of v.out) {
      if (!edgeOk(e) || prev.has(e.to)) continue;
      prev.set(e.to, e);
      queue.push(nodes.get(e.to) as GraphNode);
    }
  }
  return undefined;
}

function stepsTo(nodes: Map<string, GraphNode>, prev: Map<string, Edge | null>, key: string): ExplainStep[] {
  const steps: ExplainStep[] = [];
  for (let at = key; prev.get(at); ) {
    const e = prev.get(at) as Edge;
    const after = steps[0];
    // A hub only groups callers with identical statements: fold the step into it with the step out.
    if (after && nodes.get(e.to)?.hub)
      steps[0] = {
        ...after,
        from: e.from,
        actions: [...new Set([...e.actions, ...after.actions])],
        statements: [...e.grants, ...after.statements],
        conditions: [...e.conditions, ...after.conditions],
      };
    else
      steps.unshift({
        from: e.from,
        to: e.to,
        kind: e.kind,
        actions: e.actions,
        statements: e.grants,
        conditions: e.conditions,
      });
    at = e.from;
  }
  return steps;
}

const PATH: Record<CreatorPath | 'none', string> = {
  direct: 'direct: it holds the action now',
  chain: 'chain: it can become a principal that holds the action',
  escalation: 'escalation: it must change IAM first (policies, trust, credentials) to get the action',
  none: 'none: no path rigsight follows leads to the action',
};

const VERDICT: Record<string, string> = {
  allow: 'ALLOWED',
  conditional: 'ALLOWED ONLY UNDER CONDITIONS',
  'explicit-deny': 'DENIED (explicit Deny)',
  'implicit-deny': 'DENIED (nothing allows it)',
};

function statementLine(u: StatementUse): string[] {
  const lines = [
    `  ${u.ref.effect.padEnd(5)} ${u.ref.policy} · ${u.ref.statement}`,
    `        ${u.ref.file}#${u.ref.pointer}`,
  ];
  // A Deny's conditions say when the grant survives it.
  for (const c of u.conditions)
    lines.push(`        ${u.ref.effect === 'Deny' ? 'the grant holds ' : ''}${c.text}`);
  return lines;
}

function decisionLines(d: Decision): string[] {
  const lines: string[] = [];
  lines.push('Identity-based policies:');
  if (d.allows.length) for (const u of d.allows) lines.push(...statementLine(u));
  else lines.push('  (no identity statement allows it)');
  if (d.denies.length) {
    lines.push('Deny statements:');
    for (const u of d.denies) lines.push(...statementLine(u));
  }
  if (d.boundary) {
    lines.push(`Permissions boundary ${d.boundary.policy}:`);
    if (d.boundary.allows.length) for (const u of d.boundary.allows) lines.push(...statementLine(u));
    else lines.push('  (the boundary allows nothing of it)');
  } else lines.push('Permissions boundary: none');
  if (d.scp) {
    lines.push('Service control policies, root → account:');
    for (const level of d.scp) {
      lines.push(`  at ${level.target}:`);
      if (level.allows.length)
        for (const u of level.allows) lines.push(...statementLine(u).map((l) => `  ${l}`));
      else lines.push('    (no SCP here allows it)');
    }
  } else lines.push('Service control policies: none apply');
  if (d.conditions.length) {
    lines.push('The grant holds:');
    for (const c of d.conditions) lines.push(`  ${c.text}`);
  }
  if (d.why.length) {
    lines.push('Why not:');
    for (const w of d.why) lines.push(`  ${w}`);
  }
  return lines;
}

/** The explain result as text for a terminal. */
export function formatExplain(r: ExplainResult): string {
  const lines: string[] = [];
  lines.push(`Principal  ${r.principal}${r.account ? `  (account ${r.account})` : ''}`);
  lines.push(`Action     ${r.action}${r.unknownAction ? '  (not in the AWS action catalog)' : ''}`);
  if (!r.found || !r.direct) {
    lines.push(`Decision   UNKNOWN: ${r.problem}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`Resource   ${r.resource}`);
  lines.push(`Decision   ${VERDICT[r.direct.verdict]}`);
  lines.push(`Path       ${PATH[r.path ?? 'none']}`);
  lines.push('');
  lines.push(...decisionLines(r.direct));
  const self = r.selfEscalation;
  if (self && self.principal !== r.chain?.principal) {
    lines.push('');
    lines.push(`It can grant itself this through ${self.actions.join(' + ')} (${self.verdict}):`);
    for (const u of self.statements) lines.push(...statementLine(u));
  }
  if (r.chain) {
    lines.push('');
    lines.push(
      `Through ${r.path === 'escalation' ? 'an escalation' : 'a chain'}: ${self?.principal === r.chain.principal ? 'GRANTS ITSELF THE ACTION' : VERDICT[r.chain.decision.verdict]} as ${r.chain.principal}`,
    );
    r.chain.steps.forEach((s, i) => {
      lines.push(`  ${i + 1}. ${s.from} → ${s.to}  (${s.actions.join(' + ')})`);
      for (const u of s.statements) lines.push(...statementLine(u).map((l) => `    ${l}`));
      for (const c of s.conditions) lines.push(`       ${c.text}`);
    });
    if (self && self.principal === r.chain.principal) {
      lines.push(`  which can grant itself this through ${self.actions.join(' + ')} (${self.verdict}):`);
      for (const u of self.statements) lines.push(...statementLine(u).map((l) => `  ${l}`));
    } else lines.push(...decisionLines(r.chain.decision).map((l) => `  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}
