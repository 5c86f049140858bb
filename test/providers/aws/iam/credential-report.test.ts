import { describe, expect, test } from 'vitest';
import { parseCredentialReport } from '../../../../providers/aws/iam/credential-report.js';
import { DOC } from './aws-docs.js';
import { fixtureJson } from './bundle-helpers.js';

describe('GetCredentialReport', () => {
  test('base64 CSV from the CLI: which users hold active access keys', () => {
    const r = parseCredentialReport(
      fixtureJson('iam', 'role-chain', 'aws', '111122223333', 'global', 'iam', 'GetCredentialReport.json'),
    );
    if (!r.ok) throw new Error(r.reason);
    const keys = Object.fromEntries([...r.rows.values()].map((x) => [x.user, x.activeAccessKey]));
    expect(keys, DOC.credentialReport).toEqual({
      '<root_account>': false,
      'dev-alice': true,
      'ops-bob': false,
      carol: false,
      dave: true,
      erin: false,
    });
    expect(r.rows.get('arn:aws:iam::111122223333:user/dave')?.line).toBe(6);
  });

  test('SDK bytes serialised as numbers read the same', () => {
    const csv =
      'user,arn,password_enabled,access_key_1_active,access_key_2_active\nu,arn:aws:iam::1:user/u,false,false,true\n';
    const r = parseCredentialReport({ Content: [...Buffer.from(csv)] });
    expect(r.ok && r.rows.get('arn:aws:iam::1:user/u')?.activeAccessKey).toBe(true);
  });

  test('a response without the key columns is rejected with a reason', () => {
    expect(parseCredentialReport({ Content: Buffer.from('a,b\n1,2').toString('base64') })).toMatchObject({
      ok: false,
    });
    expect(parseCredentialReport({ ReportFormat: 'text/csv' })).toMatchObject({ ok: false });
  });
});
