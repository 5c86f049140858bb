import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../../../src/assess/assess.js';
import type { Finding } from '../../../../src/model/finding.js';
import { demoDir } from '../../../../src/package-info.js';
import { loadPolicy } from '../../../../src/policy/load.js';
import { estateFromBundle } from '../../../fakes/aws/estate.js';
import { collectFrom, startFake } from '../../../fakes/aws/harness.js';
import type { FakeAws } from '../../../fakes/aws/server.js';

const now = new Date('2026-11-27T00:00:00Z');
/** Everything a reader of a finding sees except where its evidence sits (hashes, collection times). */
const view = (f: Finding) => ({
  id: f.id,
  control: f.control,
  scope: f.scope,
  region: f.region,
  resource: f.resource,
  status: f.status,
  severity: f.severity,
  reason: f.reason,
  // The live bundle also cites DescribeRegions (the hand-made one has none); every other file is the same.
  files: f.evidence
    .map((e) => e.file)
    .filter((file) => !file.endsWith('/ec2/DescribeRegions.json'))
    .sort(),
});
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
/** Evidence citations without their hashes and collection times (the live files are written anew). */
const uncited = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (k, v) => (k === 'sha256' || k === 'collectedAt' ? undefined : v));

describe('collect → assess over the demo estate served by the fake AWS', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    // The hand-made two-account bundle is the estate; the member account trusts the management account's role.
    const estate = estateFromBundle(join(demoDir, 'bundle')).allowRole(['444455556666'], 'rigsight-audit');
    fake = await startFake(estate, { account: '111122223333' });
  });
  afterAll(() => fake.stop());

  it('gives the same findings, creators and score as assessing the hand-made bundle', async () => {
    const { out, summary } = await collectFrom(fake, { orgRole: 'rigsight-audit' });
    expect(summary.scopes.map((s) => s.id)).toEqual(['111122223333', '444455556666']);
    const policy = loadPolicy(join(demoDir, 'policy.yaml'));
    const whole = (await assess({ evidence: join(demoDir, 'bundle'), policy, now })).document;
    // The demo bundle holds other clouds too; the fake AWS serves only its AWS accounts.
    const aws = <T extends { provider: string }>(items: T[]) => items.filter((x) => x.provider === 'aws');
    const handMade = {
      findings: aws(whole.findings),
      creators: aws(whole.creators),
      scopes: aws(whole.scopes),
    };
    const collected = (await assess({ evidence: out, policy, now })).document;

    expect(collected.inputs.manifest.verified).toBe(true);
    expect(collected.findings.length).toBeGreaterThan(20);
    expect(collected.findings.map(view).sort(byId)).toEqual(handMade.findings.map(view).sort(byId));
    expect(uncited(collected.creators)).toEqual(uncited(handMade.creators));
    expect(collected.scopes.map((s) => s.score)).toEqual(handMade.scopes.map((s) => s.score));
    expect(collected.scopes.map((s) => [s.id, s.name])).toEqual(handMade.scopes.map((s) => [s.id, s.name]));
    // The live bundle knows each account's enabled regions (DescribeRegions); the hand-made one does not.
    expect(handMade.scopes[0]?.reason).toMatch(/DescribeRegions was not collected/);
    expect(collected.scopes.map((s) => s.reason ?? '').join(' ')).not.toMatch(/DescribeRegions/);
  });
});
