import { z } from 'zod';
import { type DocumentSource, type PolicyView, parsePolicyDocument } from './policy-document.js';

/** The API that writes the file this module reads. */
export const GAAD_API = 'iam:GetAccountAuthorizationDetails';

const attached = z.object({ PolicyName: z.string().optional(), PolicyArn: z.string() });
const inline = z.object({ PolicyName: z.string(), PolicyDocument: z.unknown() });
const boundary = z.object({ PermissionsBoundaryArn: z.string() }).passthrough();
const tag = z.object({ Key: z.string(), Value: z.string() });

const userSchema = z
  .object({
    UserName: z.string(),
    UserId: z.string().optional(),
    Arn: z.string(),
    Path: z.string().optional(),
    GroupList: z.array(z.string()).optional(),
    UserPolicyList: z.array(inline).optional(),
    AttachedManagedPolicies: z.array(attached).optional(),
    PermissionsBoundary: boundary.optional(),
    Tags: z.array(tag).optional(),
  })
  .passthrough();

const groupSchema = z
  .object({
    GroupName: z.string(),
    GroupId: z.string().optional(),
    Arn: z.string(),
    GroupPolicyList: z.array(inline).optional(),
    AttachedManagedPolicies: z.array(attached).optional(),
  })
  .passthrough();

const roleSchema = z
  .object({
    RoleName: z.string(),
    RoleId: z.string().optional(),
    Arn: z.string(),
    Path: z.string().optional(),
    AssumeRolePolicyDocument: z.unknown().optional(),
    RolePolicyList: z.array(inline).optional(),
    AttachedManagedPolicies: z.array(attached).optional(),
    PermissionsBoundary: boundary.optional(),
    InstanceProfileList: z
      .array(z.object({ InstanceProfileName: z.string(), Arn: z.string() }).passthrough())
      .optional(),
    Tags: z.array(tag).optional(),
  })
  .passthrough();

const versionSchema = z
  .object({ Document: z.unknown(), VersionId: z.string(), IsDefaultVersion: z.boolean().optional() })
  .passthrough();

const managedSchema = z
  .object({
    PolicyName: z.string(),
    Arn: z.string(),
    DefaultVersionId: z.string().optional(),
    PolicyVersionList: z.array(versionSchema).optional(),
  })
  .passthrough();

const fileSchema = z
  .object({
    UserDetailList: z.array(z.unknown()).optional(),
    GroupDetailList: z.array(z.unknown()).optional(),
    RoleDetailList: z.array(z.unknown()).optional(),
    Policies: z.array(z.unknown()).optional(),
  })
  .passthrough();

export interface IamUser {
  kind: 'user';
  arn: string;
  name: string;
  id?: string;
  account: string;
  partition: string;
  groups: string[];
  inline: PolicyView[];
  attached: string[];
  boundaryArn?: string;
  /** IAM tags by key (GetAccountAuthorizationDetails lists them with the user; none listed = none). */
  tags: Map<string, string>;
  pointer: string;
}

export interface IamGroup {
  arn: string;
  name: string;
  inline: PolicyView[];
  attached: string[];
  pointer: string;
}

export interface IamRole {
  kind: 'role';
  arn: string;
  name: string;
  id?: string;
  path: string;
  account: string;
  partition: string;
  trust: PolicyView | null;
  inline: PolicyView[];
  attached: string[];
  boundaryArn?: string;
  instanceProfiles: string[];
  /** IAM tags by key (a session may add or override them when the trust policy allows sts:TagSession). */
  tags: Map<string, string>;
  pointer: string;
}

/** One account's IAM as GetAccountAuthorizationDetails describes it. */
export interface AccountAuthorization {
  account: string;
  file: string;
  users: IamUser[];
  groups: Map<string, IamGroup>;
  roles: IamRole[];
  /** Managed policies by ARN, holding the default version only. */
  managed: Map<string, PolicyView>;
  /** Pieces that could not be used, each naming where in the file. */
  problems: { pointer: string; reason: string }[];
}

function tagMap(list: z.infer<typeof tag>[] | undefined): Map<string, string> {
  return new Map((list ?? []).map((t) => [t.Key, t.Value]));
}

const ARN = /^arn:([^:]+):([^:]*):([^:]*):(\d{12}|aws|):(.+)$/;

export function parseArn(
  arn: string,
): { partition: string; service: string; account: string; resource: string } | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  return {
    partition: m[1] as string,
    service: m[2] as string,
    account: m[4] as string,
    resource: m[5] as string,
  };
}

/**
 * Reads a GetAccountAuthorizationDetails response (all pages merged). Policy documents may be decoded
 * objects (CLI) or URL-encoded strings (API/SDK); a managed policy counts with its default version.
 */
