import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { toolVersion } from '../package-info.js';
import { EvidenceBundle } from './bundle.js';
import { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, type Manifest, type ManifestFile } from './manifest.js';
import {
  type MergeConflict,
  type MergePlan,
  type OnConflict,
  type PlanInput,
  planMerge,
} from './merge-plan.js';
import { type Verification, verifyBundle } from './verify.js';

export interface MergeOptions {
  /** Bundle folders or `.tar.gz` files, in the order given. */
  inputs: readonly string[];
  /** A new or empty folder (checked by the caller). */
  out: string;
  onConflict: OnConflict;
  /** Merge inputs that do not match their manifests (their problems are still listed). */
  allowUnverified: boolean;
  /** Files read and written at once. Default 64. */
  concurrency?: number;
  clock?: () => Date;
}

/** Why a merge did not write anything: each problem names its input and file. */
export interface MergeRefusal {
  refused: true;
  problems: string[];
  conflicts: MergeConflict[];
  inputs: string[];
}

export interface MergeResult {
  refused: false;
  manifest: Manifest;
  manifestSha256: string;
  plan: MergePlan;
  /** Problems of inputs merged with `--allow-unverified`. */
  unverified: string[];
  copied: number;
}

interface OpenedInput extends PlanInput {
  opened: EvidenceBundle;
}

/** Joins evidence bundles (shards of one collection, or bundles of different clouds) into one new bundle. */
export async function mergeBundles(options: MergeOptions): Promise<MergeResult | MergeRefusal> {
  const limit = pLimit(options.concurrency ?? 64);
  const problems: string[] = [];
  const opened: OpenedInput[] = [];
  // Opened together: listing folders is most of the cost before any file is read.
  const all = await Promise.all(
    options.inputs.map((location) =>
      EvidenceBundle.open(location).then(
        (bundle) => ({ location, bundle }),
        (err: NodeJS.ErrnoException) => ({ location, error: err.code ?? String(err) }),
      ),
    ),
  );
  for (const input of all) {
    const location = input.location;
    if (!('bundle' in input)) {
      problems.push(`${location}: cannot open the bundle (${input.error})`);
      continue;
    }
    const bundle = input.bundle;
    if (!bundle.manifest || !bundle.manifestSha256) {
      const named = describe(location, verifyBundle(bundle));
      problems.push(...(named.length ? named : [`${location}: no usable manifest.json`]));
      continue;
    }
    opened.push({
      bundle: location,
      opened: bundle,
      manifest: bundle.manifest,
      manifestSha256: bundle.manifestSha256,
    });
  }
  const plan = planMerge(opened, options.onConflict);
  problems.push(...plan.refusals);
  const blocking = options.onConflict === 'refuse' ? plan.conflicts : [];
  const refuse = () => ({
    refused: true as const,
    problems,
    conflicts: blocking,
    inputs: opened.map((i) => i.bundle),
  });
  // One read per file: it is hashed (verification) and, when it is the copy kept, written out from the same bytes.
  const writing = problems.length === 0 && blocking.length === 0;
  const copied = await readAndCopy(opened, plan.files, writing ? options.out : undefined, limit);
  const unverified: string[] = [];
  for (const input of opened)
    (options.allowUnverified ? unverified : problems).push(
      ...describe(input.bundle, verifyBundle(input.opened)),
    );
  if (problems.length || blocking.length) {
    if (writing) await removeWritten(options.out, plan.files);
    return refuse();
  }
  const clock = options.clock ?? (() => new Date());
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: 'rigsight', version: toolVersion },
    startedAt: opened.map((i) => i.manifest.startedAt).sort()[0] ?? clock().toISOString(),
    finishedAt:
      opened
        .map((i) => i.manifest.finishedAt)
        .sort()
        .at(-1) ?? clock().toISOString(),
    scopes: plan.scopes,
    files: plan.files,
    merged: {
      at: clock().toISOString(),
      inputs: opened.map((i) => ({
        bundle: i.bundle,
        manifestSha256: i.manifestSha256,
        ...(i.manifest.shard
          ? {
              shard: {
                index: i.manifest.shard.index,
                count: i.manifest.shard.count,
                provider: i.manifest.shard.provider,
                origin: i.manifest.shard.origin,
              },
            }
          : {}),
        files: i.manifest.files.length,
        scopes: i.manifest.scopes.length,
      })),
      onConflict: options.onConflict,
      conflicts: plan.conflicts.map((c) => ({
        path: c.path,
        kind: c.kind,
        kept: c.kept ?? 0,
        inputs: c.copies.map((x) => x.input),
      })),
      missingShards: plan.missing,
    },
  };
  const manifestSha256 = await writeManifest(join(options.out, MANIFEST_FILE), manifest);
  return { refused: false, manifest, manifestSha256, plan, unverified, copied };
}

