/**
 * How a rule reads one column of a body atom. A rule that reads an aggregate's value only through
 * thresholds (`acks(C, N), N >= 2`) fires for any value in a range, not just the one a run
 * produced; the analyses use that to say "the quorum still holds" when some other vote is lost.
 */
import type { CompareOp, Rule, Term } from '../syntax/ast.js';

/** The values the rule accepts in that column with nothing else changing: a range, or exactly the one it read. */
export type Reading = { readonly kind: 'exact' } | { readonly kind: 'range'; readonly lo: number | null; readonly hi: number | null };

const EXACT: Reading = { kind: 'exact' };
const cache = new WeakMap<Rule, Map<string, Reading>>();

/**
 * The reading of column `column` of the `atom`-th positive atom of `rule`. A range only when the
 * column is `_`, or a variable that occurs nowhere else in the rule (head, atoms, aggregates)
 * except in comparisons with integer constants; then any value in the range gives the same head
 * and the same other atoms, so the firing stands. Never for an @async rule's sender column.
 */
export function columnReading(rule: Rule, atom: number, column: number): Reading {
  let byColumn = cache.get(rule);
  if (!byColumn) {
    byColumn = new Map();
    cache.set(rule, byColumn);
  }
  const key = `${atom}:${column}`;
  let reading = byColumn.get(key);
  if (reading === undefined) {
    reading = computeReading(rule, atom, column);
    byColumn.set(key, reading);
  }
  return reading;
}

function computeReading(rule: Rule, atom: number, column: number): Reading {
  // The first column of an @async rule's first atom is the sender: another value is another
  // channel, which G may cut where F's was not (or where F's was a node's message to itself).
  if (rule.headTime === 'async' && atom === 0 && column === 0) return EXACT;
  const positives = rule.body.filter((b) => b.kind === 'atom' && !b.negated);
  const item = positives[atom];
  if (item?.kind !== 'atom') return EXACT;
  const arg = item.atom.args[column];
  if (arg === undefined) return EXACT;
  if (arg.kind === 'wildcard') return { kind: 'range', lo: null, hi: null };
  if (arg.kind !== 'var') return EXACT;
  const name = arg.name;
  let uses = 0;
  const count = (t: Term): void => {
    if (t.kind === 'var' && t.name === name) uses++;
    else if (t.kind === 'arith') {
      count(t.left);
      count(t.right);
    } else if (t.kind === 'aggregate') count(t.arg);
  };
  rule.head.args.forEach(count);
  let lo: number | null = null;
  let hi: number | null = null;
  for (const b of rule.body) {
    if (b.kind === 'atom') {
      b.atom.args.forEach(count);
      continue;
    }
    const bound = constantBound(b.op, b.left, b.right, name);
    if (bound === null) {
      count(b.left);
      count(b.right);
      continue;
    }
    if (bound.lo !== null) lo = lo === null ? bound.lo : Math.max(lo, bound.lo);
    if (bound.hi !== null) hi = hi === null ? bound.hi : Math.min(hi, bound.hi);
  }
  return uses === 1 ? { kind: 'range', lo, hi } : EXACT;
}

/** `K op c` or `c op K` with an integer constant c, as bounds on K; null for anything else. */
function constantBound(op: CompareOp, left: Term, right: Term, name: string): { lo: number | null; hi: number | null } | null {
  const isK = (t: Term): boolean => t.kind === 'var' && t.name === name;
  const int = (t: Term): number | null => (t.kind === 'const' && typeof t.value === 'number' ? t.value : null);
  let o = op;
  let c: number | null;
  if (isK(left) && int(right) !== null) c = int(right);
  else if (isK(right) && int(left) !== null) {
    c = int(left);
    o = flip(op);
  } else return null;
  switch (o) {
    case '>=':
      return { lo: c, hi: null };
    case '>':
      return { lo: c! + 1, hi: null };
    case '<=':
      return { lo: null, hi: c };
    case '<':
      return { lo: null, hi: c! - 1 };
    case '==':
      return { lo: c, hi: c };
    default:
      return null;
  }
}

function flip(op: CompareOp): CompareOp {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}
