import { z } from 'zod';
import type { EvidenceBundle } from '../../../src/evidence/bundle.js';
import type { CollectionGap } from '../../../src/model/gap.js';
import { type FileRead, gapFor, globalPath, readApiFile } from './bundle-files.js';
import { type PolicyView, parsePolicyDocument } from './policy-document.js';

const SCP = 'SERVICE_CONTROL_POLICY';

const describeOrganization = z.object({
  Organization: z
    .object({
      Id: z.string(),
      MasterAccountId: z.string().optional(),
      FeatureSet: z.string().optional(),
      AvailablePolicyTypes: z.array(z.object({ Type: z.string(), Status: z.string() })).optional(),
    })
    .passthrough(),
});
const listRoots = z.object({
  Roots: z.array(
    z
      .object({
        Id: z.string(),
        PolicyTypes: z.array(z.object({ Type: z.string(), Status: z.string() })).optional(),
      })
      .passthrough(),
  ),
});
const listParents = z.object({ Parents: z.array(z.object({ Id: z.string(), Type: z.string() })) });
const policySummaries = z.object({
  Policies: z.array(
    z.object({ Id: z.string(), Name: z.string().optional(), Type: z.string().optional() }).passthrough(),
  ),
});
const describePolicy = z.object({
  Policy: z.object({
    PolicySummary: z
      .object({ Id: z.string().optional(), Name: z.string().optional() })
      .passthrough()
      .optional(),
    Content: z.string(),
  }),
});

/** The SCPs attached at one level of the path from the root to an account. */
export interface ScpLevel {
  target: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  policies: PolicyView[];
}

export interface OrgPlacement {
  account: string;
  status: 'standalone' | 'management' | 'member' | 'unknown';
  orgId?: string;
  managementAccount?: string;
  /** Root first, the account last; null when SCPs do not bind this account (or are unknown: see gaps). */
  scp: ScpLevel[] | null;
  gaps: CollectionGap[];
}

const API = {
  describeOrganization: 'organizations:DescribeOrganization',
  listRoots: 'organizations:ListRoots',
  listParents: 'organizations:ListParents',
  listPoliciesForTarget: 'organizations:ListPoliciesForTarget',
  describePolicy: 'organizations:DescribePolicy',
};

interface OrgFolder {
  account: string;
  orgId?: string;
  management?: string;
  scpEnabled: boolean;
}

/**
 * Works out, for each account, whether SCPs bind it and which ones along root → OUs → account
 * (Organizations user guide, "SCP evaluation"). Organization files usually sit in the management
 * account's folder; a member may only have DescribeOrganization.
 */
export function readOrganization(
  bundle: EvidenceBundle,
  accounts: readonly string[],
): Map<string, OrgPlacement> {
  const own = new Map<string, FileRead>();
  const orgs = new Map<string, z.infer<typeof describeOrganization>['Organization']>();
  for (const a of accounts) {
    const r = readApiFile(bundle, globalPath(a, 'organizations', 'DescribeOrganization'));
    own.set(a, r);
    if (r.kind === 'ok') {
      const d = describeOrganization.safeParse(r.value);
      if (d.success) orgs.set(a, d.data.Organization);
      else bundle.report({ file: r.path, reason: 'not a DescribeOrganization response' });
    }
  }

  // Folders holding the organization tree (ListRoots), the management account's first.
  const folders: OrgFolder[] = [];
  for (const a of accounts) {
    const r = readApiFile(bundle, globalPath(a, 'organizations', 'ListRoots'));
    if (r.kind !== 'ok') continue;
    const roots = listRoots.safeParse(r.value);
    if (!roots.success) {
      bundle.report({ file: r.path, reason: 'not a ListRoots response' });
      continue;
    }
    const org = orgs.get(a);
    const root = roots.data.Roots[0];
    const rootTypes = root?.PolicyTypes;
    const fromRoot = rootTypes ? rootTypes.some((t) => t.Type === SCP && t.Status === 'ENABLED') : undefined;
    const fromOrg = org?.AvailablePolicyTypes?.some((t) => t.Type === SCP && t.Status === 'ENABLED');
    const folder: OrgFolder = {
      account: a,
      scpEnabled: org?.FeatureSet === 'CONSOLIDATED_BILLING' ? false : (fromRoot ?? fromOrg ?? true),
    };
    if (org?.Id) folder.orgId = org.Id;
    if (org?.MasterAccountId) folder.management = org.MasterAccountId;
    folders.push(folder);
  }
  folders.sort((x, y) => Number(y.management === y.account) - Number(x.management === x.account));

  const out = new Map<string, OrgPlacement>();
  for (const a of accounts) {
    const org = orgs.get(a);
    const read = own.get(a) as FileRead;
    const hasPath = (f: OrgFolder) =>
      bundle.has(`${globalPath(f.account, 'organizations', 'ListParents', a)}.json`);
    const folder =
      folders.find((f) => org?.Id !== undefined && f.orgId === org.Id && hasPath(f)) ??
      folders.find(hasPath) ??
      folders.find((f) => org?.Id !== undefined && f.orgId === org.Id) ??
      pathOnlyFolder(bundle, accounts, a, org);
    const orgId = org?.Id ?? folder?.orgId;
    const management = org?.MasterAccountId ?? folder?.management;
    const placement: OrgPlacement = { account: a, status: 'unknown', scp: null, gaps: [] };
    if (orgId) placement.orgId = orgId;
    if (management) placement.managementAccount = management;
    out.set(a, placement);

    if (!orgId && read.kind === 'error' && read.error.Code === 'AWSOrganizationsNotInUseException') {
      placement.status = 'standalone';
      continue;
    }
    if (management === a) {
      // SCPs do not restrict users or roles in the management account.
      placement.status = 'management';
      continue;
    }
    if (!orgId && !folder) {
      placement.gaps.push(
        read.kind === 'ok'
          ? orgGap(a, `organizations:DescribeOrganization could not be understood`)
          : gapFor(
              bundle,
              read,
              a,
              'organization',
              API.describeOrganization,
              'whether service control policies restrict this account',
            ),
      );
      continue;
    }
    placement.status = 'member';
    if (!folder) {
      placement.gaps.push(
        orgGap(
          a,
          `The organization ${orgId} tree (organizations:ListRoots, ListParents, ListPoliciesForTarget, DescribePolicy) is not in the bundle, so the service control policies that restrict this account are unknown.`,
        ),
      );
      continue;
    }
    if (!folder.scpEnabled) continue;
    const levels = scpPath(bundle, folder.account, a, placement.gaps);
    if (levels) placement.scp = levels;
  }
  return out;
}

