import type { MetricAlarm } from '../../../src/model/logging.js';
import { metricAlert } from '../shapes.js';
import { type AzureContext, location, readList, resourceGroupOf } from './context.js';

/**
 * Metric alerts on `Percentage CPU` and the VMs they cover: a VM or scale set in their scopes, or every VM of a
 * resource group or subscription scope (a multi-resource alert only in its `targetResourceRegion`).
 */
export function normalizeAlerts(ctx: AzureContext, sub: string): void {
  const read = readList(
    ctx,
    metricAlert,
    sub,
    'monitor-metrics-alert-list',
    'alarms',
    'Metric alerts (az monitor metrics alert list)',
  );
  const workloads = ctx.inv.workloads.filter((w) => w.scope === sub);
  for (const { value: a, pointer } of read?.items ?? []) {
    const cpu = (a.criteria?.allOf ?? []).some(
      (c) => (c.metricName ?? '').toLowerCase() === 'percentage cpu',
    );
    if (!cpu) continue;
    const region = a.targetResourceRegion ? location(a.targetResourceRegion) : undefined;
    const scopes = (a.scopes ?? []).map((s) => s.toLowerCase().replace(/\/+$/, ''));
    const covered = workloads.filter((w) => {
      const id = w.id.toLowerCase();
      const group = w.group?.toLowerCase();
      return scopes.some((s) => {
        if (s === id || (group && s === group)) return true;
        const wide = s === `/subscriptions/${sub}` || s === resourceGroupOf(id);
        return wide && (!region || region === w.region);
      });
    });
    const regions = new Set(covered.map((w) => w.region));
    if (regions.size === 0) regions.add(region ?? 'global');
    for (const r of regions) {
      const here = covered.filter((w) => w.region === r);
      const alarm: MetricAlarm = {
        provider: 'azure',
        scope: sub,
        region: r,
        id: ctx.ids.add(a.id),
        type: 'Microsoft.Insights/metricAlerts',
        name: a.name,
        evidence: read ? [read.ref(pointer)] : [],
        metric: 'cpu',
        watches: {
          instanceIds: here
            .filter((w) => !w.group || !scopes.includes(w.group.toLowerCase()))
            .map((w) => w.id),
          groupNames: [
            ...new Set(
              here.map((w) => w.group).filter((g): g is string => !!g && scopes.includes(g.toLowerCase())),
            ),
          ],
          allInstances: false,
        },
        anomalyDetection: (a.criteria?.allOf ?? []).some(
          (c) => c.criterionType === 'DynamicThresholdCriterion',
        ),
        // A disabled alert, or one without an action group, tells nobody.
        notifies: a.enabled !== false && (a.actions ?? []).some((x) => !!x.actionGroupId),
        pointer,
      };
      ctx.inv.alarms.push(alarm);
    }
  }
}
