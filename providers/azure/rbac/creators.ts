import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { Creator, GrantCondition, GrantRef, PrincipalRef } from '../../../src/model/identity.js';
import type { Workload } from '../../../src/model/workload.js';
import type { ApprovedCreator } from '../../../src/policy/schema.js';
import { globToRegExp } from '../../../src/text/glob.js';
import { actionMatches, grantingPattern } from './action-patterns.js';
import type { AzureComputeActions } from './compute-actions.js';
import {
  type Assignment,
  type Deny,
  everyone,
  type Member,
  type Role,
  type SubscriptionRbac,
  scopeCovers,
} from './model.js';

/** One principal as RBAC sees it: the assignment's principal, or a member reached through groups. */
interface Holder {
  id: string;
  type: PrincipalRef['type'];
  kind: Creator['kind'];
  name?: string;
  upn?: string;
  appId?: string;
  external: boolean;
  /** Groups passed through, outermost first. */
  groups: string[];
}

/** What one assignment gives one holder. */
interface Grant {
  holder: Holder;
  assignment: Assignment;
  role: Role;
  /** The scope creation is possible at: the subscription (for anything at or above it) or a resource group. */
  at: string;
  actions: string[];
  ref: EvidenceRef[];
}

const subscriptionScope = (sub: string) => `/subscriptions/${sub}`;

/** The scope in the subscription where an assignment lets its holder create: undefined for single resources. */
function creationScope(a: Assignment, sub: string): string | undefined {
  const s = a.scopeKey;
  const here = subscriptionScope(sub);
  if (s === '/' || s.startsWith('/providers/microsoft.management/') || s === here) return here;
  if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(s) && s.startsWith(`${here}/`)) return s;
  return undefined;
}

/** The holders behind an assignment's principal: groups expanded through Graph (nested ones too). */
function holders(rbac: SubscriptionRbac, a: Assignment): { holders: Holder[]; refs: EvidenceRef[] } {
  const type = a.principalType.toLowerCase();
  if (type === 'user')
    return {
      holders: [
        {
          id: a.principalId,
          type: 'user',
          kind: 'user',
          ...(a.principalName ? { name: a.principalName, upn: a.principalName } : {}),
          external: /#ext#/i.test(a.principalName ?? ''),
          groups: [],
        },
      ],
      refs: [],
    };
  if (type === 'serviceprincipal' || type === 'msi')
    return {
      holders: [
        {
          id: a.principalId,
          type: 'service-account',
          kind: 'role',
          ...(a.principalName ? { name: a.principalName } : {}),
          external: false,
          groups: [],
        },
      ],
      refs: [],
    };
  if (type === 'foreigngroup')
    return {
      holders: [
        {
          id: a.principalId,
          type: 'group',
          kind: 'external-account',
          name: 'group in another tenant',
          external: true,
          groups: [],
        },
      ],
      refs: [],
    };
  if (type !== 'group')
    return {
      holders: [{ id: a.principalId, type: 'user', kind: 'user', external: false, groups: [] }],
      refs: [],
    };
  const out: Holder[] = [];
  const refs: EvidenceRef[] = [];
  const seen = new Set<string>();
  const walk = (groupId: string, path: string[]) => {
    if (seen.has(groupId)) return;
    seen.add(groupId);
    const listed = rbac.members(groupId);
    if (!listed) {
      // Members not collected: the group itself is named, members unknown.
      out.push({
        id: groupId,
        type: 'group',
        kind: 'group-member',
        name: 'group (members unknown)',
        external: false,
        groups: path,
      });
      return;
    }
    refs.push(listed.ref);
    for (const m of listed.members) {
      if (m.type === 'group') walk(m.id, [...path, groupId]);
      else out.push(memberHolder(m, [...path, groupId]));
    }
  };
  walk(a.principalId, []);
  return { holders: out, refs };
}

function memberHolder(m: Member, groups: string[]): Holder {
  return {
    id: m.id,
    type: m.type === 'service-account' ? 'service-account' : 'user',
    kind: m.type === 'service-account' ? 'role' : 'group-member',
    ...(m.name ? { name: m.upn ?? m.name } : {}),
    ...(m.upn ? { upn: m.upn } : {}),
    ...(m.appId ? { appId: m.appId } : {}),
    external: /#ext#/i.test(m.upn ?? ''),
    groups,
  };
}

/** Deny assignments by principal (and for Everyone), with the compute actions each denies, built once per subscription. */
class DenyIndex {
  private readonly byPrincipal = new Map<string, Deny[]>();
  private readonly everyone: Deny[] = [];
  private readonly denies = new Map<Deny, Set<string>>();

