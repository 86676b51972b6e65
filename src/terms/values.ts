/**
 * Values and tuples: the one total order every output is sorted by, the printed form, and the
 * key strings the simulator hashes tuples by.
 */
import type { Value } from '../syntax/ast.js';

/** A ground tuple: one value per column, the first column its location. */
export type Tuple = readonly Value[];

/** Numbers before strings; numbers ascending; strings by UTF-16 code units (never locale: output must not depend on the machine). */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    return -1;
  }
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Column by column; a proper prefix first. */
export function compareTuples(a: Tuple, b: Tuple): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Code-unit order for names (relations, nodes): `localeCompare` would vary with the machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `"a"` (quoted, escaped as in JSON) or `3`. */
export function formatValue(v: Value): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** `log("a", 1)` */
export function formatTuple(rel: string, t: Tuple): string {
  let out = rel + '(';
  for (let i = 0; i < t.length; i++) out += (i > 0 ? ', ' : '') + formatValue(t[i]!);
  return out + ')';
}

/**
 * A hash key for one value. Numbers print as digits, strings get a `"` prefix, so 1 and "1"
 * differ. Parts are joined with NUL; a string that itself holds NUL is escaped under a different
 * prefix (`'`), so no two tuples share a key.
 */
export function valueKey(v: Value): string {
  if (typeof v === 'number') return String(v);
  if (v.indexOf('\u0000') < 0) return '"' + v;
  return "'" + v.replace(/\\/g, '\\\\').replace(/\u0000/g, '\\0');
}

export function tupleKey(t: Tuple): string {
  if (t.length === 0) return '';
  let key = valueKey(t[0]!);
  for (let i = 1; i < t.length; i++) key += '\u0000' + valueKey(t[i]!);
  return key;
}
