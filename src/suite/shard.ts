/** `--shard K/N`: the K-th of N slices of a suite, so a CI matrix can spread it over machines. */

export interface Shard {
  /** 1-based. */
  readonly k: number;
  readonly n: number;
}

/** `"2/3"` → {k: 2, n: 3}; a message for the user when the text is not K/N with 1 ≤ K ≤ N. */
export function parseShard(text: string): Shard | { readonly error: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return { error: `--shard expects K/N (e.g. 1/4), got '${text}'` };
  const k = Number(m[1]);
  const n = Number(m[2]);
  // Past 2^53 the numbers round: two different K would read as one.
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(k)) return { error: `--shard: K and N must be at most ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}, got '${text}'` };
  if (n < 1) return { error: `--shard: the number of shards must be at least 1, got '${text}'` };
  if (k < 1 || k > n) return { error: `--shard: K must be between 1 and ${n}, got '${text}'` };
  return { k, n };
}

/**
 * Indices of the entries in shard K of N: i % N == K-1. Round robin rather than contiguous
 * blocks, so neighbouring (often similar-sized) entries land on different machines.
 */
export function shardIndices(count: number, shard: Shard | null): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  return shard ? all.filter((i) => i % shard.n === shard.k - 1) : all;
}
