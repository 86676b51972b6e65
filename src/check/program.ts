/**
 * Small read-only views of the AST that several checks share: the atoms of a clause in source
 * order, the variables and sub-terms of a term.
 */
import type { Atom, BodyItem, Clause, Program, Rule, Term } from '../syntax/ast.js';
import { subTermsOf } from '../syntax/walk.js';

export type BodyAtom = Extract<BodyItem, { kind: 'atom' }>;

/** `crash(Observer, Node, Time)` holds at every node when Node crashed at Time. */
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
  return subTermsOf(term).filter((t): t is Extract<Term, { kind: 'var' }> => t.kind === 'var');
}

/** Every sub-term of `term`, itself included, outermost first (no recursion: chains can be thousands deep). */
export function subTerms(term: Term): Term[] {
  return subTermsOf(term);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
