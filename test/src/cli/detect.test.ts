import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FindingsDocument, findingsDocumentSchema } from '../../../src/model/findings-document.js';
import { runCli } from '../../helpers/cli.js';

const run = runCli;
const tmp = () => mkdtempSync(join(tmpdir(), 'rigsight-detect-cli-'));
const base = 'test/fixtures/telemetry/scenarios';
const args = (out: string) => [
  'detect',
  '--telemetry',
  `${base}/aws/telemetry`,
  '--policy',
  `${base}/aws-policy.yaml`,
  '--now',
  '2026-11-21T00:00:00Z',
  '--workers',
  '1',
  '--out',
  out,
];

describe('rigsight detect', () => {
  it('writes findings.json with detections, coverage and what was read; the same input gives the same bytes', async () => {
    const a = tmp();
    const b = tmp();
    const first = await run(...args(a));
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/Detections: 4 \(1 need attention\)/);
    await run(...args(b));
    expect(readFileSync(join(a, 'findings.json'), 'utf8')).toBe(
      readFileSync(join(b, 'findings.json'), 'utf8'),
    );
    const doc = findingsDocumentSchema.parse(
      JSON.parse(readFileSync(join(a, 'findings.json'), 'utf8')),
    ) as FindingsDocument;
    expect(doc.detections[0]).toMatchObject({
      verdict: 'confirmed-mining',
      instance: { id: 'i-0a11ce000000000a1' },
    });
    expect(doc.coverage.some((c) => c.blind)).toBe(true);
    expect(doc.inputs).toMatchObject({
      telemetry: `${base}/aws/telemetry`,
      filesRead: 5,
      telemetryRecords: { duplicates: 0, outOfOrder: 0 },
    });
    expect(doc.scopes.map((s) => s.id)).toEqual(['111122223333']);
  });

  it('exits 1 with --fail-on-detection when a detection needs attention', async () => {
    expect((await run(...args(tmp()), '--fail-on-detection')).code).toBe(1);
  });

  it('exits 2 when the telemetry folder does not exist', async () => {
    const r = await run('detect', '--telemetry', join(tmp(), 'nope'), '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read the telemetry folder \(ENOENT\)/);
  });

  it('finds the miner of the demo estate with the inventory of its bundle, and names where it is blind', async () => {
    const out = tmp();
    const r = await run(
      'detect',
      '--telemetry',
      'demo/telemetry',
      '--evidence',
      'demo/bundle',
      '--policy',
      'demo/policy.yaml',
      '--now',
      '2026-11-27T00:00:00Z',
      '--workers',
      '2',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
    // The demo's Azure subscription and GCP project have their own (test/demo/).
    const aws = doc.detections.filter((d) => d.provider === 'aws');
    expect(aws.map((d) => [d.instance.id, d.verdict])).toEqual([
      ['i-0a11000000000a003', 'confirmed-mining'],
      ['i-0a11000000000a002', 'benign-explained'],
    ]);
    expect(aws[0]).toMatchObject({
      createdBy: 'arn:aws:iam::444455556666:user/ci-bot',
      destinations: ['107.191.47.239:3333', '203.0.113.77:443', 'pool.supportxmr.com'],
    });
    expect(aws[0]?.explanation).toMatch(/GuardDuty CryptoCurrency:EC2\/BitcoinTool\.B!DNS/);
    const blind = doc.coverage.filter((c) => c.blind).map((c) => `${c.resource} ${c.leg}`);
    expect(blind).toEqual(
      expect.arrayContaining([
        'i-0b22000000000b001 network',
        'i-0c33000000000c001 network',
        'i-0a11000000000a001 creation',
      ]),
    );
    expect(
      doc.coverage.find((c) => c.resource === 'i-0b22000000000b001' && c.leg === 'network')?.why,
    ).toMatch(/only rejected traffic/);
    expect(doc.inputs.manifest.verified).toBe(true);
  });

  it('audit --demo --telemetry keeps the posture findings and adds the detections', async () => {
    const out = tmp();
    const r = await run(
      'audit',
      '--demo',
      '--telemetry',
      'demo/telemetry',
      '--now',
      '2026-11-27T00:00:00Z',
      '--out',
      out,
      '--fail-on-detection',
    );
    expect(r.code).toBe(1);
    const doc = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsDocument;
    expect(doc.findings.length).toBeGreaterThan(10);
    expect(doc.detections[0]?.verdict).toBe('confirmed-mining');
  });
});
