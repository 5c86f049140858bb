import type { GrantCondition } from '../../../src/model/identity.js';
import {
  ABSENT,
  type ConditionClause,
  contextValue,
  describeConditions,
  type KnownContext,
  resolveClause,
} from './conditions.js';
import { type Atom, covers, exists, GlobLimitError, glob, intersects, matches } from './glob-sets.js';
import type { ScpLevel } from './organization.js';
import { type PolicyView, type Statement, type StatementRef, statementsFor } from './policy-document.js';

/** The caller whose request is judged: an IAM user, a role session, or the account root user. */
export interface Subject {
  arn: string;
  account: string;
  partition: string;
  type: 'user' | 'role' | 'root';
  name: string;
  /** Identity-based policies: own inline and managed, plus (users) their groups'. */
  identity: PolicyView[];
  /** Which identity policies come from a group, by group name. */
  fromGroup: Map<PolicyView, string>;
  boundary: PolicyView | null;
  /** Root first; null when no SCP binds the caller (management account, service-linked role, no org). */
  scp: ScpLevel[] | null;
  context: KnownContext;
  /** Statement matches per action, filled on first use. */
  cache: Map<string, ActionStatements>;
}

/** A statement that matched the action and whose conditions were not decided false. */
export interface Applicable {
  s: Statement;
  /** Conditions still open after deciding the known ones; empty means unconditional. */
  open: ConditionClause[];
  /** Resource / NotResource with known policy variables filled in. */
  resources: string[] | null;
  notResources: string[] | null;
  /** Policy variables in Resource that could not be filled. */
  openVariables: string[];
  /** Content signature (effect, resources, open conditions): equal keys decide alike. */
  key: string;
  /** The statement as cited, built on first use. */
  use?: StatementUse;
}

interface ActionStatements {
  allows: Applicable[];
  denies: Applicable[];
  boundaryAllows: Applicable[];
  scpAllows: Applicable[][];
  /** Decisions for single ARNs, by which statements match. */
  arnMemo?: Map<string, Decision>;
}

/** What is asked for: one ARN, or one resource of each listed type (all must be allowed). */
export type ResourceSpec =
  | { kind: 'arn'; arn: string }
  | { kind: 'types'; types: { name: string; pattern: string }[] };

export interface StatementUse {
  ref: StatementRef;
  conditions: GrantCondition[];
}

export type Verdict = 'allow' | 'conditional' | 'explicit-deny' | 'implicit-deny';

export interface Decision {
  action: string;
  verdict: Verdict;
  /** Identity statements that allow the action on a resource asked for. */
  allows: StatementUse[];
  /**
   * Deny statements (any policy type) that cover part of what was asked for; outside explain, only
   * those whose open conditions make a grant `conditional` (the grant stays, limited by them).
   */
  denies: StatementUse[];
  /** The boundary's allowing statements; null when the caller has no boundary. */
  boundary: { policy: string; allows: StatementUse[] } | null;
  /** Per SCP level, root first, its allowing statements; null when no SCP binds the caller. */
  scp: { target: string; allows: StatementUse[] }[] | null;
  /** For `conditional`: what the grant depends on, in plain words. */
  conditions: GrantCondition[];
  /** For denials: which layer stopped it, per resource type. */
  why: string[];
}

export interface EvaluateOptions {
  /**
   * The identity-policy Allow is not needed (same-account role trust naming the caller, or the
   * root user); explicit denies, the boundary and SCPs still apply.
   */
  identityAllowNotRequired?: boolean;
  /** Extra identity policies to consider (e.g. a group the caller could join). */
  extraIdentity?: PolicyView[];
  /** Context facts for this request only (e.g. iam:PassedToService). */
  extraContext?: KnownContext;
  /** Fill `why` for denials (explain); bulk analysis skips it. */
  explain?: boolean;
}

type Coverage = 'full' | 'partial' | 'none';

/** Context keys rigsight ever knows about a caller; a statement using none of them reads the same for all. */
const CALLER_FACTS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:principalorgid',
  'aws:principalisawsservice',
  'aws:username',
  'iam:passedtoservice',
]);

const shared = new WeakMap<Statement, Applicable>();

/** Whether a condition key says something about the caller (so its answer is not shared between callers). */
export function callerFact(key: string): boolean {
  const k = key.toLowerCase();
  return CALLER_FACTS.has(k) || k.startsWith('aws:principaltag/');
}

