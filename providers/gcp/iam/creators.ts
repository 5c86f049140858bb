import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { Creator, GrantCondition, GrantRef, PrincipalRef } from '../../../src/model/identity.js';
import type { Policy } from '../../../src/policy/schema.js';
import { globToRegExp } from '../../../src/text/glob.js';
import type { ComputePermissions } from './compute-permissions.js';
import type { Grant, ProjectIam } from './model.js';

/** Google-managed service agents: they act only for the service that owns them. */
const SERVICE_AGENT =
  /^serviceAccount:(service-\d+@|\d+@cloudservices\.gserviceaccount\.com$|.*@(gcp-sa-[a-z0-9-]+|compute-system|container-engine-robot|dataflow-service-producer-prod|cloud-ml|cloudbuild|serverless-robot-prod|gs-project-accounts)\.iam\.gserviceaccount\.com$)/;
const DEFAULT_COMPUTE_SA = /^serviceAccount:\d+-compute@developer\.gserviceaccount\.com$/;

/** What one member holds in the project, permission by permission, with the grants that give it. */
export interface Holdings {
  member: string;
  /** permission → grants that carry it (unconditional and conditional). */
  perms: Map<string, Grant[]>;
}

/** Permissions a grant carries: its role's, when the role was described. */
function permsOf(iam: ProjectIam, g: Grant): Set<string> {
  return iam.roles.get(g.role) ?? new Set();
}

/** Every member's holdings: bindings at the organization, folders and project (service-account policies apart). */
export function holdingsOf(iam: ProjectIam, onServiceAccount?: string): Map<string, Holdings> {
  const out = new Map<string, Holdings>();
  for (const g of iam.grants) {
    if (onServiceAccount ? g.serviceAccount !== onServiceAccount : g.serviceAccount !== undefined) continue;
    let h = out.get(g.member);
    if (!h) {
      h = { member: g.member, perms: new Map() };
      out.set(g.member, h);
    }
    for (const p of permsOf(iam, g)) {
      const list = h.perms.get(p) ?? [];
      list.push(g);
      h.perms.set(p, list);
    }
  }
  return out;
}

function conditionOf(g: Grant): GrantCondition | undefined {
  if (!g.condition) return undefined;
  const title = g.condition.title ? `"${g.condition.title}": ` : '';
  return {
    effect: 'Allow',
    operator: 'CEL',
    key: g.condition.title ?? 'condition',
    values: [g.condition.expression],
    text: `only when ${title}${g.condition.expression}`,
  };
}

/** The grants of `perms` an entry cites: unconditional ones when any exist, else the conditional ones. */
function decisive(grants: Grant[]): { grants: Grant[]; conditional: boolean } {
  const plain = grants.filter((g) => !g.condition);
  return plain.length ? { grants: plain, conditional: false } : { grants, conditional: true };
}

function grantRef(g: Grant): GrantRef {
  return {
    policy: `${g.where} IAM policy`,
    statement: `bindings[${g.index}]: ${g.role} → ${g.member}`,
    effect: 'Allow',
  };
}

interface Entry {
  member: string;
  actions: string[];
  grants: Grant[];
  conditional: boolean;
  via: string[];
  path: 'direct' | 'chain' | 'escalation';
  escalation?: string[];
  viaGroup?: string;
}

/** The compute a member reaches by its own bindings (actAs-bound services only with actAs on some account). */
function directCompute(
  h: Holdings | undefined,
  actAs: { held: boolean; grants: Grant[] },
  data: ComputePermissions,
): { actions: string[]; grants: Grant[]; conditional: boolean } | undefined {
  if (!h) return undefined;
  const actions: string[] = [];
  const used: Grant[] = [];
  let conditional = true;
  for (const c of data.compute) {
    const grants = h.perms.get(c.permission);
    if (!grants?.length) continue;
    if (c.needsActAs && !actAs.held) continue;
    const d = decisive(grants);
    if (!d.conditional) conditional = false;
    actions.push(c.permission);
    used.push(...d.grants, ...(c.needsActAs ? actAs.grants : []));
  }
  return actions.length ? { actions, grants: dedupe(used), conditional } : undefined;
}

function dedupe(grants: Grant[]): Grant[] {
  return [...new Map(grants.map((g) => [`${g.where}|${g.index}|${g.member}`, g])).values()];
}

/**
 * Who can create compute in a project: bindings inherited from the organization and folders and set on the project,
 * through predefined and custom roles; chains through service accounts they can impersonate; escalation through
 * IAM-policy and custom-role edits. One entry per member per path.
 */
