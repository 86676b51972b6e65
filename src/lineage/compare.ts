/** A rule's comparisons under a partial binding, with the simulator's semantics (DESIGN §3). */
import type { Rule, Term, Value } from '../syntax/ast.js';
import { arith } from '../terms/eval.js';
import { compareValues } from '../terms/values.js';

/** The value of a term, or undefined when a variable is unbound or the arithmetic fails. */
function valueOf(t: Term, env: ReadonlyMap<string, Value>): Value | undefined {
  switch (t.kind) {
    case 'const':
      return t.value;
    case 'var':
      return env.get(t.name);
    case 'arith': {
      const l = valueOf(t.left, env);
      const r = valueOf(t.right, env);
      return typeof l === 'number' && typeof r === 'number' ? arith(t.op, l, r) : undefined;
    }
    default:
      return undefined;
  }
}

/** False only when some comparison is fully bound and fails; unknown ones are allowed. */
export function comparisonsAllow(rule: Rule, env: ReadonlyMap<string, Value>): boolean {
  for (const b of rule.body) {
    if (b.kind !== 'compare') continue;
    const l = valueOf(b.left, env);
    const r = valueOf(b.right, env);
    if (l === undefined || r === undefined) continue;
    const sameType = typeof l === typeof r;
    const c = compareValues(l, r);
    const holds =
      b.op === '==' ? sameType && c === 0 : b.op === '!=' ? !sameType || c !== 0 : b.op === '<' ? c < 0 : b.op === '<=' ? c <= 0 : b.op === '>' ? c > 0 : c >= 0;
    if (!holds) return false;
  }
  return true;
}
