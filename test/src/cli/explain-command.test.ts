import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoDir } from '../../../src/package-info.js';
import { runCli } from '../../helpers/cli.js';

const run = runCli;
const evidence = join(demoDir, 'bundle');

describe('rigsight explain', () => {
  it('prints the decision, the statements that allowed, denied and bounded it, and the chain', async () => {
    const r = await run(
      'explain',
      '--evidence',
      evidence,
      '--provider',
      'aws',
      '--principal',
      'arn:aws:iam::444455556666:user/bob',
      '--action',
      'sagemaker:CreateNotebookInstance',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision   DENIED (nothing allows it)');
    expect(r.out).toContain(
      'no identity-based policy allows sagemaker:CreateNotebookInstance on notebook-instance',
    );
    expect(r.out).toContain('Deny  SCP p-dr7x2k9q (deny-unapproved-regions) · DenyOutsideApprovedRegions');
    expect(r.out).toContain('the grant holds only in us-east-1 and eu-west-1 (an SCP denies the rest)');
    expect(r.out).toContain('Path       chain: it can become a principal that holds the action');
    expect(r.out).toContain(
      'Through a chain: ALLOWED ONLY UNDER CONDITIONS as arn:aws:iam::444455556666:role/data-science',
    );
    expect(r.out).toContain(
      'Allow inline:notebooks on arn:aws:iam::444455556666:role/data-science · Notebooks',
    );
  });

  it('answers in JSON with --json', async () => {
    const r = await run(
      'explain',
      '--evidence',
      evidence,
      '--provider',
      'aws',
      '--principal',
      'arn:aws:iam::444455556666:user/ci-bot',
      '--action',
      'ec2:RunInstances',
      '--json',
    );
    const parsed = JSON.parse(r.out) as {
      path: string;
      direct: { verdict: string; allows: { ref: { statement: string } }[] };
    };
    expect(parsed.path).toBe('direct');
    expect(parsed.direct.verdict).toBe('conditional');
    expect(parsed.direct.allows.map((a) => a.ref.statement)).toEqual(['BuildBoxes']);
  });

  it('exits 2 for a principal that is not in the bundle', async () => {
    const r = await run(
      'explain',
      '--evidence',
      evidence,
      '--provider',
      'aws',
      '--principal',
      'arn:aws:iam::444455556666:user/nobody',
      '--action',
      'ec2:RunInstances',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /is not a user, role or root user of the accounts in the bundle \(111122223333, 444455556666\)/,
    );
  });

  it('exits 2 without the required options', async () => {
    expect((await run('explain', '--evidence', evidence)).code).toBe(2);
  });
});