export function projectCreators(iam: ProjectIam, data: ComputePermissions, policy: Policy): Creator[] {
  const holdings = holdingsOf(iam);
  const accounts = new Set(iam.serviceAccounts);
  const onAccount = new Map(iam.serviceAccounts.map((sa) => [sa, holdingsOf(iam, sa)]));
  const impersonation = data.impersonation.map((i) => i.permission);

  /** Who can act as `sa` (project-wide or on the account itself), and through which grants. */
  const actAsOf = (member: string) => {
    const grants = [
      ...(holdings.get(member)?.perms.get(data.actAs) ?? []),
      ...[...onAccount.values()].flatMap((m) => m.get(member)?.perms.get(data.actAs) ?? []),
    ];
    return { held: grants.length > 0, grants: decisive(grants).grants };
  };

  const entries: Entry[] = [];
  const direct = new Map<string, { actions: string[]; grants: Grant[]; conditional: boolean }>();
  for (const [member, h] of holdings) {
    const d = directCompute(h, actAsOf(member), data);
    if (!d) continue;
    direct.set(member, d);
    entries.push({ member, ...d, via: [], path: 'direct' });
  }

  // Impersonation edges: member → service account, with the grant that allows it.
  const edges = new Map<string, { to: string; grants: Grant[]; permission: string }[]>();
  for (const sa of accounts) {
    const project = holdings;
    const own = onAccount.get(sa) as Map<string, Holdings>;
    for (const source of [project, own])
      for (const [member, h] of source)
        for (const p of impersonation) {
          const grants = h.perms.get(p);
          if (!grants?.length || member === `serviceAccount:${sa}`) continue;
          const list = edges.get(member) ?? [];
          if (!list.some((e) => e.to === sa))
            list.push({ to: sa, grants: decisive(grants).grants, permission: p });
          edges.set(member, list);
        }
  }
  // Breadth-first from every member through the accounts it can become, to the first that creates compute.
  for (const member of edges.keys()) {
    const seen = new Set<string>([member]);
    let frontier: { at: string; path: string[]; grants: Grant[]; perms: string[] }[] = [
      { at: member, path: [], grants: [], perms: [] },
    ];
    while (frontier.length) {
      const next: typeof frontier = [];
      for (const f of frontier)
        for (const e of edges.get(f.at) ?? []) {
          const target = `serviceAccount:${e.to}`;
          if (seen.has(target)) continue;
          seen.add(target);
          const step = {
            at: target,
            path: [...f.path, e.to],
            grants: [...f.grants, ...e.grants],
            perms: [...f.perms, e.permission],
          };
          const d = direct.get(target);
          if (d)
            entries.push({
              member,
              actions: d.actions,
              grants: dedupe([...step.grants, ...d.grants]),
              conditional: d.conditional || step.grants.some((g) => g.condition),
              via: step.path,
              path: 'chain',
              escalation: [...new Set(step.perms)],
            });
          next.push(step);
        }
      frontier = next;
    }
  }

  // Escalation: editing an IAM policy on the path, a custom role bound to oneself, or a creating account's policy.
  const everything = data.compute.map((c) => c.permission);
  const escalated = new Set<string>();
  for (const [member, h] of holdings) {
    const used: string[] = [];
    const grants: Grant[] = [];
    for (const e of data.escalation) {
      const held = h.perms.get(e.permission);
      if (!held?.length) continue;
      if (e.kind === 'grant') {
        used.push(e.permission);
        grants.push(...decisive(held).grants);
      } else if (e.kind === 'role-update') {
        // A custom role bound to the member, defined where the member may update roles.
        const custom = iam.grants.filter(
          (g) => g.member === member && /^(organizations|projects)\/[^/]+\/roles\//.test(g.role),
        );
        const editable = custom.filter((g) => held.some((x) => g.role.startsWith(`${x.where}/roles/`)));
        if (editable.length) {
          used.push(e.permission);
          grants.push(...decisive(held).grants, ...editable);
        }
      }
    }
    if (!used.length) continue;
    escalated.add(member);
    entries.push({
      member,
      actions: everything,
      grants: dedupe(grants),
      conditional: grants.every((g) => g.condition),
      via: [],
      path: 'escalation',
      escalation: used,
    });
  }
  // Granting oneself impersonation of an account that creates compute (held project-wide or on the account).
  const setPolicy = 'iam.serviceAccounts.setIamPolicy';
  for (const sa of accounts) {
    const d = direct.get(`serviceAccount:${sa}`);
    if (!d) continue;
    const own = onAccount.get(sa) as Map<string, Holdings>;
    for (const member of new Set([...holdings.keys(), ...own.keys()])) {
      const held = [
        ...(holdings.get(member)?.perms.get(setPolicy) ?? []),
        ...(own.get(member)?.perms.get(setPolicy) ?? []),
      ];
      if (!held.length || member === `serviceAccount:${sa}` || escalated.has(member)) continue;
      entries.push({
        member,
        actions: d.actions,
        grants: dedupe([...decisive(held).grants, ...d.grants]),
        conditional: decisive(held).conditional || d.conditional,
        via: [sa],
        path: 'escalation',
        escalation: [setPolicy],
      });
    }
  }

  // Groups with known members: each member is a creator of its own (kind group-member).
  const expanded: Entry[] = [];
  for (const e of entries) {
    const group = /^group:(.+)$/.exec(e.member)?.[1]?.toLowerCase();
    const members = group ? iam.groups.get(group) : undefined;
    if (!members) {
      expanded.push(e);
      continue;
    }
    for (const m of members) expanded.push({ ...e, member: m, viaGroup: group });
  }
  const creators = expanded.map((e) => toCreator(iam, e, policy));
  rank(creators);
  return creators;
}

