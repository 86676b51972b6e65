/**
 * Molly's reading of a variable that occurs exactly once in a rule, as a whole column of a
 * `notin` atom: it stands for any value, as `_` does (`notin ack(N, M)` is "no ack from N at
 * all"). The check stage hands on the rule with that variable replaced by a wildcard, so the
 * simulator, the lineage and the report all read the same existential `notin`; the user gets a
 * warning, since a lone variable is more often a typo than a choice. A variable that occurs
 * more than once without a positive atom binding it is left alone: range restriction rejects it.
 */
import type { BodyItem, Program, Rule, Term } from '../syntax/ast.js';
import { warning, type Diagnostic } from '../syntax/diagnostic.js';
import { termVars } from './program.js';

export interface SingletonRewrite {
  /** The program with each singleton `notin` variable read as `_`; unchanged clauses are the same objects. */
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
}

export function wildcardSingletons(program: Program): SingletonRewrite {
  const diagnostics: Diagnostic[] = [];
  let changed = false;
  const clauses = program.clauses.map((clause) => {
    if (clause.kind !== 'rule') return clause;
    const rewritten = rewriteRule(clause, diagnostics);
    if (rewritten !== clause) changed = true;
    return rewritten;
  });
  return { program: changed ? { ...program, clauses } : program, diagnostics };
}

function rewriteRule(rule: Rule, diagnostics: Diagnostic[]): Rule {
  const uses = new Map<string, number>();
  const count = (t: Term): void => {
    for (const v of termVars(t)) uses.set(v.name, (uses.get(v.name) ?? 0) + 1);
  };
  rule.head.args.forEach(count);
  for (const item of rule.body) {
    if (item.kind === 'atom') item.atom.args.forEach(count);
    else {
      count(item.left);
      count(item.right);
    }
  }
  let changed = false;
  const body = rule.body.map((item): BodyItem => {
    if (item.kind !== 'atom' || !item.negated) return item;
    let atomChanged = false;
    const args = item.atom.args.map((a): Term => {
      if (a.kind !== 'var' || uses.get(a.name) !== 1) return a;
      atomChanged = true;
      diagnostics.push(
        warning(a.span, `variable \`${a.name}\` occurs only here, in \`notin ${item.atom.relation}\`, so it matches any value; write \`_\` to say so`),
      );
      return { kind: 'wildcard', span: a.span };
    });
    if (!atomChanged) return item;
    changed = true;
    return { ...item, atom: { ...item.atom, args } };
  });
  return changed ? { ...rule, body } : rule;
}
