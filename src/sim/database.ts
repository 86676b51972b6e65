/**
 * The tuples of one relation at one time, append-only: a tuple's position never changes, so a
 * semi-naive round reads "old", "delta" and "total" as position ranges of the same array. Hash
 * indexes on join columns are built on first use and kept up to date by `addTuple`.
 */
import type { Tuple } from './types.js';
import { valueKey } from '../terms/values.js';

/** A lineage node while the run is being built (mutable; exposed read-only as `TupleNode`). */
export interface TupleNodeRecord {
  readonly id: number;
  readonly relation: string;
  readonly tuple: Tuple;
  readonly time: number;
  base: boolean;
  readonly firings: number[];
}

export interface Relation {
  readonly tuples: Tuple[];
  /** Tuple key → position. */
  readonly keys: Map<string, number>;
  /** Lineage node of each tuple, by position. */
  readonly nodes: TupleNodeRecord[];
  /** Column sets indexed (from the compiled program), and the indexes built so far. */
  readonly indexCols: readonly (readonly number[])[];
  readonly indexes: (Map<string, number[]> | undefined)[];
}

/** One time step: relation id → its tuples (undefined until the first tuple arrives). */
export type Database = (Relation | undefined)[];

export function newRelation(indexCols: readonly (readonly number[])[]): Relation {
  return { tuples: [], keys: new Map(), nodes: [], indexCols, indexes: new Array<undefined>(indexCols.length).fill(undefined) };
}

export function projectKey(t: Tuple, cols: readonly number[]): string {
  let key = valueKey(t[cols[0]!]!);
  for (let i = 1; i < cols.length; i++) key += '\u0000' + valueKey(t[cols[i]!]!);
  return key;
}

/** Positions of the tuples whose `indexCols[slot]` columns have this key, ascending. */
export function lookup(rel: Relation, slot: number, key: string): number[] | undefined {
  let index = rel.indexes[slot];
  if (index === undefined) {
    index = new Map();
    const cols = rel.indexCols[slot]!;
    const tuples = rel.tuples;
    for (let i = 0; i < tuples.length; i++) {
      const k = projectKey(tuples[i]!, cols);
      const bucket = index.get(k);
      if (bucket === undefined) index.set(k, [i]);
      else bucket.push(i);
    }
    rel.indexes[slot] = index;
  }
  return index.get(key);
}

/** Appends a tuple not yet present (the caller looked its key up) and returns its position. */
export function appendTuple(rel: Relation, tuple: Tuple, key: string, node: TupleNodeRecord): number {
  const pos = rel.tuples.length;
  rel.tuples.push(tuple);
  rel.keys.set(key, pos);
  rel.nodes.push(node);
  for (let s = 0; s < rel.indexes.length; s++) {
    const index = rel.indexes[s];
    if (index === undefined) continue;
    const k = projectKey(tuple, rel.indexCols[s]!);
    const bucket = index.get(k);
    if (bucket === undefined) index.set(k, [pos]);
    else bucket.push(pos);
  }
  return pos;
}
