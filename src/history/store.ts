import type { Pillar, Status } from '../model/finding.js';
import type { FindingsDocument, Grade } from '../model/findings-document.js';
import type { CompactRun, RunHeader, StoredItem } from './compact-run.js';
import type { ItemKind } from './item-kinds.js';

/** How many of each state a run held, for `history list` without reading its items. */
export interface RunCounts {
  findings: Record<Status, number>;
  creators: { unapproved: number; total: number };
  detections: { active: number; total: number };
  coverage: { blind: number; total: number };
}

/** A recorded run as `history list` shows it. */
export interface RunSummary {
  id: number;
  generatedAt: string;
  /** Wall-clock time the run was stored (never shown in reports). */
  recordedAt: string;
  toolVersion: string;
  schemaVersion: string;
  policy: { source: string; sha256: string };
  manifestSha256: string | null;
  grade: Grade;
  value: number;
  pillars: Record<Pillar, number>;
  counts: RunCounts;
}

export type NewRun = Omit<RunSummary, 'id' | 'recordedAt'>;

export interface StoredRun {
  summary: RunSummary;
  header: RunHeader;
  items: StoredItem[];
}

/** When an item was first open (failing or waived): the run and its generatedAt. */
export interface FirstSeen {
  run: number;
  at: string;
}

/** Which runs `prune` removes: a run goes only when it matches every rule given. */
export interface PruneRule {
  /** Keep the newest N runs. */
  keep?: number;
  /** Remove runs generated before this ISO time. */
  before?: string;
}

/** The one interface both backends (SQLite file, PostgreSQL) implement; everything else is shared. */
export interface HistoryStore {
  /** Where the runs are, safe to print (no password). */
  readonly display: string;
  /** Stores one run atomically; concurrent writers never corrupt or lose a run. */
  record(run: CompactRun, summary: NewRun): Promise<RunSummary>;
  /** Newest first; `upTo` ends the list at that run (inclusive). */
  runs(options?: { limit?: number; upTo?: RunSummary }): Promise<RunSummary[]>;
  run(id: number): Promise<RunSummary | undefined>;
  /** A run with its items; `bodies: false` leaves bodies out (a diff reads only the ones it needs). */
  load(id: number, options?: { bodies?: boolean }): Promise<StoredRun>;
  /** Item bodies by content address. */
  bodies(hashes: readonly string[]): Promise<Map<string, string>>;
  /** First-open records for these items, keyed `kind|key`. */
  firstSeen(items: readonly { kind: ItemKind; key: string }[]): Promise<Map<string, FirstSeen>>;
  /** Removes runs (and item bodies no run uses any more); returns how many runs went. First-seen dates stay. */
  prune(rule: PruneRule): Promise<number>;
  close(): Promise<void>;
}

/** Run order everywhere: by generatedAt, then by id (two runs with the same --now keep the order they were stored). */
export function runOrder(
  a: { generatedAt: string; id: number },
  b: { generatedAt: string; id: number },
): number {
  return a.generatedAt < b.generatedAt ? -1 : a.generatedAt > b.generatedAt ? 1 : a.id - b.id;
}

export function summarizeRun(doc: FindingsDocument): NewRun {
  const findings = { pass: 0, fail: 0, unassessed: 0, waived: 0, not_applicable: 0 } as Record<
    Status,
    number
  >;
  for (const f of doc.findings) findings[f.status]++;
  return {
    generatedAt: new Date(doc.generatedAt).toISOString(),
    toolVersion: doc.tool.version,
    schemaVersion: doc.schemaVersion,
    policy: { source: doc.policy.source, sha256: doc.policy.sha256 },
    manifestSha256: doc.evidence.manifestSha256,
    grade: doc.score.grade,
    value: doc.score.value,
    pillars: doc.score.pillars,
    counts: {
      findings,
      creators: { unapproved: doc.creators.filter((c) => !c.approved).length, total: doc.creators.length },
      detections: {
        active: doc.detections.filter((d) => !d.waiver && d.verdict !== 'benign-explained').length,
        total: doc.detections.length,
      },
      coverage: { blind: doc.coverage.filter((c) => c.blind).length, total: doc.coverage.length },
    },
  };
}
