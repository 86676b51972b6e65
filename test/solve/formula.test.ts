import { describe, expect, it } from 'vitest';
import type { FaultSet } from '../../src/faults/types.js';
import {
  and,
  crashed,
  evaluate,
  FALSE,
  formulaSize,
  isMonotone,
  messageLost,
  not,
  omitted,
  or,
  TRUE,
  type Formula,
} from '../../src/solve/formula.js';

const x = omitted('a', 'b', 1);
const y = omitted('b', 'a', 1);
const z = crashed('a', 2);

describe('formula constructors', () => {
  it('fold constants in and/or', () => {
    expect(and()).toBe(TRUE);
    expect(or()).toBe(FALSE);
    expect(and(x, TRUE)).toBe(x);
    expect(and(x, FALSE, y)).toBe(FALSE);
    expect(or(x, FALSE)).toBe(x);
    expect(or(x, TRUE, y)).toBe(TRUE);
  });

  it('flatten nested junctions of the same kind and drop repeated arguments', () => {
    expect(and(and(x, y), z)).toEqual({ kind: 'and', args: [x, y, z] });
    expect(or(x, or(y, x))).toEqual({ kind: 'or', args: [x, y] });
    // A different kind is kept as one shared node.
    const inner = or(x, y);
    const outer = and(inner, z);
    expect(outer.kind === 'and' && outer.args[0]).toBe(inner);
  });

  it('keeps a wide shared junction as one node instead of copying it into parents', () => {
    const wide = and(...Array.from({ length: 40 }, (_, t) => omitted('a', 'b', t + 1)));
    const parent = and(wide, z);
    expect(parent).toEqual({ kind: 'and', args: [wide, z] });
  });

  it('simplify negation of constants and double negation', () => {
    expect(not(TRUE)).toBe(FALSE);
    expect(not(FALSE)).toBe(TRUE);
    expect(not(not(x))).toBe(x);
  });

  it('treat self-channels and times before 1 as no fault', () => {
    expect(omitted('a', 'a', 1)).toBe(FALSE);
    expect(omitted('a', 'b', 0)).toBe(FALSE);
    expect(crashed('a', 0)).toBe(FALSE);
  });

  it('messageLost: omission before EFF or a crash of the sender by the send time; never for a self-send', () => {
    expect(messageLost('a', 'a', 1, 3)).toBe(FALSE);
    expect(messageLost('a', 'b', 1, 3)).toEqual({
      kind: 'or',
      args: [omitted('a', 'b', 1), crashed('a', 1)],
    });
    expect(messageLost('a', 'b', 3, 3)).toEqual(crashed('a', 3));
  });
});

describe('evaluate', () => {
  const faults: FaultSet = [
    { kind: 'omit', from: 'a', to: 'b', time: 1 },
    { kind: 'crash', node: 'c', time: 2 },
  ];

  it('reads omissions literally', () => {
    expect(evaluate(omitted('a', 'b', 1), faults)).toBe(true);
    expect(evaluate(omitted('b', 'a', 1), faults)).toBe(false);
    expect(evaluate(omitted('a', 'b', 2), faults)).toBe(false);
  });

  it('crashed(n, by) holds when n crashes at some k <= by', () => {
    expect(evaluate(crashed('c', 1), faults)).toBe(false);
    expect(evaluate(crashed('c', 2), faults)).toBe(true);
    expect(evaluate(crashed('c', 9), faults)).toBe(true);
    expect(evaluate(crashed('a', 9), faults)).toBe(false);
  });

  it('combines with and/or/not, including raw unsimplified nodes', () => {
    expect(evaluate(and(omitted('a', 'b', 1), crashed('c', 2)), faults)).toBe(true);
    expect(evaluate(and(omitted('a', 'b', 1), crashed('c', 1)), faults)).toBe(false);
    expect(evaluate(or(omitted('b', 'a', 1), not(crashed('c', 1))), faults)).toBe(true);
    expect(evaluate({ kind: 'and', args: [] }, faults)).toBe(true);
    expect(evaluate({ kind: 'or', args: [] }, faults)).toBe(false);
    expect(evaluate({ kind: 'not', arg: { kind: 'not', arg: FALSE } }, faults)).toBe(false);
  });

  it('a message is lost by an omission or by an earlier crash of its sender', () => {
    expect(evaluate(messageLost('a', 'b', 1, 2), faults)).toBe(true);
    expect(evaluate(messageLost('c', 'a', 1, 2), faults)).toBe(false);
    expect(evaluate(messageLost('c', 'a', 2, 2), faults)).toBe(true);
    expect(evaluate(messageLost('c', 'c', 3, 2), faults)).toBe(false);
  });

  it('walks a deep chain and a wide node without recursion', () => {
    let f: Formula = omitted('a', 'b', 1);
    for (let i = 0; i < 100_000; i++) f = i % 2 === 0 ? and(f, not(crashed('b', 1))) : or(f, crashed('z', 1));
    expect(evaluate(f, faults)).toBe(true);
    expect(evaluate(f, [])).toBe(false);
    const wide = or(...Array.from({ length: 50_000 }, (_, t) => omitted('a', 'c', t + 1)));
    expect(evaluate(wide, [{ kind: 'omit', from: 'a', to: 'c', time: 50_000 }])).toBe(true);
    expect(evaluate(wide, faults)).toBe(false);
  });
});

describe('formula structure', () => {
  it('counts shared nodes once', () => {
    const shared = or(x, y);
    expect(formulaSize(and(shared, not(shared)))).toBe(5); // and, or, not, x, y
  });

  it('isMonotone is false exactly when a fault atom sits under an odd number of negations', () => {
    expect(isMonotone(or(x, and(y, z)))).toBe(true);
    expect(isMonotone(not(not(x)))).toBe(true);
    expect(isMonotone(not(and(not(x), not(y))))).toBe(true);
    expect(isMonotone(and(x, not(y)))).toBe(false);
    const shared = or(x, y);
    expect(isMonotone(and(shared, not(shared)))).toBe(false);
  });
});