function classify(s: Statement, ctx: KnownContext, extra?: KnownContext): Applicable | undefined {
  const independent =
    !s.conditions.some((c) => callerFact(c.key)) &&
    !(s.resources ?? s.notResources ?? []).some((p) => p.includes('${'));
  if (independent) {
    let a = shared.get(s);
    if (!a) {
      a = classifyFor(s, ctx, extra) as Applicable;
      shared.set(s, a);
    }
    return a;
  }
  return classifyFor(s, ctx, extra);
}

function classifyFor(s: Statement, ctx: KnownContext, extra?: KnownContext): Applicable | undefined {
  const open: ConditionClause[] = [];
  for (const c of s.conditions) {
    const lookup = extra?.has(c.key.toLowerCase()) ? extra : ctx;
    const r = resolveClause(c, lookup as KnownContext);
    if (r === false) return undefined;
    if (r === undefined) open.push(c);
  }
  const openVariables: string[] = [];
  const fill = (list: string[] | null): string[] | null =>
    list
      ? list.map((p) =>
          p.includes('${')
            ? p.replace(/\$\{([^}]+)\}/g, (_w, name: string) => {
                if (name === '*' || name === '?') return name;
                const v = contextValue(ctx, name);
                if (v === undefined || v === ABSENT) {
                  openVariables.push(name);
                  return '*';
                }
                return v;
              })
            : p,
        )
      : null;
  const resources = fill(s.resources);
  const notResources = fill(s.notResources);
  const key = [
    s.effect,
    resources ? `R${resources.join('\u0002')}` : notResources ? `N${notResources.join('\u0002')}` : '*',
    open.map((c) => `${c.operator}:${c.key}=${c.values.join(',')}`).join(';'),
    openVariables.join(','),
  ].join('\u0003');
  return { s, open, resources, notResources, openVariables, key };
}

function conditional(a: Applicable): boolean {
  return a.open.length > 0 || a.openVariables.length > 0;
}

function gather(subject: Subject, action: string, opts: EvaluateOptions): ActionStatements {
  const key = opts.extraContext
    ? `${action}|${[...opts.extraContext].map(([k, v]) => `${k}=${v}`).join('&')}`
    : action;
  const cacheable = !opts.extraIdentity;
  const hit = cacheable ? subject.cache.get(key) : undefined;
  if (hit) return hit;
  const out: ActionStatements = { allows: [], denies: [], boundaryAllows: [], scpAllows: [] };
  const take = (p: PolicyView, allows: Applicable[] | null) => {
    for (const s of statementsFor(p, action)) {
      const a = classify(s, subject.context, opts.extraContext);
      if (!a) continue;
      if (s.effect === 'Deny') out.denies.push(a);
      else if (allows) allows.push(a);
    }
  };
  for (const p of subject.identity) take(p, out.allows);
  for (const p of opts.extraIdentity ?? []) take(p, out.allows);
  if (subject.boundary) take(subject.boundary, out.boundaryAllows);
  for (const level of subject.scp ?? []) {
    const allows: Applicable[] = [];
    for (const p of level.policies) take(p, allows);
    out.scpAllows.push(allows);
  }
  if (cacheable) subject.cache.set(key, out);
  return out;
}

/** Whether any identity statement could allow the action: checked before gathering every layer. */
function mayAllow(subject: Subject, action: string, opts: EvaluateOptions): boolean {
  for (const p of subject.identity)
    for (const s of statementsFor(p, action)) if (s.effect === 'Allow') return true;
  for (const p of opts.extraIdentity ?? [])
    for (const s of statementsFor(p, action)) if (s.effect === 'Allow') return true;
  return false;
}

function nothingAllows(action: string): Decision {
  return {
    action,
    verdict: 'implicit-deny',
    allows: [],
    denies: [],
    boundary: null,
    scp: null,
    conditions: [],
    why: [],
  };
}

function coverage(
  a: Applicable,
  req: { kind: 'arn'; arn: string } | { kind: 'type'; pattern: string },
): Coverage {
  if (req.kind === 'arn') {
    if (a.resources) return a.resources.some((p) => matches(p, req.arn)) ? 'full' : 'none';
    if (a.notResources) return a.notResources.some((p) => matches(p, req.arn)) ? 'none' : 'full';
    return 'full';
  }
  const t = req.pattern;
  if (a.resources) {
    if (a.resources.some((p) => p === '*' || covers(p, t))) return 'full';
    return a.resources.some((p) => intersects(p, t)) ? 'partial' : 'none';
  }
  if (a.notResources) {
    if (a.notResources.some((p) => covers(p, t))) return 'none';
    return a.notResources.some((p) => intersects(p, t)) ? 'partial' : 'full';
  }
  return 'full';
}

