/** The explanation's index finds a message by what it is, whatever characters its strings hold. */
import { describe, expect, it } from 'vitest';
import { indexRun } from '../../src/explain/run-index.js';
import type { Message, RunResult } from '../../src/sim/types.js';

describe('messages by key', () => {
  it('two messages whose parts would run together under a plain separator stay apart', () => {
    // from "a\u0001\"b" to "c", and from "a" to "b\u0001\"c": one string each under a \u0001 join.
    const m1: Message = { relation: 'm', tuple: ['c', 1], from: 'a\u0001"b', to: 'c', sendTime: 1, lostBy: null };
    const m2: Message = { relation: 'm', tuple: ['c', 1], from: 'a', to: 'b\u0001"c', sendTime: 1, lostBy: null };
    const run: RunResult = { nodes: [], eot: 2, faults: [], tables: [], messages: [m1, m2], invariant: { checked: false, holds: true, missing: [] }, lineage: { tuples: [], firings: [], groups: [] } };
    const index = indexRun(run);
    expect(index.message(m1)).toBe(m1);
    expect(index.message(m2)).toBe(m2);
    expect(index.sends(m1)).toBe(1);
    expect(index.message({ ...m1, sendTime: 2 })).toBeUndefined();
  });
});
