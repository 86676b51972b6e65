/**
 * Interchangeable nodes: renaming one into the other maps the program to itself. Then the run
 * under a fault set, renamed, is the run under the renamed fault set, and one violates exactly
 * when the other does; the search needs only one fault set of each such pair (see
 * solve/session.ts, `breakSymmetry`).
 *
 * Two nodes are interchangeable when neither is named by a rule (a constant in a head, a body or
 * a comparison), swapping them maps the set of facts to itself, and no rule orders values that
 * could be either of them (a comparison `<`, `>`, `<=`, `>=`, or a min or max over them): a
 * renaming keeps equality but not order. Which values a column can hold is read off the possible
 * run. A node named by digits ("1") is never interchangeable when some number 1 can occur (a
 * constant, a fact, a computed value): a number in a location column is that node, and a renaming
 * of strings would not rename the number. Classes are closed under composition: a swap of a with b and of b with c makes all three
 * interchangeable. A program with an @async aggregate has none: such a message leaves from its
 * first binding's node, and which binding comes first follows the order of the facts, which a
 * renaming does not keep.
 */
import type { Rule, Term, Value } from '../syntax/ast.js';
import type { CompiledProgram } from '../sim/compile.js';
import type { Bounds, Fault, FaultSet } from '../faults/types.js';
import { canonicalFaults } from '../faults/text.js';
import { programFacts } from '../lineage/possible.js';
import { tupleKey } from '../terms/values.js';
import { subTermsOf } from '../syntax/walk.js';

/** Classes of interchangeable nodes, each sorted as in `bounds.nodes`, only classes of two or more. */
export function interchangeableClasses(compiled: CompiledProgram, bounds: Bounds): string[][] {
  if (compiled.rules.some((r) => r.headTime === 'async' && r.head.args.some((a) => a.kind === 'aggregate'))) return [];
  const named = ruleConstants(compiled);
  const ordered = orderedValues(compiled, bounds);
  if (ordered === null) return [];
  const numbers = numberNames(compiled, bounds, named);
  const candidates = bounds.nodes.filter((n) => !named.has(n) && !ordered.has(n) && !numbers.has(n));
  const facts = factKeys(compiled);
  const present = new Set(facts.map((f) => f.key));
  const parent = new Map(candidates.map((n) => [n, n]));
  const find = (n: string): string => {
    while (parent.get(n) !== n) n = parent.get(n)!;
    return n;
  };
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const a = candidates[i]!;
      const b = candidates[j]!;
      if (find(a) === find(b)) continue;
      const swap = (v: Value): Value => (v === a ? b : v === b ? a : v);
      if (facts.every((f) => present.has(f.swapped(swap)))) parent.set(find(b), find(a));
    }
  }
  const classes = new Map<string, string[]>();
  for (const n of candidates) {
    const root = find(n);
    classes.set(root, [...(classes.get(root) ?? []), n]);
  }
  return [...classes.values()].filter((c) => c.length > 1);
}

/** Every constant a rule names: in its head, a body atom or a comparison, arithmetic included. */
function ruleConstants(compiled: CompiledProgram): Set<Value> {
  const out = new Set<Value>();
  for (const r of compiled.rules) {
    const terms = [...r.head.args, ...r.body.flatMap((b) => (b.kind === 'atom' ? b.atom.args : [b.left, b.right]))];
    for (const t of terms) for (const sub of subTermsOf(t)) if (sub.kind === 'const') out.add(sub.value);
  }
  return out;
}

/** The digits of every number the program can hold: a rule's constant, a fact, or a tuple of the possible run. */
function numberNames(compiled: CompiledProgram, bounds: Bounds, constants: ReadonlySet<Value>): Set<string> {
  const out = new Set<string>();
  const note = (v: Value): void => {
    if (typeof v === 'number') out.add(String(v));
  };
  constants.forEach(note);
  for (const f of compiled.alwaysFacts) f.tuple.forEach(note);
  for (const list of compiled.timedFacts.values()) for (const f of list) f.tuple.forEach(note);
  for (const t of programFacts(compiled, bounds).possible?.run.lineage.tuples ?? []) t.tuple.forEach(note);
  return out;
}

/** The fault set with the nodes of `swap` exchanged, canonical. */
export function renameFaults(faults: FaultSet, swap: (n: string) => string): FaultSet {
  return canonicalFaults(faults.map((f): Fault => (f.kind === 'omit' ? { ...f, from: swap(f.from), to: swap(f.to) } : { ...f, node: swap(f.node) })));
}

interface FactKey {
  readonly key: string;
  swapped(swap: (v: Value) => Value): string;
}

/** Facts as keys (relation, time, tuple), with a way to key their renamed version. */
function factKeys(compiled: CompiledProgram): FactKey[] {
  const keyOf = (rel: string, time: string, tuple: readonly Value[]): string => `${rel}@${time}:${tupleKey(tuple)}`;
  const out: FactKey[] = [];
  const add = (rel: number, time: string, tuple: readonly Value[]): void => {
    const name = compiled.relations[rel]!;
    out.push({ key: keyOf(name, time, tuple), swapped: (swap) => keyOf(name, time, tuple.map(swap)) });
  };
  for (const f of compiled.alwaysFacts) add(f.rel, '*', f.tuple);
  for (const [t, list] of compiled.timedFacts) for (const f of list) add(f.rel, String(t), f.tuple);
  return out;
}

/**
 * Values some rule orders: the possible values of every variable under `<`, `>`, `<=`, `>=` or
 * inside a min/max. Null when the possible run could not be built (then no node is safe).
 */
function orderedValues(compiled: CompiledProgram, bounds: Bounds): Set<Value> | null {
  const possible = programFacts(compiled, bounds).possible;
  if (!possible) return null;
  const columnValues = new Map<string, Set<Value>>();
  for (const t of possible.run.lineage.tuples) {
    t.tuple.forEach((v, i) => {
      const k = `${t.relation}/${i}`;
      let s = columnValues.get(k);
      if (!s) columnValues.set(k, (s = new Set()));
      s.add(v);
    });
  }
  const out = new Set<Value>();
  const valuesOfVar = (rule: Rule, name: string): void => {
    for (const b of rule.body) {
      if (b.kind !== 'atom' || b.negated) continue;
      b.atom.args.forEach((a, i) => {
        if (a.kind === 'var' && a.name === name) for (const v of columnValues.get(`${b.atom.relation}/${i}`) ?? []) out.add(v);
      });
    }
  };
  const varsOf = (t: Term, acc: string[]): string[] => {
    if (t.kind === 'var') acc.push(t.name);
    else if (t.kind === 'arith') {
      varsOf(t.left, acc);
      varsOf(t.right, acc);
    } else if (t.kind === 'aggregate') varsOf(t.arg, acc);
    return acc;
  };
  for (const r of compiled.rules) {
    for (const b of r.body) if (b.kind === 'compare' && b.op !== '==' && b.op !== '!=') for (const v of [...varsOf(b.left, []), ...varsOf(b.right, [])]) valuesOfVar(r, v);
    for (const a of r.head.args) if (a.kind === 'aggregate' && (a.fn === 'min' || a.fn === 'max')) for (const v of varsOf(a.arg, [])) valuesOfVar(r, v);
  }
  return out;
}
