/**
 * Tables per timestep. The fault-free run's tables are embedded in full (up to a row budget); every
 * other run is embedded as its difference from them, which is both what the page marks and what
 * keeps a report with many runs small.
 */
import type { RunResult, Tuple } from '../sim/types.js';
import { compareStrings, formatTuple, tupleKey } from '../terms/values.js';

export interface RelationRows {
  readonly relation: string;
  /** Printed tuples, `log("a", 1)`, in the run's (sorted) order. */
  readonly rows: readonly string[];
}

export interface TableSnapshot {
  readonly time: number;
  readonly relations: readonly RelationRows[];
}

export interface TableDiff {
  readonly time: number;
  /** In this run, not in the fault-free run at the same time. */
  readonly added: readonly RelationRows[];
  /** In the fault-free run, not in this run. */
  readonly removed: readonly RelationRows[];
}

/** Row budget per relation and step: beyond it the page would be slow and the file large. */
export const MAX_ROWS_PER_TABLE = 2000;

export interface Snapshots {
  readonly snapshots: readonly TableSnapshot[];
  /** Rows left out by the budget, summed over all tables. */
  readonly omittedRows: number;
}

export function tableSnapshots(run: RunResult, maxRows = MAX_ROWS_PER_TABLE): Snapshots {
  let omittedRows = 0;
  const snapshots = run.tables.map((table, i) => {
    const relations: RelationRows[] = [];
    for (const [relation, tuples] of sortedEntries(table)) {
      omittedRows += Math.max(0, tuples.length - maxRows);
      relations.push({ relation, rows: tuples.slice(0, maxRows).map((t) => formatTuple(relation, t)) });
    }
    return { time: i + 1, relations };
  });
  return { snapshots, omittedRows };
}

function sortedEntries(table: ReadonlyMap<string, readonly Tuple[]>): [string, readonly Tuple[]][] {
  return [...table.entries()].sort((a, b) => compareStrings(a[0], b[0]));
}

function difference(a: readonly Tuple[], b: readonly Tuple[]): Tuple[] {
  const keys = new Set(b.map(tupleKey));
  return a.filter((t) => !keys.has(tupleKey(t)));
}

/** Only the steps where something differs are listed. */
export function tableDiffs(run: RunResult, baseline: RunResult, maxRows = MAX_ROWS_PER_TABLE): TableDiff[] {
  const out: TableDiff[] = [];
  const steps = Math.max(run.tables.length, baseline.tables.length);
  const empty = new Map<string, readonly Tuple[]>();
  for (let i = 0; i < steps; i++) {
    const mine = run.tables[i] ?? empty;
    const base = baseline.tables[i] ?? empty;
    const relations = [...new Set([...mine.keys(), ...base.keys()])].sort(compareStrings);
    const added: RelationRows[] = [];
    const removed: RelationRows[] = [];
    for (const relation of relations) {
      const m = mine.get(relation) ?? [];
      const b = base.get(relation) ?? [];
      const plus = difference(m, b);
      const minus = difference(b, m);
      const print = (ts: Tuple[]): string[] => ts.slice(0, maxRows).map((t) => formatTuple(relation, t));
      if (plus.length > 0) added.push({ relation, rows: print(plus) });
      if (minus.length > 0) removed.push({ relation, rows: print(minus) });
    }
    if (added.length > 0 || removed.length > 0) out.push({ time: i + 1, added, removed });
  }
  return out;
}
