import { describe, expect, it } from 'vitest';
import { parseShard, scopesOfShard, shardOf } from '../../../src/collect/shard.js';

const accounts = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => String(100000000000 + from + i));

describe('shard assignment (rendezvous hashing)', () => {
  it('puts every scope in exactly one shard, the same one every time', () => {
    const all = accounts(1000);
    const parts = [1, 2, 3, 4, 5].map((index) => scopesOfShard(all, { index, count: 5 }));
    expect(parts.flat().sort()).toEqual(all);
    for (const s of all) expect(shardOf(s, 5)).toBe(shardOf(s, 5));
    expect(scopesOfShard(all, { index: 3, count: 5 })).toEqual(parts[2]);
  });

  it('is roughly balanced', () => {
    const all = accounts(2000);
    for (const count of [4, 50]) {
      const sizes = Array.from({ length: count }, () => 0);
      for (const s of all) sizes[shardOf(s, count) - 1] = (sizes[shardOf(s, count) - 1] ?? 0) + 1;
      const mean = all.length / count;
      // Binomial spread: within 5 standard deviations of the mean.
      const sd = Math.sqrt(mean * (1 - 1 / count));
      for (const n of sizes) expect(Math.abs(n - mean)).toBeLessThan(5 * sd);
    }
  });

  it('moves no other scope when scopes are added or removed', () => {
    const before = accounts(500);
    const after = [...before.filter((_, i) => i % 7 !== 0), ...accounts(60, 5000)];
    for (const s of before.filter((x) => after.includes(x))) expect(shardOf(s, 8)).toBe(shardOf(s, 8));
    const kept = before.filter((x) => after.includes(x));
    for (let index = 1; index <= 8; index++) {
      const was = scopesOfShard(before, { index, count: 8 }).filter((s) => kept.includes(s));
      const now = scopesOfShard(after, { index, count: 8 }).filter((s) => kept.includes(s));
      expect(now).toEqual(was);
    }
  });

  it('moves only about 1/(N+1) of the scopes when a shard is added', () => {
    const all = accounts(4000);
    const moved = all.filter((s) => shardOf(s, 8) !== shardOf(s, 9));
    // Every moved scope goes to the new shard; about a ninth of them move.
    for (const s of moved) expect(shardOf(s, 9)).toBe(9);
    expect(moved.length / all.length).toBeGreaterThan(0.08);
    expect(moved.length / all.length).toBeLessThan(0.15);
  });

  it('reads I/N with I from 1 to N and names what is wrong otherwise', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(() => parseShard('0/4')).toThrow(
      /index I must be from 1 to 4 \(I counts from 1: add 1 to a scheduler's 0-based index\)/,
    );
    expect(() => parseShard('5/4')).toThrow(/index I must be from 1 to 4/);
    expect(() => parseShard('1/0')).toThrow(/count N must be from 1/);
    expect(() => parseShard('two/4')).toThrow(/is not a shard: write I\/N/);
    expect(() => parseShard('2-4')).toThrow(/is not a shard/);
  });
});
