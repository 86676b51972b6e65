/**
 * Relations read in a body but never defined (no fact, no rule head) can only ever be empty:
 * usually a typo, so the warning suggests the closest defined name. `crash` is built in: always
 * defined, and reserved (defining it would fight the fault model).
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
    const d = editDistance(name, c, 2);
    if (d <= 2 && d < name.length && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance: Levenshtein plus adjacent transpositions (`lgo` → `log` is 1).
 * With `max`, only the band of cells within `max` of the diagonal is computed and any distance
 * above `max` is reported as `max + 1`: linear time, so a megabyte-long name costs milliseconds.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const band = Math.min(Number.isFinite(max) ? max : Infinity, Math.max(a.length, b.length));
  const width = 2 * band + 1;
  const INF = Number.MAX_SAFE_INTEGER;
  // Row i holds columns j = i−band … i+band at k = j − i + band; rows i−1 and i−2 are kept for
  // the insertion/deletion/substitution and transposition steps.
  const cell = (row: number[], i: number, j: number): number => {
    if (j < 0 || j > b.length || j < i - band || j > i + band) return INF;
    return row[j - i + band]!;
  };
  let prev2: number[] = new Array<number>(width).fill(INF);
  let prev: number[] = new Array<number>(width).fill(INF);
  for (let j = 0; j <= Math.min(b.length, band); j++) prev[j + band] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(width).fill(INF);
    let rowMin = INF;
    for (let j = Math.max(0, i - band); j <= Math.min(b.length, i + band); j++) {
      let v: number;
      if (j === 0) v = i;
      else {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        v = Math.min(cell(prev, i - 1, j) + 1, cell(row, i, j - 1) + 1, cell(prev, i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, cell(prev2, i - 2, j - 2) + 1);
      }
      row[j - i + band] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  const d = cell(prev, a.length, b.length);
  return d > max ? max + 1 : d;
}
