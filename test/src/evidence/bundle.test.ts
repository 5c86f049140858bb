import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceBundle } from '../../../src/evidence/bundle.js';
import { verifyBundle } from '../../../src/evidence/verify.js';
import { BundleWriter } from '../../../src/evidence/writer.js';

const record = (operation: string) => ({
  service: 'ec2',
  operation,
  region: 'us-east-1',
  parameters: {},
  collectedAt: '2026-11-01T00:00:00.000Z',
  outcome: 'ok' as const,
});

function writeBundle(): string {
  const root = mkdtempSync(join(tmpdir(), 'rigsight-bundle-'));
  const writer = new BundleWriter(root, () => new Date('2026-11-01T00:00:00Z'));
  writer.writeJson('aws/111111111111/us-east-1/ec2/DescribeVpcs.json', { Vpcs: [] }, record('DescribeVpcs'));
  writer.writeJson(
    'aws/111111111111/us-east-1/ec2/DescribeSubnets.json',
    { Subnets: [] },
    record('DescribeSubnets'),
  );
  writer.addScope({ provider: 'aws', id: '111111111111', caller: 'arn:aws:iam::111111111111:role/audit' });
  writer.finish();
  return root;
}

describe('evidence bundle', () => {
  it('verifies a bundle exactly as written', async () => {
    const bundle = await EvidenceBundle.open(writeBundle());
    expect(verifyBundle(bundle)).toMatchObject({ ok: true, missing: [], extra: [], modified: [] });
    expect(bundle.ref('aws/111111111111/us-east-1/ec2/DescribeVpcs.json', 'x:y', '/Vpcs')).toMatchObject({
      api: 'ec2:DescribeVpcs',
      collectedAt: '2026-11-01T00:00:00.000Z',
      pointer: '/Vpcs',
    });
  });

  it('names every missing, extra and modified file', async () => {
    const root = writeBundle();
    rmSync(join(root, 'aws/111111111111/us-east-1/ec2/DescribeSubnets.json'));
    appendFileSync(join(root, 'aws/111111111111/us-east-1/ec2/DescribeVpcs.json'), ' ');
    writeFileSync(join(root, 'aws/111111111111/us-east-1/ec2/DescribeInstances.json'), '{}');
    const result = verifyBundle(await EvidenceBundle.open(root));
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual(['aws/111111111111/us-east-1/ec2/DescribeSubnets.json']);
    expect(result.extra).toEqual(['aws/111111111111/us-east-1/ec2/DescribeInstances.json']);
    expect(result.modified.map((m) => m.path)).toEqual(['aws/111111111111/us-east-1/ec2/DescribeVpcs.json']);
  });

  it('does not verify a hand-made bundle without a manifest, but still reads it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rigsight-bundle-'));
    execFileSync('mkdir', ['-p', join(root, 'aws/1/us-east-1/ec2')]);
    writeFileSync(join(root, 'aws/1/us-east-1/ec2/DescribeVpcs.json'), '{"Vpcs": []}');
    const bundle = await EvidenceBundle.open(root);
    expect(verifyBundle(bundle)).toMatchObject({ ok: false, manifestPresent: false });
    expect(bundle.readJson('aws/1/us-east-1/ec2/DescribeVpcs.json')).toEqual({
      ok: true,
      value: { Vpcs: [] },
    });
    expect(bundle.ref('aws/1/us-east-1/ec2/DescribeVpcs.json', 'ec2:DescribeVpcs').collectedAt).toBeNull();
  });

  it('reads and verifies a .tar.gz with a top folder', async () => {
    const root = writeBundle();
    const archive = join(mkdtempSync(join(tmpdir(), 'rigsight-tgz-')), 'bundle.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', join(root, '..'), root.split('/').pop() as string]);
    const bundle = await EvidenceBundle.open(archive);
    expect(bundle.kind).toBe('archive');
    expect(verifyBundle(bundle).ok).toBe(true);
  });

  it('keeps the complete files of a truncated .tar.gz and names the damage', async () => {
    const root = writeBundle();
    for (let i = 0; i < 20; i++) {
      writeFileSync(
        join(root, `aws/111111111111/us-east-1/filler-${i}.json`),
        JSON.stringify({
          n: Math.random(),
          pad: 'x'
            .repeat(50_000)
            .replace(/x/g, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))),
        }),
      );
    }
    const archive = join(mkdtempSync(join(tmpdir(), 'rigsight-tgz-')), 'bundle.tgz');
    execFileSync('tar', ['czf', archive, '-C', root, '.']);
    const bytes = readFileSync(archive);
    writeFileSync(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const bundle = await EvidenceBundle.open(archive);
    expect(bundle.problems[0]?.reason).toMatch(/damaged or truncated/);
    expect(bundle.problems[0]?.file).toBe(archive);
    expect(bundle.paths().length).toBeGreaterThan(0);
    expect(verifyBundle(bundle).ok).toBe(false);
  });

  it('reports malformed JSON with line and column, once', async () => {
    const root = writeBundle();
    const path = 'aws/111111111111/us-east-1/ec2/DescribeVpcs.json';
    writeFileSync(join(root, path), '{\n  "Vpcs": [\n    {"VpcId": "vpc-1",}\n  ]\n}');
    const bundle = await EvidenceBundle.open(root);
    const read = bundle.readJson(path);
    expect(read.ok).toBe(false);
    bundle.readJson(path);
    expect(bundle.problems).toEqual([
      { file: path, line: 3, column: 23, reason: expect.stringMatching(/invalid JSON/) },
    ]);
  });
});
