import type { CostMonitor } from '../../../src/model/defense.js';
import { type Known, unknown } from '../../../src/model/evidence.js';
import { anomalyMonitors, anomalySubscriptions } from '../shapes.js';
import { type AwsContext, readAs, readOrGap } from './context.js';

/** Cost Anomaly Detection monitors and who hears from them (global: ce lives in us-east-1). */
export function normalizeCost(ctx: AwsContext, account: string, isManagement: boolean): void {
  const monitors = readOrGap(
    ctx,
    'cost-monitors',
    anomalyMonitors,
    account,
    'global',
    'ce',
    'GetAnomalyMonitors',
    'Cost anomaly monitors (ce GetAnomalyMonitors)',
  );
  if (!monitors) return;
  const subs = readAs(ctx, anomalySubscriptions, account, 'global', 'ce', 'GetAnomalySubscriptions');
  monitors.value.AnomalyMonitors.forEach((m, i) => {
    const arn = m.MonitorArn ?? `${account}:${m.MonitorName ?? i}`;
    const spec = (m.MonitorSpecification ?? {}) as { Dimensions?: { Key?: string; Values?: string[] } };
    let coverage: CostMonitor['coverage'];
    let covered: string[] = [];
    if (m.MonitorType === 'DIMENSIONAL' && m.MonitorDimension === 'SERVICE') {
      // In the management account a services monitor evaluates the whole organization's spend.
      coverage = isManagement ? 'organization' : 'account';
      covered = [account];
    } else if (m.MonitorType === 'DIMENSIONAL' && m.MonitorDimension === 'LINKED_ACCOUNT') {
      coverage = 'organization';
    } else if (spec.Dimensions?.Key === 'LINKED_ACCOUNT') {
      coverage = 'linked';
      covered = spec.Dimensions.Values ?? [];
    } else {
      // Tag and cost-category monitors only watch tagged spend, which a miner's instances will not carry.
      coverage = 'linked';
    }
    ctx.inv.costMonitors.push({
      provider: 'aws',
      scope: account,
      region: 'global',
      id: arn,
      type: 'AWS::CE::AnomalyMonitor',
      ...(m.MonitorArn ? { arn: m.MonitorArn } : {}),
      ...(m.MonitorName ? { name: m.MonitorName } : {}),
      evidence: [monitors.ref(`/AnomalyMonitors/${i}`)],
      coverage,
      coveredScopes: covered,
      alerting: alerting(subs, arn),
    });
  });
}

function alerting(subs: ReturnType<typeof readAs<typeof anomalySubscriptions>>, arn: string): Known<boolean> {
  if (subs.kind === 'missing')
    return unknown('alert subscriptions were not collected (ce GetAnomalySubscriptions)');
  if (subs.kind === 'error') return unknown(`ce GetAnomalySubscriptions failed (${subs.code})`, [subs.ref()]);
  return subs.value.AnomalySubscriptions.some(
    (s) =>
      (s.MonitorArnList ?? []).includes(arn) &&
      (s.Subscribers ?? []).some((x) => (x.Status ?? 'CONFIRMED') !== 'DECLINED'),
  );
}
