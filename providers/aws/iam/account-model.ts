import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import {
  type AccountAuthorization,
  GAAD_API,
  type IamRole,
  type IamUser,
  parseAuthorizationDetails,
} from './authorization-details.js';
import { bundleAccounts, gapFor, globalPath, readApiFile } from './bundle-files.js';
import { ABSENT, ALL_TAGS_KNOWN, knownContext } from './conditions.js';
import { type CredentialRow, parseCredentialReport } from './credential-report.js';
import type { Subject } from './evaluator.js';
import { type OrgPlacement, readOrganization } from './organization.js';
import type { PolicyView } from './policy-document.js';
import { sessionTagsPossible } from './trust.js';

export interface UserSubject extends Subject {
  type: 'user';
  user: IamUser;
}

export interface RoleSubject extends Subject {
  type: 'role';
  role: IamRole;
}

/** One account's principals, ready to evaluate. */
export interface AccountModel {
  account: string;
  partition: string;
  auth: AccountAuthorization;
  placement: OrgPlacement;
  users: UserSubject[];
  roles: RoleSubject[];
  root: Subject;
  byArn: Map<string, Subject>;
  /** Rows of the credential report by ARN; null when the report is not in the bundle. */
  credentials: Map<string, CredentialRow> | null;
  credentialFile?: string;
}

export interface LoadedEstate {
  accounts: Map<string, AccountModel>;
  gaps: CollectionGap[];
  /** Accounts with a folder in the bundle but no usable authorization details. */
  unreadable: string[];
}

/** Reads every account folder's IAM, credential report and organization placement from the bundle. */
export function loadEstate(bundle: EvidenceBundle): LoadedEstate {
  const ids = bundleAccounts(bundle);
  const placements = readOrganization(bundle, ids);
  const out: LoadedEstate = { accounts: new Map(), gaps: [], unreadable: [] };
  for (const account of ids) {
    const placement = placements.get(account) as OrgPlacement;
    const read = readApiFile(bundle, globalPath(account, 'iam', 'GetAccountAuthorizationDetails'));
    if (read.kind !== 'ok') {
      out.gaps.push(
        gapFor(bundle, read, account, 'identity', GAAD_API, 'who can create compute in this account'),
      );
      out.unreadable.push(account);
      continue;
    }
    const auth = parseAuthorizationDetails(read.value, read.path, account);
    for (const p of auth.problems)
      bundle.report({ file: read.path, reason: `${p.pointer || '(top level)'}: ${p.reason}` });
    if (auth.problems.some((p) => p.pointer === '')) {
      out.gaps.push({
        provider: 'aws',
        scope: account,
        region: 'global',
        domain: 'identity',
        kind: 'error',
        reason: `${read.path} is not a GetAccountAuthorizationDetails response, so who can create compute is unknown.`,
        evidence: [bundle.ref(read.path, GAAD_API)],
        api: GAAD_API,
      });
      out.unreadable.push(account);
      continue;
    }
    out.gaps.push(...placement.gaps);

    let credentials: Map<string, CredentialRow> | null = null;
    const cr = readApiFile(bundle, globalPath(account, 'iam', 'GetCredentialReport'));
    if (cr.kind === 'ok') {
      const parsed = parseCredentialReport(cr.value);
      if (parsed.ok) credentials = parsed.rows;
      else bundle.report({ file: cr.path, reason: parsed.reason });
    }
    if (!credentials)
      out.gaps.push(
        cr.kind === 'ok'
          ? {
              provider: 'aws',
              scope: account,
              region: 'global',
              domain: 'credential-report',
              kind: 'error',
              reason: `${cr.path} could not be understood, so which users hold long-lived access keys is unknown.`,
              evidence: [bundle.ref(cr.path, 'iam:GetCredentialReport')],
              api: 'iam:GetCredentialReport',
            }
          : gapFor(
              bundle,
              cr,
              account,
              'credential-report',
              'iam:GetCredentialReport',
              'which users hold long-lived access keys',
            ),
      );

    const model = buildModel(auth, placement, credentials, out.gaps, bundle);
    if (credentials && cr.kind === 'ok') model.credentialFile = cr.path;
    out.accounts.set(account, model);
  }
  return out;
}

/** aws:PrincipalTag/<key> for each known tag, and the mark that no other tag is present. */
function tagContext(tags: Map<string, string> | undefined): Record<string, string> {
  if (!tags) return {};
  const out: Record<string, string> = { [ALL_TAGS_KNOWN]: ABSENT };
  for (const [k, v] of tags) out[`aws:PrincipalTag/${k}`] = v;
  return out;
}

