import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../../../src/model/findings-document.js';
import { demoDir } from '../../../src/package-info.js';
import { runCli } from '../../helpers/cli.js';

const run = runCli;
const tmp = () => mkdtempSync(join(tmpdir(), 'rigsight-cli-'));
const NOW = '2026-11-27T00:00:00Z';
const demoBundle = join(demoDir, 'bundle');
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('rigsight audit --demo', () => {
  it('assesses the demo estate with its policy and writes byte-identical reports for a fixed --now', async () => {
    const a = tmp();
    const b = tmp();
    const first = await run('audit', '--demo', '--now', NOW, '--out', a);
    const second = await run('audit', '--demo', '--now', NOW, '--out', b);
    expect(first.code).toBe(0);
    // The active incidents lead, then the grade.
    expect(first.out).toMatch(/^ACTIVE CONFIRMED-MINING on \S+ .*\n {2}→ Contain it: /);
    expect(first.out).toMatch(/\nGrade [A-F] \(\d+\/100\) across 4 scopes/);
    expect(second.code).toBe(0);
    for (const name of ['findings.json', 'report.html', 'findings.csv'])
      expect(read(a, name)).toBe(read(b, name));
    const doc = JSON.parse(read(a, 'findings.json')) as FindingsDocument;
    expect(doc.generatedAt).toBe('2026-11-27T00:00:00.000Z');
    expect(doc.policy.source).toMatch(/demo\/policy\.yaml$/);
    expect(doc.inputs.manifest).toMatchObject({ present: true, verified: true });
    expect(doc.waivers.map((w) => w.state)).toEqual(['active', 'expired']);
    expect(doc.findings.some((f) => f.status === 'waived')).toBe(true);
    expect(doc.scopes.map((s) => s.name)).toEqual([
      'acme-management',
      'acme-workloads',
      'acme-azure-prod',
      'acme-ml-production',
    ]);
  });
});

describe('exit codes', () => {
  it('1 when --fail-on is met', async () => {
    expect(
      (await run('assess', '--evidence', demoBundle, '--now', NOW, '--out', tmp(), '--fail-on', 'high')).code,
    ).toBe(1);
  });

  it('0 when --fail-on is not met', async () => {
    const policy = join(tmp(), 'p.yaml');
    writeFileSync(
      policy,
      'controls:\n' +
        [
          'audit-retention',
          'flow-logging',
          'flow-retention',
          'metric-logging',
          'dns-logging',
          'creation-guardrails',
          'egress-restriction',
          'threat-detection',
          'ownership-tagging',
        ]
          .map((c) => `  ${c}: {enabled: false}\n`)
          .join(''),
    );
    expect(
      (
        await run(
          'assess',
          '--evidence',
          demoBundle,
          '--policy',
          policy,
          '--now',
          NOW,
          '--out',
          tmp(),
          '--fail-on',
          'critical',
        )
      ).code,
    ).toBe(0);
  });

  it('3 with --strict when something is unassessed', async () => {
    expect((await run('audit', '--demo', '--now', NOW, '--out', tmp(), '--strict')).code).toBe(3);
  });

  it('2 for a usage error, naming the problem', async () => {
    const r = await run('assess', '--evidence', demoBundle, '--out', tmp(), '--format', 'pdfx');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown format pdfx/);
  });

  it('2 for a policy with a typo, with file:line:column', async () => {
    const policy = join(tmp(), 'p.yaml');
    writeFileSync(policy, 'retention:\n  auditDayz: 30\n');
    const r = await run('assess', '--evidence', demoBundle, '--policy', policy, '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${policy}:2:3: unknown key "auditDayz" in retention`);
  });

  it('2 for a bundle that does not exist', async () => {
    const r = await run('assess', '--evidence', '/nonexistent/bundle', '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/nonexistent\/bundle: cannot open the evidence bundle \(ENOENT\)/);
  });
});

describe('manifest verification', () => {
  function tampered(): string {
    const copy = join(tmp(), 'bundle');
    cpSync(demoBundle, copy, { recursive: true });
    const file = join(copy, 'aws/444455556666/us-east-1/ec2/DescribeFlowLogs.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"ALL"', '"REJECT"'));
    return copy;
  }

  it('evidence verify names the modified file and exits 1; the untouched demo verifies', async () => {
    expect((await run('evidence', 'verify', demoBundle)).code).toBe(0);
    const r = await run('evidence', 'verify', tampered());
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/modified {2}aws\/444455556666\/us-east-1\/ec2\/DescribeFlowLogs\.json/);
  });

  it('assess refuses a bundle that does not verify unless --allow-unverified', async () => {
    const bundle = tampered();
    const refused = await run('assess', '--evidence', bundle, '--out', tmp());
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/does not match its manifest/);
    const out = tmp();
    expect(
      (await run('assess', '--evidence', bundle, '--out', out, '--allow-unverified', '--now', NOW)).code,
    ).toBe(0);
    const doc = JSON.parse(read(out, 'findings.json')) as FindingsDocument;
    expect(doc.inputs.manifest).toMatchObject({
      present: true,
      verified: false,
      problems: ['modified: aws/444455556666/us-east-1/ec2/DescribeFlowLogs.json'],
    });
  });
});

