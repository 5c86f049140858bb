import type { GuardrailEffect } from '../../../src/model/defense.js';
import { nodeName } from '../bundle-paths.js';
import {
  arrayOf,
  billingInfoSchema,
  budgetSchema,
  customConstraintSchema,
  type OrgPolicy,
  orgPolicySchema,
  sccServiceSchema,
} from '../shapes.js';
import { type GcpContext, projectNode, readNode, readOrGap } from './context.js';

/** VM Threat Detection decides; Event Threat Detection is listed as a feature (it sees pool contacts only). */
export function normalizeThreatDetection(ctx: GcpContext, project: string): void {
  const vmtd = readOrGap(
    ctx,
    sccServiceSchema,
    project,
    'scc-manage-services-describe',
    'vm-threat-detection',
  );
  if (!vmtd) return;
  const etd = ctx.files.readAs(
    sccServiceSchema,
    projectNode(project),
    'scc-manage-services-describe',
    'event-threat-detection',
  );
  const on = (state: string | null | undefined) => state === 'ENABLED';
  const etdOnly =
    !on(vmtd.value.effectiveEnablementState) && etd.kind === 'ok' && on(etd.value.effectiveEnablementState);
  ctx.inv.threatDetectors.push({
    provider: 'gcp',
    scope: project,
    region: 'global',
    id: vmtd.value.name,
    type: 'securitycentermanagement.googleapis.com/SecurityCenterService',
    name: 'VM Threat Detection',
    evidence: [vmtd.ref(), ...(etd.kind === 'ok' ? [etd.ref()] : [])],
    enabled: on(vmtd.value.effectiveEnablementState),
    ...(etdOnly
      ? {
          note: 'Event Threat Detection is on, but it sees only contacts with known pools, not the miner running inside the VM',
        }
      : {}),
    features: [
      { name: 'VM Threat Detection', enabled: on(vmtd.value.effectiveEnablementState) },
      ...(etd.kind === 'ok'
        ? [{ name: 'Event Threat Detection', enabled: on(etd.value.effectiveEnablementState) }]
        : []),
    ],
  });
  // Crypto findings are detection evidence (rigsight detect reads them); here they are only accounted for.
  ctx.files.read(projectNode(project), 'scc-findings-list');
}

/** What an effective org policy does to compute creation, if anything. */
function effectsOf(
  ctx: GcpContext,
  project: string,
  constraint: string,
  p: OrgPolicy,
): { effect: GuardrailEffect; detail: string } | undefined {
  const rules = p.spec?.rules ?? [];
  if (constraint === 'gcp.resourceLocations') {
    const limits = rules.filter(
      (r) => r.denyAll || r.values?.allowedValues?.length || r.values?.deniedValues?.length,
    );
    if (!limits.length || rules.some((r) => r.allowAll)) return undefined;
    const allowed = limits.flatMap((r) => r.values?.allowedValues ?? []);
    const conditional = limits.some((r) => r.condition?.expression);
    return {
      effect: 'restricts-regions',
      detail: `gcp.resourceLocations allows only ${allowed.join(', ') || 'no location'}${conditional ? ' (for resources matching its conditions)' : ''}`,
    };
  }
  if (!constraint.startsWith('custom.') || !rules.some((r) => r.enforce)) return undefined;
  const org = (ctx.ancestry.get(project) ?? []).find((n) => n.kind === 'organization');
  if (!org) return undefined;
  const defs = readNode(ctx, arrayOf(customConstraintSchema), org, 'org-policies-list-custom-constraints');
  const def =
    defs.kind === 'ok'
      ? defs.value.find((d) => d.name.endsWith(`/customConstraints/${constraint}`))
      : undefined;
  if (
    !def?.resourceTypes?.includes('compute.googleapis.com/Instance') ||
    !/machineType/.test(def.condition ?? '')
  )
    return undefined;
  return {
    effect: 'restricts-instance-types',
    detail: `${constraint} (${def.actionType ?? 'ALLOW'} when ${def.condition}) is enforced`,
  };
}

