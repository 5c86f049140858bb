import type { GrantCondition } from '../../../src/model/identity.js';
import type { AccountModel, RoleSubject, UserSubject } from './account-model.js';
import { type ActionCatalog, arnFormatPattern } from './action-catalog.js';
import type { ComputeAction, ComputeActions, EscalationKind } from './compute-actions.js';
import { ABSENT, describeConditions, knownContext } from './conditions.js';
import {
  allowingStatements,
  type Decision,
  type EvaluateOptions,
  evaluate,
  profileKey,
  type ResourceSpec,
  type StatementUse,
  type Subject,
} from './evaluator.js';
import {
  actionMatches,
  type PolicyView,
  type Statement,
  type StatementRef,
  statementsFor,
} from './policy-document.js';
import {
  type Admission,
  ASSUME_ACTIONS,
  admits,
  type Caller,
  type Entrant,
  trustedServices,
  trustGrants,
  trustsService,
} from './trust.js';

/** Compute a node can start itself: with what it holds now, or after changing its own permissions. */
export interface Capability {
  action: string;
  verdict: 'allow' | 'conditional';
  conditions: GrantCondition[];
  grants: StatementUse[];
  /** The escalation actions used (e.g. iam:PutUserPolicy, iam:DeleteUserPermissionsBoundary), when not a direct grant. */
  escalation?: string[];
  /** True when every grant comes from a group policy (a user's group membership). */
  viaGroup?: boolean;
}

export type EdgeKind = 'assume-role' | 'pass-role' | 'trust-edit' | 'credentials';

/** One step from a principal to another whose permissions it can use. */
export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** The actions that make the step (sts:AssumeRole; iam:PassRole + the launching action; …). */
  actions: string[];
  conditions: GrantCondition[];
  grants: StatementUse[];
  /** 0 for the step into a hub (not a principal of its own), 1 otherwise. */
  weight: 0 | 1;
}

/** A way in from outside the bundle: another account, anyone, or a federated identity provider. */
export interface ExternalEntry {
  id: string;
  type: 'account' | 'anonymous' | 'federated' | 'user' | 'role';
  kind: 'external-account' | 'federated';
  name?: string;
}

export interface GraphNode {
  key: string;
  /** Account of an IAM principal in the bundle; undefined for entries from outside it. */
  account?: string;
  subject?: Subject;
  entry?: ExternalEntry;
  /** Compute actions it holds now, by action. */
  capabilities: Map<string, Capability>;
  /** Compute actions it does not hold but can grant itself (each with `escalation` set), by action. */
  escalations: Map<string, Capability>;
  /** Roles: the service principals their trust policy names. */
  services?: Set<string>;
  /** Roles: whether anything other than a service may assume them. */
  humanEntry?: boolean;
  /** A grouping node for callers with identical statements; never a creator itself. */
  hub?: boolean;
  out: Edge[];
  in: Edge[];
}

export interface IdentityGraph {
  nodes: Map<string, GraphNode>;
  compute: ComputeActions;
}

/** Resource types a compute action touches, as patterns for one account (catalog ARN formats). */
export function resourceSpec(
  catalog: ActionCatalog,
  action: ComputeAction | string,
  partition: string,
  account: string,
): ResourceSpec {
  const name = typeof action === 'string' ? action : action.action;
  const info = catalog.get(name);
  const wanted = typeof action === 'string' ? undefined : action.resourceTypes;
  const types = (info?.resourceTypes ?? []).filter((t) => (wanted ? wanted.includes(t.name) : t.required));
  return {
    kind: 'types',
    types: types.map((t) => ({ name: t.name, pattern: arnFormatPattern(t.arnFormat, partition, account) })),
  };
}

function granted(d: Decision): boolean {
  return d.verdict === 'allow' || d.verdict === 'conditional';
}

