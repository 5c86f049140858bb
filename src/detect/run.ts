import { type Dirent, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { InputError } from '../errors.js';
import { parseJsonText } from '../evidence/json-text.js';
import { compileIntel } from '../intel/compile.js';
import type { Coverage, Detection } from '../model/detection.js';
import type { Unreadable, WaiverState } from '../model/findings-document.js';
import type { Inventory } from '../model/inventory.js';
import type { Provider } from '../model/provider.js';
import type { LoadedPolicy } from '../policy/load.js';
import { WaiverBook } from '../policy/waivers.js';
import { detectInThread } from './detect-thread.js';
import { readerFor, sniffFormat } from './formats.js';
import { fuse } from './fuse/index.js';
import { type FileTask, heapLimitMb, ReadingPool, type TaskResult } from './pool.js';
import { looksLikeNdjson, readHead, readTelemetryFile } from './read-file.js';
import type { DnsAnswers } from './reader.js';
import { emptyDigest, type FileDigest } from './signals.js';
import { unpackTelemetry } from './telemetry-archive.js';

export interface DetectOptions {
  /** A directory of native telemetry files (any nesting, plain or gzip), or a single file. */
  telemetry: string;
  /** From an evidence bundle: ties interfaces to instances, and adds tags and launch times. */
  inventory?: Inventory;
  policy: LoadedPolicy;
  /** Waiver expiry is judged at this time; defaults to the current time. */
  now?: Date;
  /** Threads reading files; default: none under 64 MiB of input, else one per two cores, at most 4. 0 reads in the calling thread. */
  workers?: number;
  /** Audit logs known read for these windows although they may hold no record (a live pull that found nothing). */
  auditWindows?: { provider: Provider; scope: string; first: number; last: number }[];
}

export interface DetectInputs {
  filesRead: number;
  unreadable: Unreadable[];
  unrecognized: string[];
  records: number;
  duplicates: number;
  outOfOrder: number;
  /** First few duplicates and out-of-order records, with file and line: counted, still used. */
  anomalies: Unreadable[];
  /** Files read per format. */
  formats: Record<string, number>;
}

export interface DetectResult {
  detections: Detection[];
  coverage: Coverage[];
  waivers: WaiverState[];
  inputs: DetectInputs;
}

interface Found {
  path: string;
  rel: string;
  size: number;
}

function discover(root: string, unreadable: Unreadable[]): Found[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(root);
  } catch (err) {
    throw new InputError(
      `${root}: cannot read the telemetry folder (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  if (stat.isFile()) return [{ path: root, rel: basename(root), size: stat.size }];
  const found: Found[] = [];
  const walk = (dir: string) => {
    let items: Dirent[];
    try {
      items = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      unreadable.push({
        file: relative(root, dir) || '.',
        reason: `cannot list folder (${(err as NodeJS.ErrnoException).code})`,
      });
      return;
    }
    for (const item of items) {
      const full = join(dir, item.name);
      const rel = relative(root, full).split(sep).join('/');
      if (item.isDirectory()) walk(full);
      else if (item.isFile()) found.push({ path: full, rel, size: statSync(full).size });
      else if (!item.isSymbolicLink()) unreadable.push({ file: rel, reason: 'not a regular file; skipped' });
    }
  };
  walk(root);
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Line-oriented files stream in constant memory; JSON documents are parsed whole. */
function isLineFormat(task: FileTask): boolean {
  return task.ndjson || readerFor(task.format, task.phase)?.kind === 'lines';
}

/** Pool IPs learned from DNS answers, earliest answer first. */
function answersFrom(digests: FileDigest[]): DnsAnswers {
  const answers: DnsAnswers = new Map();
  for (const d of digests)
    for (const q of d.dns)
      for (const ip of q.answers) {
        const prev = answers.get(ip);
        if (!prev || q.time < prev.time)
          answers.set(ip, { time: q.time, domain: q.query.replace(/\.$/, ''), source: q.source });
      }
  return answers;
}

/** Reads one file as `runDetection` would (format told by content); undefined when no reader knows it. */
export async function digestFile(
  path: string,
  policy: LoadedPolicy,
  dnsAnswers: DnsAnswers = new Map(),
): Promise<FileDigest | undefined> {
  const head = await readHead(path);
  const reader = head.binary || head.error ? undefined : sniffFormat(head.head);
  if (!reader) return undefined;
  const intel = compileIntel(policy);
  const ndjson = reader.kind === 'json' && looksLikeNdjson(head.head);
  return readTelemetryFile(path, path.split(sep).join('/'), reader, intel.matcher, dnsAnswers, ndjson);
}

/**
 * Reading threads for a large run; 0 reads in the calling thread. One per two cores, at most 4: each thread keeps
 * about one and a half cores busy (zlib inflates on libuv's pool while it parses), so on two cores one thread beats
 * two (bench/detect.ts measures both).
 */
export function defaultReadingThreads(cores = availableParallelism()): number {
  return Math.min(4, Math.max(1, Math.floor(cores / 2)));
}

/** Below this much input, starting threads costs more than it saves: the calling thread reads it. */
const SMALL_INPUT_BYTES = 64 * 2 ** 20;

/** Bytes of input under a path, counted until `cap` is passed (then the exact total does not matter). */
function inputBytes(path: string, cap: number): number {
  let total = 0;
  const walk = (p: string): void => {
    if (total > cap) return;
    let s: ReturnType<typeof statSync>;
    try {
      s = statSync(p);
    } catch {
      return;
    }
    if (s.isFile()) total += s.size;
    else if (s.isDirectory())
      for (const name of readdirSync(p)) {
        walk(join(p, name));
        if (total > cap) return;
      }
  };
  walk(path);
  return total;
}

/**
 * The reading threads a run uses when none are asked for: none for a small input (a thread's start, about a third
 * of a second on two cores, is most of such a run), else one per two cores.
 */
export function defaultThreadsFor(telemetry: string): number {
  return inputBytes(telemetry, SMALL_INPUT_BYTES) <= SMALL_INPUT_BYTES ? 0 : defaultReadingThreads();
}

function readingThreads(options: DetectOptions): number {
  return Math.max(0, Math.floor(options.workers ?? defaultReadingThreads()));
}

/**
 * Correlates creation, CPU and pool egress per instance over native telemetry files. Formats are told
 * by content; DNS logs are read before flow logs so pool names can be joined to the addresses they
 * resolved to. Output is sorted and depends only on the inputs, the policy and `now`.
 *
 * With reading threads, the run itself is coordinated from one more thread with a small young
 * generation: the calling thread's heap (sized for the whole machine) does not grow with the
 * correlation, only with its result.
 */
export async function runDetection(asked: DetectOptions): Promise<DetectResult> {
  const options = { ...asked, workers: asked.workers ?? defaultThreadsFor(asked.telemetry) };
  const archive = await telemetryArchive(options.telemetry);
  if (!archive) return readingThreads(options) < 1 ? detectHere(options) : detectInThread(options);
  // A tar of logs is read from a temporary copy; files are named as inside the archive.
  const unpacked = await unpackTelemetry(options.telemetry);
  try {
    const inner = { ...options, telemetry: unpacked.dir };
    const result = readingThreads(options) < 1 ? await detectHere(inner) : await detectInThread(inner);
    result.inputs.unreadable.push(
      ...unpacked.problems.map((reason) => ({ file: options.telemetry, reason })),
    );
    return result;
  } finally {
    unpacked.remove();
  }
}

/**
 * A small file that starts like JSON but does not parse: its format cannot be told, and saying where it breaks
 * beats calling it unrecognized (a log cut short in transfer).
 */
function brokenJson(head: string): { line: number; column: number; reason: string } | undefined {
  const text = head.trimStart();
  if (!(text.startsWith('{') || text.startsWith('['))) return undefined;
  const parsed = parseJsonText(head);
  if (parsed.ok) return undefined;
  return {
    line: parsed.line,
    column: parsed.column,
    reason: `${parsed.reason}, so its log format cannot be told`,
  };
}

/** Whether the telemetry path is a tar archive (plain or gzip), told by content. */
async function telemetryArchive(path: string): Promise<boolean> {
  let file: boolean;
  try {
    file = statSync(path).isFile();
  } catch {
    return false;
  }
  return file && (await readHead(path)).archive === true;
}

/** `runDetection` in the calling thread (reading threads, if any, are started from here). */
export async function detectHere(options: DetectOptions): Promise<DetectResult> {
  const now = options.now ?? new Date();
  const unreadable: Unreadable[] = [];
  const unrecognized: string[] = [];
  const intel = compileIntel(options.policy);
  unreadable.push(...intel.problems);
  const files = discover(options.telemetry, unreadable);
  const tasks: FileTask[] = [];
  const sizes = new Map<number, number>();
  // Heads are read a few files ahead (their I/O and inflating overlap), and used in file order.
  const ahead: (ReturnType<typeof readHead> | undefined)[] = [];
  const LOOKAHEAD = 8;
  for (let i = 0; i < Math.min(LOOKAHEAD, files.length); i++) ahead.push(readHead((files[i] as Found).path));
  for (let i = 0; i < files.length; i++) {
    const f = files[i] as Found;
    const head = await (ahead[i] as ReturnType<typeof readHead>);
    ahead[i] = undefined;
    if (i + LOOKAHEAD < files.length) ahead.push(readHead((files[i + LOOKAHEAD] as Found).path));
    if (head.error) {
      unreadable.push({ file: f.rel, reason: `cannot read (${head.error})` });
      continue;
    }
    const reader = head.binary ? undefined : sniffFormat(head.head);
    if (!reader) {
      // One file given on its own must be a log: anything else is a mistake, not an empty result.
      if (files.length === 1 && f.path === options.telemetry)
        throw new InputError(
          `${options.telemetry} is not a folder or archive of native logs, and its content matches no supported log format (see docs/detect.md)`,
        );
      const broken = head.binary || !head.complete ? undefined : brokenJson(head.head);
      if (broken) unreadable.push({ file: f.rel, ...broken });
      else unrecognized.push(f.rel);
      continue;
    }
    const index = tasks.length;
    sizes.set(index, f.size);
    tasks.push({
      index,
      gzip: head.gzip,
      path: f.path,
      rel: f.rel,
      format: reader.format,
      ndjson: reader.kind === 'json' && looksLikeNdjson(head.head),
      phase: reader.phase,
    });
  }
  const workers = readingThreads(options);
  // Whole-document formats (JSON) are parsed at once: the reading threads get heap for the largest.
  const largestDocument = Math.max(
    0,
    ...tasks.filter((t) => !isLineFormat(t)).map((t) => (sizes.get(t.index) ?? 0) * (t.gzip ? 10 : 1)),
  );
  const heapMb = heapLimitMb(largestDocument);
  const digests: FileDigest[] = [];
  const collect = (batch: FileTask[], results: TaskResult[]) => {
    results.forEach((r, i) => {
      const task = batch[i] as FileTask;
      if (r.ok) digests.push(r.digest);
      else unreadable.push({ file: task.rel, reason: `cannot read (${r.error})` });
    });
  };
  const first = tasks.filter((t) => t.phase === 1);
  const second = tasks.filter((t) => t.phase === 2);
  const pool = new ReadingPool(intel.matcher, workers, heapMb);
  try {
    // Flow files wait for DNS logs only when some file can hold DNS answers; otherwise all go at once.
    const waits = first.some((t) => readerFor(t.format, t.phase)?.dnsAnswers);
    if (waits) {
      collect(first, await pool.read(first, sizes));
      pool.answers(answersFrom(digests));
      collect(second, await pool.read(second, sizes));
    } else {
      const results = await pool.read([...first, ...second], sizes);
      collect(first, results.slice(0, first.length));
      const answers = answersFrom(digests);
      // A file that learned DNS answers after all: its pool IPs must reach the flows, so read them again.
      if (answers.size) pool.answers(answers);
      collect(second, answers.size ? await pool.read(second, sizes) : results.slice(first.length));
    }
  } finally {
    await pool.close();
  }
  digests.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const waivers = new WaiverBook(options.policy.policy.waivers, now);
  // Windows known read although no record says so ride on a digest of their own, seen by fusion only.
  const known = options.auditWindows?.length
    ? [{ ...emptyDigest('manifest.json', 'live-window'), auditWindows: options.auditWindows }]
    : [];
  const fused = fuse({
    digests: [...digests, ...known],
    inventory: options.inventory,
    policy: options.policy.policy,
    waivers,
  });

  const formats: Record<string, number> = {};
  const anomalies: Unreadable[] = [...fused.anomalies];
  let records = 0;
  let outOfOrder = 0;
  for (const d of digests) {
    formats[d.format] = (formats[d.format] ?? 0) + 1;
    records += d.records;
    outOfOrder += d.outOfOrder;
    for (const p of d.problems)
      unreadable.push({ file: d.file, ...(p.line !== undefined ? { line: p.line } : {}), reason: p.reason });
    if (d.problemCount > d.problems.length)
      unreadable.push({
        file: d.file,
        reason: `${d.problemCount - d.problems.length} more bad records in this file (first ${d.problems.length} listed)`,
      });
    for (const o of d.outOfOrderSamples)
      if (anomalies.length < 20)
        anomalies.push({ file: d.file, ...(o.line !== undefined ? { line: o.line } : {}), reason: o.reason });
  }
  return {
    detections: fused.detections,
    coverage: fused.coverage,
    waivers: waivers.states().filter((w) => w.control === 'detection'),
    inputs: {
      filesRead: digests.length,
      unreadable,
      unrecognized,
      records,
      duplicates: fused.duplicates,
      outOfOrder,
      anomalies,
      formats: Object.fromEntries(Object.entries(formats).sort()),
    },
  };
}
