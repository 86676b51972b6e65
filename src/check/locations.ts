/**
 * A protocol rule should read the state of one node: a real node cannot see another's tables
 * except through a message. The simulator evaluates rules over the whole database (invariants
 * need that god's-eye view), so a rule joining two locations runs but models nothing real; warn.
 * Exempt: `pre`, `post`, and relations used only (transitively) to define them.
 */
import type { Program, Rule, Term } from '../syntax/ast.js';
import { warning, type Diagnostic } from '../syntax/diagnostic.js';
import { printTerm } from '../syntax/print.js';
import { bodyAtoms, positiveAtoms, rulesOf } from './program.js';

export const INVARIANT_RELATIONS: readonly string[] = ['pre', 'post'];

export function checkLocations(program: Program): Diagnostic[] {
  const rules = rulesOf(program);
  const exempt = invariantRelations(rules);
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    if (exempt.has(rule.head.relation)) continue;
    let first: { key: string; term: Term; span: Rule['span'] } | null = null;
    for (const item of positiveAtoms(rule)) {
      const loc = item.atom.args[0];
      const key = loc ? locationKey(loc) : null;
      if (!loc || key === null) continue;
      if (!first) {
        first = { key, term: loc, span: item.atom.span };
      } else if (key !== first.key) {
        out.push(
          warning(item.atom.span, `body spans locations \`${printTerm(first.term)}\` and \`${printTerm(loc)}\`; protocol rules should read one node's state (send a message with @async)`, [
            { span: first.span, message: `this atom is at \`${printTerm(first.term)}\`` },
          ]),
        );
        break; // one warning per rule: the fix is the same
      }
    }
  }
  return out;
}

/** Two atoms are at the same location when their first columns are the same variable or the same constant. */
function locationKey(t: Term): string | null {
  if (t.kind === 'var') return `var:${t.name}`;
  if (t.kind === 'const') return `const:${JSON.stringify(t.value)}`;
  return null; // `_` or arithmetic: no single location to compare
}

/**
 * `pre`, `post`, and every relation that feeds them, is never sent as a message, and whose readers
 * are all such relations: the greatest such set, so a helper on a cycle (`seen@next :- seen`) that
 * only feeds `post` is exempt too.
 */
export function invariantRelations(rules: readonly Rule[]): Set<string> {
  const readers = new Map<string, Set<string>>();
  const reads = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const item of bodyAtoms(rule)) {
      const rs = readers.get(item.atom.relation) ?? new Set<string>();
      rs.add(rule.head.relation);
      readers.set(item.atom.relation, rs);
      const ws = reads.get(rule.head.relation) ?? new Set<string>();
      ws.add(item.atom.relation);
      reads.set(rule.head.relation, ws);
    }
  }
  // Everything pre/post read, transitively; only these can be exempt.
  const set = new Set<string>(INVARIANT_RELATIONS);
  const queue = [...INVARIANT_RELATIONS];
  while (queue.length > 0) {
    for (const r of reads.get(queue.pop()!) ?? []) {
      if (!set.has(r)) {
        set.add(r);
        queue.push(r);
      }
    }
  }
  // A relation sent as a message is protocol however the invariant reads it (ok ⇄ bad@async).
  for (const rule of rules) if (rule.headTime === 'async' && !INVARIANT_RELATIONS.includes(rule.head.relation)) set.delete(rule.head.relation);
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of [...set]) {
      if (INVARIANT_RELATIONS.includes(r)) continue;
      if ([...(readers.get(r) ?? [])].some((h) => !set.has(h))) {
        set.delete(r);
        changed = true;
      }
    }
  }
  return set;
}
