/**
 * Constructs that parse anywhere but mean something in one place only:
 * time annotations (facts `@N`, rule heads `@next`/`@async`, body atoms `@N`, with N ≥ 1),
 * aggregates (whole head columns, any number per head), and the location column of what a
 * clause defines (a node: a variable or a string constant).
 */
import type { Atom, BodyItem, Program, Term, TimeAnnotation } from '../syntax/ast.js';
import { error, warning, type Diagnostic } from '../syntax/diagnostic.js';
import { printTerm, printTime } from '../syntax/print.js';
import { CRASH_RELATION, subTerms } from './program.js';

export function checkPlacement(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const clause of program.clauses) {
    if (clause.kind === 'fact') {
      out.push(...factTime(clause.time));
      out.push(...noAggregates(clause.atom.args, 'a fact'));
      out.push(...location(clause.atom));
    } else if (clause.kind === 'rule') {
      out.push(...headTime(clause.annotation));
      out.push(...selfSend(clause.annotation, clause.body));
      out.push(...headAggregates(clause.head));
      out.push(...location(clause.head));
      for (const item of clause.body) {
        if (item.kind === 'atom') {
          out.push(...bodyTime(item.time));
          out.push(...noAggregates(item.atom.args, 'a body atom'));
          out.push(...crashColumns(item.atom));
        } else {
          out.push(...noAggregates([item.left, item.right], 'a comparison'));
        }
      }
    }
  }
  return out;
}

/**
 * An @async rule is sent from the node of its first positive body atom; without one, from the
 * head's own node, to itself: a message no fault can lose, which is rarely what was meant.
 */
function selfSend(t: TimeAnnotation | null, body: readonly BodyItem[]): Diagnostic[] {
  if (t?.kind !== 'async' || body.some((b) => b.kind === 'atom' && !b.negated)) return [];
  return [warning(t.span, 'this @async rule reads no positive atom, so it is sent from the node of its head to that same node: no fault can lose it; read the sender\'s state in a positive body atom')];
}

function timeInRange(t: TimeAnnotation): Diagnostic[] {
  return t.kind === 'at' && t.time < 1 ? [error(t.span, `time \`${printTime(t)}\` is out of range: timesteps start at 1`)] : [];
}

function factTime(t: TimeAnnotation | null): Diagnostic[] {
  if (!t) return [];
  if (t.kind !== 'at') {
    return [error(t.span, `a fact can only carry a fixed time \`@N\`, not \`${printTime(t)}\` (write \`@1\`, or give it a body to make it a rule)`)];
  }
  return timeInRange(t);
}

function headTime(t: TimeAnnotation | null): Diagnostic[] {
  if (!t || t.kind !== 'at') return [];
  return [error(t.span, `a rule head can carry \`@next\` or \`@async\`, not a fixed time \`${printTime(t)}\` (put the time on a body atom or a fact)`)];
}

function bodyTime(t: TimeAnnotation | null): Diagnostic[] {
  if (!t) return [];
  if (t.kind !== 'at') {
    return [error(t.span, `a body atom can only carry a fixed time \`@N\`; \`${printTime(t)}\` belongs on the rule head`)];
  }
  return timeInRange(t);
}

function noAggregates(terms: readonly Term[], where: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const term of terms) {
    for (const t of subTerms(term)) {
      if (t.kind === 'aggregate') out.push(error(t.span, `aggregate \`${printTerm(t)}\` is not allowed in ${where}; aggregates are whole columns of a rule head`));
    }
  }
  return out;
}

/**
 * A head may hold several aggregates (`tally(N, max<V>, count<S>)`), each over the same groups.
 * An aggregate inside arithmetic has no group to stand for; one inside another aggregate's
 * argument is reported by range restriction (the argument must be a variable).
 */
function headAggregates(head: Atom): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const arg of head.args) {
    if (arg.kind === 'aggregate') continue;
    for (const t of subTerms(arg)) {
      if (t.kind === 'aggregate') {
        out.push(error(t.span, `an aggregate cannot be part of an expression: \`${printTerm(arg)}\` (put \`${printTerm(t)}\` in a column of its own and compute with it in a rule that reads that column)`));
      }
    }
  }
  return out;
}

/**
 * crash(Observer, Node, Time) holds node names (strings) and a time (a number): a constant of the
 * other kind never matches, so the atom is silently always false (or, under `notin`, always true).
 */
function crashColumns(atom: Atom): Diagnostic[] {
  if (atom.relation !== CRASH_RELATION || atom.args.length !== 3) return [];
  const out: Diagnostic[] = [];
  atom.args.forEach((t, col) => {
    if (t.kind !== 'const') return;
    if (col < 2 && typeof t.value === 'number') {
      out.push(warning(t.span, `\`crash\` holds node names in its first two columns, and \`${printTerm(t)}\` is a number: this atom never matches (write the node as a string, \`"${t.value}"\`)`));
    } else if (col === 2 && typeof t.value === 'string') {
      out.push(warning(t.span, `\`crash\` holds the crash time, a number, in its third column, and \`${printTerm(t)}\` is a string: this atom never matches`));
    }
  });
  return out;
}

/** The first column is where the tuple lives; an integer or an expression there names no node. */
function location(atom: Atom): Diagnostic[] {
  if (atom.args.length === 0) {
    return [warning(atom.span, `\`${atom.relation}\` has no columns; the first column of a relation is its location (the node it lives at)`)];
  }
  const loc = atom.args[0]!;
  const ok = loc.kind === 'var' || loc.kind === 'wildcard' || (loc.kind === 'const' && typeof loc.value === 'string');
  if (ok) return [];
  return [warning(loc.span, `the first column of \`${atom.relation}\` is its location, but \`${printTerm(loc)}\` is not a node (use a variable or a string constant)`)];
}
