import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { Creator } from '../../../src/model/identity.js';
import { loadPolicy } from '../../../src/policy/load.js';
import { GcpFiles } from '../bundle-files.js';
import { defaultComputePermissions } from './compute-permissions.js';
import { projectCreators } from './creators.js';
import { loadProjectIam } from './model.js';

export interface ProjectDecision {
  project: string;
  decision: 'allowed' | 'conditional' | 'not-allowed' | 'unknown';
  /** Every way the member reaches the permission: its own bindings, impersonation chains, escalation. */
  paths: Creator[];
  /** Roles bound to the member (or its groups) in the project and above, whether or not they carry the permission. */
  bindings: { where: string; role: string; condition?: string; carries: boolean | null }[];
  /** Service accounts it may attach to what it creates (`iam.serviceAccounts.actAs`); a VM needs none. */
  attachable: string[];
  gaps: string[];
}

export interface GcpExplanation {
  found: boolean;
  problem?: string;
  member: string;
  permission: string;
  projects: ProjectDecision[];
}

/** The forms a principal is bound as: `user:`, `serviceAccount:`, `group:` for a bare email. */
function memberForms(principal: string): string[] {
  if (
    /^(user|serviceAccount|group|domain|principal|principalSet):/.test(principal) ||
    principal.startsWith('all')
  )
    return [principal];
  return ['user', 'serviceAccount', 'group'].map((p) => `${p}:${principal}`);
}

/** Why `principal` can or cannot use `permission` in each project of the bundle (or the one named). */
export function explainGcp(
  bundle: EvidenceBundle,
  principal: string,
  permission: string,
  resource?: string,
): GcpExplanation {
  const files = new GcpFiles(bundle);
  const only = resource ? /^(?:projects\/)?([^/]+)/.exec(resource)?.[1] : undefined;
  const projects = files.projects().filter((p) => !only || p === only);
  const forms = new Set(memberForms(principal));
  const base = defaultComputePermissions();
  const known = base.compute.find((c) => c.permission === permission);
  const data = {
    ...base,
    compute: [
      {
        permission,
        reason: known?.reason ?? 'asked about',
        ...(known?.needsActAs ? { needsActAs: true } : {}),
      },
    ],
  };
  const policy = { ...loadPolicy().policy, creators: { approved: [] } };
  const out: GcpExplanation = { found: false, member: principal, permission, projects: [] };
  for (const project of projects) {
    const iam = loadProjectIam(files, project);
    const groups = [...iam.groups]
      .filter(([, members]) => members.some((m) => forms.has(m)))
      .map(([g]) => `group:${g}`);
    const mine = new Set([...forms, ...groups]);
    const bindings = iam.grants
      .filter((g) => mine.has(g.member))
      .map((g) => ({
        where: g.where,
        role: g.role,
        ...(g.condition ? { condition: g.condition.expression } : {}),
        carries: iam.roles.has(g.role) ? (iam.roles.get(g.role)?.has(permission) ?? false) : null,
      }));
    if (bindings.length) out.found = true;
    const paths = iam.evaluated
      ? projectCreators(iam, data, policy).filter(
          (c) =>
            forms.has(c.principal.id) ||
            (c.kind === 'group-member' && forms.has(c.principal.id)) ||
            groups.includes(c.principal.id),
        )
      : [];
    if (paths.length) out.found = true;
    const decision = !iam.evaluated
      ? 'unknown'
      : paths.some((p) => !p.conditions?.length)
        ? 'allowed'
        : paths.length
          ? 'conditional'
          : iam.gaps.length
            ? 'unknown'
            : 'not-allowed';
    const actAs = iam.grants.filter(
      (g) => mine.has(g.member) && (iam.roles.get(g.role)?.has(base.actAs) ?? false),
    );
    const attachable = actAs.some((g) => !g.serviceAccount)
      ? [...iam.serviceAccounts]
      : [...new Set(actAs.map((g) => g.serviceAccount as string))];
    out.projects.push({
      project,
      decision,
      paths,
      bindings,
      attachable,
      gaps: iam.gaps.map((g) => g.reason),
    });
  }
  if (!out.found)
    out.problem = `${principal} is bound to no role in ${only ? `project ${only}` : 'any project'} of the bundle`;
  return out;
}

export function formatGcpExplanation(e: GcpExplanation): string {
  const lines = [`${e.member} and ${e.permission}:`];
  for (const p of e.projects) {
    if (!p.bindings.length && !p.paths.length) continue;
    lines.push(`  project ${p.project}: ${p.decision}`);
    for (const b of p.bindings)
      lines.push(
        `    bound ${b.role} at ${b.where}${b.condition ? ` when ${b.condition}` : ''}: ${b.carries === null ? 'role not described' : b.carries ? `carries ${e.permission}` : `does not carry ${e.permission}`}`,
      );
    for (const c of p.paths) {
      const how =
        c.path === 'chain'
          ? `through ${c.via.join(' → ')}`
          : c.path === 'escalation'
            ? `by escalation (${c.escalation?.join(', ')})`
            : 'directly';
      lines.push(
        `    ${how}${c.conditions?.length ? `, ${c.conditions.map((x) => x.text).join('; ')}` : ''}`,
      );
      for (const g of c.grants) lines.push(`      ${g.policy}: ${g.statement}`);
    }
    if (p.paths.length)
      lines.push(
        p.attachable.length
          ? `    can attach ${p.attachable.join(', ')} (iam.serviceAccounts.actAs)`
          : '    can attach no service account: what it creates runs without one',
      );
    for (const g of p.gaps) lines.push(`    unknown: ${g}`);
  }
  if (lines.length === 1) lines.push(`  ${e.problem ?? 'no binding found'}`);
  return `${lines.join('\n')}\n`;
}
