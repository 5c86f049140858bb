import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Provider } from '../model/provider.js';
import { toolVersion } from '../package-info.js';
import { sha256 } from './bundle.js';
import {
  MANIFEST_FILE,
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  type ManifestFile,
  type ShardRecord,
} from './manifest.js';

export type FileRecord = Omit<ManifestFile, 'path' | 'sha256' | 'bytes'>;

/** Writes bundle files as the cloud's CLI prints them (4-space JSON) and keeps the manifest in step. */
export class BundleWriter {
  private readonly files: ManifestFile[] = [];
  private readonly scopes: Manifest['scopes'] = [];
  private readonly folders = new Map<string, Promise<unknown>>();
  private readonly startedAt: string;
  private live: Manifest['live'];
  private shard: ShardRecord | undefined;

  constructor(
    readonly root: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    mkdirSync(root, { recursive: true });
    this.startedAt = clock().toISOString();
  }

  /** Writes `data` at the bundle-relative `path` and records it. Returns the sha256. */
  writeJson(path: string, data: unknown, record: FileRecord): string {
    const text = `${JSON.stringify(data, null, 4)}\n`;
    const full = join(this.root, ...path.split('/'));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    const hash = sha256(text);
    this.files.push({ path, sha256: hash, bytes: Buffer.byteLength(text), ...record });
    return hash;
  }

  /**
   * As writeJson, without blocking the event loop: for collectors writing thousands of files while calls are in
   * flight. Returns the manifest entry.
   */
  async writeJsonAsync(
    path: string,
    data: unknown,
    record: FileRecord,
    /** `compact` for large native results (100,000-row query answers): one line, a third of the bytes. */
    layout: 'cli' | 'compact' = 'cli',
  ): Promise<ManifestFile> {
    const text = `${layout === 'compact' ? JSON.stringify(data) : JSON.stringify(data, null, 4)}\n`;
    const full = join(this.root, ...path.split('/'));
    const folder = dirname(full);
    let made = this.folders.get(folder);
    if (!made) {
      made = mkdir(folder, { recursive: true });
      this.folders.set(folder, made);
    }
    await made;
    await writeFile(full, text);
    const entry: ManifestFile = { path, sha256: sha256(text), bytes: Buffer.byteLength(text), ...record };
    this.files.push(entry);
    return entry;
  }

  /** Records a call that was deliberately not made (e.g. an opt-in region that is not enabled); no file is written. */
  skip(path: string, record: Omit<FileRecord, 'outcome'>): ManifestFile {
    const entry: ManifestFile = { path, sha256: sha256(''), bytes: 0, ...record, outcome: 'skipped' };
    this.files.push(entry);
    return entry;
  }

  /** Lists a file another writer (a collecting thread) wrote under the same root. */
  adopt(entry: ManifestFile): void {
    this.files.push(entry);
  }

  /** Records the window live legs pulled telemetry for. */
  setLive(window: { since: Date; until: Date }): void {
    this.live = { since: window.since.toISOString(), until: window.until.toISOString() };
  }

  addScope(scope: Manifest['scopes'][number] & { provider: Provider }): void {
    this.scopes.push(scope);
  }

  /** Marks the bundle as one shard of a collection (`--shard I/N`), with every scope discovered. */
  setShard(shard: ShardRecord): void {
    this.shard = shard;
  }

  /** Writes manifest.json; files are listed in path order so the manifest is reproducible. */
  finish(): Manifest {
    const manifest: Manifest = {
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      tool: { name: 'rigsight', version: toolVersion },
      startedAt: this.startedAt,
      finishedAt: this.clock().toISOString(),
      scopes: [...this.scopes].sort((a, b) => a.id.localeCompare(b.id)),
      files: [...this.files].sort((a, b) => a.path.localeCompare(b.path)),
      ...(this.live ? { live: this.live } : {}),
      ...(this.shard ? { shard: this.shard } : {}),
    };
    writeFileSync(join(this.root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }
}
