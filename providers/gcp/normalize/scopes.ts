import type { Scope } from '../../../src/model/scope.js';
import type { HierarchyNode } from '../bundle-paths.js';
import { ancestorsSchema, projectSchema } from '../shapes.js';
import { type GcpContext, projectNode, readOrGap } from './context.js';

/** Project numbers from `projects describe`, so names written with numbers (policies, budgets) resolve. */
export function readProjectNumbers(ctx: GcpContext): void {
  for (const project of ctx.files.projects()) {
    const r = ctx.files.readAs(projectSchema, projectNode(project), 'projects-describe');
    if (r.kind !== 'ok') continue;
    const n = r.value.projectNumber ?? /^projects\/(\d+)$/.exec(r.value.name ?? '')?.[1];
    if (n) ctx.projectIds.set(n, project);
  }
}

/** One scope per project folder: its name, where it sits in the organization, who collected it. */
export function normalizeScope(ctx: GcpContext, project: string): Scope {
  const evidence = [];
  const described = readOrGap(ctx, projectSchema, project, 'projects-describe');
  if (described) evidence.push(described.ref());
  const scope: Scope = {
    provider: 'gcp',
    id: project,
    status: 'assessed',
    // Every API rigsight reads answers for the whole project: evidence is collected once, for `global`.
    regions: [{ name: 'global', enabled: true, collected: true }],
    evidence,
  };
  const name = described?.value.name ?? described?.value.displayName;
  if (name && name !== project && !/^projects\//.test(name)) scope.name = name;
  const entry = ctx.files.bundle.manifest?.scopes.find((s) => s.provider === 'gcp' && s.id === project);
  if (entry?.caller) scope.caller = entry.caller;
  const files = ctx.files.bundle.paths().filter((p) => p.startsWith(`gcp/${project}/`));
  const failedAll = files.length > 0 && files.every((p) => p.endsWith('.error.json'));
  if (entry?.status === 'failed' || failedAll) {
    scope.status = 'unassessed';
    const first = failedAll ? ctx.files.read(projectNode(project), 'projects-describe') : undefined;
    scope.reason =
      entry?.reason ??
      `every read of project ${project} failed${first?.kind === 'error' ? ` (${first.code}: ${first.message})` : ''}`;
  }
  const ancestry = readOrGap(ctx, ancestorsSchema, project, 'projects-get-ancestors');
  if (!ancestry) {
    ctx.ancestry.set(project, null);
    return scope;
  }
  evidence.push(ancestry.ref());
  // gcloud lists the project first and the organization last: the model wants the root first.
  const nodes: HierarchyNode[] = ancestry.value
    .filter((a) => a.type === 'folder' || a.type === 'organization')
    .map((a) => ({ kind: a.type as 'folder' | 'organization', id: a.id }))
    .reverse();
  ctx.ancestry.set(project, nodes);
  const org = nodes.find((n) => n.kind === 'organization');
  if (org)
    scope.organization = {
      organizationId: org.id,
      managementScope: `organizations/${org.id}`,
      isManagement: false,
      path: nodes.map((n) => `${n.kind === 'folder' ? 'folders' : 'organizations'}/${n.id}`),
    };
  return scope;
}