interface Requirement {
  label: string;
  req: { kind: 'arn'; arn: string } | { kind: 'type'; pattern: string };
}

interface LayerSet {
  /** Allow statements per layer that must each admit the resource; identity first. */
  layers: { name: string; allows: Applicable[]; always?: boolean }[];
  denies: Applicable[];
}

/** Whether some resource of the requirement passes every layer and no deny, by the given statement filters. */
function passes(
  req: Requirement,
  set: LayerSet,
  useAllow: (a: Applicable) => boolean,
  useDeny: (a: Applicable) => boolean,
): boolean {
  const layers = set.layers.map((l) => ({
    always: l.always === true,
    items: l.allows
      .filter(useAllow)
      .map((a) => ({ a, cov: coverage(a, req.req) }))
      .filter((x) => x.cov !== 'none'),
  }));
  const denies = set.denies
    .filter(useDeny)
    .map((a) => ({ a, cov: coverage(a, req.req) }))
    .filter((x) => x.cov !== 'none');
  if (layers.some((l) => !l.always && l.items.length === 0)) return false;
  if (denies.some((d) => d.cov === 'full')) return false;
  const exact = layers.every((l) => l.always || l.items.some((x) => x.cov === 'full')) && denies.length === 0;
  if (exact) return true;
  if (req.req.kind === 'arn') return false;
  // A layer with an item covering the whole type admits every resource of it: only partial layers matter.
  const open = layers.filter((l) => !l.always && !l.items.some((x) => x.cov === 'full'));
  // Partial overlaps: decide exactly over the patterns (memoised: many principals share policies).
  const memoKey = [
    req.req.pattern,
    ...open.map((l) =>
      l.items
        .map((x) => x.a.key)
        .sort()
        .join('\u0004'),
    ),
    `D${denies
      .map((d) => d.a.key)
      .sort()
      .join('\u0004')}`,
  ].join('\u0005');
  const memo = automataMemo.get(memoKey);
  if (memo !== undefined) return memo;
  const result = decideExactly(req.req.pattern, open, denies);
  automataMemo.set(memoKey, result);
  return result;
}

const automataMemo = new Map<string, boolean>();

function decideExactly(
  pattern: string,
  layers: { always: boolean; items: { a: Applicable }[] }[],
  denies: { a: Applicable }[],
): boolean {
  const atoms: Atom[] = [{ globs: [glob(pattern)] }];
  const layerAtoms: number[][] = [];
  const atomOf = (a: Applicable): number => {
    atoms.push(
      a.resources
        ? { globs: a.resources.map(glob) }
        : a.notResources
          ? { globs: a.notResources.map(glob), negated: true }
          : { globs: [glob('*')] },
    );
    return atoms.length - 1;
  };
  for (const l of layers) layerAtoms.push(l.always ? [] : l.items.map((x) => atomOf(x.a)));
  const denyAtoms = denies.map((d) => atomOf(d.a));
  try {
    return exists(atoms, (inAtom) => {
      if (!inAtom[0]) return false;
      for (let i = 0; i < layers.length; i++) {
        if (layers[i]?.always) continue;
        if (!(layerAtoms[i] as number[]).some((j) => inAtom[j])) return false;
      }
      return !denyAtoms.some((j) => inAtom[j]);
    });
  } catch (err) {
    // Patterns too tangled to decide (none of AWS's come close): show the possible grant rather than hide it.
    if (err instanceof GlobLimitError) return true;
    throw err;
  }
}

function requirements(spec: ResourceSpec): Requirement[] {
  if (spec.kind === 'arn') return [{ label: spec.arn, req: { kind: 'arn', arn: spec.arn } }];
  if (spec.types.length === 0) return [{ label: '*', req: { kind: 'arn', arn: '*' } }];
  return spec.types.map((t) => ({ label: t.name, req: { kind: 'type', pattern: t.pattern } }));
}

function use(a: Applicable): StatementUse {
  if (a.use) return a.use;
  const conditions = describeConditions(a.open, a.s.effect, a.s.ref.kind);
  for (const v of a.openVariables)
    conditions.push({
      operator: 'PolicyVariable',
      key: v,
      values: [],
      text: `only when \${${v}} names the resource requested`,
      effect: a.s.effect,
    });
  a.use = { ref: a.s.ref, conditions };
  return a.use;
}

function touches(a: Applicable, reqs: Requirement[]): boolean {
  return reqs.some((r) => coverage(a, r.req) !== 'none');
}

