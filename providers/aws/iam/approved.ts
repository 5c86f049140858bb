import type { ApprovedCreator } from '../../../src/policy/schema.js';
import { matches } from './glob-sets.js';

const SESSION = /^arn:([^:]+):sts::([^:]+):assumed-role\/([^/]+)(?:\/.*)?$/;
const ROLE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/**
 * The `creators.approved` rule that covers a principal ARN, if any. Globs match ARNs case-sensitively;
 * an STS session glob (`arn:aws:sts::ACCT:assumed-role/NAME/SESSION`) covers the role NAME in ACCT,
 * whatever its path, since sessions are what a role's holders act as.
 */
export function approvalFor(approved: readonly ApprovedCreator[], arn: string): ApprovedCreator | undefined {
  const role = ROLE.exec(arn);
  for (const rule of approved) {
    const session = SESSION.exec(rule.principal);
    if (session) {
      if (
        role &&
        matches(session[1] as string, role[1] as string) &&
        matches(session[2] as string, role[2] as string) &&
        matches(session[3] as string, role[3] as string)
      )
        return rule;
      continue;
    }
    if (matches(rule.principal, arn)) return rule;
  }
  return undefined;
}
