/**
 * A run's tuples found by value: the same tuple at the same time in two runs (a run of the
 * search, and the possible run) is how the analyses connect them.
 */
import type { Value } from '../syntax/ast.js';
import type { AggregateGroup, RunResult, Tuple } from '../sim/types.js';
import { tupleKey, valueKey } from '../terms/values.js';

/** A tuple pattern: a value per column, null for "any value". */
export type Pattern = readonly (Value | null)[];

export function patternKey(p: Pattern): string {
  let key = '';
  for (const v of p) key += v === null ? '\u0001_' : '\u0001' + valueKey(v);
  return key;
}

/** Identifies an aggregate group across runs: the same rule, body time and key. */
export function groupKey(g: Pick<AggregateGroup, 'rule' | 'time' | 'key'>): string {
  return `${g.rule}|${g.time}|${patternKey(g.key)}`;
}

export class RunIndex {
  private readonly ids = new Map<string, number>();
  /** `relation@time` → ids, and the same split by the first column's value. */
  private readonly byRelation = new Map<string, number[]>();
  private readonly byLocation = new Map<string, number[]>();
  private readonly patternMemo = new Map<string, readonly number[]>();
  private readonly groupsByKey = new Map<string, AggregateGroup>();

  constructor(readonly run: RunResult) {
    for (const t of run.lineage.tuples) {
      const rt = `${t.relation}@${t.time}`;
      this.ids.set(`${rt}:${tupleKey(t.tuple)}`, t.id);
      push(this.byRelation, rt, t.id);
      if (t.tuple.length > 0) push(this.byLocation, `${rt}:${valueKey(t.tuple[0]!)}`, t.id);
    }
    for (const g of run.lineage.groups) this.groupsByKey.set(groupKey(g), g);
  }

  /** The id of this tuple at this time, or undefined when the run does not have it. */
  find(relation: string, tuple: Tuple, time: number): number | undefined {
    return this.ids.get(`${relation}@${time}:${tupleKey(tuple)}`);
  }

  /** Ids of the tuples matching the pattern at this time, ascending. */
  matching(relation: string, pattern: Pattern, time: number): readonly number[] {
    const rt = `${relation}@${time}`;
    if (!pattern.includes(null)) {
      const id = this.ids.get(`${rt}:${tupleKey(pattern as Tuple)}`);
      return id === undefined ? [] : [id];
    }
    const key = `${rt}:${patternKey(pattern)}`;
    let found = this.patternMemo.get(key);
    if (found === undefined) {
      const first = pattern[0] ?? null;
      const candidates = (first === null ? this.byRelation.get(rt) : this.byLocation.get(`${rt}:${valueKey(first)}`)) ?? [];
      const tuples = this.run.lineage.tuples;
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

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
