import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import { AzureFiles, liftProperties, listItems } from '../bundle-files.js';
import { denyAssignment, groupMember, roleAssignment, roleDefinition } from '../shapes.js';
import type { Permission } from './action-patterns.js';

/** Azure's "Everyone" principal in deny assignments. */
export const everyone = '00000000-0000-0000-0000-000000000000';

export interface Role {
  guid: string;
  id: string;
  roleName: string;
  custom: boolean;
  permissions: Permission[];
  ref: EvidenceRef;
}

export interface Assignment {
  id: string;
  name: string;
  /** As written, and lower-case for comparisons. */
  scope: string;
  scopeKey: string;
  roleGuid: string;
  principalId: string;
  principalType: string;
  principalName?: string;
  condition?: string;
  conditionVersion?: string;
  ref: EvidenceRef;
}

export interface Deny {
  id: string;
  name: string;
  scopeKey: string;
  scope: string;
  childScopes: boolean;
  permissions: Permission[];
  principals: Set<string>;
  excluded: Set<string>;
  condition?: string;
  ref: EvidenceRef;
}

export interface Member {
  id: string;
  type: 'user' | 'service-account' | 'group';
  name?: string;
  upn?: string;
  appId?: string;
}

/** Everything RBAC needs about one subscription, read from its bundle folder. */
export interface SubscriptionRbac {
  subscription: string;
  roles: Map<string, Role>;
  assignments: Assignment[];
  denies: Deny[];
  /** Whether deny assignments were read (absent ones could only take permissions away). */
  deniesKnown: boolean;
  /** Direct members of a group, or undefined when they were not collected. */
  members(groupId: string): { members: Member[]; ref: EvidenceRef } | undefined;
  gaps: CollectionGap[];
  /** Role assignments and definitions were read: the evaluator can run. */
  ready: boolean;
}

const guidOf = (id: string) => (id.split('/').pop() ?? id).toLowerCase();