/** Effective org policies on the project (`--effective`): region and machine-type restrictions are guardrails. */
export function normalizeGuardrails(ctx: GcpContext, project: string): void {
  const node = projectNode(project);
  const constraints = ctx.files.keys(node, 'org-policies-describe');
  if (!constraints.includes('gcp.resourceLocations'))
    readOrGap(
      ctx,
      orgPolicySchema,
      project,
      'org-policies-describe',
      'gcp.resourceLocations',
      'gcp.resourceLocations',
    );
  for (const constraint of constraints) {
    const r = readOrGap(ctx, orgPolicySchema, project, 'org-policies-describe', constraint, constraint);
    if (!r) continue;
    const e = effectsOf(ctx, project, constraint, r.value);
    if (!e) continue;
    ctx.inv.guardrails.push({
      provider: 'gcp',
      scope: project,
      region: 'global',
      id: `projects/${project}/policies/${constraint}`,
      type: 'orgpolicy.googleapis.com/Policy',
      name: constraint,
      evidence: [r.ref()],
      targets: [project],
      effects: [e.effect],
      details: [e.detail],
    });
  }
  // Custom constraints are found through the policy listings: one that could not be read may hide one.
  const unread = [node, ...(ctx.ancestry.get(project) ?? [])].filter(
    (n) => ctx.files.read(n, 'org-policies-list').kind !== 'ok',
  );
  if (unread.length)
    ctx.inv.gaps.push({
      provider: 'gcp',
      scope: project,
      region: 'global',
      domain: 'guardrails',
      kind: 'missing',
      reason: `the organization policies set on ${unread.map(nodeName).join(', ')} were not read (gcloud org-policies list), so a custom constraint set there is unknown.`,
      evidence: [],
    });
}

/** Budgets of the project's billing account whose filter includes the project, with threshold alerts. */
export function normalizeBudgets(ctx: GcpContext, projects: string[]): void {
  const byAccount = new Map<string, string[]>();
  for (const project of projects) {
    const r = readOrGap(ctx, billingInfoSchema, project, 'billing-projects-describe');
    const account = r?.value.billingAccountName?.replace(/^billingAccounts\//, '');
    if (!account) continue;
    byAccount.set(account, [...(byAccount.get(account) ?? []), project]);
  }
  for (const [account, members] of byAccount) {
    const node = { kind: 'billing' as const, id: account };
    const r = ctx.files.readAs(arrayOf(budgetSchema), node, 'billing-budgets-list');
    if (r.kind !== 'ok') {
      for (const p of members)
        ctx.inv.gaps.push(ctx.files.gap(p, 'billing-budgets-list', r, `budgets of ${nodeName(node)}`));
      continue;
    }
    r.value.forEach((b, i) => {
      const filter = b.budgetFilter ?? {};
      const covered = members.filter((p) => {
        const number = [...ctx.projectIds].find(([, id]) => id === p)?.[0];
        const named = filter.projects?.length
          ? filter.projects.some((x) => x === `projects/${number}` || x === `projects/${p}`)
          : true;
        const ancestors = (ctx.ancestry.get(p) ?? []).map(nodeName);
        const under = filter.resourceAncestors?.length
          ? filter.resourceAncestors.some((a) => ancestors.includes(a))
          : true;
        return named && under;
      });
      const n = b.notificationsRule;
      const someone =
        !!n?.pubsubTopic ||
        (n?.monitoringNotificationChannels?.length ?? 0) > 0 ||
        !n?.disableDefaultIamRecipients;
      ctx.inv.costMonitors.push({
        provider: 'gcp',
        scope: nodeName(node),
        region: 'global',
        id: b.name,
        type: 'billingbudgets.googleapis.com/Budget',
        name: b.displayName ?? b.name,
        evidence: [r.ref(`/${i}`)],
        coverage: 'linked',
        coveredScopes: covered,
        alerting: (b.thresholdRules?.length ?? 0) > 0 && someone,
      });
    });
  }
}