describe('policy and report commands', () => {
  it('policy validate reports each problem and exits 2; a valid file exits 0', async () => {
    const bad = join(tmp(), 'bad.yaml');
    writeFileSync(bad, 'tags:\n  required: owner\n');
    const r = await run('policy', 'validate', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml:2:13: tags\.required/);
    expect((await run('policy', 'validate', join(demoDir, 'policy.yaml'))).code).toBe(0);
  });

  it('report --in re-renders the same report from findings.json alone', async () => {
    const a = tmp();
    await run('audit', '--demo', '--now', NOW, '--out', a);
    const b = tmp();
    expect((await run('report', '--in', join(a, 'findings.json'), '--out', b)).code).toBe(0);
    expect(read(b, 'report.html')).toBe(read(a, 'report.html'));
    expect(read(b, 'findings.csv')).toBe(read(a, 'findings.csv'));
  });

  it('report --in rejects a file that is not a findings.json, with position', async () => {
    const file = join(tmp(), 'x.json');
    writeFileSync(file, '{"schemaVersion": 1,\n');
    const r = await run('report', '--in', file, '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/x\.json:2:1: invalid JSON/);
  });
});

describe('bundles as .tar.gz', () => {
  it('assesses a .tar.gz exactly like the folder it was made from', async () => {
    const { execFileSync } = await import('node:child_process');
    const archive = join(tmp(), 'bundle.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', demoBundle, '.']);
    const fromDir = tmp();
    const fromTar = tmp();
    await run('audit', '--demo', '--now', NOW, '--out', fromDir);
    expect(
      (
        await run(
          'audit',
          '--evidence',
          archive,
          '--policy',
          join(demoDir, 'policy.yaml'),
          '--now',
          NOW,
          '--out',
          fromTar,
        )
      ).code,
    ).toBe(0);
    const a = JSON.parse(read(fromDir, 'findings.json')) as FindingsDocument;
    const b = JSON.parse(read(fromTar, 'findings.json')) as FindingsDocument;
    expect(b.findings).toEqual(a.findings);
    expect(b.inputs.manifest.verified).toBe(true);
  });

  it('names a truncated archive; with --allow-unverified the complete files are still assessed', async () => {
    const { execFileSync } = await import('node:child_process');
    const archive = join(tmp(), 'bundle.tgz');
    execFileSync('tar', ['czf', archive, '-C', demoBundle, '.']);
    const bytes = readFileSync(archive);
    writeFileSync(archive, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const refused = await run('assess', '--evidence', archive, '--now', NOW, '--out', tmp());
    expect(refused.code).toBe(2);
    const out = tmp();
    const r = await run('assess', '--evidence', archive, '--now', NOW, '--out', out, '--allow-unverified');
    expect(r.code).toBe(0);
    const doc = JSON.parse(read(out, 'findings.json')) as FindingsDocument;
    expect(doc.inputs.unreadable[0]).toMatchObject({
      file: archive,
      reason: expect.stringMatching(/damaged or truncated/),
    });
    expect(doc.findings.length).toBeGreaterThan(0);
  });
});