  constructor(rbac: SubscriptionRbac, actions: string[]) {
    for (const d of rbac.denies) {
      const denied = new Set(actions.filter((a) => d.permissions.some((p) => grantingPattern(p, a))));
      if (denied.size === 0) continue;
      this.denies.set(d, denied);
      if (d.principals.has(everyone)) this.everyone.push(d);
      for (const id of d.principals) if (id !== everyone) append(this.byPrincipal, id, d);
    }
  }

  /** The denies that block `action` for a holder at a creation scope; partial ones only at narrower scopes. */
  denying(h: Holder, action: string, at: string): { full: Deny[]; partial: Deny[] } {
    const full: Deny[] = [];
    const partial: Deny[] = [];
    if (this.denies.size === 0) return { full, partial };
    const ids = [h.id, ...h.groups];
    const candidates = new Set([...this.everyone, ...ids.flatMap((i) => this.byPrincipal.get(i) ?? [])]);
    for (const d of candidates) {
      if (!this.denies.get(d)?.has(action) || ids.some((i) => d.excluded.has(i))) continue;
      const covers = d.childScopes ? scopeCovers(d.scopeKey, at) : d.scopeKey === at;
      if (covers && !d.condition) full.push(d);
      else if (covers || d.scopeKey.startsWith(`${at}/`)) partial.push(d);
    }
    return { full, partial };
  }
}

function roleGrants(role: Role, actions: string[]): string[] {
  return actions.filter((a) => role.permissions.some((p) => grantingPattern(p, a)));
}

export interface CreatorOptions {
  approved: readonly ApprovedCreator[];
  compute: AzureComputeActions;
  /** VMs and scale-set instances of the subscription, with their managed identities (serviceAccounts). */
  workloads: readonly Workload[];
}

