/** Pattern keys name one pattern each, whatever characters its strings hold. */
import { describe, expect, it } from 'vitest';
import { groupKey, patternKey } from '../../src/lineage/run-index.js';

describe('pattern keys', () => {
  it('differ for patterns that differ, even with separator characters inside strings', () => {
    const patterns = [
      ['a', 'x\u0001"y', null],
      ['a', 'x', 'y\u0001_'],
      ['a', 'x\u0000y'],
      ['a', 'x', 'y'],
      ['_'],
      [null],
      [1],
      ['1'],
      [],
      [''],
    ];
    const keys = patterns.map(patternKey);
    expect(new Set(keys).size).toBe(patterns.length);
    expect(groupKey({ rule: 1, time: 2, key: ['a', null] })).not.toBe(groupKey({ rule: 1, time: 2, key: ['a', '_'] }));
  });
});
