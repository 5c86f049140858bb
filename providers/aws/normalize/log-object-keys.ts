/**
 * Where AWS services write log objects in a bucket, as path segments: a fixed string, or `null` where the value
 * varies (account, region, VPC). Everything after the last segment (dates, file names) varies too. A lifecycle
 * rule applies to a log when its prefix can begin one of these keys.
 */
export type KeyLayout = (string | null)[];

/** `a/b/` → ['a', 'b']: the optional prefix a trail, flow log or resolver config puts before `AWSLogs/`. */
export function prefixSegments(prefix: string | null | undefined): string[] {
  return (prefix ?? '').split('/').filter(Boolean);
}

/**
 * CloudTrail: `<prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/…`; an organization trail writes
 * `<prefix>/AWSLogs/<org-id>/<account>/CloudTrail/<region>/…` for every member account.
 */
export function cloudTrailKeys(
  prefix: string | null | undefined,
  owner: string,
  organization: { id: string | null } | undefined,
): KeyLayout {
  const who = organization ? [organization.id, null] : [owner];
  return [...prefixSegments(prefix), 'AWSLogs', ...who, 'CloudTrail', null];
}

/**
 * VPC flow logs: `<prefix>/AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD[/HH]/`, or with Hive-compatible
 * partitions `<prefix>/AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=…/`.
 */
export function flowLogKeys(prefix: string[], account: string, region: string, hive: boolean): KeyLayout {
  return hive
    ? [...prefix, 'AWSLogs', `aws-account-id=${account}`, 'aws-service=vpcflowlogs', `aws-region=${region}`]
    : [...prefix, 'AWSLogs', account, 'vpcflowlogs', region];
}

/** Route 53 Resolver query logs: `<prefix>/AWSLogs/<account>/vpcdnsquerylogs/<vpc-id>/YYYY/MM/DD/`. */
export function resolverQueryLogKeys(prefix: string[], account: string): KeyLayout {
  return [...prefix, 'AWSLogs', account, 'vpcdnsquerylogs', null];
}

/** Whether some object written under `layout` has a key that starts with `rulePrefix` (an S3 lifecycle filter). */
export function prefixReaches(rulePrefix: string, layout: KeyLayout): boolean {
  const parts = rulePrefix.split('/');
  const partial = parts.pop() ?? '';
  for (const [i, part] of parts.entries()) {
    if (i >= layout.length) return true; // inside the date and file-name part, which every log has
    const segment = layout[i];
    if (segment !== null && segment !== part) return false;
  }
  const segment = layout[parts.length];
  return segment === undefined || segment === null || segment.startsWith(partial);
}
