import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import type { FileRead, GcpFiles } from '../bundle-files.js';
import { type HierarchyNode, nodeName } from '../bundle-paths.js';
import {
  ancestorsSchema,
  arrayOf,
  type Binding,
  iamPolicySchema,
  membershipSchema,
  organizationSchema,
  roleSchema,
  serviceAccountSchema,
} from '../shapes.js';

/** One member's binding to a role at one place: the organization, a folder, the project or a service account. */
export interface Grant {
  member: string;
  role: string;
  /** `organizations/O`, `folders/F`, `projects/P` or `serviceAccounts/EMAIL`. */
  where: string;
  /** Where the binding sits is a service account: it applies to that account only. */
  serviceAccount?: string;
  condition?: { title?: string; expression: string };
  /** The binding's index in its policy. */
  index: number;
  ref: EvidenceRef;
}

/** Everything IAM says about one project, with what could not be read. */
export interface ProjectIam {
  project: string;
  grants: Grant[];
  /** Role name → permissions; absent roles were not described. */
  roles: Map<string, Set<string>>;
  serviceAccounts: string[];
  /** The organization's domain, when known: members of other domains are external. */
  domain?: string;
  /** Group email → member strings (`user:…`), when memberships were collected. */
  groups: Map<string, string[]>;
  gaps: CollectionGap[];
  /** The project's own IAM policy was read: only then did the evaluator run. */
  evaluated: boolean;
}

function gap(
  files: GcpFiles,
  project: string,
  command: string,
  r: Exclude<FileRead, { kind: 'ok' }>,
  what?: string,
) {
  return { ...files.gap(project, command, r, what), domain: 'identity' as const };
}

function grantsOf(
  bindings: Binding[] | null | undefined,
  where: string,
  ref: (pointer?: string) => EvidenceRef,
  serviceAccount?: string,
): Grant[] {
  const out: Grant[] = [];
  (bindings ?? []).forEach((b, index) => {
    for (const member of b.members ?? []) {
      // Deleted principals cannot act; their bindings linger until someone cleans them up.
      if (member.startsWith('deleted:')) continue;
      out.push({
        member,
        role: b.role,
        where,
        index,
        ref: ref(`/bindings/${index}`),
        ...(serviceAccount ? { serviceAccount } : {}),
        ...(b.condition?.expression
          ? {
              condition: {
                expression: b.condition.expression,
                ...(b.condition.title ? { title: b.condition.title } : {}),
              },
            }
          : {}),
      });
    }
  });
  return out;
}

/** Reads a project's IAM: policies at the organization, its folders, the project and its service accounts. */
export function loadProjectIam(files: GcpFiles, project: string): ProjectIam {
  const node: HierarchyNode = { kind: 'project', id: project };
  const out: ProjectIam = {
    project,
    grants: [],
    roles: new Map(),
    serviceAccounts: [],
    groups: new Map(),
    gaps: [],
    evaluated: false,
  };
  const policy = files.readAs(iamPolicySchema, node, 'projects-get-iam-policy');
  if (policy.kind !== 'ok') {
    out.gaps.push(gap(files, project, 'projects-get-iam-policy', policy));
    return out;
  }
  out.evaluated = true;
  out.grants.push(...grantsOf(policy.value.bindings, `projects/${project}`, policy.ref));

  const ancestry = files.readAs(ancestorsSchema, node, 'projects-get-ancestors');
  if (ancestry.kind !== 'ok')
    out.gaps.push(gap(files, project, 'projects-get-ancestors', ancestry, 'inherited bindings unknown'));
  else
    for (const a of ancestry.value) {
      if (a.type !== 'folder' && a.type !== 'organization') continue;
      const anc: HierarchyNode = { kind: a.type, id: a.id };
      const command =
        a.type === 'folder' ? 'resource-manager-folders-get-iam-policy' : 'organizations-get-iam-policy';
      const r = files.readAs(iamPolicySchema, anc, command);
      if (r.kind !== 'ok') {
        out.gaps.push(gap(files, project, command, r, `bindings inherited from ${nodeName(anc)}`));
        continue;
      }
      out.grants.push(...grantsOf(r.value.bindings, nodeName(anc), r.ref));
      if (a.type === 'organization') {
        const org = files.readAs(organizationSchema, anc, 'organizations-describe');
        if (org.kind === 'ok' && org.value.displayName) out.domain = org.value.displayName.toLowerCase();
        for (const group of files.keys(anc, 'identity-groups-memberships-list')) {
          const m = files.readAs(arrayOf(membershipSchema), anc, 'identity-groups-memberships-list', group);
          if (m.kind === 'ok')
            out.groups.set(
              group.toLowerCase(),
              m.value.map(
                (x) =>
                  `${x.type === 'GROUP' ? 'group' : x.preferredMemberKey.id.endsWith('.gserviceaccount.com') ? 'serviceAccount' : 'user'}:${x.preferredMemberKey.id}`,
              ),
            );
        }
      }
    }

  const accounts = files.readAs(arrayOf(serviceAccountSchema), node, 'iam-service-accounts-list');
  if (accounts.kind !== 'ok')
    out.gaps.push(
      gap(files, project, 'iam-service-accounts-list', accounts, 'service-account impersonation unknown'),
    );
  else {
    out.serviceAccounts = accounts.value.filter((a) => !a.disabled).map((a) => a.email);
    for (const email of out.serviceAccounts) {
      const r = files.readAs(iamPolicySchema, node, 'iam-service-accounts-get-iam-policy', email);
      if (r.kind !== 'ok') {
        out.gaps.push(gap(files, project, 'iam-service-accounts-get-iam-policy', r, `who can use ${email}`));
        continue;
      }
      out.grants.push(...grantsOf(r.value.bindings, `serviceAccounts/${email}`, r.ref, email));
    }
  }

  for (const role of new Set(out.grants.map((g) => g.role))) {
    const r = files.readAs(roleSchema, node, 'iam-roles-describe', role);
    if (r.kind !== 'ok') {
      out.gaps.push(gap(files, project, 'iam-roles-describe', r, `role ${role}`));
      continue;
    }
    out.roles.set(role, new Set(r.value.deleted ? [] : (r.value.includedPermissions ?? [])));
  }
  return out;
}
