/**
 * A rule body matched against one run's tuples, for a rule that did not fire: which `notin` goals
 * stopped it. The run records only firings that happened, so a `post` that never held has no
 * firing to follow; its rule is matched here, head first, over the tuples the run had.
 */
import type { NegatedGoal } from '../sim/types.js';
import type { Rule, Term, Value } from '../syntax/ast.js';
import { arith, compare } from '../terms/eval.js';
import { valueKey, type Tuple } from '../terms/values.js';
import type { RunIndex } from './run-index.js';

/** Bindings tried before giving up: a wide join explains nothing a person would read. */
const MAX_STEPS = 20_000;

type Binding = Map<string, Value>;

function evalTerm(t: Term, b: Binding): Value | undefined {
  switch (t.kind) {
    case 'const':
      return t.value;
    case 'var':
      return b.get(t.name);
    case 'arith': {
      const l = evalTerm(t.left, b);
      const r = evalTerm(t.right, b);
      return typeof l === 'number' && typeof r === 'number' ? arith(t.op, l, r) : undefined;
    }
    default:
      return undefined;
  }
}

/** Binds `t` to `v`; false when it is bound (or computed) to something else, or cannot be. */
function unify(t: Term, v: Value, b: Binding): boolean {
  if (t.kind === 'wildcard') return true;
  if (t.kind === 'var' && !b.has(t.name)) {
    b.set(t.name, v);
    return true;
  }
  const have = evalTerm(t, b);
  return have !== undefined && valueKey(have) === valueKey(v);
}

/**
 * The `notin` goals of the first binding of `rule` whose head is `head` and whose positive atoms
 * and comparisons hold in `run` at `time`: for a rule that did not fire, the goals that stopped
 * it. Null when no such binding was found (none exists, or the search gave up).
 */
export function blockingGoals(rule: Rule, head: Tuple, run: RunIndex, time: number): NegatedGoal[] | null {
  if (rule.headTime !== 'now' || rule.head.args.length !== head.length) return null;
  const start: Binding = new Map();
  for (let i = 0; i < head.length; i++) {
    const a = rule.head.args[i]!;
    if (a.kind === 'aggregate' || !unify(a, head[i]!, start)) return null;
  }
  const timeOf = (t: { kind: string; time?: number } | null): number => (t?.kind === 'at' ? t.time! : time);
  const positives = rule.body.flatMap((b) => (b.kind === 'atom' && !b.negated ? [b] : []));
  const negatives = rule.body.flatMap((b) => (b.kind === 'atom' && b.negated ? [b] : []));
  const comparisons = rule.body.flatMap((b) => (b.kind === 'compare' ? [b] : []));
  let steps = 0;
  let found: Binding | null = null;
  const holds = (b: Binding): boolean =>
    comparisons.every((c) => {
      const l = evalTerm(c.left, b);
      const r = evalTerm(c.right, b);
      // Not yet computable: judged once more atoms are bound.
      return l === undefined || r === undefined || compare(c.op, l, r);
    });
  const search = (i: number, b: Binding): void => {
    if (found !== null || ++steps > MAX_STEPS || !holds(b)) return;
    if (i === positives.length) {
      const all = comparisons.every((c) => evalTerm(c.left, b) !== undefined && evalTerm(c.right, b) !== undefined);
      if (all) found = b;
      return;
    }
    const p = positives[i]!;
    const at = timeOf(p.time);
    const pattern = p.atom.args.map((a) => (a.kind === 'wildcard' ? null : (evalTerm(a, b) ?? null)));
    for (const n of run.matching({ relation: p.atom.relation, args: pattern, time: at })) {
      const next = new Map(b);
      if (p.atom.args.every((a, k) => unify(a, n.tuple[k]!, next))) search(i + 1, next);
      if (found !== null || steps > MAX_STEPS) return;
    }
  };
  search(0, start);
  if (found === null) return null;
  const b: Binding = found;
  const goals: NegatedGoal[] = [];
  for (const n of negatives) {
    const at = timeOf(n.time);
    // `@N` in the future reads nothing yet.
    if (at > time) continue;
    goals.push({ relation: n.atom.relation, args: n.atom.args.map((a) => (a.kind === 'wildcard' ? null : (evalTerm(a, b) ?? null))), time: at });
  }
  return goals;
}