/** Every problem of one input, prefixed with its name, as `evidence verify` words them. */
function describe(location: string, v: Verification): string[] {
  if (v.ok) return [];
  return [
    ...v.missing.map((p) => `${location}: missing ${p} (listed in its manifest)`),
    ...v.extra.map((p) => `${location}: extra ${p} (not in its manifest)`),
    ...v.modified.map(
      (m) =>
        `${location}: modified ${m.path} (manifest ${m.expected.slice(0, 12)}…, file ${m.actual.slice(0, 12)}…)`,
    ),
    ...v.problems.map((p) => `${location}: ${p}`),
  ];
}

/**
 * Reads and hashes every file of every input (the hashes verify it), and writes each path's kept copy into `out`
 * from the bytes just read. Returns the number of files written.
 */
async function readAndCopy(
  inputs: readonly OpenedInput[],
  files: readonly ManifestFile[],
  out: string | undefined,
  limit: LimitFunction,
): Promise<number> {
  const kept = new Map(files.map((f) => [f.path, f.source]));
  const folders = new Map<string, Promise<unknown>>();
  let copied = 0;
  const work = inputs.flatMap((input, index) =>
    input.manifest.files
      // Only paths the bundle itself holds: a manifest entry cannot lead a read or a write outside the folders.
      .filter((f) => f.outcome !== 'skipped' && input.opened.has(f.path))
      .map((f) =>
        limit(async () => {
          const bytes =
            input.opened.kind === 'directory'
              ? await readFile(join(input.opened.location, ...f.path.split('/')))
              : input.opened.bytes(f.path);
          input.opened.rememberHash(f.path, createHash('sha256').update(bytes).digest('hex'));
          if (out === undefined || kept.get(f.path) !== index) return;
          const target = join(out, ...f.path.split('/'));
          const folder = dirname(target);
          let made = folders.get(folder);
          if (!made) {
            made = mkdir(folder, { recursive: true });
            folders.set(folder, made);
          }
          await made;
          await writeFile(target, bytes);
          copied++;
        }),
      ),
  );
  await Promise.all(work);
  return copied;
}

/** Undoes a refused merge: `out` was empty, so everything under the top folders it wrote goes. */
async function removeWritten(out: string, files: readonly ManifestFile[]): Promise<void> {
  const tops = new Set(files.map((f) => f.path.split('/')[0] as string));
  await Promise.all([...tops].map((top) => rm(join(out, top), { recursive: true, force: true })));
}

/**
 * Writes the manifest with one file entry per line, streamed: a merged organization lists millions of files, more
 * than one JSON string can hold. Returns its sha256.
 */
async function writeManifest(path: string, manifest: Manifest): Promise<string> {
  const hash = createHash('sha256');
  const stream = createWriteStream(path);
  const write = (text: string) => {
    hash.update(text);
    return stream.write(text) ? undefined : new Promise<void>((r) => stream.once('drain', () => r()));
  };
  const { files, ...head } = manifest;
  const top = JSON.stringify(head, null, 2);
  await write(`${top.slice(0, -2)},\n  "files": [\n`);
  for (let i = 0; i < files.length; i++)
    await write(`    ${JSON.stringify(files[i])}${i < files.length - 1 ? ',' : ''}\n`);
  await write('  ]\n}\n');
  await new Promise<void>((resolve, reject) =>
    stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return hash.digest('hex');
}
