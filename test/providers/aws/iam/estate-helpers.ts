import type { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import { bundleOf } from './bundle-helpers.js';

/** Compact IAM for one account, turned into a native GetAccountAuthorizationDetails response. */
export interface AccountSpec {
  users?: { name: string; policy?: unknown[]; boundary?: unknown[]; tags?: Record<string, string> }[];
  roles?: {
    name: string;
    trust: unknown[];
    policy?: unknown[];
    path?: string;
    tags?: Record<string, string>;
  }[];
}

const tagList = (tags: Record<string, string> | undefined) =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

export function gaad(account: string, spec: AccountSpec): unknown {
  const policies: unknown[] = [];
  const boundaryOf = (name: string, statements: unknown[]) => {
    const arn = `arn:aws:iam::${account}:policy/${name}-boundary`;
    policies.push({
      PolicyName: `${name}-boundary`,
      Arn: arn,
      DefaultVersionId: 'v1',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(statements) }],
    });
    return { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn };
  };
  return {
    UserDetailList: (spec.users ?? []).map((u) => ({
      Path: '/',
      UserName: u.name,
      Arn: `arn:aws:iam::${account}:user/${u.name}`,
      GroupList: [],
      UserPolicyList: u.policy ? [{ PolicyName: 'own', PolicyDocument: doc(u.policy) }] : [],
      AttachedManagedPolicies: [],
      Tags: tagList(u.tags),
      ...(u.boundary ? { PermissionsBoundary: boundaryOf(u.name, u.boundary) } : {}),
    })),
    GroupDetailList: [],
    RoleDetailList: (spec.roles ?? []).map((r) => ({
      Path: r.path ?? '/',
      RoleName: r.name,
      Arn: `arn:aws:iam::${account}:role${r.path ?? '/'}${r.name}`,
      AssumeRolePolicyDocument: doc(r.trust),
      RolePolicyList: r.policy ? [{ PolicyName: 'own', PolicyDocument: doc(r.policy) }] : [],
      AttachedManagedPolicies: [],
      InstanceProfileList: [],
      Tags: tagList(r.tags),
    })),
    Policies: policies,
  };
}

/** A bundle of standalone accounts (no organization), one GetAccountAuthorizationDetails each. */
export function estate(
  accounts: Record<string, AccountSpec>,
  extra: Record<string, unknown> = {},
): Promise<EvidenceBundle> {
  const files: Record<string, unknown> = {};
  for (const [id, spec] of Object.entries(accounts)) {
    files[`aws/${id}/global/iam/GetAccountAuthorizationDetails.json`] = gaad(id, spec);
    files[`aws/${id}/global/organizations/DescribeOrganization.error.json`] = {
      Code: 'AWSOrganizationsNotInUseException',
      Message: 'Your account is not a member of an organization.',
    };
  }
  return bundleOf({ ...files, ...extra });
}

export const allowS = (
  action: string | string[],
  resource: string | string[] = '*',
  condition?: unknown,
) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});
export const denyS = (action: string | string[], resource: string | string[] = '*') => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
});
export const trustS = (
  principal: unknown,
  condition?: unknown,
  action: string | string[] = 'sts:AssumeRole',
  effect = 'Allow',
) => ({
  Effect: effect,
  Principal: principal,
  Action: action,
  ...(condition ? { Condition: condition } : {}),
});
