/**
 * Walking terms without recursion. `X + 1 + 1 + …` parses to a tree as deep as it is long, and
 * a chain of thousands of terms must not depend on the stack size (a worker thread's differs
 * from the main thread's), so every stage that visits terms uses these loops.
 */
import type { Term } from './ast.js';

/** The direct sub-terms of a term, left to right. */
export function children(t: Term): readonly Term[] {
  if (t.kind === 'arith') return [t.left, t.right];
  if (t.kind === 'aggregate') return [t.arg];
  return [];
}

/** Every sub-term, the term itself first, then left before right (pre-order). */
export function subTermsOf(term: Term): Term[] {
  const out: Term[] = [];
  const stack: Term[] = [term];
  while (stack.length > 0) {
    const t = stack.pop()!;
    out.push(t);
    const c = children(t);
    for (let i = c.length - 1; i >= 0; i--) stack.push(c[i]!);
  }
  return out;
}

/** Operators on the longest path from the term to a leaf: `X` is 0, `X + 1` is 1. */
export function termDepth(term: Term): number {
  let max = 0;
  const stack: [Term, number][] = [[term, 0]];
  while (stack.length > 0) {
    const [t, d] = stack.pop()!;
    if (d > max) max = d;
    for (const c of children(t)) stack.push([c, d + 1]);
  }
  return max;
}

/**
 * Folds a term bottom-up: `leaf` for a term without sub-terms, `node` for one given its
 * sub-terms' results in order. Children are visited left to right.
 */
export function foldTerm<R>(term: Term, leaf: (t: Term) => R, node: (t: Term, parts: R[]) => R): R {
  const results: R[] = [];
  const stack: { t: Term; expanded: boolean }[] = [{ t: term, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const c = children(top.t);
    if (c.length === 0) {
      stack.pop();
      results.push(leaf(top.t));
    } else if (!top.expanded) {
      top.expanded = true;
      for (let i = c.length - 1; i >= 0; i--) stack.push({ t: c[i]!, expanded: false });
    } else {
      stack.pop();
      const parts = results.splice(results.length - c.length, c.length);
      results.push(node(top.t, parts));
    }
  }
  return results[0]!;
}
