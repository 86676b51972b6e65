/**
 * Range restriction: a rule must only produce and test values its positive body atoms supply,
 * otherwise its head (or a `notin`, or a comparison) would range over an unknown, infinite domain.
 * A variable counts as bound when it is a whole column of a positive body atom; a variable inside
 * arithmetic binds nothing (`p(X+1)` in a body is a filter on an X bound elsewhere). Facts must be ground.
 */
import type { Fact, Program, Rule, Term } from '../syntax/ast.js';
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import { printTerm } from '../syntax/print.js';
import { positiveAtoms, rulesOf, subTerms, termVars } from './program.js';

export function checkRangeRestriction(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const clause of program.clauses) {
    if (clause.kind === 'fact') out.push(...checkFact(clause));
  }
  for (const rule of rulesOf(program)) out.push(...checkRule(rule));
  return out;
}

function checkFact(fact: Fact): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const arg of fact.atom.args) {
    for (const t of subTerms(arg)) {
      if (t.kind === 'var') {
        out.push(error(t.span, `a fact must be ground, but \`${t.name}\` is a variable (write a constant, or make this a rule with a body that binds \`${t.name}\`)`));
      } else if (t.kind === 'wildcard') {
        out.push(error(t.span, 'a fact must be ground, but `_` is a wildcard (write a constant)'));
      }
    }
  }
  return out;
}

function checkRule(rule: Rule): Diagnostic[] {
  const bound = new Set<string>();
  for (const item of positiveAtoms(rule)) {
    for (const arg of item.atom.args) if (arg.kind === 'var') bound.add(arg.name);
  }
  const out: Diagnostic[] = [];
  // One error per unbound variable per rule, at its first occurrence, so a typo is reported once.
  const reported = new Set<string>();
  const unbound = (terms: readonly Term[], where: string): void => {
    for (const term of terms) {
      for (const v of termVars(term)) {
        if (bound.has(v.name) || reported.has(v.name)) continue;
        reported.add(v.name);
        out.push(error(v.span, `variable \`${v.name}\` ${where} is not bound by a positive body atom (add an atom that binds \`${v.name}\` to the body)`));
      }
    }
  };

  for (const arg of rule.head.args) {
    // An aggregate's argument gets its own message, which covers `count<_>` too.
    if (arg.kind === 'aggregate') {
      if (arg.arg.kind !== 'var') out.push(error(arg.arg.span, `the argument of \`${arg.fn}\` must be a variable bound in the body, not \`${printTerm(arg.arg)}\``));
      continue;
    }
    for (const t of subTerms(arg)) {
      if (t.kind === 'wildcard') out.push(error(t.span, '`_` cannot appear in a rule head (use a variable bound in the body)'));
    }
  }
  unbound(rule.head.args, 'in the head');
  for (const item of rule.body) {
    if (item.kind === 'atom' && item.negated) unbound(item.atom.args, `in \`notin ${item.atom.relation}\``);
    else if (item.kind === 'atom') unbound(item.atom.args.filter((a) => a.kind === 'arith'), 'in an arithmetic column');
    else unbound([item.left, item.right], 'in a comparison');
  }
  return out;
}
