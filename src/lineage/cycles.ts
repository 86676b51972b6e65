/**
 * Same-time recursion in a run's lineage: tuples that support each other at one time step
 * (`reach(X, Z) :- reach(X, Y), reach(Y, Z)`). Such a group is a strongly connected component of
 * the graph "head → same-time body tuple". The over-approximation of a tuple in one is computed
 * for the whole component at once, by unrolling the rounds of evaluation (see abstraction.ts).
 */
import type { CompiledProgram } from '../sim/compile.js';
import type { Lineage } from '../sim/types.js';

export interface Components {
  /** Component index per tuple id, or -1 for a tuple on no same-time cycle. */
  readonly of: Int32Array;
  readonly members: readonly (readonly number[])[];
}

/** Some rule reads its own stratum positively: only then can a run's lineage have a same-time cycle. */
export function hasSameTimeRecursion(compiled: CompiledProgram): boolean {
  return compiled.strata.some((s) => s.rules.some((r) => r.positives.some((p) => p.recursive)));
}

/** Tarjan's algorithm, iterative (components can be long chains). */
export function sameTimeComponents(lineage: Lineage, compiled?: CompiledProgram): Components {
  if (compiled && !hasSameTimeRecursion(compiled)) return { of: new Int32Array(lineage.tuples.length).fill(-1), members: [] };
  const { tuples, firings } = lineage;
  const n = tuples.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const of = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  const stack: number[] = [];
  let counter = 0;
  const successors = (v: number): number[] => {
    const t = tuples[v]!;
    const out: number[] = [];
    for (const f of t.firings) for (const b of firings[f]!.body) if (tuples[b]!.time === t.time && !tuples[b]!.base) out.push(b);
    return out;
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; next: number[]; i: number }[] = [];
    const open = (v: number): void => {
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = 1;
      work.push({ v, next: successors(v), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.next.length) {
        const w = frame.next[frame.i++]!;
        if (index[w] === -1) open(w);
        else if (onStack[w]) low[frame.v] = Math.min(low[frame.v]!, index[w]!);
        continue;
      }
      work.pop();
      const v = frame.v;
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      const component: number[] = [];
      for (;;) {
        const w = stack.pop()!;
        onStack[w] = 0;
        component.push(w);
        if (w === v) break;
      }
      const cyclic = component.length > 1 || successors(v).includes(v);
      if (!cyclic) continue;
      component.sort((a, b) => a - b);
      for (const w of component) of[w] = members.length;
      members.push(component);
    }
  }
  return { of, members };
}
