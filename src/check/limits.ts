/**
 * What the simulator can evaluate, checked before it runs: arithmetic in a fact must have an
 * exact value (no overflow past ±(2^53 − 1), no division by zero: such a fact would silently
 * hold nothing), an expression may nest at most MAX_TERM_DEPTH operators (terms are evaluated
 * recursively, once per binding, on the hot path), and a rule body may have at most
 * MAX_BODY_ITEMS items (a join walks one level per item). Real protocols stay far below both.
 */
import type { Program, Term } from '../syntax/ast.js';
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import { foldTerm, subTermsOf, termDepth } from '../syntax/walk.js';
import { arith, ArithmeticOverflow } from '../terms/eval.js';

export const MAX_TERM_DEPTH = 1000;
export const MAX_BODY_ITEMS = 500;

type Ground = { readonly value: number | string } | { readonly problem: string; readonly at: Term } | null;

/** A fact argument's value, why it has none (located at the operation), or null when it is not ground. */
function groundValue(term: Term): Ground {
  return foldTerm<Ground>(
    term,
    (t) => (t.kind === 'const' ? { value: t.value } : null),
    (t, [l, r]) => {
      if (t.kind !== 'arith' || l === null || r === null || l === undefined || r === undefined) return null;
      if ('problem' in l) return l;
      if ('problem' in r) return r;
      if (typeof l.value !== 'number' || typeof r.value !== 'number') return { problem: `arithmetic on a string has no value`, at: t };
      try {
        const v = arith(t.op, l.value, r.value);
        return v === undefined ? { problem: `division by zero: ${l.value} / ${r.value} has no value`, at: t } : { value: v };
      } catch (e) {
        if (e instanceof ArithmeticOverflow) return { problem: e.message, at: t };
        throw e;
      }
    },
  );
}

function depthProblems(terms: readonly Term[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of terms) {
    const d = termDepth(t);
    if (d > MAX_TERM_DEPTH) {
      out.push(error(t.span, `this expression nests ${d.toLocaleString('en-US')} operators deep; ldfi evaluates at most ${MAX_TERM_DEPTH.toLocaleString('en-US')} (split it with an intermediate relation)`));
    }
  }
  return out;
}

export function checkLimits(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (ds: readonly Diagnostic[]): void => {
    for (const d of ds) out.push(d);
  };
  for (const c of program.clauses) {
    if (c.kind === 'fact') {
      const deep = depthProblems(c.atom.args);
      add(deep);
      if (deep.length > 0) continue;
      for (const arg of c.atom.args) {
        if (subTermsOf(arg).some((t) => t.kind === 'var' || t.kind === 'wildcard' || t.kind === 'aggregate')) continue; // other checks report it
        const g = groundValue(arg);
        if (g !== null && 'problem' in g) out.push(error(g.at.span, `${g.problem} in a fact`));
      }
    } else if (c.kind === 'rule') {
      if (c.body.length > MAX_BODY_ITEMS) {
        out.push(error(c.head.span, `this rule's body has ${c.body.length.toLocaleString('en-US')} items; ldfi joins at most ${MAX_BODY_ITEMS.toLocaleString('en-US')} (split it with intermediate relations)`));
      }
      add(depthProblems(c.head.args));
      for (const b of c.body) add(depthProblems(b.kind === 'atom' ? b.atom.args : [b.left, b.right]));
    }
  }
  return out;
}
