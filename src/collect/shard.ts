import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { BundleWriter } from '../evidence/writer.js';
import type { Provider } from '../model/provider.js';

/** One part of a sharded collection: `index` counts from 1 to `count`, as `--shard 2/4` says it. */
export interface Shard {
  index: number;
  count: number;
}

/** `--shard I/N`: I from 1 to N; a scheduler's 0-based index is converted by the caller (see docs/sharding.md). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a shard: write I/N, e.g. 2/4 (I counts from 1 to N)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 10_000) throw new Error(`"${text}": the shard count N must be from 1 to 10000`);
  if (index < 1 || index > count)
    throw new Error(
      `"${text}": the shard index I must be from 1 to ${count}${index === 0 ? " (I counts from 1: add 1 to a scheduler's 0-based index)" : ''}`,
    );
  return { index, count };
}

/** MurmurHash3's finalizer: every input bit flips about half the output bits. */
function mix32(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Rendezvous (highest-random-weight) hashing: a scope belongs to the shard that weighs it most. The scope is hashed
 * once (sha256, so ids that differ by one digit land far apart) and weighed per shard with a cheap mix. Adding or
 * removing a scope moves no other scope; going from N to N+1 shards moves only the scopes the new shard wins.
 */
export function shardOf(scope: string, count: number): number {
  const h = createHash('sha256').update(scope).digest().readUInt32BE(0);
  let best = 1;
  let top = -1;
  for (let i = 1; i <= count; i++) {
    const w = mix32(h ^ mix32(Math.imul(i, 0x9e3779b9)));
    if (w > top) {
      top = w;
      best = i;
    }
  }
  return best;
}

/** The scopes of `all` this shard owns, in their given order; every scope is owned by exactly one shard. */
export function scopesOfShard(all: readonly string[], shard: Shard): string[] {
  return all.filter((s) => shardOf(s, shard.count) === shard.index);
}

/**
 * Applies a shard to the scopes a collector discovered, before any per-scope call, and records it in the manifest:
 * returns the scopes this shard owns (all of them without a shard).
 */
export function applyShard(
  writer: BundleWriter,
  provider: Provider,
  origin: string,
  discovered: readonly string[],
  shard: Shard | undefined,
): string[] {
  if (!shard) return [...discovered];
  assertShard(shard);
  const scopes = [...new Set(discovered)].sort();
  writer.setShard({ index: shard.index, count: shard.count, provider, origin, scopes });
  return discovered.filter((s) => shardOf(s, shard.count) === shard.index);
}

/** Checks a shard given in code (the CLI parses text with `parseShard`). */
export function assertShard(shard: Shard): void {
  if (!Number.isInteger(shard.index) || !Number.isInteger(shard.count) || shard.count < 1)
    throw new InputError(`shard ${shard.index}/${shard.count} is not valid`);
  if (shard.index < 1 || shard.index > shard.count)
    throw new InputError(`shard ${shard.index}/${shard.count}: the index must be from 1 to ${shard.count}`);
}
