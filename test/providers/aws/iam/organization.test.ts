import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readOrganization } from '../../../../providers/aws/iam/organization.js';
import { EvidenceBundle } from '../../../../src/evidence/bundle.js';
import { DOC } from './aws-docs.js';
import { bundleOf, FIXTURES } from './bundle-helpers.js';

const MEMBER = '111122223333';
const MGMT = '999988887777';

/** The scp-layers fixture as a file map, so single files can be dropped or replaced. */
function scpFiles(): Record<string, unknown> {
  const root = join(FIXTURES, 'iam', 'scp-layers');
  const out: Record<string, unknown> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(root, full).split('\\').join('/')] = JSON.parse(readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}
const org = (name: string) => `aws/${MGMT}/global/organizations/${name}`;

describe('where SCPs bind', () => {
  test('a member account: root → OU → account, each level with its SCPs', async () => {
    const b = await EvidenceBundle.open(join(FIXTURES, 'iam', 'scp-layers'));
    const p = readOrganization(b, [MEMBER, MGMT]);
    const member = p.get(MEMBER);
    expect(member?.status).toBe('member');
    expect(member?.gaps).toEqual([]);
    expect(
      member?.scp?.map((l) => [l.target, l.type, l.policies.map((x) => x.name)]),
      DOC.scpAllow,
    ).toEqual([
      ['r-ab12', 'ROOT', ['FullAWSAccess']],
      ['ou-ab12-workload1', 'ORGANIZATIONAL_UNIT', ['FullAWSAccess', 'workload-guardrails']],
      [MEMBER, 'ACCOUNT', ['FullAWSAccess', 'allowed-regions']],
    ]);
  });

  test('the management account is not bound by SCPs', async () => {
    const b = await EvidenceBundle.open(join(FIXTURES, 'iam', 'scp-layers'));
    const mgmt = readOrganization(b, [MEMBER, MGMT]).get(MGMT);
    expect(mgmt?.status, DOC.scpManagement).toBe('management');
    expect(mgmt?.scp).toBeNull();
  });

  test('an account outside any organization has no SCPs and no gap', async () => {
    const b = await EvidenceBundle.open(join(FIXTURES, 'iam', 'role-chain'));
    const p = readOrganization(b, [MEMBER]).get(MEMBER);
    expect(p).toMatchObject({ status: 'standalone', scp: null, gaps: [] });
  });

  test('a missing ListParents file leaves the path unknown: a gap, not an empty SCP list', async () => {
    const files = scpFiles();
    delete files[org(`ListParents/ou-ab12-workload1.json`)];
    const p = readOrganization(await bundleOf(files), [MEMBER, MGMT]).get(MEMBER);
    expect(p?.scp).toBeNull();
    expect(p?.gaps.map((g) => [g.domain, g.kind])).toEqual([['organization', 'missing']]);
    expect(p?.gaps[0]?.reason).toMatch(/organizations:ListParents was not collected/);
  });

  test('a denied ListPoliciesForTarget is a gap of kind denied citing the error file', async () => {
    const files = scpFiles();
    delete files[org(`ListPoliciesForTarget/${MEMBER}.json`)];
    files[org(`ListPoliciesForTarget/${MEMBER}.error.json`)] = {
      Code: 'AccessDeniedException',
      Message: 'You don’t have permissions to access this resource.',
      HttpStatus: 400,
      Operation: 'ListPoliciesForTarget',
    };
    const p = readOrganization(await bundleOf(files), [MEMBER, MGMT]).get(MEMBER);
    expect(p?.gaps.map((g) => [g.kind, g.evidence[0]?.file])).toEqual([
      ['denied', org(`ListPoliciesForTarget/${MEMBER}.error.json`)],
    ]);
  });

  test('a member whose organization tree was not collected gets a gap', async () => {
    const files = scpFiles();
    for (const k of Object.keys(files)) if (k.startsWith(`aws/${MGMT}/`)) delete files[k];
    const p = readOrganization(await bundleOf(files), [MEMBER]).get(MEMBER);
    expect(p?.status).toBe('member');
    expect(p?.gaps[0]?.reason).toMatch(/o-a1b2c3d4e5 tree .* is not in the bundle/);
  });

  test('an account with no organization data at all gets a gap', async () => {
    const p = readOrganization(await bundleOf({ [`aws/${MEMBER}/global/iam/x.json`]: {} }), [MEMBER]).get(
      MEMBER,
    );
    expect(p?.status).toBe('unknown');
    expect(p?.gaps[0]?.reason).toMatch(/DescribeOrganization was not collected/);
  });

  test('SCPs not enabled on the root: nothing to intersect', async () => {
    const files = scpFiles();
    files[org('ListRoots.json')] = { Roots: [{ Id: 'r-ab12', PolicyTypes: [] }] };
    const p = readOrganization(await bundleOf(files), [MEMBER, MGMT]).get(MEMBER);
    expect(p).toMatchObject({ status: 'member', scp: null, gaps: [] });
  });
});
