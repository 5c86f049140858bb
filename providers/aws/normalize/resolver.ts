import { queryLogAssociations, queryLogConfigs } from '../shapes.js';
import { type AwsContext, readOrGap } from './context.js';
import { resolverQueryLogKeys } from './log-object-keys.js';
import type { RetentionLookup } from './retention.js';

/** Route 53 Resolver query logging: configurations and their ACTIVE associations with VPCs. */
export function normalizeResolverLogs(
  ctx: AwsContext,
  retention: RetentionLookup,
  account: string,
  region: string,
): void {
  const what =
    'Resolver query logging (route53resolver ListResolverQueryLogConfigs / ListResolverQueryLogConfigAssociations)';
  const configs = readOrGap(
    ctx,
    'dns-query-logs',
    queryLogConfigs,
    account,
    region,
    'route53resolver',
    'ListResolverQueryLogConfigs',
    what,
  );
  const associations = readOrGap(
    ctx,
    'dns-query-logs',
    queryLogAssociations,
    account,
    region,
    'route53resolver',
    'ListResolverQueryLogConfigAssociations',
    what,
  );
  if (!associations) return;
  const byConfig = new Map<string, { vpcs: string[]; pointers: number[] }>();
  associations.value.ResolverQueryLogConfigAssociations.forEach((a, i) => {
    if ((a.Status ?? 'ACTIVE') !== 'ACTIVE') return;
    const entry = byConfig.get(a.ResolverQueryLogConfigId) ?? { vpcs: [], pointers: [] };
    entry.vpcs.push(a.ResourceId);
    entry.pointers.push(i);
    byConfig.set(a.ResolverQueryLogConfigId, entry);
  });
  for (const [configId, { vpcs, pointers }] of byConfig) {
    const index = configs?.value.ResolverQueryLogConfigs.findIndex((c) => c.Id === configId) ?? -1;
    const config = index >= 0 ? configs?.value.ResolverQueryLogConfigs[index] : undefined;
    ctx.inv.dnsQueryLogs.push({
      provider: 'aws',
      scope: account,
      region,
      id: configId,
      type: 'AWS::Route53Resolver::ResolverQueryLoggingConfig',
      ...(config?.Arn ? { arn: config.Arn } : {}),
      ...(config?.Name ? { name: config.Name } : {}),
      evidence: [
        ...pointers.map((p) => associations.ref(`/ResolverQueryLogConfigAssociations/${p}`)),
        ...(configs && index >= 0 ? [configs.ref(`/ResolverQueryLogConfigs/${index}`)] : []),
      ],
      networkIds: vpcs,
      destinations: config?.DestinationArn
        ? [retention.fromArn(config.DestinationArn, (prefix) => resolverQueryLogKeys(prefix, account))]
        : [],
    });
  }
}
