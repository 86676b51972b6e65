/**
 * Quorums: a rule that reads a `count<X>` only through a threshold (`K >= 2`, `K > 1`) fires for
 * any count at or above it, not just the one this run produced. Its firing survives when at least
 * that many distinct X survive, which is what protocols with quorums need: otherwise losing any
 * single vote looks like breaking the quorum, and every such loss becomes a wasted run.
 *
 * Applied only where that reading is exact: the count rule has one positive atom and no `notin`
 * (so each contributor is one tuple), and the consuming rule uses K nowhere but in thresholds.
 */
import type { CompareOp, Rule, Term } from '../syntax/ast.js';

export interface CountShape {
  /** Column of the counted variable in the count rule's single positive atom. */
  readonly column: number;
}

const countShapes = new WeakMap<Rule, CountShape | null>();
const thresholdCache = new WeakMap<Rule, readonly (number | null)[]>();

/** How a `count<X>` rule's contributors are read, or null when it is not that simple. */
export function countShape(rule: Rule): CountShape | null {
  if (countShapes.has(rule)) return countShapes.get(rule)!;
  let shape: CountShape | null = null;
  // The count in the last head column, as `thresholds` reads it from the consumer's atom.
  const agg = rule.head.args[rule.head.args.length - 1];
  const atoms = rule.body.filter((b) => b.kind === 'atom');
  if (agg?.kind === 'aggregate' && agg.fn === 'count' && agg.arg.kind === 'var' && atoms.length === 1) {
    const atom = atoms[0]!;
    if (atom.kind === 'atom' && !atom.negated) {
      const name = agg.arg.name;
      const column = atom.atom.args.findIndex((a) => a.kind === 'var' && a.name === name);
      if (column >= 0) shape = { column };
    }
  }
  countShapes.set(rule, shape);
  return shape;
}

/**
 * For each positive body atom of `rule` (in body order): the least count its last column must
 * reach, when that column is a variable used only in thresholds against constants; else null.
 */
export function thresholds(rule: Rule): readonly (number | null)[] {
  const cached = thresholdCache.get(rule);
  if (cached) return cached;
  const positive = rule.body.filter((b) => b.kind === 'atom' && !b.negated);
  // An aggregate's firing lists its whole group, not one tuple per atom: no threshold reading.
  const aggregate = rule.head.args.some((a) => a.kind === 'aggregate');
  const result = positive.map((item) => {
    if (aggregate) return null;
    if (item.kind !== 'atom') return null;
    const last = item.atom.args[item.atom.args.length - 1];
    if (last?.kind !== 'var') return null;
    const k = last.name;
    let uses = 0;
    let least: number | null = null;
    const count = (t: Term): void => {
      if (t.kind === 'var' && t.name === k) uses++;
      else if (t.kind === 'arith') {
        count(t.left);
        count(t.right);
      } else if (t.kind === 'aggregate') count(t.arg);
    };
    rule.head.args.forEach(count);
    for (const b of rule.body) {
      if (b.kind === 'atom') b.atom.args.forEach(count);
      else {
        const bound = lowerBound(b.op, b.left, b.right, k);
        if (bound !== null) least = Math.max(least ?? bound, bound);
        else {
          count(b.left);
          count(b.right);
        }
      }
    }
    // K must occur exactly once among atoms and head (its own column) and nowhere else.
    return uses === 1 && least !== null ? least : null;
  });
  thresholdCache.set(rule, result);
  return result;
}

/** `K >= c`, `K > c`, `c <= K`, `c < K` as "K is at least n"; null for anything else. */
function lowerBound(op: CompareOp, left: Term, right: Term, k: string): number | null {
  const isK = (t: Term): boolean => t.kind === 'var' && t.name === k;
  const constant = (t: Term): number | null => (t.kind === 'const' && typeof t.value === 'number' ? t.value : null);
  if (isK(left) && constant(right) !== null) {
    const c = constant(right)!;
    return op === '>=' ? c : op === '>' ? c + 1 : null;
  }
  if (isK(right) && constant(left) !== null) {
    const c = constant(left)!;
    return op === '<=' ? c : op === '<' ? c + 1 : null;
  }
  return null;
}
