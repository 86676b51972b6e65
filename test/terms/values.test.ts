import { describe, expect, it } from 'vitest';
import { compareTuples, compareValues, formatTuple, formatValue, tupleKey } from '../../src/terms/values.js';

describe('values', () => {
  it('orders numbers before strings, numbers numerically, strings by code units', () => {
    const sorted = ['b', 10, 'B', 2, 'a', -1, 'é', 'Z'].sort(compareValues);
    // 'B' (66) < 'Z' (90) < 'a' (97) < 'b' < 'é' (233): code units, not a locale's order.
    expect(sorted).toEqual([-1, 2, 10, 'B', 'Z', 'a', 'b', 'é']);
  });

  it('orders tuples column by column, a prefix first', () => {
    const sorted = [['a', 2], ['a', 1, 0], ['a', 1], [1, 'z']].sort(compareTuples);
    expect(sorted).toEqual([[1, 'z'], ['a', 1], ['a', 1, 0], ['a', 2]]);
  });

  it('prints strings quoted and numbers bare', () => {
    expect(formatValue('a')).toBe('"a"');
    expect(formatValue(3)).toBe('3');
    expect(formatValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(formatTuple('log', ['a', 1])).toBe('log("a", 1)');
    expect(formatTuple('tick', [])).toBe('tick()');
  });

  it('gives distinct keys to tuples that differ only in a value type or a separator', () => {
    const tuples = [[1], ['1'], ['a', 'b'], ['a\u0000"b'], ['a\u0000b'], ["'a\\0b"], [], ['']];
    const keys = new Set(tuples.map(tupleKey));
    expect(keys.size).toBe(tuples.length);
  });
});
