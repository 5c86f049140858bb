import type { EvidenceRef } from '../../../src/model/evidence.js';
import type { Scope } from '../../../src/model/scope.js';
import { callerIdentity, describeRegions, listAccounts } from '../shapes.js';
import { type AwsContext, readAs, readOrGap } from './context.js';

/** One scope per account folder: caller identity, enabled regions (DescribeRegions) and which were collected. */
export function normalizeScope(ctx: AwsContext, account: string): Scope {
  const collected = ctx.files.regions(account);
  const evidence = [];
  const identity = readOrGap(
    ctx,
    'identity',
    callerIdentity,
    account,
    'global',
    'sts',
    'GetCallerIdentity',
    'The caller identity (sts GetCallerIdentity)',
  );
  if (identity) evidence.push(identity.ref());
  const regions = enabledRegions(ctx, account, collected);
  if (regions.evidence) evidence.push(regions.evidence);
  const scope: Scope = {
    provider: 'aws',
    id: account,
    status: 'assessed',
    regions: regions.list,
    evidence,
  };
  if (identity) scope.caller = identity.value.Arn;
  const failed = failure(ctx, account);
  if (failed) {
    scope.status = 'unassessed';
    scope.reason = failed.reason;
    scope.evidence.push(...failed.evidence);
  }
  const name = accountName(ctx, account);
  if (name) scope.name = name;
  return scope;
}

/** The collector could not get into the account (AssumeRole failed): from the manifest or the error file. */
function failure(ctx: AwsContext, account: string): { reason: string; evidence: EvidenceRef[] } | undefined {
  const assume = ctx.files.read(account, 'global', 'sts', 'AssumeRole');
  const evidence = assume.kind === 'error' ? [assume.ref()] : [];
  const entry = ctx.files.bundle.manifest?.scopes.find((s) => s.provider === 'aws' && s.id === account);
  if (entry?.status === 'failed')
    return { reason: entry.reason ?? 'collection failed for this account', evidence };
  if (assume.kind === 'error')
    return { reason: `could not assume a role in the account (${assume.code}: ${assume.message})`, evidence };
  return undefined;
}

/** From DescribeRegions wherever it was collected; without it, the regions present in the bundle. */
function enabledRegions(ctx: AwsContext, account: string, collected: string[]) {
  for (const region of ['global', ...collected]) {
    const read = readAs(ctx, describeRegions, account, region, 'ec2', 'DescribeRegions');
    if (read.kind !== 'ok') continue;
    const list = read.value.Regions.map((r) => ({
      name: r.RegionName,
      enabled: !r.OptInStatus || r.OptInStatus === 'opt-in-not-required' || r.OptInStatus === 'opted-in',
      collected: collected.includes(r.RegionName),
    })).sort((a, b) => a.name.localeCompare(b.name));
    for (const r of list.filter((x) => x.enabled && !x.collected)) {
      for (const domain of ['audit-logs', 'threat-detectors', 'workloads'] as const) {
        ctx.inv.gaps.push({
          provider: 'aws',
          scope: account,
          region: r.name,
          domain,
          kind: 'missing',
          reason: `region ${r.name} is enabled but no evidence was collected there`,
          evidence: [read.ref()],
        });
      }
    }
    return { list, evidence: read.ref() };
  }
  ctx.inv.gaps.push({
    provider: 'aws',
    scope: account,
    region: 'global',
    domain: 'regions',
    kind: 'missing',
    reason: `the account's enabled regions are unknown (ec2 DescribeRegions was not collected), so only the ${collected.length} region${collected.length === 1 ? '' : 's'} in the bundle were judged`,
    evidence: [],
  });
  return { list: collected.map((name) => ({ name, enabled: true, collected: true })), evidence: undefined };
}

/** The account's name from any organizations ListAccounts file in the bundle. */
function accountName(ctx: AwsContext, account: string): string | undefined {
  for (const holder of ctx.files.accounts()) {
    const read = readAs(ctx, listAccounts, holder, 'global', 'organizations', 'ListAccounts');
    if (read.kind !== 'ok') continue;
    const found = read.value.Accounts.find((a) => a.Id === account);
    if (found?.Name) return found.Name;
  }
  return undefined;
}
