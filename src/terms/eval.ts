/**
 * Terms as the simulator and the lineage analyses evaluate them: variables resolved to slots of a
 * binding array, integer arithmetic, and comparisons. One module, so that a value means the same
 * thing in a run and in every formula built from a run.
 */
import type { ArithOp, CompareOp, Value } from '../syntax/ast.js';
import { compareValues } from './values.js';

/** A term with variables resolved to binding slots. `none` is a wildcard (or an aggregate outside a head). */
export type CompiledTerm =
  | { readonly k: 'var'; readonly slot: number }
  | { readonly k: 'const'; readonly value: Value }
  | { readonly k: 'arith'; readonly op: ArithOp; readonly l: CompiledTerm; readonly r: CompiledTerm }
  | { readonly k: 'none' };

/**
 * Arithmetic left the range where every integer is exact (±(2^53 − 1)). Rounding there would make
 * `X + 1 == X` true and turn a protocol's counters into floats, so a run stops instead.
 */
export class ArithmeticOverflow extends Error {
  constructor(
    readonly op: ArithOp,
    readonly left: number,
    readonly right: number,
  ) {
    super(`integer overflow: ${left} ${op} ${right} is outside the exact range ±${Number.MAX_SAFE_INTEGER}`);
    this.name = 'ArithmeticOverflow';
  }
}

/** Integer arithmetic; `/` truncates toward zero; division by zero has no value; overflow throws. */
export function arith(op: ArithOp, l: number, r: number): number | undefined {
  let v: number;
  switch (op) {
    case '+':
      v = l + r;
      break;
    case '-':
      v = l - r;
      break;
    case '*':
      v = l * r;
      break;
    case '/':
      if (r === 0) return undefined;
      v = Math.trunc(l / r);
      break;
  }
  if (!Number.isSafeInteger(v)) throw new ArithmeticOverflow(op, l, r);
  return v === 0 ? 0 : v; // no -0: it would print as 0 but hash apart from it
}

/**
 * The sum of integers, exact whatever their order: it overflows only when the sum itself leaves
 * the exact range (adding in arrival order would depend on which messages came first).
 */
export function exactSum(values: readonly number[]): number {
  let s = 0n;
  for (const x of values) s += BigInt(x);
  const last = values[values.length - 1] ?? 0;
  return exactInteger(s, () => new ArithmeticOverflow('+', Number(s - BigInt(last)), last));
}

/** An exact integer as a number, or the overflow when it leaves the exact range. */
export function exactInteger(s: bigint, overflow: () => ArithmeticOverflow): number {
  const v = Number(s);
  if (!Number.isSafeInteger(v)) throw overflow();
  return v === 0 ? 0 : v;
}

/** The value of a term under a binding; undefined for an unbound slot, a string operand or x / 0. */
export function evalTerm(t: CompiledTerm, binding: readonly (Value | undefined)[]): Value | undefined {
  switch (t.k) {
    case 'var':
      return binding[t.slot];
    case 'const':
      return t.value;
    case 'arith': {
      const l = evalTerm(t.l, binding);
      const r = evalTerm(t.r, binding);
      if (typeof l !== 'number' || typeof r !== 'number') return undefined;
      return arith(t.op, l, r);
    }
    default:
      return undefined;
  }
}

/** A number and a string are never equal; ordering follows `compareValues` (numbers first). */
export function compare(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return compareValues(a, b) < 0;
    case '>':
      return compareValues(a, b) > 0;
    case '<=':
      return compareValues(a, b) <= 0;
    case '>=':
      return compareValues(a, b) >= 0;
  }
}

/** The slots a term reads. */
export function termSlots(t: CompiledTerm): number[] {
  if (t.k === 'var') return [t.slot];
  if (t.k === 'arith') return [...termSlots(t.l), ...termSlots(t.r)];
  return [];
}