function principalOf(
  member: string,
  viaGroup: string | undefined,
  iam: ProjectIam,
): { principal: PrincipalRef; kind: Creator['kind']; external: boolean } {
  const [prefix, ...rest] = member.split(':');
  const id = rest.join(':');
  const domainOf = (email: string) => email.split('@')[1]?.toLowerCase();
  const outside = (d: string | undefined) =>
    !!iam.domain && !!d && d !== iam.domain && !d.endsWith('.gserviceaccount.com');
  if (member === 'allUsers' || member === 'allAuthenticatedUsers')
    return {
      principal: {
        id: member,
        type: 'anonymous',
        name: member === 'allUsers' ? 'anyone on the internet' : 'any Google account',
      },
      kind: 'external-account',
      external: true,
    };
  if (prefix === 'principal' || prefix === 'principalSet')
    return { principal: { id: member, type: 'federated' }, kind: 'federated', external: true };
  if (prefix === 'serviceAccount') {
    const service = SERVICE_AGENT.test(member);
    return {
      principal: {
        id: member,
        type: 'service-account',
        ...(DEFAULT_COMPUTE_SA.test(member) ? { name: 'Compute Engine default service account' } : {}),
        ...(service ? { name: 'Google-managed service agent' } : {}),
      },
      kind: service ? 'service' : 'role',
      external: false,
    };
  }
  if (prefix === 'group')
    return {
      principal: { id: member, type: 'group', name: `${id} (members not collected)` },
      kind: 'group-member',
      external: outside(domainOf(id)),
    };
  if (prefix === 'domain')
    return {
      principal: { id: member, type: 'group', name: `every account in ${id}` },
      kind: 'group-member',
      external: outside(id),
    };
  return {
    principal: {
      id: member,
      type: 'user',
      ...(viaGroup ? { name: `${id} (member of ${viaGroup})` } : { name: id }),
    },
    kind: viaGroup ? 'group-member' : 'user',
    external: outside(domainOf(id)),
  };
}

/** The `creators.approved` rule that covers a member (`user:a@b`, or the bare email). */
function approval(policy: Policy, member: string) {
  const email = member.includes(':') ? member.slice(member.indexOf(':') + 1) : member;
  return policy.creators.approved.find((a) => {
    const re = globToRegExp(a.principal, 'i');
    return re.test(member) || re.test(email);
  });
}

function toCreator(iam: ProjectIam, e: Entry, policy: Policy): Creator {
  const { principal, kind, external } = principalOf(e.member, e.viaGroup, iam);
  const rule =
    approval(policy, e.member) ?? (e.viaGroup ? approval(policy, `group:${e.viaGroup}`) : undefined);
  const service = kind === 'service';
  const conditions = e.conditional
    ? [
        ...new Map(
          e.grants
            .map(conditionOf)
            .filter((c): c is GrantCondition => !!c)
            .map((c) => [c.text, c]),
        ).values(),
      ]
    : [];
  const evidence: EvidenceRef[] = [
    ...new Map(e.grants.map((g) => [`${g.ref.file}${g.ref.pointer}`, g.ref])).values(),
  ];
  return {
    provider: 'gcp',
    scope: iam.project,
    principal,
    kind,
    actions: e.actions,
    via: e.via.map((sa) => `serviceAccount:${sa}`),
    ...(conditions.length ? { conditions } : {}),
    external,
    approved: !!rule || service,
    ...(rule
      ? { approvedBy: rule.reason }
      : service
        ? { approvedBy: 'Google-managed service agent: acts only for its service' }
        : {}),
    ...(e.escalation?.length ? { escalation: e.escalation } : {}),
    path: e.path,
    rank: 0,
    grants: e.grants.map(grantRef),
    evidence,
  };
}

/** Unapproved first; external entry points, then unconditional grants; direct before chains and escalation. */
function rank(creators: Creator[]): void {
  const order = { direct: 0, chain: 1, escalation: 2 };
  creators.sort(
    (a, b) =>
      Number(a.approved) - Number(b.approved) ||
      Number(b.external) - Number(a.external) ||
      Number(!!a.conditions?.length) - Number(!!b.conditions?.length) ||
      order[a.path ?? 'direct'] - order[b.path ?? 'direct'] ||
      a.principal.id.localeCompare(b.principal.id),
  );
  creators.forEach((c, i) => {
    c.rank = i + 1;
  });
}