/** Reads the RBAC files of a subscription; each missing or failed one becomes a gap. */
export function loadSubscriptionRbac(
  bundle: EvidenceBundle,
  sub: string,
  files = new AzureFiles(bundle),
): SubscriptionRbac {
  const gaps: CollectionGap[] = [];
  const list = (command: string, domain: 'identity' | 'organization', what: string) => {
    const read = files.read(sub, command);
    if (read.kind !== 'ok') {
      gaps.push(files.gap(sub, 'global', domain, read, what));
      return undefined;
    }
    const items = listItems(read.data);
    const base = Array.isArray(read.data) ? '' : '/value';
    return {
      items: (items ?? []).map((raw, i) => ({
        raw: liftProperties(raw),
        wire: raw,
        pointer: `${base}/${i}`,
      })),
      read,
    };
  };

  const roles = new Map<string, Role>();
  const defs = list('role-definition-list', 'identity', 'Role definitions (az role definition list)');
  for (const { raw, wire, pointer } of defs?.items ?? []) {
    const p = roleDefinition.safeParse(raw);
    // ARM's wire shape says CustomRole in properties.type; az and the SDKs call it roleType.
    const wireType = (wire as { properties?: { type?: string } }).properties?.type;
    if (!p.success) continue;
    const d = p.data;
    roles.set(guidOf(d.name || d.id), {
      guid: guidOf(d.name || d.id),
      id: d.id,
      roleName: d.roleName ?? d.name,
      custom: (d.roleType ?? wireType ?? '').toLowerCase() === 'customrole',
      permissions: d.permissions ?? [],
      ref: defs?.read.ref(pointer) as EvidenceRef,
    });
  }

  const assignments: Assignment[] = [];
  const ras = list(
    'role-assignment-list',
    'identity',
    'Role assignments (az role assignment list --all --include-inherited)',
  );
  for (const { raw, pointer } of ras?.items ?? []) {
    const p = roleAssignment.safeParse(raw);
    if (!p.success) continue;
    const a = p.data;
    assignments.push({
      id: a.id,
      name: a.id.split('/').pop() ?? a.id,
      scope: a.scope,
      scopeKey: scopeKey(a.scope),
      roleGuid: guidOf(a.roleDefinitionId),
      principalId: a.principalId.toLowerCase(),
      principalType: a.principalType ?? 'Unknown',
      ...(a.principalName ? { principalName: a.principalName } : {}),
      ...(a.condition ? { condition: a.condition } : {}),
      ...(a.conditionVersion ? { conditionVersion: a.conditionVersion } : {}),
      ref: ras?.read.ref(pointer) as EvidenceRef,
    });
  }

  const denies: Deny[] = [];
  const das = list('deny-assignment-list', 'organization', 'Deny assignments (deny-assignment-list)');
  for (const { raw, pointer } of das?.items ?? []) {
    const p = denyAssignment.safeParse(raw);
    if (!p.success) continue;
    const d = p.data;
    denies.push({
      id: d.id,
      name: d.denyAssignmentName ?? d.id.split('/').pop() ?? d.id,
      scope: d.scope ?? d.id.replace(/\/providers\/Microsoft\.Authorization\/denyAssignments\/[^/]+$/i, ''),
      scopeKey: scopeKey(
        d.scope ?? d.id.replace(/\/providers\/Microsoft\.Authorization\/denyAssignments\/[^/]+$/i, ''),
      ),
      childScopes: d.doNotApplyToChildScopes !== true,
      permissions: d.permissions ?? [],
      principals: new Set((d.principals ?? []).map((x) => x.id.toLowerCase())),
      excluded: new Set((d.excludePrincipals ?? []).map((x) => x.id.toLowerCase())),
      ...(d.condition ? { condition: d.condition } : {}),
      ref: das?.read.ref(pointer) as EvidenceRef,
    });
  }
  for (const a of assignments)
    if (!roles.has(a.roleGuid))
      gaps.push({
        provider: 'azure',
        scope: sub,
        region: 'global',
        domain: 'identity',
        kind: 'missing',
        reason: `role assignment ${a.name} names role ${a.roleGuid}, which is not in role-definition-list`,
        evidence: [a.ref],
      });

  const cache = new Map<string, { members: Member[]; ref: EvidenceRef } | undefined>();
  const members = (groupId: string) => {
    const key = groupId.toLowerCase();
    if (cache.has(key)) return cache.get(key);
    const read = files.read(sub, 'ad-group-member-list', groupId);
    let out: { members: Member[]; ref: EvidenceRef } | undefined;
    if (read.kind === 'ok') {
      const items = listItems(read.data) ?? [];
      out = {
        ref: read.ref(),
        members: items
          .map((raw) => groupMember.safeParse(raw))
          .filter((p) => p.success)
          .map(({ data: m }) => {
            const t = (m['@odata.type'] ?? '').toLowerCase();
            return {
              id: m.id.toLowerCase(),
              type: t.endsWith('.group')
                ? ('group' as const)
                : t.endsWith('.serviceprincipal')
                  ? ('service-account' as const)
                  : ('user' as const),
              ...(m.displayName ? { name: m.displayName } : {}),
              ...(m.userPrincipalName ? { upn: m.userPrincipalName } : {}),
              ...(m.appId ? { appId: m.appId } : {}),
            };
          }),
      };
    }
    cache.set(key, out);
    return out;
  };

  return {
    subscription: sub,
    roles,
    assignments,
    denies,
    deniesKnown: !!das,
    members,
    gaps,
    ready: !!defs && !!ras,
  };
}

/** Lower-case scope without a trailing slash; the root scope is `/`. */
export function scopeKey(scope: string): string {
  const s = scope.trim().toLowerCase().replace(/\/+$/, '');
  return s === '' ? '/' : s;
}

/** Whether an assignment or deny at `outer` applies at `inner` (management groups above are in the file only when they apply). */
export function scopeCovers(outer: string, inner: string): boolean {
  if (outer === '/' || outer === inner) return true;
  if (outer.startsWith('/providers/microsoft.management/managementgroups/'))
    return !inner.startsWith('/providers/microsoft.management/');
  return inner.startsWith(`${outer}/`);
}
