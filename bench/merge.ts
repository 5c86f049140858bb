/**
 * `evidence merge` at organization scale: 50 shard bundles of 200 AWS accounts each (BENCH_SHARDS,
 * BENCH_ACCOUNTS_PER_SHARD), each account holding the files the real AWS collector writes for one account of the
 * fake organization in BENCH_REGIONS regions (default 2), renamed per account and written with the real
 * BundleWriter; every shard also holds the organization's files (its 10,000-account listing included), as
 * `collect --shard` writes them. The baseline, measured in the same run on the same files, is the least any
 * verified merge must do: read and sha256 every input file and copy every distinct path once, with Node's fs at the
 * same concurrency.
 *
 *   npm run bench:merge        (target: < 30 s)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pLimit from 'p-limit';
import { collectAws } from '../providers/aws/collect/index.js';
import { shardOf } from '../src/collect/shard.js';
import type { Manifest, ManifestFile } from '../src/evidence/manifest.js';
import { mergeBundles } from '../src/evidence/merge.js';
import { BundleWriter } from '../src/evidence/writer.js';
import { callerKey, startFake } from '../test/fakes/aws/harness.js';
import { SyntheticEstate } from '../test/fakes/aws/synthetic.js';
import { regions } from './bench-setup.js';

const SHARDS = Number(process.env.BENCH_SHARDS ?? 50);
const PER_SHARD = Number(process.env.BENCH_ACCOUNTS_PER_SHARD ?? 200);
const REGIONS = Number(process.env.BENCH_REGIONS ?? 2);
const TARGET_MS = 30_000;
const work = mkdtempSync(join(tmpdir(), 'rigsight-bench-merge-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface TemplateFile {
  path: string;
  text: string;
  entry: ManifestFile;
}

/** One member account and the organization's files, as the real collector writes them from the fake. */
async function template(): Promise<{
  member: string;
  management: string;
  account: TemplateFile[];
  org: TemplateFile[];
}> {
  const estate = new SyntheticEstate({
    accounts: 2,
    regions: regions.slice(0, REGIONS),
    perList: 3,
    orgRole: 'rigsight-audit',
  });
  const fake = await startFake(estate, { account: estate.management }, { reportPolls: 0 });
  const out = join(work, 'template');
  try {
    await collectAws({
      out,
      endpoint: fake.url,
      credentials: async () => ({ ...callerKey }),
      orgRole: 'rigsight-audit',
      retryDelayMs: 0,
      pollDelayMs: 0,
    });
  } finally {
    await fake.stop();
  }
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
  const read = (entry: ManifestFile): TemplateFile => ({
    path: entry.path,
    text: entry.outcome === 'skipped' ? '' : readFileSync(join(out, entry.path), 'utf8'),
    entry,
  });
  const member = estate.ids[1] as string;
  return {
    member,
    management: estate.management,
    account: manifest.files.filter((f) => f.path.startsWith(`aws/${member}/`)).map(read),
    org: manifest.files
      .filter((f) => f.path.startsWith(`aws/${estate.management}/global/organizations/`))
      .map(read),
  };
}

/** Writes one file of the template for `account` through the BundleWriter (the collector's own writer). */
async function writeAs(
  writer: BundleWriter,
  file: TemplateFile,
  from: string,
  account: string,
): Promise<void> {
  const swap = (s: string) => (from === account ? s : s.replaceAll(from, account));
  const { path: _p, sha256: _s, bytes: _b, ...record } = file.entry;
  const recordFor = JSON.parse(swap(JSON.stringify(record))) as typeof record;
  if (file.entry.outcome === 'skipped') {
    const { outcome: _o, ...rest } = recordFor;
    writer.skip(swap(file.path), rest);
    return;
  }
  await writer.writeJsonAsync(swap(file.path), JSON.parse(swap(file.text)), recordFor);
}

