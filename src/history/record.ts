import type { FindingsDocument, WaiverState } from '../model/findings-document.js';
import type { ChangeSet, HistorySection, HistoryTrendPoint, RunHistory } from '../model/history.js';
import { compactRun } from './compact-run.js';
import { bodiesNeeded, diffRuns, openItems } from './diff.js';
import { type ExpiringWaiver, expiringWaivers } from './expiring-waivers.js';
import type { HistoryStore, RunSummary, StoredRun } from './store.js';
import { summarizeRun } from './store.js';

/** Runs shown on the scorecard's trend line, this one included. */
export const trendLength = 12;

/** What `history diff` prints: two runs, the changes between them, and the waivers about to lapse. */
export interface RunDiff {
  from: RunSummary | null;
  to: RunSummary;
  changes: Record<HistorySection, ChangeSet>;
  expiringWaivers: ExpiringWaiver[];
}

export function trendPoint(s: RunSummary): HistoryTrendPoint {
  return { run: s.id, at: s.generatedAt, grade: s.grade, value: s.value, pillars: s.pillars };
}

/** The run stored just before this one, in run order. */
export async function previousRun(store: HistoryStore, run: RunSummary): Promise<RunSummary | undefined> {
  return (await store.runs({ limit: 2, upTo: run })).find((r) => r.id !== run.id);
}

export async function compareRuns(store: HistoryStore, a: StoredRun | null, b: StoredRun): Promise<RunDiff> {
  const firstSeen = await store.firstSeen(openItems([a, b]));
  const loaded = new Set(
    [...(a?.items ?? []), ...b.items].flatMap((i) => (i.body === undefined ? [] : [i.hash])),
  );
  const bodies = await store.bodies(bodiesNeeded(a, b).filter((h) => !loaded.has(h)));
  const waivers = (b.header.document.waivers ?? []) as WaiverState[];
  return {
    from: a?.summary ?? null,
    to: b.summary,
    changes: diffRuns(a, b, firstSeen, bodies),
    expiringWaivers: expiringWaivers(waivers, b.summary.generatedAt),
  };
}

/** Stores the run, then compares it with the run before it: the `history` section of findings.json. */
export async function recordRun(
  store: HistoryStore,
  doc: FindingsDocument,
): Promise<{ history: RunHistory; diff: RunDiff }> {
  const compact = compactRun(doc);
  const summary = await store.record(compact, summarizeRun(doc));
  const current: StoredRun = { summary, header: compact.header, items: compact.items };
  const before = await previousRun(store, summary);
  const diff = await compareRuns(
    store,
    before ? await store.load(before.id, { bodies: false }) : null,
    current,
  );
  const trend = (await store.runs({ limit: trendLength, upTo: summary })).reverse().map(trendPoint);
  return {
    history: {
      run: summary.id,
      previous: before ? { run: before.id, generatedAt: before.generatedAt } : null,
      trend,
      changes: diff.changes,
    },
    diff,
  };
}