/** Who can create compute in one subscription: directly, through a VM's managed identity (chain), or by granting itself a role (escalation). */
export function subscriptionCreators(rbac: SubscriptionRbac, o: CreatorOptions): Creator[] {
  const sub = rbac.subscription;
  const compute = o.compute.compute.map((c) => c.action);
  const escalationActions = o.compute.escalation.map((c) => c.action);
  const runCode = o.compute.runCode.map((c) => c.action);
  const denies = new DenyIndex(rbac, compute);
  const grants: Grant[] = [];
  const escalations: Grant[] = [];
  const runners: (Grant & { scopeKey: string })[] = [];
  const expanded = new Map<string, { holders: Holder[]; refs: EvidenceRef[] }>();
  for (const a of rbac.assignments) {
    const role = rbac.roles.get(a.roleGuid);
    if (!role) continue;
    const creating = roleGrants(role, compute);
    const escalating = roleGrants(role, escalationActions);
    const running = roleGrants(role, runCode);
    if (!creating.length && !escalating.length && !running.length) continue;
    let hs = expanded.get(a.id);
    if (!hs) {
      hs = holders(rbac, a);
      expanded.set(a.id, hs);
    }
    const at = creationScope(a, sub);
    for (const holder of hs.holders) {
      const ref = [a.ref, role.ref, ...hs.refs];
      if (at && creating.length) grants.push({ holder, assignment: a, role, at, actions: creating, ref });
      if (at && escalating.length)
        escalations.push({ holder, assignment: a, role, at, actions: escalating, ref });
      if (running.length)
        runners.push({
          holder,
          assignment: a,
          role,
          at: a.scopeKey,
          scopeKey: a.scopeKey,
          actions: running,
          ref,
        });
    }
  }

  const byHolder = new Map<string, Grant[]>();
  for (const g of grants) append(byHolder, g.holder.id, g);

  const creators: Creator[] = [];
  const direct = new Map<string, Creator>();
  for (const [id, list] of byHolder) {
    const c = assemble(rbac, denies, list, 'direct', compute, o.approved);
    if (c) {
      creators.push(c);
      direct.set(id, c);
    }
  }

  // Escalation: roleAssignments/write lets the holder give itself Owner; the entry lists what it cannot already do.
  const escBy = new Map<string, Grant[]>();
  for (const g of escalations) append(escBy, g.holder.id, g);
  for (const [id, list] of escBy) {
    const already = new Set(direct.get(id)?.actions ?? []);
    const missing = compute.filter((a) => !already.has(a));
    if (missing.length === 0) continue;
    const reached = list.map((g) => ({ ...g, actions: missing }));
    const c = assemble(rbac, denies, reached, 'escalation', compute, o.approved, escalationActions, list);
    if (c) creators.push(c);
  }

  // Chains: code run on a VM runs as its managed identities; whoever can run code there reaches what they can create.
  // Indexed by scope: a VM is covered by the root, management groups, its subscription, resource group and itself.
  const identityCreators = new Map([...direct].filter(([, c]) => c.principal.type === 'service-account'));
  const runnersAt = new Map<string, (Grant & { scopeKey: string })[]>();
  const above: (Grant & { scopeKey: string })[] = [];
  for (const r of runners) {
    if (r.scopeKey === '/' || r.scopeKey.startsWith('/providers/microsoft.management/')) above.push(r);
    else append(runnersAt, r.scopeKey, r);
  }
  // One chain entry per runner (a path kind per principal): the first VM and identity that give it more than it has.
  const bit = new Map(compute.map((a, i) => [a, 1 << i]));
  const maskOf = (actions: readonly string[]) => actions.reduce((m, a) => m | (bit.get(a) ?? 0), 0);
  const ownMask = new Map([...direct].map(([id, c]) => [id, maskOf(c.actions)]));
  const targetMask = new Map([...identityCreators].map(([id, c]) => [id, maskOf(c.actions)]));
  // What each runner can do on a VM and on a scale-set instance, worked out once.
  const onVm = new Map(runners.map((r) => [r, r.actions.filter((a) => !/virtualMachineScaleSets/i.test(a))]));
  const onSet = new Map(runners.map((r) => [r, r.actions.filter((a) => /virtualMachineScaleSets/i.test(a))]));
  const chains = new Map<
    string,
    { holder: Holder; list: Grant[]; w: Workload; target: Creator; gained: number }
  >();
  const rgOf = (k: string | undefined) =>
    k ? /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/.exec(k)?.[1] : undefined;
  for (const w of o.workloads) {
    const ids = (w.serviceAccounts ?? []).map((x) => x.toLowerCase()).filter((x) => identityCreators.has(x));
    if (!ids.length) continue;
    const vmKey = w.id.toLowerCase();
    const groupKey = w.group?.toLowerCase();
    const keys = new Set([
      `/subscriptions/${sub.toLowerCase()}`,
      rgOf(vmKey),
      vmKey,
      groupKey,
      rgOf(groupKey),
    ]);
    const covering: (Grant & { scopeKey: string })[] = [...above];
    for (const k of keys) if (k) for (const r of runnersAt.get(k) ?? []) covering.push(r);
    for (const identity of ids) {
      const target = identityCreators.get(identity) as Creator;
      const tmask = targetMask.get(identity) ?? 0;
      for (const r of covering) {
        if (r.holder.id === identity) continue;
        const fitting = (groupKey ? onSet : onVm).get(r) ?? [];
        if (!fitting.length) continue;
        const gained = tmask & ~(ownMask.get(r.holder.id) ?? 0);
        if (gained === 0) continue;
        const chain = chains.get(r.holder.id);
        if (!chain)
          chains.set(r.holder.id, {
            holder: r.holder,
            list: [{ ...r, actions: fitting }],
            w,
            target,
            gained,
          });
        else if (chain.target === target && chain.w === w) chain.list.push({ ...r, actions: fitting });
        else chain.gained |= gained;
      }
    }
  }
  for (const c of chains.values())
    creators.push(
      chainCreator(
        c.holder,
        c.list,
        c.w,
        { ...c.target, actions: compute.filter((a) => ((bit.get(a) ?? 0) & c.gained) !== 0) },
        o.approved,
      ),
    );
  rank(creators);
  return creators;
}

function assemble(
  rbac: SubscriptionRbac,
  denies: DenyIndex,
  list: Grant[],
  path: 'direct' | 'escalation',
  compute: string[],
  approved: readonly ApprovedCreator[],
  escalation: string[] = [],
  escalationGrants: Grant[] = [],
): Creator | undefined {
  const holder = (list[0] as Grant).holder;
  const actions = new Set<string>();
  const conditions: GrantCondition[] = [];
  const grants: GrantRef[] = [];
  const evidence: EvidenceRef[] = [];
  for (const g of list) {
    for (const action of g.actions) {
      const { full, partial } =
        path === 'direct' ? denies.denying(g.holder, action, g.at) : { full: [], partial: [] };
      if (full.length) {
        for (const d of full) addDeny(d, grants, evidence);
        continue;
      }
      actions.add(action);
      for (const d of partial) {
        addDeny(d, grants, evidence);
        conditions.push({
          effect: 'Deny',
          operator: d.condition ? 'DenyAssignmentCondition' : 'DenyAssignment',
          key: d.scope,
          values: d.condition ? [d.condition] : [],
          text: d.condition
            ? `denied by deny assignment ${d.name} at ${d.scope} when its condition holds (${d.condition})`
            : `denied at ${d.scope} by deny assignment ${d.name}`,
        });
      }
    }
    if (g.assignment.condition)
      conditions.push({
        effect: 'Allow',
        operator: 'AbacCondition',
        key: g.assignment.conditionVersion ?? '2.0',
        values: [g.assignment.condition],
        text: `only when the condition on assignment ${g.assignment.name} holds (${g.assignment.condition})`,
      });
    grants.push(grantRef(g));
    evidence.push(...g.ref);
  }
  for (const g of escalationGrants) {
    grants.push(grantRef(g));
    evidence.push(...g.ref);
  }
  if (actions.size === 0) return undefined;
  const rule = approval(approved, holder);
  const creator: Creator = {
    provider: 'azure',
    scope: rbac.subscription,
    principal: principalOf(holder),
    kind: holder.kind,
    actions: compute.filter((a) => actions.has(a)),
    via: holder.groups,
    external: holder.external,
    approved: Boolean(rule),
    path,
    rank: 0,
    grants: dedupe(grants, (g) => `${g.policy}|${g.statement}|${g.effect}`),
    evidence: dedupe(evidence, (e) => `${e.file}#${e.pointer ?? ''}`),
  };
  if (conditions.length) creator.conditions = dedupe(conditions, (c) => c.text);
  if (rule) creator.approvedBy = rule.principal;
  if (escalation.length) creator.escalation = escalation;
  return creator;
}

