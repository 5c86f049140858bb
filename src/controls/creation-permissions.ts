import { vocabularyOf } from '../../providers/index.js';
import type { ResourceRef, Severity } from '../model/finding.js';
import type { CollectionGap } from '../model/gap.js';
import { type Creator, creatorPaths, unconditionalActions } from '../model/identity.js';
import { gapsFor, type Inventory, listingsFor } from '../model/inventory.js';
import type { Scope } from '../model/scope.js';
import type { ControlResult } from './control.js';
import { defineControl } from './control.js';
import { fromGaps, listNames, result } from './results.js';
import { scopeSubject } from './scope-regions.js';

/** A gap about who ran the collection (the caller identity) says nothing about who can create compute. */
function blocksIdentity(g: CollectionGap): boolean {
  return g.api !== 'sts:GetCallerIdentity' && !/GetCallerIdentity/.test(g.reason);
}

/** "User alice", "Service account ci@…", "The account root user …": the cloud's name for the kind of principal. */
function who(c: Creator): string {
  const p = c.principal;
  const v = vocabularyOf(c.provider);
  if (p.type === 'anonymous') return v.principalWords.anonymous ?? 'Any principal (`*`)';
  const word: Record<Creator['kind'], string> = {
    user: p.type === 'account' ? `The ${v.scope.one}` : 'User',
    'group-member': 'User',
    role: 'Role',
    service: 'Service',
    federated: 'Identity provider',
    'external-account': p.type === 'account' ? 'Account' : 'External principal',
  };
  const named =
    (c.kind === 'service' || c.kind === 'external-account' ? v.principalWords[c.kind] : undefined) ??
    (p.type === 'service-account' || p.type === 'group' ? v.principalWords[p.type] : undefined) ??
    word[c.kind];
  const label = p.type === 'account' && c.kind === 'user' ? `${p.name ?? 'root user'} ${p.id}` : p.id;
  // A name that says more than the id (the default compute service account), not one the id ends with.
  const called = p.name && p.type !== 'account' && !p.id.endsWith(p.name) ? ` (${p.name})` : '';
  return `${named} ${label}${called}`;
}

const short = (id: string) => id.split('/').pop() ?? id;

/** A condition in a sentence, naming the actions it limits when it does not limit them all. */
function conditionWords(k: NonNullable<Creator['conditions']>[number]): string {
  return k.actions ? `for ${listNames(k.actions)} ${k.text}` : k.text;
}

/** How one path reaches compute: directly, through whom, or by which IAM change; what; and when. */
function pathWords(c: Creator): string {
  const what = `(${listNames(c.actions, 3)})`;
  const through = c.via.length ? `through ${c.via.map(short).join(' → ')} ` : '';
  const how =
    c.path === 'direct'
      ? 'directly '
      : c.path === 'chain'
        ? `by a chain ${through}`
        : `by escalation using ${listNames(c.escalation ?? [])} ${through}`;
  const when = c.conditions?.length ? `, ${c.conditions.map(conditionWords).join(', ')}` : '';
  return `${how}${what}${when}`;
}

/** One sentence for a principal: who, each path it has, the granting statements, and what makes it urgent. */
function describe(paths: Creator[]): string {
  const c = paths[0] as Creator;
  const granted = [
    ...new Set(
      paths.flatMap((p) =>
        p.grants.filter((g) => g.effect === 'Allow').map((g) => `${g.policy} ${g.statement}`),
      ),
    ),
  ];
  const by = granted.length ? ` (granted by ${listNames(granted, 2)})` : '';
  const viaApproved = paths.find((p) => p.viaApproved)?.viaApproved;
  const notes = [
    paths.some((p) => p.kind === 'group-member') && c.principal.type !== 'group'
      ? 'through a group it belongs to'
      : '',
    c.external ? `it enters from outside the ${vocabularyOf(c.provider).scope.one}` : '',
    c.longLivedKeys ? 'it holds long-lived access keys' : '',
    viaApproved ? `the chain runs through the approved ${short(viaApproved)}, which does not approve it` : '',
  ].filter(Boolean);
  return `${who(c)} can create compute ${paths.map(pathWords).join('; and ')}${by}${notes.length ? `; ${notes.join('; ')}` : ''}`;
}

const severityOrder: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** External entry points, long-lived keys and escalations first; conditional grants and services lower. */
export function creatorSeverity(c: Creator): Severity {
  if (c.approved) return 'info';
  const conditional = unconditionalActions(c).length === 0;
  if (c.kind === 'service') return 'low';
  if (c.external || c.longLivedKeys || c.path === 'escalation') return conditional ? 'medium' : 'high';
  return conditional ? 'low' : 'medium';
}