async function synthesize(): Promise<{ inputs: string[]; files: number; bytes: number; accounts: number }> {
  const t = await template();
  const total = SHARDS * PER_SHARD;
  const ids = Array.from({ length: total }, (_, i) => String(300000000000 + i));
  const byShard = new Map<number, string[]>();
  for (const id of ids) byShard.set(shardOf(id, SHARDS), [...(byShard.get(shardOf(id, SHARDS)) ?? []), id]);
  const limit = pLimit(32);
  const inputs: string[] = [];
  let files = 0;
  let bytes = 0;
  const clock = () => new Date('2026-12-08T03:00:00.000Z');
  for (let index = 1; index <= SHARDS; index++) {
    const dir = join(work, 'shards', `shard-${index}`);
    const writer = new BundleWriter(dir, clock);
    writer.setShard({
      index,
      count: SHARDS,
      provider: 'aws',
      origin: 'aws organization o-bench',
      scopes: ids,
    });
    const writes: Promise<void>[] = [];
    for (const file of t.org) {
      if (file.path.endsWith('/ListAccounts.json')) {
        const listing = {
          Accounts: ids.map((Id) => ({ Id, Name: `account-${Id}`, Status: 'ACTIVE', State: 'ACTIVE' })),
        };
        const { path: _p, sha256: _s, bytes: _b, ...record } = file.entry;
        writes.push(limit(() => writer.writeJsonAsync(file.path, listing, record).then(() => {})));
      } else writes.push(limit(() => writeAs(writer, file, t.management, t.management)));
    }
    for (const account of byShard.get(index) ?? []) {
      for (const file of t.account) writes.push(limit(() => writeAs(writer, file, t.member, account)));
      writer.addScope({
        provider: 'aws',
        id: account,
        caller: `arn:aws:sts::${account}:assumed-role/rigsight-audit/rigsight`,
        status: 'collected',
      });
    }
    await Promise.all(writes);
    const manifest = writer.finish();
    for (const f of manifest.files)
      if (f.outcome !== 'skipped') {
        files++;
        bytes += f.bytes;
      }
    inputs.push(dir);
  }
  return { inputs, files, bytes, accounts: total };
}

/** The floor: read and hash every input file, copy each distinct path once. */
async function baseline(inputs: string[], out: string): Promise<number> {
  const limit = pLimit(64);
  const folders = new Map<string, Promise<unknown>>();
  const copied = new Set<string>();
  const started = performance.now();
  for (const input of inputs) {
    const manifest = JSON.parse(readFileSync(join(input, 'manifest.json'), 'utf8')) as Manifest;
    await Promise.all(
      manifest.files
        .filter((f) => f.outcome !== 'skipped')
        .map((f) =>
          limit(async () => {
            const from = join(input, f.path);
            createHash('sha256')
              .update(await readFile(from))
              .digest('hex');
            if (copied.has(f.path)) return;
            copied.add(f.path);
            const to = join(out, f.path);
            let made = folders.get(dirname(to));
            if (!made) {
              made = mkdir(dirname(to), { recursive: true });
              folders.set(dirname(to), made);
            }
            await made;
            await copyFile(from, to);
          }),
        ),
    );
  }
  return performance.now() - started;
}

try {
  console.log(
    `merge bench: ${SHARDS} shards × ${PER_SHARD} AWS accounts (about; rendezvous hashing decides), ${REGIONS} region(s) per account`,
  );
  const t0 = performance.now();
  const { inputs, files, bytes, accounts } = await synthesize();
  console.log(
    `  synthesized ${accounts} accounts: ${files} files, ${(bytes / 1e6).toFixed(0)} MB in ${inputs.length} bundles (${seconds(performance.now() - t0)})`,
  );
  const baseMs = await baseline(inputs, join(work, 'baseline'));
  console.log(`  baseline (read + sha256 every file, copy each distinct path once): ${seconds(baseMs)}`);
  const started = performance.now();
  const result = await mergeBundles({
    inputs,
    out: join(work, 'merged'),
    onConflict: 'refuse',
    allowUnverified: false,
  });
  const mergeMs = performance.now() - started;
  if (result.refused)
    throw new Error(
      `merge refused: ${[...result.problems, ...result.conflicts.map((c) => c.path)].slice(0, 5).join('; ')}`,
    );
  console.log(
    `  rigsight evidence merge (verify every input, join, write the manifest): ${seconds(mergeMs)}; ${result.copied} files, ${result.manifest.scopes.length} scopes, ${result.plan.files.filter((f) => f.alsoIn?.length).length} paths kept once from ${inputs.length} copies`,
  );
  console.log(`  ratio merge / baseline: ${(mergeMs / baseMs).toFixed(2)} ×`);
  console.log(
    `  target < ${seconds(TARGET_MS)}: ${mergeMs < TARGET_MS ? 'met' : 'MISSED'} (${seconds(mergeMs)}); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
} finally {
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
}
