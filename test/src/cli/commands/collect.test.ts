import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import { packageRoot } from '../../../../src/package-info.js';
import { callerKey, startFake } from '../../../fakes/aws/harness.js';
import type { FakeAws } from '../../../fakes/aws/server.js';
import { SyntheticEstate } from '../../../fakes/aws/synthetic.js';
import { runCli, tempDir } from '../../../helpers/cli.js';

const run = runCli;
const tmp = () => tempDir();

// Three accounts; the third does not trust the audit role.
const estate = new SyntheticEstate({
  accounts: 3,
  regions: ['eu-west-1', 'us-east-1'],
  perList: 1,
  orgRole: 'rigsight-audit',
  failingAccounts: [2],
});
let fake: FakeAws;
const live = () => ['--provider', 'aws', '--org-role', 'rigsight-audit', '--endpoint-url', fake.url];

beforeAll(async () => {
  fake = await startFake(estate, { account: estate.management }, { reportPolls: 0 });
});
afterAll(() => fake.stop());
// The SDK's default credential chain reads the environment, as it would on a user's machine.
beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = callerKey.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = callerKey.secretAccessKey;
});
afterEach(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe('rigsight collect --provider aws', () => {
  it('writes a verifiable bundle, says what it collected and logs structured lines off a terminal', async () => {
    const dir = join(tmp(), 'bundle');
    const r = await run('collect', ...live(), '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^collected 2 of 3 account\(s\) as arn:aws:iam::100000000000:user\/auditor into /);
    expect(r.out).toMatch(
      /not assessed: 100000000002: could not assume arn:aws:iam::100000000002:role\/rigsight-audit \(AccessDenied/,
    );
    expect(r.err).toMatch(/level=info event=account.done account=100000000001 status=collected/);
    expect(r.err).toMatch(/level=error event=account.done account=100000000002 status=failed reason=/);
    expect(r.err).toMatch(/event=collect.done calls=\d+ errors=0 accounts=3 failed_accounts=1/);
    const verify = await run('evidence', 'verify', dir);
    expect(verify.code).toBe(0);
  });

  it('exits 3 with --strict when an account could not be collected', async () => {
    const r = await run('collect', ...live(), '--strict', '--quiet', '--out', join(tmp(), 'b'));
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err).toBe('');
  });

  it('collects only the named accounts and regions', async () => {
    const dir = join(tmp(), 'b');
    const r = await run(
      'collect',
      ...live(),
      '--accounts',
      '100000000001',
      '--regions',
      'eu-west-1',
      '--quiet',
      '--out',
      dir,
    );
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'aws')).sort()).toEqual(['100000000000', '100000000001']);
    expect(readdirSync(join(dir, 'aws', '100000000001')).sort()).toEqual(['eu-west-1', 'global']);
  });

  it('refuses to write into a folder that is not empty, and to run without working credentials', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const busy = await run('collect', ...live(), '--out', dir);
    expect(busy.code).toBe(2);
    expect(busy.err).toMatch(/is not empty/);
    process.env.AWS_ACCESS_KEY_ID = 'AKIAUNKNOWNKEY000000';
    const denied = await run('collect', ...live(), '--out', join(tmp(), 'b'));
    expect(denied.code).toBe(2);
    expect(denied.err).toMatch(/cannot call AWS with the configured credentials \(InvalidClientTokenId/);
  });

  it('rejects a cloud no adapter can collect from, naming the ones that can', async () => {
    const r = await run('collect', '--provider', 'oracle', '--out', join(tmp(), 'b'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Allowed choices are aws/);
  });
});

describe('rigsight audit --provider aws', () => {
  it('collects, assesses and reports in one go, showing the unreachable account as not collected', async () => {
    const dir = tmp();
    const r = await run(
      'audit',
      ...live(),
      '--regions',
      'eu-west-1',
      '--now',
      '2026-11-27T00:00:00Z',
      '--out',
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/collected 2 of 3 account/);
    const bundles = readdirSync(dir).filter((n) => n.startsWith('bundle-'));
    expect(bundles).toHaveLength(1);
    const doc = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as FindingsDocument;
    expect(doc.inputs.manifest).toMatchObject({ present: true, verified: true });
    expect(doc.scopes.map((s) => s.id)).toEqual(['100000000000', '100000000001', '100000000002']);
    expect(doc.findings.filter((f) => f.scope === '100000000001').length).toBeGreaterThan(10);
    expect(readdirSync(dir)).toContain('report.html');
  });
});

describe('rigsight permissions --provider aws', () => {
  it('prints the committed least-privilege policy (npm run generate rewrites policies/aws-permissions.json)', async () => {
    const r = await run('permissions', '--provider', 'aws');
    expect(r.code).toBe(0);
    expect(`${r.out}\n`).toBe(readFileSync(join(packageRoot, 'policies', 'aws-permissions.json'), 'utf8'));
  });

  it("adds the caller's right to assume the audit role for organization scans", async () => {
    const r = await run('permissions', '--provider', 'aws', '--org-role', 'rigsight-audit');
    const policy = JSON.parse(r.out) as { Statement: { Action: unknown; Resource: string }[] };
    expect(policy.Statement[1]).toEqual({
      Sid: 'RigsightAssumeAuditRole',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::*:role/rigsight-audit',
    });
  });
});
