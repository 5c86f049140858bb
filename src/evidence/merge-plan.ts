import { shardOf } from '../collect/shard.js';
import type { Manifest, ManifestFile, ShardRecord } from './manifest.js';

export type OnConflict = 'refuse' | 'newest';

/** How a merge words a scope it expected but no input collected; a later merge lets a real collection replace it. */
const NOT_COLLECTED = 'not collected: ';
const placeholder = (s: Manifest['scopes'][number]) =>
  s.status === 'failed' && s.caller === null && s.reason?.startsWith(NOT_COLLECTED) === true;

/** One verified input of a merge: its manifest and the hash that pins it. */
export interface PlanInput {
  /** As the user named it (a folder or a `.tar.gz`). */
  bundle: string;
  manifest: Manifest;
  manifestSha256: string;
}

/** A path (or a scope) two inputs hold differently. */
export interface MergeConflict {
  kind: 'file' | 'scope';
  /** The bundle path, or `provider/scope-id` for a scope. */
  path: string;
  /** Input indexes holding a copy, and what each holds. */
  copies: { input: number; sha256?: string; collectedAt: string }[];
  /** With `--on-conflict newest`: the input whose copy is kept. */
  kept?: number;
}

/** Shards of one collection (same provider and origin) that no input holds. */
export interface MissingShard {
  provider: ShardRecord['provider'];
  origin: string;
  index: number;
  count: number;
  scopes: string[];
}

export interface MergePlan {
  /** The merged manifest's files in path order; `source` says which input's copy to take. */
  files: ManifestFile[];
  scopes: Manifest['scopes'];
  conflicts: MergeConflict[];
  missing: MissingShard[];
  /** Problems that stop the merge whatever the options (shards of different N, or of different organizations). */
  refusals: string[];
  /** What the user should know but does not stop the merge (a scope list that changed between shards). */
  notes: string[];
}

/** Decides, from the manifests alone, what the merged bundle holds; nothing is read or written here. */
export function planMerge(inputs: readonly PlanInput[], onConflict: OnConflict): MergePlan {
  const refusals: string[] = [];
  const notes: string[] = [];
  const conflicts: MergeConflict[] = [];
  const files = mergeFiles(inputs, onConflict, conflicts);
  const scopes = mergeScopes(inputs, onConflict, conflicts);
  const missing = checkShards(inputs, scopes, refusals, notes);
  return { files, scopes, conflicts, missing, refusals, notes };
}

/** Identical copies become one (the others listed in `alsoIn`); differing copies are conflicts. */
function mergeFiles(
  inputs: readonly PlanInput[],
  onConflict: OnConflict,
  conflicts: MergeConflict[],
): ManifestFile[] {
  const byPath = new Map<string, { input: number; entry: ManifestFile }[]>();
  inputs.forEach((input, i) => {
    for (const entry of input.manifest.files) {
      const copies = byPath.get(entry.path);
      if (copies) copies.push({ input: i, entry });
      else byPath.set(entry.path, [{ input: i, entry }]);
    }
  });
  const out: ManifestFile[] = [];
  for (const [path, copies] of byPath) {
    const first = copies[0] as { input: number; entry: ManifestFile };
    const { source: _s, alsoIn: _a, discarded: _d, ...plain } = first.entry;
    if (copies.every((c) => c.entry.sha256 === first.entry.sha256)) {
      const also = copies.slice(1).map((c) => c.input);
      out.push({ ...plain, source: first.input, ...(also.length ? { alsoIn: also } : {}) });
      continue;
    }
    const conflict: MergeConflict = {
      kind: 'file',
      path,
      copies: copies.map((c) => ({
        input: c.input,
        sha256: c.entry.sha256,
        collectedAt: c.entry.collectedAt,
      })),
    };
    conflicts.push(conflict);
    if (onConflict !== 'newest') continue;
    // The newest by collection time; on a tie the later input, as a later run would have written it.
    const kept = copies.reduce((best, c) => (c.entry.collectedAt >= best.entry.collectedAt ? c : best));
    conflict.kept = kept.input;
    const { source: _ks, alsoIn: _ka, discarded: _kd, ...keptPlain } = kept.entry;
    const same = copies.filter((c) => c !== kept && c.entry.sha256 === kept.entry.sha256).map((c) => c.input);
    const discarded = copies
      .filter((c) => c.entry.sha256 !== kept.entry.sha256)
      .map((c) => ({
        sha256: c.entry.sha256,
        bytes: c.entry.bytes,
        collectedAt: c.entry.collectedAt,
        source: c.input,
      }));
    out.push({ ...keptPlain, source: kept.input, ...(same.length ? { alsoIn: same } : {}), discarded });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A scope collected by two inputs is a conflict too: with `newest`, the entry of the input that finished last. */
function mergeScopes(
  inputs: readonly PlanInput[],
  onConflict: OnConflict,
  conflicts: MergeConflict[],
): Manifest['scopes'] {
  const byId = new Map<string, { input: number; scope: Manifest['scopes'][number] }[]>();
  inputs.forEach((input, i) => {
    for (const scope of input.manifest.scopes) {
      const key = `${scope.provider}/${scope.id}`;
      byId.set(key, [...(byId.get(key) ?? []), { input: i, scope }]);
    }
  });
  const out: Manifest['scopes'] = [];
  for (const [key, all] of byId) {
    const real = all.filter((c) => !placeholder(c.scope));
    const copies = real.length ? real : all.slice(0, 1);
    const first = copies[0] as { input: number; scope: Manifest['scopes'][number] };
    if (copies.length === 1) {
      out.push(first.scope);
      continue;
    }
    const finished = (i: number) => inputs[i]?.manifest.finishedAt ?? '';
    const conflict: MergeConflict = {
      kind: 'scope',
      path: key,
      copies: copies.map((c) => ({ input: c.input, collectedAt: finished(c.input) })),
    };
    conflicts.push(conflict);
    if (onConflict !== 'newest') continue;
    const kept = copies.reduce((best, c) => (finished(c.input) >= finished(best.input) ? c : best));
    conflict.kept = kept.input;
    out.push(kept.scope);
  }
  return out.sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id));
}

