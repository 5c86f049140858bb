import type { Guardrail } from '../../../src/model/defense.js';
import type { OrganizationPlacement } from '../../../src/model/scope.js';
import {
  describeOrganization,
  describePolicy,
  listParents,
  listPolicies,
  listPoliciesForTargetShape,
  listRoots,
} from '../shapes.js';
import { type AwsContext, readAs } from './context.js';
import { scpEffects } from './scp-effects.js';

/** Organization files may sit in any account folder (usually the management account's): search them all. */
function findGlobal<S extends Parameters<typeof readAs>[1]>(
  ctx: AwsContext,
  schema: S,
  operation: string,
  key?: string,
) {
  let fallback: ReturnType<typeof readAs<S>> | undefined;
  for (const account of ctx.files.accounts()) {
    const read = readAs(ctx, schema, account, 'global', 'organizations', operation, key);
    if (read.kind === 'ok') return read;
    if (read.kind === 'error' && !fallback) fallback = read;
  }
  return (
    fallback ??
    ({
      kind: 'missing',
      path: `aws/*/global/organizations/${operation}${key ? `/${key}` : ''}.json`,
    } as const)
  );
}

/** Where the account sits (root → OUs → account) and whether it is the management account. */
export function placement(ctx: AwsContext, account: string): OrganizationPlacement | undefined {
  const own = readAs(ctx, describeOrganization, account, 'global', 'organizations', 'DescribeOrganization');
  if (own.kind === 'error' && own.code === 'AWSOrganizationsNotInUseException') return undefined;
  const read = own.kind === 'ok' ? own : findGlobal(ctx, describeOrganization, 'DescribeOrganization');
  if (read.kind !== 'ok') {
    ctx.inv.gaps.push(
      ctx.files.gap(
        account,
        'global',
        'organization',
        own.kind === 'ok' ? read : own,
        'The organization (organizations DescribeOrganization)',
      ),
    );
    return undefined;
  }
  const org = (read.value as { Organization: { Id: string; MasterAccountId?: string | null } }).Organization;
  const management = org.MasterAccountId ?? '';
  return {
    organizationId: org.Id,
    managementScope: management,
    isManagement: management === account,
    path: management === account ? [] : pathOf(ctx, account),
  };
}

/** Parents from ListParents/<child> up to the root, root first; null when a link is missing. */
function pathOf(ctx: AwsContext, account: string): string[] | null {
  const path: string[] = [];
  let child = account;
  for (let depth = 0; depth < 10; depth++) {
    const read = findGlobal(ctx, listParents, 'ListParents', child);
    if (read.kind !== 'ok') return null;
    const parent = (read.value as { Parents: { Id: string; Type?: string | null }[] }).Parents[0];
    if (!parent) return null;
    path.unshift(parent.Id);
    if (parent.Type === 'ROOT' || parent.Id.startsWith('r-')) return path;
    child = parent.Id;
  }
  return null;
}

/** Service control policies with what they do, attached where ListPoliciesForTarget says. */
export function normalizeGuardrails(ctx: AwsContext, managementScope: string): void {
  const roots = findGlobal(ctx, listRoots, 'ListRoots');
  if (roots.kind === 'ok') {
    const root = (
      roots.value as { Roots: { PolicyTypes?: { Type?: string | null; Status?: string | null }[] | null }[] }
    ).Roots[0];
    const scp = root?.PolicyTypes?.find((p) => p.Type === 'SERVICE_CONTROL_POLICY');
    // SCPs bind nothing until the policy type is enabled on the root.
    if (root?.PolicyTypes && scp?.Status !== 'ENABLED') return;
  }
  const attached = new Map<string, string[]>();
  for (const account of ctx.files.accounts()) {
    for (const target of ctx.files.keys(account, 'global', 'organizations', 'ListPoliciesForTarget')) {
      const read = readAs(
        ctx,
        listPoliciesForTargetShape,
        account,
        'global',
        'organizations',
        'ListPoliciesForTarget',
        target,
      );
      if (read.kind !== 'ok') continue;
      for (const p of (read.value as { Policies: { Id: string; Type?: string | null }[] }).Policies) {
        if (p.Type && p.Type !== 'SERVICE_CONTROL_POLICY') continue;
        attached.set(p.Id, [...new Set([...(attached.get(p.Id) ?? []), target])]);
      }
    }
  }
  if (attached.size === 0) {
    const listed = findGlobal(ctx, listPolicies, 'ListPolicies');
    if (listed.kind !== 'ok') {
      ctx.inv.gaps.push(
        ctx.files.gap(
          managementScope,
          'global',
          'guardrails',
          listed,
          'Service control policies (organizations ListPolicies / ListPoliciesForTarget)',
        ),
      );
    }
    return;
  }
  for (const [id, targets] of attached) {
    const read = findGlobal(ctx, describePolicy, 'DescribePolicy', id);
    // AWS's own FullAWSAccess is a fixed Allow *: nothing to learn from it, so its absence is no gap.
    if (read.kind === 'missing' && id === 'p-FullAWSAccess') continue;
    if (read.kind !== 'ok') {
      ctx.inv.gaps.push(
        ctx.files.gap(
          managementScope,
          'global',
          'guardrails',
          read,
          `Service control policy ${id} (organizations DescribePolicy)`,
        ),
      );
      continue;
    }
    const policy = (
      read.value as {
        Policy: {
          PolicySummary: { Id: string; Arn?: string | null; Name?: string | null };
          Content: unknown;
        };
      }
    ).Policy;
    let document: unknown = policy.Content;
    if (typeof document === 'string') {
      try {
        document = JSON.parse(document);
      } catch {
        ctx.files.bundle.report({ file: read.path, reason: `policy ${id} content is not valid JSON` });
        continue;
      }
    }
    const { effects, details } = scpEffects(document);
    const guardrail: Guardrail = {
      provider: 'aws',
      scope: managementScope,
      region: 'global',
      id,
      type: 'AWS::Organizations::Policy',
      ...(policy.PolicySummary.Arn ? { arn: policy.PolicySummary.Arn } : {}),
      ...(policy.PolicySummary.Name ? { name: policy.PolicySummary.Name } : {}),
      evidence: [read.ref('/Policy/Content')],
      targets,
      effects,
      details,
    };
    ctx.inv.guardrails.push(guardrail);
  }
}
