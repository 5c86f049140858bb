import { queryLogAssociations, queryLogConfigs } from '../shapes.js';
import { type AwsContext, readAs, readOrGap } from './context.js';
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
  readOrGap(
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
    const found = findConfig(ctx, account, region, configId);
    const config = found?.config;
    // A configuration that failed or is being deleted delivers nothing, whatever its associations say.
    if (config?.Status && ['FAILED', 'DELETING'].includes(config.Status.toUpperCase())) continue;
    const owner = config?.OwnerId ?? found?.account ?? account;
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
        ...(found ? [found.ref] : []),
      ],
      networkIds: vpcs,
      destinations: config?.DestinationArn
        ? [retention.fromArn(config.DestinationArn, (prefix) => resolverQueryLogKeys(prefix, owner))]
        : [],
    });
  }
}

/** The configuration an association names: in the account's own listing, or shared (RAM) from another account. */
function findConfig(ctx: AwsContext, account: string, region: string, id: string) {
  for (const holder of [account, ...ctx.files.accounts().filter((a) => a !== account)]) {
    const read = readAs(
      ctx,
      queryLogConfigs,
      holder,
      region,
      'route53resolver',
      'ListResolverQueryLogConfigs',
    );
    if (read.kind !== 'ok') continue;
    const index = read.value.ResolverQueryLogConfigs.findIndex((c) => c.Id === id);
    const config = read.value.ResolverQueryLogConfigs[index];
    if (config) return { config, account: holder, ref: read.ref(`/ResolverQueryLogConfigs/${index}`) };
  }
  return undefined;
}