export function parseAuthorizationDetails(
  json: unknown,
  file: string,
  account: string,
): AccountAuthorization {
  const out: AccountAuthorization = {
    account,
    file,
    users: [],
    groups: new Map(),
    roles: [],
    managed: new Map(),
    problems: [],
  };
  const top = fileSchema.safeParse(json);
  if (!top.success) {
    out.problems.push({ pointer: '', reason: 'not a GetAccountAuthorizationDetails response' });
    return out;
  }
  const data = top.data;
  const doc = (raw: unknown, src: Omit<DocumentSource, 'file' | 'api'>): PolicyView | undefined => {
    const parsed = parsePolicyDocument(raw, { ...src, file, api: GAAD_API });
    if (!parsed.ok) {
      out.problems.push({ pointer: src.pointer, reason: parsed.problem });
      return undefined;
    }
    for (const p of parsed.problems) out.problems.push({ pointer: src.pointer, reason: p });
    return parsed.policy;
  };

  (data.Policies ?? []).forEach((raw, i) => {
    const pointer = `/Policies/${i}`;
    const p = managedSchema.safeParse(raw);
    if (!p.success) {
      out.problems.push({
        pointer,
        reason: `managed policy entry unreadable: ${p.error.issues[0]?.message}`,
      });
      return;
    }
    const versions = p.data.PolicyVersionList ?? [];
    let vi = versions.findIndex((v) => v.IsDefaultVersion === true);
    if (vi < 0 && p.data.DefaultVersionId)
      vi = versions.findIndex((v) => v.VersionId === p.data.DefaultVersionId);
    const version = versions[vi];
    if (!version) {
      out.problems.push({
        pointer,
        reason: `managed policy ${p.data.Arn} has no default version in the file`,
      });
      return;
    }
    const view = doc(version.Document, {
      name: p.data.PolicyName,
      arn: p.data.Arn,
      kind: 'managed',
      label: p.data.Arn,
      pointer: `${pointer}/PolicyVersionList/${vi}/Document`,
    });
    if (view) out.managed.set(p.data.Arn, view);
  });

  const inlines = (list: z.infer<typeof inline>[] | undefined, base: string, owner: string, key: string) => {
    const views: PolicyView[] = [];
    (list ?? []).forEach((item, i) => {
      const v = doc(item.PolicyDocument, {
        name: item.PolicyName,
        kind: 'inline',
        label: `inline:${item.PolicyName} on ${owner}`,
        pointer: `${base}/${key}/${i}/PolicyDocument`,
      });
      if (v) views.push(v);
    });
    return views;
  };

  (data.GroupDetailList ?? []).forEach((raw, i) => {
    const pointer = `/GroupDetailList/${i}`;
    const g = groupSchema.safeParse(raw);
    if (!g.success) {
      out.problems.push({ pointer, reason: `group entry unreadable: ${g.error.issues[0]?.message}` });
      return;
    }
    out.groups.set(g.data.GroupName, {
      arn: g.data.Arn,
      name: g.data.GroupName,
      inline: inlines(g.data.GroupPolicyList, pointer, g.data.Arn, 'GroupPolicyList'),
      attached: (g.data.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn),
      pointer,
    });
  });

  (data.UserDetailList ?? []).forEach((raw, i) => {
    const pointer = `/UserDetailList/${i}`;
    const u = userSchema.safeParse(raw);
    const arn = u.success ? parseArn(u.data.Arn) : undefined;
    if (!u.success || !arn) {
      out.problems.push({
        pointer,
        reason: `user entry unreadable: ${u.error?.issues[0]?.message ?? 'bad Arn'}`,
      });
      return;
    }
    const user: IamUser = {
      kind: 'user',
      arn: u.data.Arn,
      name: u.data.UserName,
      account: arn.account,
      partition: arn.partition,
      groups: u.data.GroupList ?? [],
      inline: inlines(u.data.UserPolicyList, pointer, u.data.Arn, 'UserPolicyList'),
      attached: (u.data.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn),
      tags: tagMap(u.data.Tags),
      pointer,
    };
    if (u.data.UserId) user.id = u.data.UserId;
    if (u.data.PermissionsBoundary) user.boundaryArn = u.data.PermissionsBoundary.PermissionsBoundaryArn;
    out.users.push(user);
  });

  (data.RoleDetailList ?? []).forEach((raw, i) => {
    const pointer = `/RoleDetailList/${i}`;
    const r = roleSchema.safeParse(raw);
    const arn = r.success ? parseArn(r.data.Arn) : undefined;
    if (!r.success || !arn) {
      out.problems.push({
        pointer,
        reason: `role entry unreadable: ${r.error?.issues[0]?.message ?? 'bad Arn'}`,
      });
      return;
    }
    const trust =
      r.data.AssumeRolePolicyDocument === undefined
        ? null
        : (doc(r.data.AssumeRolePolicyDocument, {
            name: 'AssumeRolePolicyDocument',
            kind: 'trust',
            label: `trust policy of ${r.data.Arn}`,
            pointer: `${pointer}/AssumeRolePolicyDocument`,
          }) ?? null);
    const role: IamRole = {
      kind: 'role',
      arn: r.data.Arn,
      name: r.data.RoleName,
      path: r.data.Path ?? '/',
      account: arn.account,
      partition: arn.partition,
      trust,
      inline: inlines(r.data.RolePolicyList, pointer, r.data.Arn, 'RolePolicyList'),
      attached: (r.data.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn),
      instanceProfiles: (r.data.InstanceProfileList ?? []).map((p) => p.Arn),
      tags: tagMap(r.data.Tags),
      pointer,
    };
    if (r.data.RoleId) role.id = r.data.RoleId;
    if (r.data.PermissionsBoundary) role.boundaryArn = r.data.PermissionsBoundary.PermissionsBoundaryArn;
    out.roles.push(role);
  });
  return out;
}