/** One result per principal, whatever number of paths it has (the finding id names the principal). */
function principalResult(
  inv: Inventory,
  paths: Creator[],
  scope: Scope,
  gaps: CollectionGap[],
): ControlResult {
  const c = paths[0] as Creator;
  const types = vocabularyOf(c.provider).types.principal;
  const resource: ResourceRef = { id: c.principal.id, type: types[c.principal.type] ?? c.principal.type };
  if (c.principal.id.startsWith('arn:')) resource.arn = c.principal.id;
  if (c.principal.name) resource.name = c.principal.name;
  const subject = { provider: c.provider, scope: scope.id, resource };
  const text = describe(paths);
  // The root user holds everything without a policy: the identity listing it was read from is the evidence.
  const held = paths.flatMap((p) => p.evidence);
  const evidence = held.length ? held : listingsFor(inv, scope.id, 'global', 'identity');
  const severity = paths
    .map(creatorSeverity)
    .reduce((a, b) => (severityOrder.indexOf(b) > severityOrder.indexOf(a) ? b : a));
  if (c.approved)
    return result(
      'pass',
      subject,
      `${text}, and is approved by creators.approved (${c.approvedBy}).`,
      evidence,
      'info',
    );
  if (gaps.length > 0)
    return result(
      'unassessed',
      subject,
      `${text} according to the policies read, but ${gaps[0]?.reason.replace(/^./, (x) => x.toLowerCase())}`,
      [...evidence, ...gaps.flatMap((g) => g.evidence)],
      severity,
    );
  return result('fail', subject, `${text}, outside creators.approved.`, evidence, severity);
}

function evaluateScope(inv: Inventory, scope: Scope): ControlResult[] {
  const subject = scopeSubject(scope);
  if (!scope.identityEvaluated)
    return [
      result(
        'unassessed',
        subject,
        `Who can create compute in ${scope.id} is not assessed: no identity evaluation ran for this ${vocabularyOf(scope.provider).scope.one}.`,
        scope.evidence,
      ),
    ];
  const identity = gapsFor(inv, scope.id, 'global', 'identity').filter(blocksIdentity);
  const organization = gapsFor(inv, scope.id, 'global', 'organization');
  const creators = inv.creators.filter((c) => c.provider === scope.provider && c.scope === scope.id);
  const out: ControlResult[] = [];
  if (identity.length > 0) out.push(fromGaps(subject, `who can create compute in ${scope.id}`, identity));
  // Unknown SCPs could only take permissions away: what the IAM policies grant is reported, but not judged.
  const byPrincipal = new Map<string, Creator[]>();
  for (const c of creators) byPrincipal.set(c.principal.id, [...(byPrincipal.get(c.principal.id) ?? []), c]);
  // Paths in the order a reader weighs them: held now, then through others, then by changing IAM.
  const order = (c: Creator) => creatorPaths.indexOf(c.path);
  for (const paths of byPrincipal.values())
    out.push(
      principalResult(
        inv,
        [...paths].sort((a, b) => order(a) - order(b)),
        scope,
        [...identity, ...organization],
      ),
    );
  const unapproved = creators.filter((c) => !c.approved);
  if (identity.length === 0 && unapproved.length === 0) {
    const approved = byPrincipal.size;
    out.push(
      result(
        organization.length > 0 ? 'unassessed' : 'pass',
        subject,
        organization.length > 0
          ? `No principal outside creators.approved can create compute in ${scope.id} by its IAM policies, but ${organization[0]?.reason.replace(/^./, (x) => x.toLowerCase())}`
          : `No principal outside creators.approved can create compute in ${scope.id}${approved ? ` (${approved} approved)` : ''}.`,
        organization.flatMap((g) => g.evidence),
      ),
    );
  }
  return out;
}

export const creationPermissions = defineControl({
  id: 'creation-permissions',
  title: 'Only approved principals can create compute',
  pillar: 'creation-governance',
  severity: 'high',
  grain: 'principal',
  rationale:
    'Every principal that can launch compute, directly or through a chain of roles, is a path for a stolen credential to start miners; outside the approved deployment paths each one is a risk.',
  remediation:
    'Remove compute-creating permissions (and the roles that lead to them) from principals outside the approved deployment paths, or add the path to `creators.approved` with a reason.',
  evaluate(inv) {
    return inv.scopes.flatMap((scope) => evaluateScope(inv, scope));
  },
});
