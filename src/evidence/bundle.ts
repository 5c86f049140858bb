import { createHash } from 'node:crypto';
import { createReadStream, type Dirent, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import pLimit from 'p-limit';
import { Parser, type ReadEntry } from 'tar';
import type { EvidenceRef } from '../model/evidence.js';
import type { Unreadable } from '../model/findings-document.js';
import { parseJsonText } from './json-text.js';
import {
  BUNDLE_TELEMETRY_DIR,
  MANIFEST_FILE,
  type Manifest,
  type ManifestFile,
  manifestSchema,
} from './manifest.js';

export type JsonRead = { ok: true; value: unknown } | { ok: false; problem: Unreadable };

/** Where the bytes of a bundle come from: a directory on disk, or a `.tar.gz` held in memory. */
interface Source {
  paths: string[];
  read(path: string): Buffer;
}

/** An evidence bundle opened for reading. Tracks hashes, what was read, and what could not be. */
export class EvidenceBundle {
  readonly problems: Unreadable[] = [];
  readonly manifest: Manifest | undefined;
  readonly manifestSha256: string | undefined;
  private readonly entries = new Map<string, ManifestFile>();
  private readonly hashes = new Map<string, string>();
  private readonly consumed = new Set<string>();
  private readonly reported = new Set<string>();
  /** The source's paths as a set: `has` is asked once per manifest entry, and merged bundles hold millions. */
  private readonly present: Set<string>;

  private constructor(
    readonly location: string,
    readonly kind: 'directory' | 'archive',
    private readonly source: Source,
    problems: Unreadable[],
  ) {
    this.problems.push(...problems);
    this.present = new Set(source.paths);
    if (this.present.has(MANIFEST_FILE)) {
      const bytes = source.read(MANIFEST_FILE);
      this.manifestSha256 = sha256(bytes);
      const parsed = parseJsonText(bytes.toString('utf8'));
      if (!parsed.ok) {
        this.problems.push({
          file: MANIFEST_FILE,
          line: parsed.line,
          column: parsed.column,
          reason: parsed.reason,
        });
      } else {
        const manifest = manifestSchema.safeParse(parsed.value);
        if (manifest.success) {
          this.manifest = manifest.data;
          for (const f of manifest.data.files) this.entries.set(f.path, f);
        } else {
          const issue = manifest.error.issues[0];
          this.problems.push({
            file: MANIFEST_FILE,
            reason: `manifest does not match its schema at ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
          });
        }
      }
    }
  }

  /** Opens a bundle directory or `.tar.gz` (told apart by content, not name). */
  static async open(location: string): Promise<EvidenceBundle> {
    const stat = statSync(location);
    if (stat.isDirectory()) {
      const problems: Unreadable[] = [];
      return new EvidenceBundle(location, 'directory', await directorySource(location, problems), problems);
    }
    const { source, problems } = await archiveSource(location);
    return new EvidenceBundle(location, 'archive', source, problems);
  }

  /** The archive could not be read to its end: files (perhaps the manifest) are missing. */
  get damaged(): boolean {
    return this.kind === 'archive' && this.problems.some((p) => p.file === this.location);
  }

  /** Every file in the bundle except the manifest, sorted. */
  paths(): string[] {
    return this.source.paths.filter((p) => p !== MANIFEST_FILE);
  }

  has(path: string): boolean {
    return this.present.has(path);
  }

  bytes(path: string): Buffer {
    return this.source.read(path);
  }

  sha256(path: string): string {
    let hash = this.hashes.get(path);
    if (!hash) {
      hash = sha256(this.source.read(path));
      this.hashes.set(path, hash);
    }
    return hash;
  }

  /** Records a hash computed elsewhere from this bundle's own bytes (a parallel read), so it is not read again. */
  rememberHash(path: string, hash: string): void {
    this.hashes.set(path, hash);
  }

  /** The manifest's record of how a file was collected. */
  entry(path: string): ManifestFile | undefined {
    return this.entries.get(path);
  }

  /** Parses a JSON file; a failure is recorded once in `problems` (with line and column) and returned. */
  readJson(path: string): JsonRead {
    this.consumed.add(path);
    const parsed = parseJsonText(this.source.read(path).toString('utf8'));
    if (parsed.ok) return parsed;
    return {
      ok: false,
      problem: this.report({ file: path, line: parsed.line, column: parsed.column, reason: parsed.reason }),
    };
  }

  /** Records a problem with a file that parsed but could not be used (wrong shape, unknown content). */
  report(problem: Unreadable): Unreadable {
    const key = `${problem.file}\u0000${problem.reason}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.problems.push(problem);
    }
    return problem;
  }

  /** Marks a file as understood without parsing it (e.g. listed by a reader that only needs its name). */
  markConsumed(path: string): void {
    this.consumed.add(path);
  }

  /** Files that no reader used: shown in the report so nothing is dropped silently. */
  unconsumed(): string[] {
    return this.paths().filter(
      (p) =>
        !p.startsWith(`${BUNDLE_TELEMETRY_DIR}/`) &&
        !this.consumed.has(p) &&
        !this.problems.some((x) => x.file === p),
    );
  }

  /** A citation of `path`, optionally at a JSON pointer; `api` is used when the manifest does not name one. */
  ref(path: string, api: string, pointer?: string): EvidenceRef {
    const entry = this.entries.get(path);
    const ref: EvidenceRef = {
      file: path,
      sha256: this.sha256(path),
      api: entry ? `${entry.service}:${entry.operation}` : api,
      collectedAt: entry?.collectedAt ?? null,
    };
    if (pointer !== undefined && pointer !== '') ref.pointer = pointer;
    return ref;
  }
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lists a bundle folder, many folders at once: a merged organization holds hundreds of thousands of folders. */
async function directorySource(root: string, problems: Unreadable[]): Promise<Source> {
  const paths: string[] = [];
  const limit = pLimit(16);
  const walk = async (dir: string): Promise<void> => {
    let items: Dirent[];
    try {
      items = await limit(() => readdir(dir, { withFileTypes: true }));
    } catch (err) {
      problems.push({
        file: relative(root, dir).split(sep).join('/') || '.',
        reason: `cannot list folder (${(err as NodeJS.ErrnoException).code})`,
      });
      return;
    }
    const below: Promise<void>[] = [];
    for (const item of items) {
      const full = join(dir, item.name);
      if (item.isDirectory()) below.push(walk(full));
      else if (item.isFile()) paths.push(relative(root, full).split(sep).join('/'));
      else
        problems.push({
          file: relative(root, full).split(sep).join('/'),
          reason: 'not a regular file; skipped',
        });
    }
    await Promise.all(below);
  };
  await walk(root);
  paths.sort();
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { paths, read: (path) => readFileSync(join(root, ...path.split('/'))) };
}

/** Reads a `.tar.gz` fully; a truncated archive keeps every complete file and reports the rest. */
async function archiveSource(file: string): Promise<{ source: Source; problems: Unreadable[] }> {
  const files = new Map<string, Buffer>();
  const problems: Unreadable[] = [];
  let partial: string | undefined;
  await new Promise<void>((resolve) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const path = safePath(entry.path);
        if (entry.type !== 'File' || !path) {
          if (entry.type === 'File')
            problems.push({ file: entry.path, reason: 'unsafe path in archive; skipped' });
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        partial = path;
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          files.set(path, Buffer.concat(chunks));
          partial = undefined;
        });
      },
    });
    const done = (): void => resolve();
    parser.on('error', (err: Error) => {
      const at = partial ? `; ${partial} is incomplete and was not read` : '';
      problems.push({ file, reason: `archive is damaged or truncated (${err.message})${at}` });
      done();
    });
    parser.on('close', done);
    const input = createReadStream(file);
    input.on('error', (err) => {
      problems.push({ file, reason: `cannot read archive (${(err as NodeJS.ErrnoException).code})` });
      done();
    });
    input.pipe(parser);
  });
  const prefix = commonFolder([...files.keys()]);
  const byPath = new Map([...files].map(([p, b]) => [p.slice(prefix.length), b] as const));
  return {
    source: { paths: [...byPath.keys()].sort(), read: (p) => byPath.get(p) ?? Buffer.alloc(0) },
    problems,
  };
}

/** Archive member path without `./`, rejecting absolute paths and `..`. */
function safePath(path: string): string | undefined {
  const clean = path.replace(/^(\.\/)+/, '');
  if (clean.startsWith('/') || clean.split('/').includes('..') || clean === '') return undefined;
  return clean;
}

/** A single top folder wrapping the bundle (`bundle/manifest.json`) is not part of the paths. */
function commonFolder(paths: string[]): string {
  const first = paths[0];
  if (!first?.includes('/')) return '';
  const top = `${first.split('/')[0]}/`;
  if (paths.every((p) => p.startsWith(top)) && paths.includes(`${top}${MANIFEST_FILE}`)) return top;
  return '';
}
