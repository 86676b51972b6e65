/**
 * Small read-only views of the AST that several checks share: the atoms of a clause in source
 * order, the variables and sub-terms of a term.
 */
import type { Atom, BodyItem, Clause, Program, Rule, Term } from '../syntax/ast.js';

export type BodyAtom = Extract<BodyItem, { kind: 'atom' }>;

/** `crash(Observer, Node, Time)` holds at every node when Node crashed at Time (DESIGN §5). */
export const CRASH_RELATION = 'crash';
export const CRASH_ARITY = 3;

export function rulesOf(program: Program): Rule[] {
  return program.clauses.filter((c): c is Rule => c.kind === 'rule');
}

export function bodyAtoms(rule: Rule): BodyAtom[] {
  return rule.body.filter((b): b is BodyAtom => b.kind === 'atom');
}

export function positiveAtoms(rule: Rule): BodyAtom[] {
  return bodyAtoms(rule).filter((b) => !b.negated);
}

/** Every atom a clause names, head first, then the body in order. */
export function atomsOf(clause: Clause): Atom[] {
  if (clause.kind === 'fact') return [clause.atom];
  if (clause.kind === 'rule') return [clause.head, ...bodyAtoms(clause).map((b) => b.atom)];
  return [];
}

/** The variable occurrences inside a term, left to right (aggregate arguments and arithmetic included). */
export function termVars(term: Term): Extract<Term, { kind: 'var' }>[] {
  switch (term.kind) {
    case 'var':
      return [term];
    case 'arith':
      return [...termVars(term.left), ...termVars(term.right)];
    case 'aggregate':
      return termVars(term.arg);
    default:
      return [];
  }
}

/** Every sub-term of `term`, itself included, outermost first. */
export function subTerms(term: Term): Term[] {
  switch (term.kind) {
    case 'arith':
      return [term, ...subTerms(term.left), ...subTerms(term.right)];
    case 'aggregate':
      return [term, ...subTerms(term.arg)];
    default:
      return [term];
  }
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
