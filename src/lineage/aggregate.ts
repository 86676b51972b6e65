/**
 * What an aggregate's value can be under G, from its group's bindings: for each distinct value u
 * of the aggregated column, "some binding with u certainly fires" (certain) and "some binding
 * with u may fire" (possible). Certain values are certainly among the group's values under G;
 * values that are not possible are certainly not. The two functions below turn that into
 * "the aggregate certainly lands in a range" (an under-approximation) and "the aggregate may be
 * exactly v" (an over-approximation).
 */
import type { AggregateFn, Value } from '../syntax/ast.js';
import { compareValues, valueKey } from '../terms/values.js';
import { FALSE, TRUE, type Formula, type FormulaStore } from '../faults/formula.js';
import { exactSum } from '../terms/eval.js';

export interface ValueSupport {
  readonly value: Value;
  readonly certain: Formula;
  readonly possible: Formula;
}

/** A range of values, bounds included; null is unbounded. */
export interface ValueRange {
  readonly lo: Value | null;
  readonly hi: Value | null;
}

const below = (u: Value, bound: Value | null): boolean => bound !== null && compareValues(u, bound) < 0;
const above = (u: Value, bound: Value | null): boolean => bound !== null && compareValues(u, bound) > 0;

/**
 * The aggregate over the group certainly lies in `range` (the group being non-empty is the
 * caller's). count: at least lo values are certain and fewer than hi+1 are possible. max: some
 * certain value is ≥ lo and no possible value is > hi. min: mirrored. sum: every sum the values
 * allow lies in the range (see `sumWithin`), or the value set is certainly the one of `current`
 * (every current value certain, no other possible).
 */
export function certainlyIn(store: FormulaStore, fn: AggregateFn, support: readonly ValueSupport[], range: ValueRange, current: readonly Value[]): Formula {
  switch (fn) {
    case 'count': {
      const lo = typeof range.lo === 'number' ? range.lo : null;
      const hi = typeof range.hi === 'number' ? range.hi : null;
      const atLeast = lo === null ? TRUE : store.atLeast(lo, support.map((s) => s.certain));
      const atMost = hi === null ? TRUE : -store.atLeast(hi + 1, support.map((s) => s.possible));
      return store.and(atLeast, atMost);
    }
    case 'max':
      return store.and(
        store.or(...support.filter((s) => !below(s.value, range.lo)).map((s) => s.certain)),
        ...support.filter((s) => above(s.value, range.hi)).map((s) => -s.possible),
      );
    case 'min':
      return store.and(
        store.or(...support.filter((s) => !above(s.value, range.hi)).map((s) => s.certain)),
        ...support.filter((s) => below(s.value, range.lo)).map((s) => -s.possible),
      );
    case 'sum':
      return store.or(sumWithin(store, support, range), sameValues(store, support, current));
  }
}

/**
 * The sum of any non-empty set of the support's values lies in `range`, or is pushed into it by a
 * certain value: with no negative value, the sum is at least each value in the set, so one
 * certain value ≥ lo keeps it ≥ lo (mirrored for hi with no positive value). The bounds of a
 * non-empty subset's sum are the sum of the negatives (or, with none, the least value) and the
 * sum of the positives (or, with none, the greatest). FALSE for a string value (the sum has no
 * value then) and past exact integers (the run would stop on the overflow).
 */
function sumWithin(store: FormulaStore, support: readonly ValueSupport[], range: ValueRange): Formula {
  if (support.length === 0 || !support.every((s) => typeof s.value === 'number' && Number.isSafeInteger(s.value))) return FALSE;
  const finite = (b: Value | null): boolean => b === null || (typeof b === 'number' && Number.isFinite(b));
  if (!finite(range.lo) || !finite(range.hi)) return FALSE;
  const values = support.map((s) => BigInt(s.value as number));
  if (values.reduce((a, v) => a + (v < 0n ? -v : v), 0n) > BigInt(Number.MAX_SAFE_INTEGER)) return FALSE;
  const negatives = values.filter((v) => v < 0n);
  const positives = values.filter((v) => v > 0n);
  const least = negatives.length > 0 ? negatives.reduce((a, v) => a + v, 0n) : values.reduce((a, v) => (v < a ? v : a));
  const greatest = positives.length > 0 ? positives.reduce((a, v) => a + v, 0n) : values.reduce((a, v) => (v > a ? v : a));
  const lo = range.lo === null ? null : BigInt(Math.ceil(range.lo as number));
  const hi = range.hi === null ? null : BigInt(Math.floor(range.hi as number));
  let low: Formula = TRUE;
  if (lo !== null && least < lo) low = negatives.length === 0 ? store.or(...support.filter((_, i) => values[i]! >= lo).map((s) => s.certain)) : FALSE;
  let high: Formula = TRUE;
  if (hi !== null && greatest > hi) high = positives.length === 0 ? store.or(...support.filter((_, i) => values[i]! <= hi).map((s) => s.certain)) : FALSE;
  return store.and(low, high);
}

/**
 * The aggregate over the group may be exactly `v` (the group being non-empty is the caller's).
 * count: at least v values are possible and at most v are certain. max: v is possible and no
 * certain value is above it. min: mirrored. sum: some value may join or leave the set of
 * `current` (a different sum needs a different set), unless the group is empty in that run.
 */
export function mayBe(store: FormulaStore, fn: AggregateFn, support: readonly ValueSupport[], v: Value, current: readonly Value[] | null): Formula {
  switch (fn) {
    case 'count': {
      if (typeof v !== 'number') return FALSE;
      return store.and(store.atLeast(v, support.map((s) => s.possible)), -store.atLeast(v + 1, support.map((s) => s.certain)));
    }
    case 'max':
      return store.and(
        store.or(...support.filter((s) => compareValues(s.value, v) === 0).map((s) => s.possible)),
        ...support.filter((s) => compareValues(s.value, v) > 0).map((s) => -s.certain),
      );
    case 'min':
      return store.and(
        store.or(...support.filter((s) => compareValues(s.value, v) === 0).map((s) => s.possible)),
        ...support.filter((s) => compareValues(s.value, v) < 0).map((s) => -s.certain),
      );
    case 'sum': {
      // The run's own sum may stay; any other needs the value set to change.
      if (current === null || (current.every((c): c is number => typeof c === 'number') && exactSum(current) === v)) return TRUE;
      return -sameValues(store, support, current);
    }
  }
}

/** Every value of `current` is certain and no other value is possible. */
function sameValues(store: FormulaStore, support: readonly ValueSupport[], current: readonly Value[]): Formula {
  const inCurrent = (u: Value): boolean => current.some((c) => compareValues(c, u) === 0);
  return store.and(
    ...support.map((s) => (inCurrent(s.value) ? s.certain : -s.possible)),
    // A current value with no binding in the support cannot stay (the support is every possible binding).
    ...current.filter((c) => !support.some((s) => compareValues(s.value, c) === 0)).map(() => FALSE),
  );
}

/** Distinct values of column `i` of the bindings, each with the bindings giving it, in value order. */
export function valuesOf<B extends { readonly values: readonly Value[] }>(bindings: readonly B[], i: number): { value: Value; bindings: B[] }[] {
  const byKey = new Map<string, { value: Value; bindings: B[] }>();
  for (const b of bindings) {
    const v = b.values[i]!;
    const k = valueKey(v);
    const found = byKey.get(k);
    if (found) found.bindings.push(b);
    else byKey.set(k, { value: v, bindings: [b] });
  }
  return [...byKey.values()].sort((a, b) => compareValues(a.value, b.value));
}
