/**
 * Relations read in a body but never defined (no fact, no rule head) can only ever be empty:
 * usually a typo, so the warning suggests the closest defined name. `crash` is built in: always
 * defined, and reserved (defining it would fight the fault model, DESIGN §5).
 */
import type { Program } from '../syntax/ast.js';
import { error, warning, type Diagnostic } from '../syntax/diagnostic.js';
import { CRASH_RELATION, bodyAtoms, rulesOf } from './program.js';

export function checkDefined(program: Program): Diagnostic[] {
  const out: Diagnostic[] = [];
  const defined = new Set<string>([CRASH_RELATION]);
  for (const clause of program.clauses) {
    const atom = clause.kind === 'fact' ? clause.atom : clause.kind === 'rule' ? clause.head : null;
    if (!atom) continue;
    if (atom.relation === CRASH_RELATION) {
      const what = clause.kind === 'fact' ? 'a fact' : 'a rule';
      out.push(error(atom.relationSpan, `\`crash\` is built in (crash(Observer, Node, Time) holds when Node crashed at Time) and cannot be defined by ${what}; rename this relation`));
    }
    defined.add(atom.relation);
  }
  const names = [...defined].sort();
  for (const rule of rulesOf(program)) {
    for (const item of bodyAtoms(rule)) {
      const name = item.atom.relation;
      if (defined.has(name)) continue;
      const guess = closest(name, names);
      const hint = guess ? ` — did you mean \`${guess}\`?` : ' (no fact or rule head defines it, so it is always empty)';
      out.push(warning(item.atom.relationSpan, `relation \`${name}\` is never defined${hint}`));
    }
  }
  return out;
}

/** The nearest name within edit distance 2 (and nearer than the name is long), ties broken alphabetically. */
export function closest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d <= 2 && d < name.length && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions (`lgo` → `log` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
