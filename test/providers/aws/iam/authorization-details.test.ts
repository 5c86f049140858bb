import { describe, expect, test } from 'vitest';
import { parseAuthorizationDetails } from '../../../../providers/aws/iam/authorization-details.js';
import { DOC } from './aws-docs.js';
import { fixtureJson } from './bundle-helpers.js';

const SAMPLE = ['aws-authorization-details', 'test_files_example-authz-details.json'];

/** What the IAM API (and the SDK) return: every policy document URL-encoded. */
function asApiOutput(cli: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(cli)) as Record<string, Record<string, unknown>[]>;
  const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));
  for (const u of copy.UserDetailList ?? [])
    for (const p of (u.UserPolicyList ?? []) as { PolicyDocument: unknown }[])
      p.PolicyDocument = enc(p.PolicyDocument);
  for (const g of copy.GroupDetailList ?? [])
    for (const p of (g.GroupPolicyList ?? []) as { PolicyDocument: unknown }[])
      p.PolicyDocument = enc(p.PolicyDocument);
  for (const r of copy.RoleDetailList ?? []) {
    r.AssumeRolePolicyDocument = enc(r.AssumeRolePolicyDocument);
    for (const p of (r.RolePolicyList ?? []) as { PolicyDocument: unknown }[])
      p.PolicyDocument = enc(p.PolicyDocument);
  }
  for (const m of copy.Policies ?? [])
    for (const v of (m.PolicyVersionList ?? []) as { Document: unknown }[]) v.Document = enc(v.Document);
  return copy;
}

describe('GetAccountAuthorizationDetails', () => {
  test('the sample dump: users, groups, roles, managed policies (checked by hand)', () => {
    const a = parseAuthorizationDetails(fixtureJson(...SAMPLE), 'f.json', '012345678901');
    expect(a.problems).toEqual([]);
    expect(a.users.map((u) => [u.name, u.groups, u.attached.length, u.inline.length])).toEqual([
      ['obama', ['admin'], 1, 0],
      ['userwithlotsofpermissions', ['admin'], 0, 1],
      ['biden', ['biden'], 1, 1],
    ]);
    expect([...a.groups.keys()]).toEqual(['admin', 'biden']);
    expect(
      a.roles.map((r) => [r.name, r.trust?.statements[0]?.principal?.service, r.instanceProfiles.length]),
    ).toEqual([
      ['MyRole', ['ssm.amazonaws.com'], 0],
      ['MyOtherRole', ['ssm.amazonaws.com'], 0],
      ['OverprivilegedEC2', ['ec2.amazonaws.com'], 1],
    ]);
    expect(a.managed.size).toBe(32);
  });

  test('CLI output and API/SDK output (URL-encoded documents) read the same', () => {
    const cli = parseAuthorizationDetails(fixtureJson(...SAMPLE), 'f.json', '012345678901');
    const api = parseAuthorizationDetails(asApiOutput(fixtureJson(...SAMPLE)), 'f.json', '012345678901');
    const shape = (x: typeof cli) =>
      [
        ...x.managed.values(),
        ...x.users.flatMap((u) => u.inline),
        ...x.roles.flatMap((r) => [...r.inline, r.trust]),
      ].map((p) => p?.statements.map((s) => [s.effect, s.actions, s.notActions, s.resources, s.principal]));
    expect(shape(api)).toEqual(shape(cli));
    expect(api.problems).toEqual([]);
  });

  test('a managed policy counts with its default version only', () => {
    const a = parseAuthorizationDetails(
      {
        Policies: [
          {
            PolicyName: 'p',
            Arn: 'arn:aws:iam::111122223333:policy/p',
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              {
                VersionId: 'v1',
                IsDefaultVersion: false,
                Document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
              },
              {
                VersionId: 'v2',
                IsDefaultVersion: true,
                Document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
              },
            ],
          },
        ],
      },
      'f.json',
      '111122223333',
    );
    const p = a.managed.get('arn:aws:iam::111122223333:policy/p');
    expect(
      p?.statements.map((s) => s.actions),
      DOC.defaultVersion,
    ).toEqual([['s3:GetObject']]);
    expect(p?.statements[0]?.ref.pointer).toBe('/Policies/0/PolicyVersionList/1/Document/Statement/0');
  });

  test('permissions boundaries are read for users and roles', () => {
    const a = parseAuthorizationDetails(
      fixtureJson(
        'iam',
        'permission-boundary',
        'aws',
        '111122223333',
        'global',
        'iam',
        'GetAccountAuthorizationDetails.json',
      ),
      'f.json',
      '111122223333',
    );
    expect(a.users.map((u) => u.boundaryArn)).toEqual([
      'arn:aws:iam::111122223333:policy/developer-boundary',
      'arn:aws:iam::111122223333:policy/developer-boundary',
      'arn:aws:iam::111122223333:policy/developer-boundary',
    ]);
  });

  test('an unreadable entry is reported with its pointer and the rest kept', () => {
    const a = parseAuthorizationDetails(
      { UserDetailList: [{ UserName: 'x' }, { UserName: 'ok', Arn: 'arn:aws:iam::111122223333:user/ok' }] },
      'f.json',
      '111122223333',
    );
    expect(a.users.map((u) => u.name)).toEqual(['ok']);
    expect(a.problems[0]?.pointer).toBe('/UserDetailList/0');
  });
});