/**
 * Shards are grouped by provider and origin: a group must agree on N, one provider's shards must come from one
 * origin, and every scope the shards discovered but none collected is listed (with the shard that owns it) as a
 * failed scope, so assessment reports it as unassessed.
 */
function checkShards(
  inputs: readonly PlanInput[],
  scopes: Manifest['scopes'],
  refusals: string[],
  notes: string[],
): MissingShard[] {
  const groups = new Map<string, { record: ShardRecord; input: number }[]>();
  inputs.forEach((input, i) => {
    const record = input.manifest.shard;
    if (!record) return;
    const key = `${record.provider}\u0000${record.origin}`;
    groups.set(key, [...(groups.get(key) ?? []), { record, input: i }]);
  });
  const origins = new Map<string, string[]>();
  for (const members of groups.values()) {
    const r = (members[0] as { record: ShardRecord }).record;
    origins.set(r.provider, [...(origins.get(r.provider) ?? []), r.origin]);
  }
  for (const [provider, list] of origins)
    if (list.length > 1)
      refusals.push(
        `shards of different organizations (${provider}): ${list.join(', ')}; merge each organization's shards on their own`,
      );

  const missing: MissingShard[] = [];
  const collected = new Set(scopes.map((s) => `${s.provider}/${s.id}`));
  for (const members of groups.values()) {
    const { provider, origin } = (members[0] as { record: ShardRecord }).record;
    const counts = [...new Set(members.map((m) => m.record.count))];
    if (counts.length > 1) {
      refusals.push(
        `shards of ${origin} were cut in different counts (${members
          .map((m) => `${inputs[m.input]?.bundle} is ${m.record.index}/${m.record.count}`)
          .join(', ')}); collect every shard with the same N`,
      );
      continue;
    }
    const count = counts[0] as number;
    const byIndex = new Map<number, number[]>();
    for (const m of members) byIndex.set(m.record.index, [...(byIndex.get(m.record.index) ?? []), m.input]);
    for (const [index, holders] of byIndex)
      if (holders.length > 1)
        notes.push(
          `shard ${index}/${count} of ${origin} is given ${holders.length} times (${holders.map((h) => inputs[h]?.bundle).join(', ')}); their scopes conflict`,
        );
    const expected = [...new Set(members.flatMap((m) => m.record.scopes))].sort();
    const seen = members.map((m) => m.record.scopes.length);
    if (new Set(seen).size > 1)
      notes.push(
        `the shards of ${origin} discovered different scope lists (${Math.min(...seen)} to ${Math.max(...seen)} scopes): scopes came or went between runs; all ${expected.length} are expected`,
      );
    const owner = new Map(expected.map((s) => [s, shardOf(s, count)]));
    for (let index = 1; index <= count; index++) {
      const owned = expected.filter((s) => owner.get(s) === index);
      const absent = owned.filter((s) => !collected.has(`${provider}/${s}`));
      // A shard no input is marked as is missing, unless another input (an earlier merge) holds all its scopes.
      if (!byIndex.has(index) && (absent.length > 0 || owned.length === 0)) {
        missing.push({ provider, origin, index, count, scopes: owned });
        for (const id of absent)
          scopes.push({
            provider,
            id,
            caller: null,
            status: 'failed',
            reason: `${NOT_COLLECTED}shard ${index}/${count} is missing from the merge`,
          });
      } else if (byIndex.has(index)) {
        for (const id of absent)
          scopes.push({
            provider,
            id,
            caller: null,
            status: 'failed',
            reason: `${NOT_COLLECTED}discovered by another shard, but shard ${index}/${count}, which owns it, did not list it (it appeared between their runs)`,
          });
      }
    }
  }
  scopes.sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id));
  return missing;
}
