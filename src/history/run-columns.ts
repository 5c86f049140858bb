import { type CompactRun, packHeader } from './compact-run.js';
import type { NewRun } from './store.js';

/** The columns of `rigsight_runs` a store writes for a new run, in the order `runValues` gives them. */
export const RUN_COLUMNS =
  'generated_at, recorded_at, tool_version, schema_version, policy_source, policy_sha256, manifest_sha256, grade, score, pillars, counts, header';

/** A new run's values for `RUN_COLUMNS`: one list for both stores. */
export function runValues(run: CompactRun, summary: NewRun, recordedAt: string) {
  return [
    run.generatedAt,
    recordedAt,
    summary.toolVersion,
    summary.schemaVersion,
    summary.policy.source,
    summary.policy.sha256,
    summary.manifestSha256,
    summary.grade,
    summary.value,
    JSON.stringify(summary.pillars),
    JSON.stringify(summary.counts),
    packHeader(run.header),
  ] as const;
}
