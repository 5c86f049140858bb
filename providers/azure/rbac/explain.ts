import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { Creator } from '../../../src/model/identity.js';
import { AzureFiles } from '../bundle-files.js';
import { actionMatches, grantingPattern, removingPattern } from './action-patterns.js';
import {
  type Assignment,
  everyone,
  loadSubscriptionRbac,
  type SubscriptionRbac,
  scopeCovers,
} from './model.js';

export interface ExplainLine {
  assignment: string;
  scope: string;
  role: string;
  custom: boolean;
  /** How the principal holds it: directly or through groups (outermost first). */
  through: string[];
  verdict: 'allow' | 'removed-by-notActions' | 'not-granted';
  pattern?: string;
  condition?: string;
}

/** A way to the action other than holding it, as creators[] reports it: a chain or an escalation. */
export interface ExplainPath {
  path: 'chain' | 'escalation';
  /** Principals passed through, first hop first (a VM whose managed identity holds the action). */
  via: string[];
  /** The permissions the step uses: run a command on the VM, write a role assignment. */
  using: string[];
  actions: string[];
}

export interface AzureExplainResult {
  principal: string;
  action: string;
  found: boolean;
  problem?: string;
  subscriptions: {
    subscription: string;
    verdict: 'allow' | 'conditional' | 'deny' | 'not-granted';
    assignments: ExplainLine[];
    denies: { name: string; scope: string; condition?: string }[];
    /** Other ways to the action (when it is a compute-creating one): chains and escalations. */
    paths: ExplainPath[];
  }[];
}

/** The chain and escalation entries of creators[] that belong to this principal in this subscription. */
function pathsOf(creators: readonly Creator[], sub: string, who: string, action: string): ExplainPath[] {
  return creators
    .filter(
      (c) =>
        c.scope === sub &&
        c.path !== 'direct' &&
        (c.principal.id.toLowerCase() === who || c.principal.name?.toLowerCase() === who) &&
        c.actions.some((a) => actionMatches(a, action) || actionMatches(action, a)),
    )
    .map((c) => ({
      path: c.path as ExplainPath['path'],
      via: c.via,
      using: c.escalation ?? [],
      actions: c.actions,
    }));
}

/** The groups (direct and nested) whose members include `principal`, from the group member files. */
function groupsOf(
  rbac: SubscriptionRbac,
  principal: string,
  assignments: Assignment[],
): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const groups = assignments
    .filter((a) => a.principalType.toLowerCase() === 'group')
    .map((a) => a.principalId);
  for (const g of new Set(groups)) {
    const walk = (id: string, path: string[], seen: Set<string>) => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const m of rbac.members(id)?.members ?? []) {
        if (m.id === principal || m.upn?.toLowerCase() === principal || m.appId?.toLowerCase() === principal)
          paths.set(g, [...path, id]);
        if (m.type === 'group') walk(m.id, [...path, id], seen);
      }
    };
    walk(g, [], new Set());
  }
  return paths;
}

/** Why a principal (object id, UPN or app id) can or cannot perform an action in each subscription of the bundle. */
export function explainAzure(
  bundle: EvidenceBundle,
  principal: string,
  action: string,
  resource?: string,
  creators: readonly Creator[] = [],
): AzureExplainResult {
  const files = new AzureFiles(bundle);
  const who = principal.toLowerCase();
  const result: AzureExplainResult = { principal, action, found: false, subscriptions: [] };
  for (const sub of files.subscriptions()) {
    const rbac = loadSubscriptionRbac(bundle, sub, files);
    if (!rbac.ready) continue;
    const viaGroups = groupsOf(rbac, who, rbac.assignments);
    const mine = rbac.assignments.filter(
      (a) => a.principalId === who || a.principalName?.toLowerCase() === who || viaGroups.has(a.principalId),
    );
    const paths = pathsOf(creators, sub, who, action);
    if (mine.length === 0 && paths.length === 0) continue;
    result.found = true;
    const target = (resource ?? `/subscriptions/${sub}`).toLowerCase();
    const lines: ExplainLine[] = mine
      .filter((a) => scopeCovers(a.scopeKey, target) || scopeCovers(target, a.scopeKey))
      .map((a) => {
        const role = rbac.roles.get(a.roleGuid);
        const pattern = role?.permissions.map((p) => grantingPattern(p, action)).find(Boolean);
        const removed = role?.permissions.map((p) => removingPattern(p, action)).find(Boolean);
        return {
          assignment: a.name,
          scope: a.scope,
          role: role?.roleName ?? a.roleGuid,
          custom: role?.custom ?? false,
          through: viaGroups.get(a.principalId) ?? [],
          verdict: pattern ? 'allow' : removed ? 'removed-by-notActions' : 'not-granted',
          ...(pattern ? { pattern } : removed ? { pattern: removed } : {}),
          ...(a.condition ? { condition: a.condition } : {}),
        } satisfies ExplainLine;
      });
    const ids = new Set([who, ...viaGroups.keys(), ...[...viaGroups.values()].flat()]);
    const denies = rbac.denies
      .filter(
        (d) =>
          (d.principals.has(everyone) || [...ids].some((i) => d.principals.has(i))) &&
          ![...ids].some((i) => d.excluded.has(i)) &&
          d.permissions.some(
            (p) => (p.actions ?? []).some((x) => actionMatches(x, action)) && grantingPattern(p, action),
          ) &&
          (scopeCovers(d.scopeKey, target) || d.scopeKey.startsWith(`${target}/`)),
      )
      .map((d) => ({ name: d.name, scope: d.scope, ...(d.condition ? { condition: d.condition } : {}) }));
    const allowed = lines.filter((l) => l.verdict === 'allow');
    const verdict =
      allowed.length === 0
        ? 'not-granted'
        : denies.some((d) => !d.condition)
          ? 'deny'
          : allowed.some((l) => !l.condition) && denies.length === 0
            ? 'allow'
            : 'conditional';
    result.subscriptions.push({ subscription: sub, verdict, assignments: lines, denies, paths });
  }
  if (!result.found)
    result.problem = `${principal} holds no role assignment in the subscriptions of the bundle (${files.subscriptions().join(', ') || 'none'}), directly or through a collected group.`;
  return result;
}

export function formatAzureExplain(r: AzureExplainResult): string {
  const lines = [`${r.principal} → ${r.action}`];
  for (const s of r.subscriptions) {
    lines.push(`subscription ${s.subscription}: ${s.verdict}`);
    for (const a of s.assignments) {
      const via = a.through.length ? ` through group ${a.through.join(' → ')}` : '';
      const cond = a.condition ? ` only when ${a.condition}` : '';
      lines.push(
        `  ${a.verdict.padEnd(22)} ${a.role}${a.custom ? ' (custom)' : ''} at ${a.scope}${via}${a.pattern ? ` [${a.pattern}]` : ''}${cond}`,
      );
    }
    for (const d of s.denies)
      lines.push(
        `  deny                   deny assignment ${d.name} at ${d.scope}${d.condition ? ` when ${d.condition}` : ''}`,
      );
    for (const p of s.paths) {
      const via = p.via.length ? ` through ${p.via.join(' → ')}` : '';
      const using = p.using.length ? ` using ${p.using.join(' + ')}` : '';
      lines.push(`  ${p.path.padEnd(22)} ${p.actions.join(', ')}${via}${using}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
