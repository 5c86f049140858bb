import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EvidenceRef } from '../model/evidence.js';
import type { FindingsDocument } from '../model/findings-document.js';
import { type ItemKind, itemKinds, rulesOf } from './item-kinds.js';

/** One evidence file as the run cited it: [file, sha256, api, collectedAt]. */
export type FileEntry = [string, string, string, string | null];

/** Everything of a run but its items: the rest of findings.json, its evidence files, and what it looked at. */
export interface RunHeader {
  /** Top-level keys of findings.json in their order, so the document comes back byte for byte. */
  keys: string[];
  document: Record<string, unknown>;
  files: FileEntry[];
  collected: Collected;
}

/** What a run looked at, so an item it does not mention is `unknown` rather than `resolved`. */
export interface Collected {
  /** `provider|scope|region` with any finding. */
  regions: string[];
  /** `provider|scope|control` with any finding that is not `unassessed`. */
  controls: string[];
  /** `provider|scope|control` with any finding at all (an unreadable input leaves an `unassessed` one). */
  controlsSeen: string[];
  /** Whether native logs were read (detections and coverage exist only then). */
  telemetry: boolean;
}

/** One finding, creator, detection or coverage entry of a run; `body` is shared by every run where it is identical. */
export interface StoredItem {
  kind: ItemKind;
  ord: number;
  key: string;
  /** 32 hex: sha256 of kind and body, truncated; the content address of the body. */
  hash: string;
  state: string;
  severity: string | null;
  /** The item as JSON; left out when a run is loaded for a diff (bodies are then read only where needed). */
  body?: string;
}

export interface CompactRun {
  generatedAt: string;
  header: RunHeader;
  items: StoredItem[];
}

const arrays: Record<ItemKind, 'findings' | 'creators' | 'detections' | 'coverage'> = {
  finding: 'findings',
  creator: 'creators',
  detection: 'detections',
  coverage: 'coverage',
};
const refKeys = 'file,sha256,api,collectedAt';
const refKeysWithPointer = `${refKeys},pointer`;

/**
 * Splits findings.json into a header and content-addressed items. Evidence refs keep only file and pointer
 * (the file's hash, API and time live once per run in the header), so an item whose evidence file was merely
 * re-collected is stored once for all runs.
 */
export function compactRun(doc: FindingsDocument): CompactRun {
  const files = new Map<string, FileEntry>();
  const cite = (refs: readonly EvidenceRef[]) => {
    for (const r of refs) if (!files.has(r.file)) files.set(r.file, [r.file, r.sha256, r.api, r.collectedAt]);
  };
  for (const f of doc.findings) cite(f.evidence);
  for (const c of doc.creators) cite(c.evidence);
  for (const d of doc.detections) cite(d.evidence);
  const shorten = (refs: readonly EvidenceRef[]) =>
    refs.map((r) => {
      const entry = files.get(r.file);
      const order = Object.keys(r).join();
      const standard = order === refKeys || order === refKeysWithPointer;
      if (!standard || !entry || entry[1] !== r.sha256 || entry[2] !== r.api || entry[3] !== r.collectedAt)
        return r;
      return r.pointer === undefined ? { file: r.file } : { file: r.file, pointer: r.pointer };
    });
  const items: StoredItem[] = [];
  for (const kind of itemKinds) {
    const rules = rulesOf(kind);
    doc[arrays[kind]].forEach((item, ord) => {
      const compact = 'evidence' in item ? { ...item, evidence: shorten(item.evidence) } : item;
      const body = JSON.stringify(compact);
      items.push({
        kind,
        ord,
        key: rules.key(item),
        hash: createHash('sha256').update(kind).update('\n').update(body).digest('hex').slice(0, 32),
        state: rules.state(item),
        severity: rules.severity(item) ?? null,
        body,
      });
    });
  }
  const { findings, creators, detections, coverage, history: _history, ...rest } = doc;
  const regions = new Set<string>();
  const controls = new Set<string>();
  const controlsSeen = new Set<string>();
  for (const f of findings) {
    if (f.region) regions.add(`${f.provider}|${f.scope}|${f.region}`);
    controlsSeen.add(`${f.provider}|${f.scope}|${f.control}`);
    if (f.status !== 'unassessed') controls.add(`${f.provider}|${f.scope}|${f.control}`);
  }
  return {
    generatedAt: new Date(doc.generatedAt).toISOString(),
    header: {
      keys: Object.keys(doc).filter((k) => k !== 'history'),
      document: rest,
      files: [...files.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      collected: {
        regions: [...regions].sort(),
        controls: [...controls].sort(),
        controlsSeen: [...controlsSeen].sort(),
        telemetry: doc.inputs.telemetry !== undefined,
      },
    },
    items,
  };
}

/** Rebuilds the findings.json a run recorded, byte for byte (items in their recorded order). */
export function expandRun(header: RunHeader, items: readonly StoredItem[]): FindingsDocument {
  const files = new Map(header.files.map((f) => [f[0], f]));
  const expand = (refs: Record<string, unknown>[]) =>
    refs.map((r) => {
      if ('sha256' in r) return r;
      const entry = files.get(String(r.file));
      return {
        file: r.file,
        sha256: entry?.[1] ?? '',
        api: entry?.[2] ?? '',
        collectedAt: entry?.[3] ?? null,
        ...(r.pointer === undefined ? {} : { pointer: r.pointer }),
      };
    });
  const lists: Record<string, unknown[]> = { findings: [], creators: [], detections: [], coverage: [] };
  const sorted = [...items].sort(
    (a, b) => itemKinds.indexOf(a.kind) - itemKinds.indexOf(b.kind) || a.ord - b.ord,
  );
  for (const item of sorted) {
    if (item.body === undefined)
      throw new Error(`history: run loaded without the body of ${item.kind} ${item.key}`);
    const value = JSON.parse(item.body) as Record<string, unknown>;
    if (Array.isArray(value.evidence)) value.evidence = expand(value.evidence as Record<string, unknown>[]);
    lists[arrays[item.kind]]?.push(value);
  }
  const doc: Record<string, unknown> = {};
  for (const k of header.keys) doc[k] = k in lists ? lists[k] : header.document[k];
  return doc as FindingsDocument;
}

export function packHeader(header: RunHeader): Buffer {
  return gzipSync(JSON.stringify(header));
}

export function unpackHeader(bytes: Uint8Array): RunHeader {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as RunHeader;
}