function chainCreator(
  holder: Holder,
  list: Grant[],
  w: Workload,
  target: Creator,
  approved: readonly ApprovedCreator[],
): Creator {
  const rule = approval(approved, holder);
  const used = [...new Set(list.flatMap((g) => g.actions))];
  const conditions = [
    ...(target.conditions ?? []),
    ...list
      .filter((g) => g.assignment.condition)
      .map((g) => ({
        effect: 'Allow' as const,
        operator: 'AbacCondition',
        key: g.assignment.conditionVersion ?? '2.0',
        values: [g.assignment.condition as string],
        text: `only when the condition on assignment ${g.assignment.name} holds (${g.assignment.condition})`,
      })),
  ];
  const creator: Creator = {
    provider: 'azure',
    scope: target.scope,
    principal: principalOf(holder),
    kind: holder.kind,
    actions: target.actions,
    via: [...holder.groups, w.id, target.principal.id],
    external: holder.external,
    approved: Boolean(rule),
    path: 'chain',
    escalation: used,
    rank: 0,
    grants: dedupe(
      [...list.map(grantRef), ...target.grants],
      (g) => `${g.policy}|${g.statement}|${g.effect}`,
    ),
    evidence: dedupe(
      [...list.flatMap((g) => g.ref), ...w.evidence, ...target.evidence],
      (e) => `${e.file}#${e.pointer ?? ''}`,
    ),
  };
  if (conditions.length) creator.conditions = conditions;
  if (rule) creator.approvedBy = rule.principal;
  const through = target.approved ? target.principal.id : undefined;
  if (!rule && through) creator.viaApproved = through;
  return creator;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addDeny(d: Deny, grants: GrantRef[], evidence: EvidenceRef[]) {
  grants.push({ policy: `deny assignment ${d.name}`, statement: `at ${d.scope}`, effect: 'Deny' });
  evidence.push(d.ref);
}

function grantRef(g: Grant): GrantRef {
  return {
    policy: `${g.role.roleName}${g.role.custom ? ' (custom role)' : ''}`,
    statement: `assignment ${g.assignment.name} at ${g.assignment.scope}`,
    effect: 'Allow',
  };
}

function principalOf(h: Holder): PrincipalRef {
  return { id: h.id, type: h.type, ...(h.name ? { name: h.name } : {}) };
}

/** Approved creators match the Entra object id, a service principal's app id or a user's UPN (globs, any case). */
export function approval(
  approved: readonly ApprovedCreator[],
  h: { id: string; upn?: string; appId?: string },
): ApprovedCreator | undefined {
  const names = [h.id, h.upn, h.appId].filter((x): x is string => !!x);
  return approved.find((r) => {
    const re = globToRegExp(r.principal, 'i');
    return names.some((n) => re.test(n));
  });
}

function dedupe<T>(list: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Most urgent first: unapproved, external, unconditional, people before services, direct before chains. */
export function rank(creators: Creator[]): void {
  const score = (c: Creator): number[] => [
    c.approved ? 1 : 0,
    c.external ? 0 : 1,
    c.conditions?.length ? 1 : 0,
    c.kind === 'service' ? 1 : 0,
    c.via.length,
  ];
  creators.sort((a, b) => {
    const x = score(a);
    const y = score(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    return a.principal.id < b.principal.id
      ? -1
      : a.principal.id > b.principal.id
        ? 1
        : (a.path ?? '').localeCompare(b.path ?? '');
  });
  creators.forEach((c, i) => {
    c.rank = i + 1;
  });
}

export { actionMatches };