function mergeConditions(...lists: GrantCondition[][]): GrantCondition[] {
  const seen = new Set<string>();
  const out: GrantCondition[] = [];
  for (const list of lists)
    for (const c of list) {
      const k = `${c.operator}|${c.key}|${c.text}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push(c);
      }
    }
  return out;
}

function capFrom(
  d: Decision,
  subject: Subject,
  escalation?: { actions: string[]; decision: Decision },
): Capability {
  const conditional = d.verdict === 'conditional' || escalation?.decision.verdict === 'conditional';
  const cap: Capability = {
    action: d.action,
    verdict: conditional ? 'conditional' : 'allow',
    conditions: conditional ? mergeConditions(escalation?.decision.conditions ?? [], d.conditions) : [],
    grants: [
      ...(escalation?.decision.allows ?? []),
      ...d.allows,
      ...(escalation?.decision.denies ?? []),
      ...d.denies,
    ],
  };
  if (escalation) cap.escalation = escalation.actions;
  else if (subject.type === 'user' && d.allows.length > 0) {
    const fromGroups = groupStatements(subject);
    cap.viaGroup = d.allows.every((a) => fromGroups.has(a.ref));
  }
  return cap;
}

const groupRefs = new WeakMap<Subject, Set<StatementRef>>();
function groupStatements(subject: Subject): Set<StatementRef> {
  let set = groupRefs.get(subject);
  if (!set) {
    set = new Set([...subject.fromGroup.keys()].flatMap((p) => p.statements.map((s) => s.ref)));
    groupRefs.set(subject, set);
  }
  return set;
}

/** Between two ways of granting itself an action, the unconditional one. */
function better(a: Capability | undefined, b: Capability): boolean {
  if (!a) return true;
  return a.verdict !== b.verdict && b.verdict === 'allow';
}

class Builder {
  readonly nodes = new Map<string, GraphNode>();
  private readonly computeList: ComputeAction[];
  private readonly escalationByKind = new Map<EscalationKind, string[]>();
  private readonly specs = new Map<string, Map<string, ResourceSpec>>();

  constructor(
    private readonly accounts: Map<string, AccountModel>,
    private readonly catalog: ActionCatalog,
    private readonly compute: ComputeActions,
  ) {
    this.computeList = compute.compute;
    for (const e of compute.escalation)
      this.escalationByKind.set(e.kind, [...(this.escalationByKind.get(e.kind) ?? []), e.action]);
  }

  private spec(action: ComputeAction | string, subject: Subject): ResourceSpec {
    const name = typeof action === 'string' ? action : action.action;
    let perAccount = this.specs.get(subject.account);
    if (!perAccount) {
      perAccount = new Map();
      this.specs.set(subject.account, perAccount);
    }
    let s = perAccount.get(name);
    if (!s) {
      s = resourceSpec(this.catalog, action, subject.partition, subject.account);
      perAccount.set(name, s);
    }
    return s;
  }

  private node(key: string, init: Partial<GraphNode> = {}): GraphNode {
    let n = this.nodes.get(key);
    if (!n) {
      n = { key, capabilities: new Map(), escalations: new Map(), out: [], in: [], ...init };
      this.nodes.set(key, n);
    }
    return n;
  }

  private edge(e: Edge): void {
    const from = this.nodes.get(e.from);
    const to = this.nodes.get(e.to);
    if (!from || !to || e.from === e.to) return;
    from.out.push(e);
    to.in.push(e);
  }

  /**
   * A node that already holds every compute action gains nothing from more paths: creators list, per
   * path, only the actions no earlier path reaches, whatever conditions the held ones carry.
   */
  private saturated(n: GraphNode): boolean {
    return this.computeList.every((c) => c.onlyWithPassRole || n.capabilities.has(c.action));
  }

  build(): IdentityGraph {
    for (const model of this.accounts.values()) {
      for (const s of [...model.users, ...model.roles, model.root]) {
        const n = this.node(s.arn, { account: s.account, subject: s });
        if (s.type === 'role') {
          const r = s as RoleSubject;
          const trust = r.role.trust?.statements ?? [];
          n.services = trustedServices(trust);
          const grants = trustGrants(trust);
          n.humanEntry = grants.some((g) => g.entrant.kind !== 'service');
          for (const { entrant: e } of grants) {
            if (e.kind === 'arn') this.named.add(e.arn);
            else if (e.kind === 'session') this.named.add(`${e.account}|${e.roleName}`);
            else if (e.kind === 'any') this.openAccounts.add(r.account);
          }
        }
        this.capabilities(n, model);
      }
    }
    for (const model of this.accounts.values()) {
      this.assumeEdges(model);
      this.passRoleEdges(model);
      this.trustEditEdges(model);
      this.credentialEdges(model);
    }
    return { nodes: this.nodes, compute: this.compute };
  }

  private capabilities(n: GraphNode, model: AccountModel): void {
    const s = n.subject as Subject;
    for (const c of this.computeList) {
      if (c.onlyWithPassRole) continue;
      const d = evaluate(s, c.action, this.spec(c, s));
      if (granted(d)) n.capabilities.set(c.action, capFrom(d, s));
    }
    if (this.saturated(n)) return;
    this.selfEscalation(n, model);
  }

  /** Self-escalation: a principal that can rewrite its own policies can grant itself compute. */
  private selfEscalation(n: GraphNode, model: AccountModel): void {
    const s = n.subject as Subject;
    // A service-linked role's policies are the service's to change, never its own.
    if (s.type === 'root' || serviceLinked(s)) return;
    const targets: { action: string; arn: string }[] = [];
    const selfPolicy = this.escalationByKind.get('self-policy') ?? [];
    const own = s.type === 'user' ? 'User' : 'Role';
    const attachedArns = new Set<string>();
    if (s.type === 'user') {
      const u = (s as UserSubject).user;
      for (const a of u.attached) attachedArns.add(a);
      for (const g of u.groups) {
        const group = model.auth.groups.get(g);
        if (!group) continue;
        for (const a of group.attached) attachedArns.add(a);
        for (const act of selfPolicy) if (/Group/.test(act)) targets.push({ action: act, arn: group.arn });
      }
    } else for (const a of (s as RoleSubject).role.attached) attachedArns.add(a);
    for (const act of selfPolicy) {
      if (act.includes(own)) targets.push({ action: act, arn: s.arn });
      if (act === 'iam:CreatePolicyVersion')
        for (const arn of attachedArns)
          if (!arn.includes(':iam::aws:policy/')) targets.push({ action: act, arn });
    }
    let best: { action: string; decision: Decision } | undefined;
    for (const t of targets) {
      if (!hasAllow(s, t.action)) continue;
      const d = evaluate(s, t.action, { kind: 'arn', arn: t.arn });
      if (granted(d) && (!best || (best.decision.verdict === 'conditional' && d.verdict === 'allow')))
        best = { action: t.action, decision: d };
    }
    const sso = this.escalationByKind.get('sso-assignment') ?? [];
    for (const act of sso) {
      if (best?.decision.verdict === 'allow' || !hasAllow(s, act)) continue;
      const d = evaluate(s, act, this.spec(act, s));
      if (granted(d) && !best) best = { action: act, decision: d };
    }
    if (best) {
      // Lifting its own boundary first means self-granted policies are not capped by it.
      let subject = s;
      const used = [best.action];
      let decision = best.decision;
      if (s.boundary) {
        for (const act of this.escalationByKind.get('boundary-removal') ?? []) {
          if (!act.includes(own) || !hasAllow(s, act)) continue;
          const lift = evaluate(s, act, { kind: 'arn', arn: s.arn });
          if (lift.verdict !== 'allow') continue;
          subject = { ...s, boundary: null, cache: new Map() };
          used.push(act);
          decision = { ...decision, allows: [...decision.allows, ...lift.allows] };
        }
      }
      for (const c of this.computeList) {
        if (c.onlyWithPassRole || n.capabilities.has(c.action)) continue;
        const d = evaluate(subject, c.action, this.spec(c, s), { identityAllowNotRequired: true });
        if (!granted(d)) continue;
        const cap = capFrom(d, s, { actions: used, decision });
        if (better(n.escalations.get(c.action), cap)) n.escalations.set(c.action, cap);
      }
    }
    if (s.type !== 'user') return;
    const join = this.escalationByKind.get('group-join') ?? [];
    const u = (s as UserSubject).user;
    for (const act of join) {
      if (!hasAllow(s, act)) continue;
      for (const g of model.auth.groups.values()) {
        if (u.groups.includes(g.name)) continue;
        const d0 = evaluate(s, act, { kind: 'arn', arn: g.arn });
        if (!granted(d0)) continue;
        const extra: PolicyView[] = [
          ...g.inline,
          ...g.attached.flatMap((a) => model.auth.managed.get(a) ?? []),
        ];
        for (const c of this.computeList) {
          if (c.onlyWithPassRole || n.capabilities.has(c.action)) continue;
          const d = evaluate(s, c.action, this.spec(c, s), { extraIdentity: extra });
          if (!granted(d)) continue;
          const cap = capFrom(d, s, { actions: [act], decision: d0 });
          if (better(n.escalations.get(c.action), cap)) n.escalations.set(c.action, cap);
        }
      }
    }
  }

  private callerOf(s: Subject): Caller {
    const c: Caller = { arn: s.arn, account: s.account, context: s.context };
    if (s.type === 'role') c.roleName = s.name;
    return c;
  }

  /** A role or user worth stepping to: it creates compute or can step further. */
  private useful(n: GraphNode): boolean {
    if (n.capabilities.size > 0 || n.escalations.size > 0) return true;
    const s = n.subject;
    if (!s) return false;
    // A trust policy that names it (or admits anyone in its account) lets it step on without any Allow.
    if (this.named.has(s.arn) || this.openAccounts.has(s.account)) return true;
    if (s.type === 'role' && this.named.has(`${s.account}|${s.name}`)) return true;
    return this.onward.some((a) => hasAllow(s, a));
  }

  /** Principal ARNs (and `account|role-name` for sessions) named in any trust policy. */
  private readonly named = new Set<string>();
  /** Accounts with a role whose trust policy admits `*`. */
  private readonly openAccounts = new Set<string>();

  private get onward(): string[] {
    return [
      'sts:AssumeRole',
      'iam:PassRole',
      ...(this.escalationByKind.get('trust-edit') ?? []),
      ...(this.escalationByKind.get('credentials') ?? []),
    ];
  }

  /** Principals of `account` that could assume roles in `into` (one that already creates everything in its own account gains nothing there). */
  private assumers(account: string, into: string): Subject[] {
    const key = `${account}|${into}`;
    let list = this.assumerCache.get(key);
    if (!list) {
      const m = this.accounts.get(account);
      list = m
        ? [...m.users, ...m.roles].filter(
            (s) => hasAllow(s, 'sts:AssumeRole') && (account !== into || !this.saturatedKey(s.arn)),
          )
        : [];
      this.assumerCache.set(key, list);
    }
    return list;
  }
  private readonly assumerCache = new Map<string, Subject[]>();

  private saturatedKey(key: string): boolean {
    const n = this.nodes.get(key);
    return n ? this.saturated(n) : false;
  }

  /**
   * Connects many callers to many targets through hubs: callers whose statements for the request are
   * the same get the same answer for every target, so the answer is worked out once per hub.
   */
  private connect(family: Family): void {
    const hubs = new Map<string, { node: GraphNode; rep: Subject }>();
    for (const c of family.callers) {
      const key = `${family.name}\u0006${family.checks.map((k) => profileKey(c.subject, k.action, k.opts)).join('\u0006')}`;
      let hub = hubs.get(key);
      if (!hub) {
        hub = { node: this.node(`hub:${this.nodes.size}`, { hub: true }), rep: c.subject };
        hubs.set(key, hub);
      }
      this.edge({
        from: c.subject.arn,
        to: hub.node.key,
        kind: family.kind,
        actions: c.actions,
        conditions: c.conditions,
        grants: [
          ...c.grants,
          ...allowingStatements(c.subject, family.checks[0]?.action ?? '', family.checks[0]?.opts),
        ],
        weight: 0,
      });
    }
    for (const { node, rep } of hubs.values()) {
      for (const t of family.targets) {
        let conditions: GrantCondition[] = t.conditions;
        let grants = t.grants;
        let ok = true;
        for (const k of family.checks) {
          const d = evaluate(rep, k.action, { kind: 'arn', arn: t.node.key }, k.opts);
          if (!granted(d)) {
            ok = false;
            break;
          }
          if (d.conditions.length) conditions = mergeConditions(conditions, d.conditions);
          if (d.denies.length) grants = [...grants, ...d.denies];
        }
        if (!ok) continue;
        this.edge({
          from: node.key,
          to: t.node.key,
          kind: family.kind,
          actions: family.targetActions,
          conditions,
          grants,
          weight: 1,
        });
      }
    }
  }

  private assumeEdges(model: AccountModel): void {
    // Roles whose trust answers every caller of an account alike are reached through hubs.
    const families = new Map<string, Family>();
    const family = (account: string, free: boolean): Family => {
      const key = `${account}|${free}`;
      let f = families.get(key);
      if (!f) {
        const opts: EvaluateOptions = free ? { identityAllowNotRequired: true } : {};
        const m = this.accounts.get(account);
        const callers =
          free && m
            ? [...m.users, ...m.roles].filter((s) => account !== model.account || !this.saturatedKey(s.arn))
            : this.assumers(account, model.account);
        f = {
          name: `assume|${model.account}|${key}`,
          kind: 'assume-role',
          checks: [{ action: 'sts:AssumeRole', opts }],
          callers: callers.map((subject) => ({
            subject,
            actions: ['sts:AssumeRole'],
            conditions: [],
            grants: [],
          })),
          targets: [],
          targetActions: ['sts:AssumeRole'],
        };
        families.set(key, f);
      }
      return f;
    };
    for (const r of model.roles) {
      const rNode = this.nodes.get(r.arn) as GraphNode;
      const trust = r.role.trust?.statements ?? [];
      const grants = trustGrants(trust);
      if (!grants.length) continue;
      const useful = this.useful(rNode);
      const specific = callerSpecific(trust);
      const direct = new Map<string, Subject>();
      const viaAccount = (account: string) => {
        if (!useful) return;
        const m = this.accounts.get(account);
        if (!m) return;
        if (specific) {
          for (const s of this.assumers(account, r.account)) direct.set(s.arn, s);
          return;
        }
        const adm = admits(trust, pseudoCaller(m));
        if (!adm) return;
        const free = adm.how === 'named' && account === r.account;
        family(account, free).targets.push({
          node: rNode,
          conditions: adm.conditions,
          grants: adm.statements,
        });
      };
      for (const g of grants) {
        const e = g.entrant;
        if (e.kind === 'any') {
          for (const account of this.accounts.keys()) {
            if (account === r.account && specific && useful) {
              const m = this.accounts.get(account) as AccountModel;
              for (const s of [...m.users, ...m.roles]) direct.set(s.arn, s);
            } else viaAccount(account);
          }
          this.externalEdge(
            r,
            { id: '*', type: 'anonymous', kind: 'external-account', name: 'any AWS principal' },
            trust,
            e,
          );
        } else if (e.kind === 'account') {
          if (this.accounts.has(e.account)) viaAccount(e.account);
          else
            this.externalEdge(
              r,
              {
                id: `arn:${r.partition}:iam::${e.account}:root`,
                type: 'account',
                kind: 'external-account',
                name: `account ${e.account}`,
              },
              trust,
              e,
            );
        } else if (e.kind === 'arn' || e.kind === 'session') {
          const m = this.accounts.get(e.account);
          if (m) {
            const s = e.kind === 'arn' ? m.byArn.get(e.arn) : m.roles.find((x) => x.name === e.roleName);
            if (s && s.type !== 'root' && useful) direct.set(s.arn, s);
          } else {
            const id = e.kind === 'arn' ? e.arn : e.value;
            const type = /:user\//.test(id) ? 'user' : 'role';
            this.externalEdge(
              r,
              { id, type, kind: 'external-account', name: id.split('/').pop() ?? id },
              trust,
              e,
            );
          }
        } else if (e.kind === 'federated') {
          this.externalEdge(
            r,
            { id: e.value, type: 'federated', kind: 'federated', name: e.value.split('/').pop() ?? e.value },
            trust,
            e,
          );
        }
      }
      for (const c of direct.values()) {
        if (c.arn === r.arn || (c.account === r.account && this.saturatedKey(c.arn))) continue;
        const adm = admits(trust, this.callerOf(c));
        if (!adm) continue;
        const named = c.account === r.account && adm.how === 'named';
        if (!named && !hasAllow(c, 'sts:AssumeRole')) continue;
        const d = evaluate(
          c,
          'sts:AssumeRole',
          { kind: 'arn', arn: r.arn },
          named ? { identityAllowNotRequired: true } : {},
        );
        if (!granted(d)) continue;
        this.edge({
          from: c.arn,
          to: r.arn,
          kind: 'assume-role',
          actions: ['sts:AssumeRole'],
          conditions: mergeConditions(adm.conditions, d.conditions),
          grants: [...d.allows, ...adm.statements, ...d.denies],
          weight: 1,
        });
      }
    }
    for (const f of families.values()) if (f.targets.length && f.callers.length) this.connect(f);
  }

  /** Principals outside the bundle only need the trust policy; their own account decides the rest. */
  private externalEdge(
    r: RoleSubject,
    entry: ExternalEntry,
    trust: readonly Statement[],
    e: Exclude<Entrant, { kind: 'service' }>,
  ): void {
    const node = this.node(entry.id, { entry });
    if (node.out.some((x) => x.to === r.arn)) return;
    let adm: Admission | null = null;
    if (e.kind === 'federated') {
      // Federated identities are named in the Federated element and arrive through AssumeRoleWithSAML/WebIdentity.
      for (const st of trust) {
        if (st.effect !== 'Allow' || !st.principal?.federated.includes(e.value)) continue;
        if (!ASSUME_ACTIONS.some((a) => actionMatches(st, a))) continue;
        const conditions = describeConditions(st.conditions, 'Allow');
        if (!adm || conditions.length < adm.conditions.length)
          adm = { how: 'named', statements: [{ ref: st.ref, conditions }], conditions };
      }
    } else {
      const account = e.kind === 'any' ? '' : e.account;
      const arn = e.kind === 'arn' ? e.arn : entry.id;
      const context = knownContext({
        'aws:PrincipalAccount': account || undefined,
        'aws:PrincipalArn': e.kind === 'arn' ? e.arn : undefined,
      });
      adm = admits(trust, { arn, account, context });
    }
    if (!adm) return;
    this.edge({
      from: entry.id,
      to: r.arn,
      kind: 'assume-role',
      actions: [e.kind === 'federated' ? 'sts:AssumeRoleWithWebIdentity/SAML' : 'sts:AssumeRole'],
      conditions: adm.conditions,
      grants: adm.statements,
      weight: 1,
    });
  }

  private passRoleEdges(model: AccountModel): void {
    const services = new Set(this.computeList.flatMap((c) => c.passRoleTo ?? []));
    for (const service of services) {
      const targets = model.roles
        .map((r) => this.nodes.get(r.arn) as GraphNode)
        .filter(
          (n) =>
            trustsService(n.services ?? new Set(), service) && !serviceLinked(n.subject) && this.useful(n),
        );
      if (!targets.length) continue;
      const opts: EvaluateOptions = { extraContext: knownContext({ 'iam:PassedToService': service }) };
      const callers: Family['callers'] = [];
      for (const s of [...model.users, ...model.roles, model.root]) {
        const from = this.nodes.get(s.arn) as GraphNode;
        if (this.saturated(from) || (s.type !== 'root' && !hasAllow(s, 'iam:PassRole'))) continue;
        let launch: Capability | undefined;
        let via: string | undefined;
        for (const c of this.computeList) {
          if (!c.passRoleTo?.includes(service)) continue;
          let cap = from.capabilities.get(c.action);
          if (!cap && c.onlyWithPassRole) {
            const d = evaluate(s, c.action, this.spec(c, s));
            if (granted(d)) cap = capFrom(d, s);
          }
          if (!cap || cap.escalation) continue;
          if (!launch || (launch.verdict === 'conditional' && cap.verdict === 'allow')) {
            launch = cap;
            via = c.action;
          }
        }
        if (!launch || !via) continue;
        callers.push({
          subject: s,
          actions: ['iam:PassRole', via],
          conditions: launch.conditions,
          grants: launch.grants,
        });
      }
      if (!callers.length) continue;
      this.connect({
        name: `pass|${model.account}|${service}`,
        kind: 'pass-role',
        checks: [{ action: 'iam:PassRole', opts }],
        callers,
        targets: targets.map((node) => ({ node, conditions: [], grants: [] })),
        targetActions: ['iam:PassRole'],
      });
    }
  }

  private trustEditEdges(model: AccountModel): void {
    // The trust policy of a service-linked role cannot be modified (IAM user guide, "Update a role trust policy").
    const targets = model.roles
      .map((r) => this.nodes.get(r.arn) as GraphNode)
      .filter((n) => !serviceLinked(n.subject) && this.useful(n));
    for (const act of this.escalationByKind.get('trust-edit') ?? []) {
      const callers = [...model.users, ...model.roles].filter(
        (s) => hasAllow(s, act) && !this.saturatedKey(s.arn),
      );
      if (!callers.length || !targets.length) continue;
      // After naming itself in the trust policy, the same-account caller needs no identity Allow to assume it.
      this.connect({
        name: `trust-edit|${model.account}|${act}`,
        kind: 'trust-edit',
        checks: [
          { action: act, opts: {} },
          { action: 'sts:AssumeRole', opts: { identityAllowNotRequired: true } },
        ],
        callers: callers.map((subject) => ({ subject, actions: [act], conditions: [], grants: [] })),
        targets: targets.map((node) => ({ node, conditions: [], grants: [] })),
        targetActions: ['sts:AssumeRole'],
      });
    }
  }

  private credentialEdges(model: AccountModel): void {
    const targets = model.users.map((u) => this.nodes.get(u.arn) as GraphNode).filter((n) => this.useful(n));
    for (const act of this.escalationByKind.get('credentials') ?? []) {
      const callers = [...model.users, ...model.roles].filter(
        (s) => hasAllow(s, act) && !this.saturatedKey(s.arn),
      );
      if (!callers.length || !targets.length) continue;
      this.connect({
        name: `credentials|${model.account}|${act}`,
        kind: 'credentials',
        checks: [{ action: act, opts: {} }],
        callers: callers.map((subject) => ({ subject, actions: [act], conditions: [], grants: [] })),
        targets: targets.map((node) => ({ node, conditions: [], grants: [] })),
        targetActions: [act],
      });
    }
  }
}

/** Many callers to many targets, decided per group of callers with identical statements. */
interface Family {
  name: string;
  kind: EdgeKind;
  /** Requests each caller makes against a target's ARN; all must be granted. */
  checks: { action: string; opts: EvaluateOptions }[];
  callers: { subject: Subject; actions: string[]; conditions: GrantCondition[]; grants: StatementUse[] }[];
  targets: { node: GraphNode; conditions: GrantCondition[]; grants: StatementUse[] }[];
  targetActions: string[];
}

/** Context keys whose value differs between callers of one account. */
const CALLER_KEYS = new Set(['aws:principalarn', 'aws:principaltype', 'aws:username', 'aws:userid']);

/** Whether a trust policy can answer two callers of the same account differently. */
function callerSpecific(trust: readonly Statement[]): boolean {
  for (const g of trustGrants(trust))
    if (g.entrant.kind === 'arn' || g.entrant.kind === 'session') return true;
  return trust.some(
    (s) =>
      s.notPrincipal !== null ||
      (s.effect === 'Deny' && s.principal !== null && s.principal.aws.length > 0) ||
      s.conditions.some((c) => {
        const k = c.key.toLowerCase();
        return CALLER_KEYS.has(k) || k.startsWith('aws:principaltag/');
      }),
  );
}

/** A stand-in caller for an account: only what all its principals share is known. */
function pseudoCaller(m: AccountModel): Caller {
  return {
    arn: `arn:${m.partition}:iam::${m.account}:*`,
    account: m.account,
    context: knownContext({
      'aws:PrincipalAccount': m.account,
      'aws:PrincipalOrgID': m.placement.status === 'standalone' ? ABSENT : m.placement.orgId,
      'aws:PrincipalIsAWSService': 'false',
    }),
  };
}

/** Roles AWS services create and own (path /aws-service-role/): no customer edits, no PassRole. */
export function serviceLinked(s: Subject | undefined): boolean {
  return s?.type === 'role' && (s as RoleSubject).role.path.startsWith('/aws-service-role/');
}

/** Whether any identity statement could allow the action at all (cheap pre-filter). */
export function hasAllow(subject: Subject, action: string): boolean {
  if (subject.type === 'root') return true;
  return subject.identity.some((p) => statementsFor(p, action).some((s) => s.effect === 'Allow'));
}

/** Builds the who-can-become-whom graph over every account in the bundle, with each principal's compute. */
export function buildGraph(
  accounts: Map<string, AccountModel>,
  catalog: ActionCatalog,
  compute: ComputeActions,
): IdentityGraph {
  return new Builder(accounts, catalog, compute).build();
}
