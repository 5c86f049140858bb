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
    let coverage: CostMonitor['coverage'];
    let covered: string[] = [];
    if (m.MonitorType === 'DIMENSIONAL' && m.MonitorDimension === 'SERVICE') {
      // In the management account a services monitor evaluates the whole organization's spend.
      coverage = isManagement ? 'organization' : 'account';
      covered = [account];
    } else if (m.MonitorType === 'DIMENSIONAL' && m.MonitorDimension === 'LINKED_ACCOUNT') {
      coverage = 'organization';
    } else {
      // Custom monitors: the linked accounts their expression selects. Tag and cost-category monitors
      // (dimensional or custom) only watch tagged spend, which a miner's instances will not carry.
      coverage = 'linked';
      covered = m.MonitorType === 'DIMENSIONAL' ? [] : linkedAccounts(specification(m.MonitorSpecification));
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

type Expression = {
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
  Dimensions?: { Key?: string; Values?: string[]; MatchOptions?: string[] };
  Tags?: unknown;
  CostCategories?: unknown;
};

/** The CLI prints the specification as an object; CloudFormation-era dumps keep it as a JSON string. */
function specification(spec: unknown): Expression {
  if (typeof spec === 'string') {
    try {
      return JSON.parse(spec) as Expression;
    } catch {
      return {};
    }
  }
  return (spec ?? {}) as Expression;
}

/**
 * Accounts whose whole spend an expression watches: LINKED_ACCOUNT values, united by Or. An And or a Not narrows
 * spend to part of an account (a tag, a service), and tags and cost categories cover only tagged spend, so those
 * cover no account completely.
 */
function linkedAccounts(e: Expression): string[] {
  if (e.Or) return [...new Set(e.Or.flatMap(linkedAccounts))];
  if (
    e.Dimensions?.Key === 'LINKED_ACCOUNT' &&
    !(e.Dimensions.MatchOptions ?? []).some((o) => o !== 'EQUALS')
  )
    return e.Dimensions.Values ?? [];
  return [];
}
