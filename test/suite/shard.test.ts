import { describe, expect, it } from 'vitest';
import { parseShard, shardIndices } from '../../src/suite/shard.js';

describe('--shard K/N', () => {
  it('parses K/N with 1 ≤ K ≤ N', () => {
    expect(parseShard('2/3')).toEqual({ k: 2, n: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ k: 1, n: 1 });
  });

  it.each([
    ['3', "--shard expects K/N (e.g. 1/4), got '3'"],
    ['a/b', "--shard expects K/N (e.g. 1/4), got 'a/b'"],
    ['-1/2', "--shard expects K/N (e.g. 1/4), got '-1/2'"],
    ['0/2', "--shard: K must be between 1 and 2, got '0/2'"],
    ['3/2', "--shard: K must be between 1 and 2, got '3/2'"],
    ['1/0', "--shard: the number of shards must be at least 1, got '1/0'"],
    ['1/99999999999999999999', "--shard: K and N must be at most 9,007,199,254,740,991, got '1/99999999999999999999'"],
    ['9007199254740993/9007199254740992', "--shard: K and N must be at most 9,007,199,254,740,991, got '9007199254740993/9007199254740992'"],
  ])('rejects %j', (text, message) => {
    expect(parseShard(text)).toEqual({ error: message });
  });

  it('takes entries i with i % N == K-1, and the shards partition the suite', () => {
    expect(shardIndices(7, { k: 1, n: 3 })).toEqual([0, 3, 6]);
    expect(shardIndices(7, { k: 2, n: 3 })).toEqual([1, 4]);
    expect(shardIndices(7, { k: 3, n: 3 })).toEqual([2, 5]);
    expect(shardIndices(2, { k: 4, n: 4 })).toEqual([]);
    expect(shardIndices(3, null)).toEqual([0, 1, 2]);
    const all = [1, 2, 3, 4].flatMap((k) => shardIndices(10, { k, n: 4 })).sort((a, b) => a - b);
    expect(all).toEqual(shardIndices(10, null));
  });
});