function buildModel(
  auth: AccountAuthorization,
  placement: OrgPlacement,
  credentials: Map<string, CredentialRow> | null,
  gaps: CollectionGap[],
  bundle: EvidenceBundle,
): AccountModel {
  const account = auth.account;
  const partition = auth.users[0]?.partition ?? auth.roles[0]?.partition ?? 'aws';
  const missing = new Map<string, string[]>();
  const managed = (arn: string, owner: string): PolicyView | undefined => {
    const p = auth.managed.get(arn);
    if (!p) missing.set(arn, [...(missing.get(arn) ?? []), owner]);
    return p;
  };
  const ctx = (
    arn: string,
    type: string,
    extra: Record<string, string | undefined> = {},
    tags?: Map<string, string>,
  ) =>
    knownContext({
      ...tagContext(tags),
      'aws:PrincipalArn': arn,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': type,
      'aws:PrincipalOrgID': placement.status === 'standalone' ? ABSENT : placement.orgId,
      'aws:PrincipalIsAWSService': 'false',
      ...extra,
    });

  const users: UserSubject[] = auth.users.map((u) => {
    const identity: PolicyView[] = [...u.inline];
    const fromGroup = new Map<PolicyView, string>();
    for (const arn of u.attached) {
      const p = managed(arn, u.arn);
      if (p) identity.push(p);
    }
    for (const name of u.groups) {
      const g = auth.groups.get(name);
      if (!g) {
        missing.set(`group ${name}`, [...(missing.get(`group ${name}`) ?? []), u.arn]);
        continue;
      }
      const gp: PolicyView[] = [...g.inline];
      for (const arn of g.attached) {
        const p = managed(arn, g.arn);
        if (p) gp.push(p);
      }
      for (const p of gp) {
        // A policy also attached to the user directly is the user's own grant, not the group's.
        if (!fromGroup.has(p) && !identity.includes(p)) fromGroup.set(p, name);
        identity.push(p);
      }
    }
    return {
      arn: u.arn,
      account,
      partition: u.partition,
      type: 'user',
      name: u.name,
      identity: [...new Set(identity)],
      fromGroup,
      boundary: u.boundaryArn ? (managed(u.boundaryArn, u.arn) ?? null) : null,
      scp: placement.scp,
      context: ctx(u.arn, 'User', { 'aws:username': u.name }, u.tags),
      cache: new Map(),
      user: u,
    };
  });

  const roles: RoleSubject[] = auth.roles.map((r) => {
    const identity: PolicyView[] = [...r.inline];
    for (const arn of r.attached) {
      const p = managed(arn, r.arn);
      if (p) identity.push(p);
    }
    return {
      arn: r.arn,
      account,
      partition: r.partition,
      type: 'role',
      name: r.name,
      identity,
      fromGroup: new Map(),
      boundary: r.boundaryArn ? (managed(r.boundaryArn, r.arn) ?? null) : null,
      // SCPs do not restrict service-linked roles.
      scp: r.path.startsWith('/aws-service-role/') ? null : placement.scp,
      // Session tags could change what aws:PrincipalTag says: the role's own tags decide only without them.
      context: ctx(
        r.arn,
        'AssumedRole',
        {},
        sessionTagsPossible(r.trust?.statements ?? []) ? undefined : r.tags,
      ),
      cache: new Map(),
      role: r,
    };
  });

  const rootArn = `arn:${partition}:iam::${account}:root`;
  const root: Subject = {
    arn: rootArn,
    account,
    partition,
    type: 'root',
    name: 'root',
    identity: [],
    fromGroup: new Map(),
    boundary: null,
    scp: placement.scp,
    context: ctx(rootArn, 'Account'),
    cache: new Map(),
  };

  if (missing.size) {
    const names = [...missing.keys()];
    const owners = new Set([...missing.values()].flat());
    gaps.push({
      provider: 'aws',
      scope: account,
      region: 'global',
      domain: 'identity',
      kind: 'missing',
      reason: `${names.length} polic${names.length === 1 ? 'y is' : 'ies are'} attached but not in ${auth.file} (${names
        .slice(0, 3)
        .join(
          ', ',
        )}${names.length > 3 ? ', …' : ''}), so what ${owners.size} principal${owners.size === 1 ? '' : 's'} can do is not fully known.`,
      evidence: [bundle.ref(auth.file, GAAD_API)],
      api: GAAD_API,
    });
  }

  const byArn = new Map<string, Subject>();
  for (const s of [...users, ...roles, root]) byArn.set(s.arn, s);
  return { account, partition, auth, placement, users, roles, root, byArn, credentials };
}
