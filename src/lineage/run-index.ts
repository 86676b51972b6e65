/**
 * A run's tuples found by value: the same tuple at the same time in two runs (a run of the
 * search, and the possible run) is how the analyses connect them.
 */
import type { Value } from '../syntax/ast.js';
import type { AggregateGroup, RunResult, Tuple } from '../sim/types.js';
import { tupleKey, valueKey } from '../terms/values.js';
import { pushTo } from '../multimap.js';

/** A tuple pattern: a value per column, null for "any value". */
export type Pattern = readonly (Value | null)[];

/** One key per pattern: a value's key never holds a bare \u0000 and is never `_` (see valueKey). */
export function patternKey(p: Pattern): string {
  let key = '';
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    key += (i > 0 ? '\u0000' : '') + (v === null ? '_' : valueKey(v));
  }
  return key;
}

/** Identifies an aggregate group across runs: the same rule, body time and key. */
export function groupKey(g: Pick<AggregateGroup, 'rule' | 'time' | 'key'>): string {
  return `${g.rule}|${g.time}|${patternKey(g.key)}`;
}

/** The ids of one relation at one time; its lookups by value are built on first use. */
interface Bucket {
  readonly ids: number[];
  byTuple?: Map<string, number>;
  byFirst?: Map<string, number[]>;
}

export class RunIndex {
  /** relation → time → bucket. Most buckets of a run are never looked up, so nothing is keyed up front. */
  private readonly buckets = new Map<string, (Bucket | undefined)[]>();
  private readonly patternMemo = new Map<string, readonly number[]>();
  private readonly groupsByKey = new Map<string, AggregateGroup>();

  constructor(readonly run: RunResult) {
    for (const t of run.lineage.tuples) {
      let byTime = this.buckets.get(t.relation);
      if (!byTime) {
        byTime = [];
        this.buckets.set(t.relation, byTime);
      }
      const bucket = byTime[t.time];
      if (bucket) bucket.ids.push(t.id);
      else byTime[t.time] = { ids: [t.id] };
    }
    for (const g of run.lineage.groups) this.groupsByKey.set(groupKey(g), g);
  }

  /** The id of this tuple at this time, or undefined when the run does not have it. */
  find(relation: string, tuple: Tuple, time: number): number | undefined {
    const bucket = this.buckets.get(relation)?.[time];
    if (!bucket) return undefined;
    if (!bucket.byTuple) {
      const tuples = this.run.lineage.tuples;
      bucket.byTuple = new Map(bucket.ids.map((id) => [tupleKey(tuples[id]!.tuple), id]));
    }
    return bucket.byTuple.get(tupleKey(tuple));
  }

  /** Ids of the tuples matching the pattern at this time, ascending. */
  matching(relation: string, pattern: Pattern, time: number): readonly number[] {
    if (!pattern.includes(null)) {
      const id = this.find(relation, pattern as Tuple, time);
      return id === undefined ? [] : [id];
    }
    const bucket = this.buckets.get(relation)?.[time];
    if (!bucket) return [];
    const key = `${relation}@${time}:${patternKey(pattern)}`;
    let found = this.patternMemo.get(key);
    if (found === undefined) {
      const tuples = this.run.lineage.tuples;
      const first = pattern[0] ?? null;
      let candidates: readonly number[] = bucket.ids;
      if (first !== null) {
        if (!bucket.byFirst) {
          bucket.byFirst = new Map();
          for (const id of bucket.ids) {
            const t = tuples[id]!.tuple;
            if (t.length > 0) pushTo(bucket.byFirst, valueKey(t[0]!), id);
          }
        }
        candidates = bucket.byFirst.get(valueKey(first)) ?? [];
      }
      found = candidates.filter((id) => matches(tuples[id]!.tuple, pattern));
      this.patternMemo.set(key, found);
    }
    return found;
  }

  group(key: string): AggregateGroup | undefined {
    return this.groupsByKey.get(key);
  }
}

export function matches(t: Tuple, pattern: Pattern): boolean {
  if (t.length !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] !== null && pattern[i] !== t[i]) return false;
  return true;
}
