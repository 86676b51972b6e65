/**
 * Every relation has one arity across all files: facts, heads and body atoms. The first use in load
 * order sets it; each later use that disagrees is an error pointing back at the first. `crash` is
 * built in with three columns, so any other arity is an error without a first use to blame.
 */
import type { Atom, Program } from '../syntax/ast.js';
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import { CRASH_ARITY, CRASH_RELATION, atomsOf, plural } from './program.js';

export function checkArity(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, Atom>();
  for (const clause of program.clauses) {
    for (const atom of atomsOf(clause)) {
      const n = atom.args.length;
      if (atom.relation === CRASH_RELATION) {
        if (n !== CRASH_ARITY) {
          out.push(error(atom.span, `\`crash\` is built in with ${CRASH_ARITY} columns, crash(Observer, Node, Time), but has ${n} here`));
        }
        continue;
      }
      const seen = first.get(atom.relation);
      if (!seen) {
        first.set(atom.relation, atom);
        continue;
      }
      const m = seen.args.length;
      if (m === n) continue;
      const at = `${seen.span.file}:${seen.span.line}:${seen.span.col}`;
      out.push(
        error(atom.span, `\`${atom.relation}\` has ${plural(n, 'column')} here but ${m} at ${at}`, [
          { span: seen.span, message: `\`${atom.relation}\` first used here with ${plural(m, 'column')}` },
        ]),
      );
    }
  }
  return out;
}
