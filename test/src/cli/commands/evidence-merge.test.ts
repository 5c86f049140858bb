import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'tar';
import { describe, expect, it } from 'vitest';
import { scopesOfShard } from '../../../../src/collect/shard.js';
import type { Manifest } from '../../../../src/evidence/manifest.js';
import { BundleWriter } from '../../../../src/evidence/writer.js';
import type { FindingsDocument } from '../../../../src/model/findings-document.js';
import { runCli, tempDir } from '../../../helpers/cli.js';

const accounts = Array.from({ length: 12 }, (_, i) => String(200000000000 + i));
const management = accounts[0] as string;
const record = (operation: string, at: string) => ({
  service: operation === 'ListAccounts' ? 'organizations' : 'sts',
  operation,
  region: 'global',
  parameters: {},
  collectedAt: at,
  outcome: 'ok' as const,
});

interface ShardSpec {
  index: number;
  count: number;
  origin?: string;
  at?: string;
  /** Scopes to collect instead of the shard's own (to make two shards overlap). */
  scopes?: string[];
  /** Changes the organization listing this shard read. */
  listing?: string;
}

/** A small shard bundle as `collect --shard` writes it: the organization's listing, and its accounts' identity. */
function shard(spec: ShardSpec, root = tempDir('rigsight-merge-')): string {
  const at = spec.at ?? '2026-11-26T10:00:00.000Z';
  const dir = join(root, `shard-${spec.index}-of-${spec.count}`);
  const writer = new BundleWriter(dir, () => new Date(at));
  writer.setShard({
    index: spec.index,
    count: spec.count,
    provider: 'aws',
    origin: spec.origin ?? 'aws organization o-example',
    scopes: accounts,
  });
  writer.writeJson(
    `aws/${management}/global/organizations/ListAccounts.json`,
    { Accounts: accounts.map((Id) => ({ Id, Status: 'ACTIVE', Name: spec.listing ?? `acct-${Id}` })) },
    record('ListAccounts', at),
  );
  for (const account of spec.scopes ?? scopesOfShard(accounts, spec)) {
    writer.writeJson(
      `aws/${account}/global/sts/GetCallerIdentity.json`,
      {
        Account: account,
        Arn: `arn:aws:sts::${account}:assumed-role/audit/rigsight`,
        UserId: 'AROA:rigsight',
      },
      record('GetCallerIdentity', at),
    );
    writer.addScope({
      provider: 'aws',
      id: account,
      caller: `arn:aws:sts::${account}:assumed-role/audit/rigsight`,
    });
  }
  writer.finish();
  return dir;
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const merge = (...args: string[]) => runCli('evidence', 'merge', ...args);

describe('rigsight evidence merge', () => {
  it('joins complete shards into a bundle that verifies, with every scope once', async () => {
    const root = tempDir();
    const inputs = [1, 2, 3].map((index) => shard({ index, count: 3 }, root));
    const out = join(root, 'merged');
    const r = await merge(...inputs, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /merged 3 bundle\(s\) into .*: 13 files \(1 identical in several inputs, kept once\), 12 scope\(s\)/,
    );
    expect(manifestOf(out).scopes.map((s) => s.id)).toEqual(accounts);
    const verify = await runCli('evidence', 'verify', out);
    expect(verify.out).toMatch(/^verified {2}13 files match manifest.json/);
  });

  it('merges a merge with the remaining shards, with nothing named missing', async () => {
    const root = tempDir();
    const [s1, s2, s3] = [1, 2, 3].map((index) => shard({ index, count: 3 }, root)) as [
      string,
      string,
      string,
    ];
    const first = join(root, 'first');
    expect((await merge(s1, s2, '--out', first)).out).toContain('shard 3/3 missing');
    const out = join(root, 'all');
    const r = await merge(first, s3, '--out', out);
    expect(r.err).toBe('');
    expect(r.out).not.toContain('missing');
    expect(manifestOf(out).scopes.map((s) => [s.id, s.status])).toEqual(accounts.map((a) => [a, undefined]));
    expect((await runCli('evidence', 'verify', out)).code).toBe(0);
  });

  it('names a missing shard, lists its accounts as not collected, and assess reports them unassessed', async () => {
    const root = tempDir();
    const inputs = [1, 2, 4].map((index) => shard({ index, count: 4 }, root));
    const absent = scopesOfShard(accounts, { index: 3, count: 4 });
    expect(absent.length).toBeGreaterThan(0);
    const out = join(root, 'merged');
    const r = await merge(...inputs, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `shard 3/4 missing: ${absent.length} account${absent.length === 1 ? '' : 's'} expected, not collected (aws organization o-example)`,
    );
    const m = manifestOf(out);
    expect(m.merged?.missingShards).toEqual([
      { provider: 'aws', origin: 'aws organization o-example', index: 3, count: 4, scopes: absent },
    ]);
    for (const id of absent)
      expect(m.scopes.find((s) => s.id === id)).toMatchObject({
        status: 'failed',
        reason: 'not collected: shard 3/4 is missing from the merge',
      });
    expect((await merge(...inputs, '--strict', '--quiet', '--out', join(root, 'strict'))).code).toBe(3);

    const report = join(root, 'report');
    const assessed = await runCli(
      'assess',
      '--evidence',
      out,
      '--format',
      'json',
      '--quiet',
      '--out',
      report,
    );
    expect(assessed.err).toBe('');
    const doc = JSON.parse(readFileSync(join(report, 'findings.json'), 'utf8')) as FindingsDocument;
    for (const id of absent) {
      expect(doc.scopes.find((s) => s.id === id)).toMatchObject({
        status: 'unassessed',
        reason: 'not collected: shard 3/4 is missing from the merge',
      });
      const theirs = doc.findings.filter((f) => f.scope === id);
      expect(theirs.length).toBeGreaterThan(0);
      expect(
        theirs.filter((f) => f.status !== 'unassessed').map((f) => `${f.control} ${f.status} ${f.reason}`),
      ).toEqual([]);
    }
  });

  it('refuses differing copies of a file path by path, or keeps the newest and records the discarded hash', async () => {
    const root = tempDir();
    const older = shard({ index: 1, count: 2, at: '2026-11-26T10:00:00.000Z' }, root);
    const newer = shard({ index: 2, count: 2, at: '2026-11-26T11:00:00.000Z', listing: 'renamed' }, root);
    const path = `aws/${management}/global/organizations/ListAccounts.json`;
    const refused = await merge(older, newer, '--out', join(root, 'refused'));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /nothing merged: 1 conflict\(s\); --on-conflict newest keeps the newest copy/,
    );
    expect(refused.err).toContain(`differing copies: ${path}: ${older} `);
    expect(refused.err).toContain(` vs ${newer} `);

    const out = join(root, 'newest');
    const kept = await merge(older, newer, '--on-conflict', 'newest', '--out', out);
    expect(kept.code).toBe(0);
    expect(kept.out).toContain(`; kept ${newer}`);
    const entry = manifestOf(out).files.find((f) => f.path === path);
    const discarded = manifestOf(older).files.find((f) => f.path === path);
    expect(entry?.source).toBe(1);
    expect(entry?.discarded).toEqual([
      { sha256: discarded?.sha256, bytes: discarded?.bytes, collectedAt: discarded?.collectedAt, source: 0 },
    ]);
    expect(readFileSync(join(out, path), 'utf8')).toContain('renamed');
    expect((await runCli('evidence', 'verify', out)).code).toBe(0);
  });

  it('names a scope collected by two shards, and a shard given twice', async () => {
    const root = tempDir();
    const a = shard({ index: 1, count: 2 }, root);
    const dupe = scopesOfShard(accounts, { index: 1, count: 2 })[0] as string;
    const b = shard(
      { index: 2, count: 2, scopes: [dupe, ...scopesOfShard(accounts, { index: 2, count: 2 })] },
      join(root, 'b'),
    );
    const r = await merge(a, b, '--out', join(root, 'out'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`scope collected twice: aws/${dupe}: ${a} (`);
    // Its files are identical in both: the scope entry alone is the conflict.
    expect(r.err).toMatch(/nothing merged: 1 conflict\(s\)/);
    const again = shard({ index: 1, count: 2, at: '2026-11-26T12:00:00.000Z' }, join(root, 'again'));
    const dup = await merge(a, again, '--out', join(root, 'dup'));
    expect(dup.code).toBe(2);
    expect(dup.err).toMatch(/scope collected twice: aws\/\d{12}/);
    const settled = await merge(a, again, '--on-conflict', 'newest', '--out', join(root, 'dup-newest'));
    expect(settled.code).toBe(0);
    expect(settled.out).toMatch(/note: shard 1\/2 of aws organization o-example is given 2 times/);
    expect(settled.out).toContain('shard 2/2 missing');
  });

  it('refuses shards cut in different counts, and shards of different organizations', async () => {
    const root = tempDir();
    const mixed = await merge(
      shard({ index: 1, count: 4 }, root),
      shard({ index: 2, count: 3 }, root),
      '--out',
      join(root, 'mixed'),
    );
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(
      /shards of aws organization o-example were cut in different counts \(.* is 1\/4, .* is 2\/3\)/,
    );
    const orgs = await merge(
      shard({ index: 1, count: 2 }, join(root, 'a')),
      shard({ index: 2, count: 2, origin: 'aws organization o-other' }, join(root, 'b')),
      '--out',
      join(root, 'orgs'),
    );
    expect(orgs.code).toBe(2);
    expect(orgs.err).toContain(
      'shards of different organizations (aws): aws organization o-example, aws organization o-other',
    );
  });

  it('refuses an input that does not match its manifest, naming bundle and file, unless --allow-unverified', async () => {
    const root = tempDir();
    const good = shard({ index: 1, count: 2 }, root);
    const bad = shard({ index: 2, count: 2 }, root);
    const file = manifestOf(bad).files.find((f) => f.path.includes('GetCallerIdentity'))?.path as string;
    appendFileSync(join(bad, file), ' ');
    writeFileSync(join(bad, 'stray.json'), '{}');
    const r = await merge(good, bad, '--out', join(root, 'out'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nothing merged: 2 problem\(s\); --allow-unverified merges unverified inputs/);
    expect(r.err).toContain(`${bad}: modified ${file} (manifest `);
    expect(r.err).toContain(`${bad}: extra stray.json (not in its manifest)`);
    // Found while copying: what was written is taken back, so a refused merge leaves nothing.
    expect(readdirSync(join(root, 'out'))).toEqual([]);
    const allowed = await merge(good, bad, '--allow-unverified', '--out', join(root, 'allowed'));
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain(`unverified: ${bad}: modified ${file}`);
  });

  it('never reads or writes outside the folders for a manifest path that climbs out', async () => {
    const root = tempDir();
    const one = shard({ index: 1, count: 1 }, root);
    const m = manifestOf(one);
    const first = m.files[0] as Manifest['files'][number];
    writeFileSync(join(root, 'secret.json'), '{}');
    m.files.push({ ...first, path: '../secret.json' }, { ...first, path: '../../escaped.json' });
    writeFileSync(join(one, 'manifest.json'), JSON.stringify(m));
    const out = join(root, 'deep', 'out');
    const r = await merge(one, '--allow-unverified', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`unverified: ${one}: missing ../secret.json`);
    expect(readdirSync(join(root, 'deep'))).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(['aws', 'manifest.json']);
  });

  it('takes .tar.gz inputs, and writes only into a new or empty folder', async () => {
    const root = tempDir();
    const one = shard({ index: 1, count: 2 }, root);
    shard({ index: 2, count: 2 }, root);
    const archive = join(root, 'shard-2.tar.gz');
    await create({ gzip: true, file: archive, cwd: root }, ['shard-2-of-2']);
    const out = join(root, 'merged');
    const r = await merge(one, archive, '--out', out);
    expect(r.err).toBe('');
    expect(manifestOf(out).merged?.inputs.map((i) => i.bundle)).toEqual([one, archive]);
    expect(manifestOf(out).scopes).toHaveLength(accounts.length);
    expect((await runCli('evidence', 'verify', out)).code).toBe(0);
    // As the recipes pack a bundle: `tar -czf shard.tar.gz -C bundle .` (members named ./manifest.json, …).
    const dotted = join(root, 'dotted.tar.gz');
    execFileSync('tar', ['-czf', dotted, '-C', join(root, 'shard-2-of-2'), '.']);
    const again = await merge(one, dotted, '--out', join(root, 'merged-dotted'));
    expect(again.err).toBe('');
    expect(manifestOf(join(root, 'merged-dotted')).scopes).toHaveLength(accounts.length);
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'x');
    const refused = await merge(one, archive, '--out', busy);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/is not empty/);
  });
});