/** A folder with the account's ListParents but no ListRoots: SCPs count as enabled unless the org says otherwise. */
function pathOnlyFolder(
  bundle: EvidenceBundle,
  accounts: readonly string[],
  account: string,
  org: z.infer<typeof describeOrganization>['Organization'] | undefined,
): OrgFolder | undefined {
  const holder = accounts.find((f) =>
    bundle.has(`${globalPath(f, 'organizations', 'ListParents', account)}.json`),
  );
  if (!holder) return undefined;
  const enabled = org?.AvailablePolicyTypes?.some((t) => t.Type === SCP && t.Status === 'ENABLED');
  const folder: OrgFolder = {
    account: holder,
    scpEnabled: org?.FeatureSet === 'CONSOLIDATED_BILLING' ? false : (enabled ?? true),
  };
  if (org?.Id) folder.orgId = org.Id;
  if (org?.MasterAccountId) folder.management = org.MasterAccountId;
  return folder;
}

function orgGap(account: string, reason: string): CollectionGap {
  return {
    provider: 'aws',
    scope: account,
    region: 'global',
    domain: 'organization',
    kind: 'missing',
    reason,
    evidence: [],
    api: 'organizations:ListParents',
  };
}

function scpPath(
  bundle: EvidenceBundle,
  folder: string,
  account: string,
  gaps: CollectionGap[],
): ScpLevel[] | null {
  const chain: { id: string; type: ScpLevel['type'] }[] = [{ id: account, type: 'ACCOUNT' }];
  let current = account;
  for (let depth = 0; depth < 8; depth++) {
    const r = readApiFile(bundle, globalPath(folder, 'organizations', 'ListParents', current));
    if (r.kind !== 'ok') {
      gaps.push(
        gapFor(bundle, r, account, 'organization', API.listParents, `the organization path above ${current}`),
      );
      return null;
    }
    const parents = listParents.safeParse(r.value);
    const parent = parents.success ? parents.data.Parents[0] : undefined;
    if (!parent) {
      bundle.report({ file: r.path, reason: 'not a ListParents response with a parent' });
      gaps.push(orgGap(account, `${r.path} names no parent, so the organization path is unknown.`));
      return null;
    }
    const type = parent.Type === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
    chain.unshift({ id: parent.Id, type });
    if (type === 'ROOT') break;
    current = parent.Id;
  }
  if (chain[0]?.type !== 'ROOT') {
    gaps.push(
      orgGap(account, `The organization path above ${account} does not reach the root within 8 levels.`),
    );
    return null;
  }
  const levels: ScpLevel[] = [];
  for (const level of chain) {
    const r = readApiFile(bundle, globalPath(folder, 'organizations', 'ListPoliciesForTarget', level.id));
    if (r.kind !== 'ok') {
      gaps.push(
        gapFor(
          bundle,
          r,
          account,
          'organization',
          API.listPoliciesForTarget,
          `the SCPs attached to ${level.id}`,
        ),
      );
      return null;
    }
    const list = policySummaries.safeParse(r.value);
    if (!list.success) {
      bundle.report({ file: r.path, reason: 'not a ListPoliciesForTarget response' });
      gaps.push(
        orgGap(
          account,
          `${r.path} could not be understood, so the SCPs attached to ${level.id} are unknown.`,
        ),
      );
      return null;
    }
    const policies: PolicyView[] = [];
    for (const summary of list.data.Policies.filter((p) => p.Type === undefined || p.Type === SCP)) {
      const d = readApiFile(bundle, globalPath(folder, 'organizations', 'DescribePolicy', summary.Id));
      if (d.kind !== 'ok') {
        gaps.push(
          gapFor(bundle, d, account, 'organization', API.describePolicy, `the content of SCP ${summary.Id}`),
        );
        return null;
      }
      const body = describePolicy.safeParse(d.value);
      const name =
        summary.Name ?? (body.success ? body.data.Policy.PolicySummary?.Name : undefined) ?? summary.Id;
      const parsed = body.success
        ? parsePolicyDocument(body.data.Policy.Content, {
            name,
            kind: 'scp',
            label: `SCP ${summary.Id} (${name})`,
            file: d.path,
            pointer: '/Policy/Content',
            api: API.describePolicy,
          })
        : ({ ok: false, problem: 'not a DescribePolicy response' } as const);
      if (!parsed.ok) {
        bundle.report({ file: d.path, reason: parsed.problem });
        gaps.push(
          orgGap(
            account,
            `${d.path} could not be understood (${parsed.problem}), so SCP ${summary.Id} is unknown.`,
          ),
        );
        return null;
      }
      for (const p of parsed.problems) bundle.report({ file: d.path, reason: p });
      policies.push(parsed.policy);
    }
    levels.push({ target: level.id, type: level.type, policies });
  }
  return levels;
}
