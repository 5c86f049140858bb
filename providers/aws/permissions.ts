import { declarations } from './collect/catalog.js';
import { liveCalls } from './live/calls.js';

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[] | string; Resource: string }[];
}

/** The IAM actions collection needs (live legs included), derived from the declared calls (sorted, unique). */
export function readActions(): string[] {
  return [
    ...new Set(
      [...declarations, ...liveCalls].map((d) => d.iamAction).filter((a): a is string => a !== null),
    ),
  ].sort();
}

/**
 * The least-privilege policy for `rigsight collect`: every declared read, and with `orgRole` the caller's
 * right to assume that role in member accounts.
 */
export function awsPermissionPolicy(options: { orgRole?: string } = {}): IamPolicyDocument {
  const policy: IamPolicyDocument = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'RigsightReadOnly', Effect: 'Allow', Action: readActions(), Resource: '*' }],
  };
  if (options.orgRole) {
    policy.Statement.push({
      Sid: 'RigsightAssumeAuditRole',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: `arn:aws:iam::*:role/${options.orgRole}`,
    });
  }
  return policy;
}
