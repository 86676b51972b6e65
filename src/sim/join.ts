/**
 * The join executor: walks a compiled plan over the database with one binding array, and calls
 * the sink once per complete binding. Ranges per positive atom (`lo`..`hi` positions) are what
 * make a call semi-naive: the caller sets them to old, delta or total before each variant.
 */
import type { Value } from '../syntax/ast.js';
import { compare, evalTerm, type CompiledTerm } from '../terms/eval.js';
import type { CompiledRule, PlanStep } from './compile.js';
import { lookup, type Relation } from './database.js';
import { valueKey } from '../terms/values.js';

export interface JoinState {
  /** Variable slot → value; a slot no atom binds stays undefined and makes any term using it fail. */
  readonly binding: (Value | undefined)[];
  /** Per positive atom: the relation instance it reads (at t, or at N for `@N`), its range, the chosen position. */
  readonly rels: (Relation | undefined)[];
  readonly lo: number[];
  readonly hi: number[];
  readonly pos: number[];
  /** Per negated atom: the relation instance it tests; `negSkip` when it is `@N` with N in the future (holds trivially). */
  readonly negRels: (Relation | undefined)[];
  readonly negSkip: boolean[];
  /** The possible run: a `notin` never blocks (the firing still records what it read). */
  readonly ignoreNegation: boolean;
}

export interface JoinSink {
  fire(rule: CompiledRule, st: JoinState): void;
}

export function newJoinState(rule: CompiledRule, ignoreNegation = false): JoinState {
  const n = rule.positives.length;
  const m = rule.negatives.length;
  return {
    binding: new Array<Value | undefined>(rule.slots).fill(undefined),
    rels: new Array<Relation | undefined>(n).fill(undefined),
    lo: new Array<number>(n).fill(0),
    hi: new Array<number>(n).fill(0),
    pos: new Array<number>(n).fill(0),
    negRels: new Array<Relation | undefined>(m).fill(undefined),
    negSkip: new Array<boolean>(m).fill(false),
    ignoreNegation,
  };
}

function keyOf(terms: readonly CompiledTerm[], binding: readonly (Value | undefined)[]): string | undefined {
  let key = '';
  for (let i = 0; i < terms.length; i++) {
    const v = evalTerm(terms[i]!, binding);
    if (v === undefined) return undefined;
    key += i === 0 ? valueKey(v) : '\u0000' + valueKey(v);
  }
  return key;
}

export function join(rule: CompiledRule, plan: readonly PlanStep[], i: number, st: JoinState, sink: JoinSink): void {
  if (i === plan.length) {
    sink.fire(rule, st);
    return;
  }
  const step = plan[i]!;
  const binding = st.binding;
  switch (step.kind) {
    case 'cmp': {
      const l = evalTerm(step.l, binding);
      const r = evalTerm(step.r, binding);
      if (l !== undefined && r !== undefined && compare(step.op, l, r)) join(rule, plan, i + 1, st, sink);
      return;
    }
    case 'neg': {
      const n = rule.negatives[step.neg]!;
      // The relation as this notin reads it: none when nothing is checked (`@N` in the future, the possible run).
      const rel = st.negSkip[step.neg] || st.ignoreNegation ? undefined : st.negRels[step.neg];
      const held = rel !== undefined && rel.tuples.length > 0;
      if (held && n.keyCols.length === 0) return;
      // An argument that does not evaluate fails the firing, as it does in a positive atom or a
      // comparison, whatever the relation holds (and in the possible run, which reads no notin).
      const key = held || n.fallible ? keyOf(n.keyTerms, binding) : '';
      if (key === undefined) return;
      if (held && (n.exact ? rel.keys.has(key) : lookup(rel, n.indexSlot, key) !== undefined)) return;
      join(rule, plan, i + 1, st, sink);
      return;
    }
    case 'scan': {
      const a = step.atom;
      const rel = st.rels[a];
      if (rel === undefined) return;
      const lo = st.lo[a]!;
      const hi = st.hi[a]!;
      if (lo >= hi) return;
      if (step.exact) {
        const key = keyOf(step.keyTerms, binding);
        if (key === undefined) return;
        const p = rel.keys.get(key);
        if (p !== undefined && p >= lo && p < hi) tryTuple(rule, plan, i, st, sink, rel, p);
      } else if (step.indexSlot >= 0) {
        const key = keyOf(step.keyTerms, binding);
        if (key === undefined) return;
        const bucket = lookup(rel, step.indexSlot, key);
        if (bucket === undefined) return;
        // Ascending positions; tuples appended during this round sit at >= hi, so the loop stops before them.
        for (let j = 0; j < bucket.length; j++) {
          const p = bucket[j]!;
          if (p < lo) continue;
          if (p >= hi) break;
          tryTuple(rule, plan, i, st, sink, rel, p);
        }
      } else {
        for (let p = lo; p < hi; p++) tryTuple(rule, plan, i, st, sink, rel, p);
      }
      return;
    }
  }
}

function tryTuple(rule: CompiledRule, plan: readonly PlanStep[], i: number, st: JoinState, sink: JoinSink, rel: Relation, p: number): void {
  const step = plan[i] as Extract<PlanStep, { kind: 'scan' }>;
  const t = rel.tuples[p]!;
  const binding = st.binding;
  for (let b = 0; b < step.binds.length; b++) {
    const bind = step.binds[b]!;
    binding[bind.slot] = t[bind.col];
  }
  for (let e = 0; e < step.eqs.length; e++) {
    const eq = step.eqs[e]!;
    if (t[eq.col] !== binding[eq.slot]) return;
  }
  for (let q = 0; q < step.posts.length; q++) {
    const post = step.posts[q]!;
    const v = evalTerm(post.term, binding);
    if (v === undefined || v !== t[post.col]) return;
  }
  st.pos[step.atom] = p;
  join(rule, plan, i + 1, st, sink);
}