/**
 * AWS policy evaluation for one action (IAM user guide, "Policy evaluation logic"): an explicit Deny in
 * any policy wins; otherwise identity policies must allow, and the permissions boundary and every SCP
 * level must allow too. Conditions that depend on the request are never guessed: a grant that needs
 * them is `conditional` and says which.
 */
export function evaluate(
  subject: Subject,
  action: string,
  spec: ResourceSpec,
  opts: EvaluateOptions = {},
): Decision {
  const identityFree = opts.identityAllowNotRequired === true || subject.type === 'root';
  if (!identityFree && !opts.explain && !mayAllow(subject, action, opts)) return nothingAllows(action);
  const st = gather(subject, action, opts);
  if (!identityFree && st.allows.length === 0 && !opts.explain) return nothingAllows(action);
  if (spec.kind === 'arn' && !opts.explain && !opts.extraIdentity) {
    // For one ARN the answer depends only on which statements match it: reuse it across ARNs.
    const bits = (list: Applicable[]) =>
      list.map((a) => (coverage(a, { kind: 'arn', arn: spec.arn }) === 'none' ? '0' : '1')).join('');
    const sig = `${identityFree ? 'F' : 'I'}|${bits(st.allows)}|${bits(st.denies)}|${bits(st.boundaryAllows)}|${st.scpAllows.map(bits).join('/')}`;
    st.arnMemo ??= new Map();
    let memo = st.arnMemo.get(sig);
    if (!memo) {
      memo = decide(subject, action, spec, opts, st, identityFree);
      st.arnMemo.set(sig, memo);
    }
    return memo;
  }
  return decide(subject, action, spec, opts, st, identityFree);
}

function layersOf(subject: Subject, st: ActionStatements, identityFree: boolean): LayerSet {
  return {
    layers: [
      { name: 'identity', allows: st.allows, always: identityFree },
      ...(subject.boundary ? [{ name: 'boundary', allows: st.boundaryAllows }] : []),
      ...(subject.scp ?? []).map((l, i) => ({ name: `scp:${l.target}`, allows: st.scpAllows[i] ?? [] })),
    ],
    denies: st.denies,
  };
}

interface Core {
  verdict: Verdict;
  conditions: GrantCondition[];
}

/** Verdict and conditions depend only on statement contents: shared by principals with the same ones. */
const coreMemo = new Map<string, Core>();

function core(set: LayerSet, reqs: Requirement[]): Core {
  const keys = (list: Applicable[]) =>
    list
      .map((a) => a.key)
      .sort()
      .join('\u0004');
  const memoKey = [
    reqs.map((r) => (r.req.kind === 'arn' ? r.req.arn : r.req.pattern)).join('\u0002'),
    ...set.layers.map((l) => (l.always ? 'A' : `${l.name.slice(0, 1)}${keys(l.allows)}`)),
    `D${keys(set.denies)}`,
  ].join('\u0005');
  const hit = coreMemo.get(memoKey);
  if (hit) return hit;
  const always = reqs.every((r) =>
    passes(
      r,
      set,
      (a) => !conditional(a),
      () => true,
    ),
  );
  const possible =
    always ||
    reqs.every((r) =>
      passes(
        r,
        set,
        () => true,
        (a) => !conditional(a),
      ),
    );
  let verdict: Verdict;
  if (always) verdict = 'allow';
  else if (possible) verdict = 'conditional';
  else {
    const withoutDenies = reqs.every((r) =>
      passes(
        r,
        set,
        () => true,
        () => false,
      ),
    );
    verdict = withoutDenies ? 'explicit-deny' : 'implicit-deny';
  }
  const conditions: GrantCondition[] = [];
  if (verdict === 'conditional') {
    const seen = new Set<string>();
    const add = (list: GrantCondition[]) => {
      for (const c of list) {
        const k = `${c.operator}|${c.key}|${c.text}`;
        if (!seen.has(k)) {
          seen.add(k);
          conditions.push(c);
        }
      }
    };
    const relevant = (list: Applicable[]) => list.filter((a) => touches(a, reqs));
    // A layer met without conditions adds none; otherwise its conditional statements explain the grant.
    for (const layer of set.layers) {
      if (layer.always) continue;
      const unconditional = reqs.every((r) =>
        passes(
          r,
          { layers: [layer], denies: [] },
          (a) => !conditional(a),
          () => false,
        ),
      );
      if (!unconditional) for (const a of relevant(layer.allows).filter(conditional)) add(use(a).conditions);
    }
    for (const a of relevant(set.denies).filter(conditional)) add(use(a).conditions);
  }
  const result = { verdict, conditions };
  coreMemo.set(memoKey, result);
  return result;
}

