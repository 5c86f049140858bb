// History of scheduled assessments: one store interface (SQLite file or PostgreSQL), diffs by stable key, trend.
export { type CompactRun, compactRun, expandRun, type StoredItem } from './compact-run.js';
export { diffRuns, openItems } from './diff.js';
export {
  type ExpiringWaiver,
  expiringWaivers,
  expiringWithinDays,
  waiverDaysLeft,
} from './expiring-waivers.js';
export { HistoryError, type HistoryProblem } from './history-error.js';
export { defaultHistoryFile, type HistoryLocation, parseHistoryLocation, redactUrl } from './location.js';
export { openHistory } from './open.js';
export { diffMarkdown, runMarkdown, runsMarkdown } from './output-markdown.js';
export { diffTable, recordedText, runsTable, runTable } from './output-table.js';
export { compareRuns, previousRun, type RunDiff, recordRun, trendLength, trendPoint } from './record.js';
export { resolveRun } from './run-ref.js';
export type { FirstSeen, HistoryStore, PruneRule, RunSummary, StoredRun } from './store.js';
export { summarizeRun } from './store.js';
