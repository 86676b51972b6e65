/**
 * The formula store: constants fold, a gate is one node whatever the order of its parts, and
 * evaluation, one set at a time or many at once, agrees with the plain reading of and/or/not on random formulas.
 */
import { describe, expect, it } from 'vitest';
import { FALSE, FormulaStore, indexFaults, TRUE, type Formula } from '../../src/faults/formula.js';
import type { Bounds, Fault, FaultSet } from '../../src/faults/types.js';

const bounds: Bounds = { nodes: ['a', 'b', 'c'], eot: 4, eff: 3, crashes: 1 };

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('FormulaStore', () => {
  it('folds constants, duplicates and complementary parts', () => {
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const y = store.omitted('b', 'c', 2);
    expect(store.and()).toBe(TRUE);
    expect(store.or()).toBe(FALSE);
    expect(store.and(x, TRUE)).toBe(x);
    expect(store.and(x, FALSE)).toBe(FALSE);
    expect(store.or(x, TRUE)).toBe(TRUE);
    expect(store.or(x, FALSE)).toBe(x);
    expect(store.and(x, x)).toBe(x);
    expect(store.and(x, -x)).toBe(FALSE);
    expect(store.or(x, -x)).toBe(TRUE);
    expect(store.and(x, y, -x)).toBe(FALSE);
    expect(store.and(y, x, y)).toBe(store.and(x, y));
  });

  it('makes one node of a gate whatever the order of its parts, and or is the negated and of the negations', () => {
    const store = new FormulaStore(bounds);
    const [p, q, r] = [store.omitted('a', 'b', 1), store.omitted('a', 'c', 1), store.crashedBy('b', 2)];
    const before = store.size;
    const g = store.and(p, q, r);
    expect(store.size).toBe(before + 1);
    for (const order of [[q, p, r], [r, q, p], [p, r, q, p]]) expect(store.and(...order)).toBe(g);
    expect(store.and(q, p)).toBe(store.and(p, q));
    expect(store.or(p, q)).toBe(-store.and(-p, -q));
    expect(store.or(r, q, p)).toBe(-store.and(-p, -q, -r));
  });

  it('gives FALSE for faults the bounds forbid', () => {
    const store = new FormulaStore(bounds);
    expect(store.omitted('a', 'a', 1)).toBe(FALSE);
    expect(store.omitted('a', 'b', 3)).toBe(FALSE); // t ≥ EFF
    expect(store.omitted('a', 'z', 1)).toBe(FALSE);
    expect(new FormulaStore({ ...bounds, crashes: 0 }).crashedBy('a', 2)).toBe(FALSE);
    expect(store.crashedAt('a', 5)).toBe(FALSE); // after EOT
  });

  it('evaluates random formulas as and/or/not read plainly', () => {
    const rnd = prng(7);
    const store = new FormulaStore(bounds);
    const atoms: Formula[] = [];
    const atomValue: ((g: FaultSet) => boolean)[] = [];
    for (const from of bounds.nodes)
      for (const to of bounds.nodes)
        for (const t of [1, 2]) {
          if (from === to) continue;
          atoms.push(store.omitted(from, to, t));
          atomValue.push((g) => g.some((f) => f.kind === 'omit' && f.from === from && f.to === to && f.time === t));
        }
    for (const node of bounds.nodes)
      for (const t of [1, 2, 3, 4]) {
        atoms.push(store.crashedAt(node, t));
        atomValue.push((g) => g.some((f) => f.kind === 'crash' && f.node === node && f.time === t));
      }
    type Tree = { f: Formula; value: (g: FaultSet) => boolean };
    const build = (depth: number): Tree => {
      if (depth === 0 || rnd() < 0.2) {
        const i = Math.floor(rnd() * atoms.length);
        return { f: atoms[i]!, value: atomValue[i]! };
      }
      const kids = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => build(depth - 1));
      const op = rnd();
      if (op < 0.4) return { f: store.and(...kids.map((k) => k.f)), value: (g) => kids.every((k) => k.value(g)) };
      if (op < 0.8) return { f: store.or(...kids.map((k) => k.f)), value: (g) => kids.some((k) => k.value(g)) };
      return { f: -kids[0]!.f, value: (g) => !kids[0]!.value(g) };
    };
    const randomSet = (): FaultSet => {
      const g: Fault[] = [];
      for (const from of bounds.nodes) for (const to of bounds.nodes) for (const t of [1, 2]) if (from !== to && rnd() < 0.2) g.push({ kind: 'omit', from, to, time: t });
      if (rnd() < 0.5) g.push({ kind: 'crash', node: bounds.nodes[Math.floor(rnd() * 3)]!, time: 1 + Math.floor(rnd() * 4) });
      return g;
    };
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      const tree = build(4);
      // 0 to 69 sets: empty, one partial word, whole words and a partial third.
      const sets = Array.from({ length: i % 70 }, randomSet);
      const many = store.evaluateMany(tree.f, sets.map(indexFaults));
      expect(many).toHaveLength(sets.length);
      sets.forEach((g, k) => {
        expect(store.evaluate(tree.f, indexFaults(g))).toBe(tree.value(g));
        expect(many[k]).toBe(tree.value(g));
        checked++;
      });
    }
    expect(checked).toBe(9850);
    // Past one chunk of sets: the chunks' answers join in order.
    const tree = build(5);
    const sets = Array.from({ length: 2100 }, randomSet);
    expect(store.evaluateMany(tree.f, sets.map(indexFaults))).toEqual(sets.map((g) => tree.value(g)));
    for (const constant of [TRUE, FALSE]) expect(store.evaluateMany(constant, [randomSet(), randomSet()].map(indexFaults))).toEqual([constant === TRUE, constant === TRUE]);
  });

  it('counts "at least k of the parts" right whatever order the ks are asked in, sharing one counter per parts', () => {
    const rnd = prng(11);
    const store = new FormulaStore(bounds);
    const atoms: { f: Formula; holds: (g: FaultSet) => boolean }[] = [];
    for (const from of bounds.nodes)
      for (const to of bounds.nodes)
        for (const t of [1, 2]) if (from !== to) atoms.push({ f: store.omitted(from, to, t), holds: (g) => g.some((x) => x.kind === 'omit' && x.from === from && x.to === to && x.time === t) });
    // Fault sets drawn as subsets of the atoms, read back through each atom's own test.
    const draws = Array.from({ length: 150 }, () => {
      const g: Fault[] = [];
      for (const from of bounds.nodes) for (const to of bounds.nodes) for (const t of [1, 2]) if (from !== to && rnd() < 0.4) g.push({ kind: 'omit', from, to, time: t });
      return g;
    });
    for (let trial = 0; trial < 30; trial++) {
      const parts: Formula[] = atoms.filter(() => rnd() < 0.6).map((a) => a.f);
      // Constants among the parts count as they read: TRUE always, FALSE never.
      if (trial % 3 === 0) parts.push(TRUE);
      if (trial % 4 === 0) parts.push(FALSE);
      const ks = Array.from({ length: parts.length + 3 }, (_, k) => k - 1);
      const order = trial % 3 === 0 ? ks : trial % 3 === 1 ? [...ks].reverse() : [...ks].sort(() => rnd() - 0.5);
      for (const k of order) {
        const f = store.atLeast(k, parts);
        for (const g of draws) {
          const count = parts.filter((p) => (p === TRUE ? true : p === FALSE ? false : atoms.find((a) => a.f === p)!.holds(g))).length;
          expect(store.evaluate(f, indexFaults(g))).toBe(count >= k);
        }
      }
    }
  });
});
