import type { GuardrailEffect } from '../../../src/model/defense.js';
import { policyAssignment, policyDefinition, pricing, scheduledAction } from '../shapes.js';
import { type AzureContext, readList, readObject } from './context.js';

/** Defender for Servers: the VirtualMachines plan at the Standard tier is the subscription's threat detector. */
export function normalizeDefender(ctx: AzureContext, sub: string): void {
  const read = readList(
    ctx,
    pricing,
    sub,
    'security-pricing-list',
    'threat-detectors',
    'Defender plans (az security pricing list)',
  );
  for (const { value: p, pointer } of read?.items ?? []) {
    if (p.name.toLowerCase() !== 'virtualmachines') continue;
    const on = (p.pricingTier ?? '').toLowerCase() === 'standard';
    ctx.inv.threatDetectors.push({
      provider: 'azure',
      scope: sub,
      region: 'global',
      id: p.id
        ? ctx.ids.of(p.id)
        : `/subscriptions/${sub}/providers/Microsoft.Security/pricings/VirtualMachines`,
      type: 'Microsoft.Security/pricings',
      name: 'Defender for Servers',
      evidence: read ? [read.ref(pointer)] : [],
      enabled: on,
      features: [{ name: `Defender for Servers ${p.subPlan ?? ''}`.trim(), enabled: on }],
    });
  }
}

/** Cost anomaly alerts: scheduled actions of kind InsightAlert on the subscription, enabled, with recipients. */
export function normalizeCostAlerts(ctx: AzureContext, sub: string): void {
  const read = readList(
    ctx,
    scheduledAction,
    sub,
    'costmanagement-scheduled-action-list',
    'cost-monitors',
    'Cost anomaly alerts (scheduled actions)',
  );
  for (const { value: a, pointer } of read?.items ?? []) {
    if ((a.kind ?? '').toLowerCase() !== 'insightalert') continue;
    const scope = (a.scope ?? `/subscriptions/${sub}`).toLowerCase().replace(/\/+$/, '');
    const whole = scope === `/subscriptions/${sub}`;
    ctx.inv.costMonitors.push({
      provider: 'azure',
      scope: sub,
      region: 'global',
      id: ctx.ids.add(a.id),
      type: 'Microsoft.CostManagement/scheduledActions',
      name: a.displayName ?? a.name ?? a.id,
      evidence: read ? [read.ref(pointer)] : [],
      // An alert scoped to one resource group watches only that group's spend.
      coverage: whole ? 'account' : 'linked',
      coveredScopes: whole ? [sub] : [],
      alerting: (a.status ?? 'Enabled').toLowerCase() === 'enabled' && (a.notification?.to ?? []).length > 0,
    });
  }
}

const builtIns: Record<string, GuardrailEffect> = {
  // Allowed locations, and Allowed locations for resource groups.
  'e56962a6-4747-49cd-b67b-bf8b01975c4c': 'restricts-regions',
  'e765b5de-1225-4ba3-bd56-1ac6695af988': 'restricts-regions',
  // Allowed virtual machine size SKUs.
  'cccc23c7-8427-4f53-ad12-b6a63eb452b3': 'restricts-instance-types',
};

/** A custom rule that denies creating VMs or scale sets (effect deny on the compute types). */
function deniesCompute(rule: unknown): boolean {
  const text = JSON.stringify(rule ?? {}).toLowerCase();
  const deny = /"effect"\s*:\s*"(deny|\[parameters\('effect'\)\])"/.test(text);
  return deny && /microsoft\.compute\/virtualmachine/.test(text);
}

/**
 * Policy assignments that bind the subscription and act as guardrails: enforced, the subscription not excluded,
 * assigning allowed locations, allowed VM SKUs or a custom deny on VMs, alone or inside an initiative.
 */
export function normalizeGuardrails(ctx: AzureContext, sub: string, managementGroups: string[] | null): void {
  const read = readList(
    ctx,
    policyAssignment,
    sub,
    'policy-assignment-list',
    'guardrails',
    'Policy assignments (az policy assignment list)',
  );
  for (const { value: a, pointer } of read?.items ?? []) {
    const evidence = read ? [read.ref(pointer)] : [];
    const above = new Set(
      (managementGroups ?? []).map(
        (m) => `/providers/microsoft.management/managementgroups/${m.toLowerCase()}`,
      ),
    );
    const excluded = (a.notScopes ?? []).some((n) => {
      const x = n.toLowerCase().replace(/\/+$/, '');
      return x === `/subscriptions/${sub}` || above.has(x);
    });
    const enforced = (a.enforcementMode ?? 'Default').toLowerCase() !== 'donotenforce';
    const effects = new Set<GuardrailEffect>();
    const details: string[] = [];
    const judge = (definitionId: string, via: string) => {
      const name = definitionId.split('/').pop() ?? definitionId;
      const builtIn = builtIns[name.toLowerCase()];
      if (builtIn) {
        effects.add(builtIn);
        details.push(`${builtIn}: ${via}built-in definition ${name}`);
        return;
      }
      const d = readObject(ctx, policyDefinition, sub, 'policy-definition-show', name);
      if (d.kind !== 'ok') {
        ctx.inv.gaps.push(
          ctx.files.gap(
            sub,
            'global',
            'guardrails',
            d,
            `Policy definition ${name} assigned by ${a.name ?? a.id}`,
          ),
        );
        return;
      }
      evidence.push(d.ref());
      if (deniesCompute(d.value.policyRule)) {
        effects.add('denies-compute-creation');
        details.push(`denies-compute-creation: ${via}custom definition ${d.value.displayName ?? name}`);
      }
    };
    if (/\/policySetDefinitions\//i.test(a.policyDefinitionId)) {
      const name = a.policyDefinitionId.split('/').pop() ?? '';
      const set = readObject(ctx, policyDefinition, sub, 'policy-set-definition-show', name);
      if (set.kind === 'ok') {
        evidence.push(set.ref());
        for (const member of set.value.policyDefinitions ?? [])
          judge(member.policyDefinitionId, `initiative ${set.value.displayName ?? name}: `);
      } else
        ctx.inv.gaps.push(
          ctx.files.gap(sub, 'global', 'guardrails', set, `Initiative ${name} assigned by ${a.name ?? a.id}`),
        );
    } else judge(a.policyDefinitionId, '');
    if (effects.size === 0) continue;
    const binds = enforced && !excluded;
    ctx.inv.guardrails.push({
      provider: 'azure',
      scope: sub,
      region: 'global',
      id: ctx.ids.add(a.id),
      type: 'Microsoft.Authorization/policyAssignments',
      name: a.displayName ?? a.name ?? a.id,
      evidence,
      // A guardrail that does not enforce, or excludes the subscription, binds nothing here.
      targets: binds ? [sub] : [],
      effects: binds ? [...effects] : [],
      details: binds
        ? details
        : [
            `${enforced ? 'excludes this subscription (notScopes)' : 'enforcementMode DoNotEnforce'}: ${details.join('; ')}`,
          ],
    });
  }
}