function decide(
  subject: Subject,
  action: string,
  spec: ResourceSpec,
  opts: EvaluateOptions,
  st: ActionStatements,
  identityFree: boolean,
): Decision {
  const reqs = requirements(spec);
  const set = layersOf(subject, st, identityFree);
  const { verdict, conditions } = core(set, reqs);
  const relevant = (list: Applicable[]) => list.filter((a) => touches(a, reqs));
  const full = opts.explain === true;
  const granted = verdict === 'allow' || verdict === 'conditional';
  const decision: Decision = {
    action,
    verdict,
    allows: identityFree || (!full && !granted) ? [] : relevant(st.allows).map(use),
    // Bulk analysis only needs the allowing statements; explain reports every layer.
    denies: full
      ? relevant(st.denies).map(use)
      : verdict === 'conditional'
        ? relevant(st.denies).filter(conditional).map(use)
        : [],
    boundary:
      full && subject.boundary
        ? {
            policy: subject.boundary.arn ?? subject.boundary.name,
            allows: relevant(st.boundaryAllows).map(use),
          }
        : null,
    scp:
      full && subject.scp
        ? subject.scp.map((l, i) => ({ target: l.target, allows: relevant(st.scpAllows[i] ?? []).map(use) }))
        : null,
    conditions,
    why: [],
  };

  if (opts.explain && (verdict === 'explicit-deny' || verdict === 'implicit-deny')) {
    // One line per reason, naming every resource type it holds for.
    const reasons = new Map<string, { before: string; after: string; labels: string[] }>();
    const note = (before: string, after: string, label: string) => {
      const k = `${before}\u0000${after}`;
      const entry = reasons.get(k) ?? { before, after, labels: [] };
      entry.labels.push(label);
      reasons.set(k, entry);
    };
    for (const r of reqs) {
      if (
        passes(
          r,
          set,
          () => true,
          (a) => !conditional(a),
        )
      )
        continue;
      const blocking = set.denies.filter((a) => !conditional(a) && coverage(a, r.req) !== 'none');
      if (
        blocking.length &&
        passes(
          r,
          set,
          () => true,
          () => false,
        )
      ) {
        note(
          '',
          `is denied by ${blocking.map((a) => `${a.s.ref.policy} ${a.s.ref.statement}`).join(', ')}`,
          r.label,
        );
        continue;
      }
      for (const layer of set.layers) {
        if (layer.always) continue;
        if (
          passes(
            r,
            { layers: [layer], denies: [] },
            () => true,
            () => false,
          )
        )
          continue;
        if (layer.name === 'identity') note('no identity-based policy allows', '', r.label);
        else if (layer.name === 'boundary')
          note(`the permissions boundary ${decision.boundary?.policy} does not allow`, '', r.label);
        else note(`no SCP attached to ${layer.name.slice(4)} allows`, '', r.label);
      }
    }
    for (const { before, after, labels } of reasons.values()) {
      const what = spec.kind === 'types' ? `${action} on ${labels.join(', ')}` : action;
      decision.why.push([before, what, after].filter(Boolean).join(' '));
    }
  }
  return decision;
}

/**
 * A key equal for two callers exactly when every single-ARN decision for `action` is equal for them
 * (same statement contents in every layer, after their own conditions were decided).
 */
export function profileKey(subject: Subject, action: string, opts: EvaluateOptions = {}): string {
  const st = gather(subject, action, opts);
  // An unconditional Allow on every resource makes the layer's other allows irrelevant to single-ARN answers.
  const k = (list: Applicable[]) =>
    list.some((a) => !conditional(a) && a.resources?.includes('*'))
      ? '*'
      : list
          .map((a) => a.key)
          .sort()
          .join('\u0004');
  const free = opts.identityAllowNotRequired === true || subject.type === 'root';
  return [
    free ? 'F' : `I${k(st.allows)}`,
    k(st.denies),
    subject.boundary ? `B${k(st.boundaryAllows)}` : '-',
    subject.scp ? st.scpAllows.map(k).join('/') : '-',
  ].join('\u0005');
}

/** The caller's statements that allow `action` at all, as cited. */
export function allowingStatements(
  subject: Subject,
  action: string,
  opts: EvaluateOptions = {},
): StatementUse[] {
  return gather(subject, action, opts).allows.map(use);
}
