/**
 * Aggregates under G: certainlyIn must be an under-approximation and mayBe an over-approximation
 * of every value set G can give a group (certain values ⊆ set ⊆ possible values, non-empty),
 * checked against enumeration on random supports; and a sum read through a threshold every
 * sum meets is certified from the fault-free run, where exhaustive search needs every set.
 */
import { describe, expect, it } from 'vitest';
import { FormulaStore, indexFaults, type Formula } from '../../src/faults/formula.js';
import type { Bounds, Fault } from '../../src/faults/types.js';
import { certainlyIn, mayBe, type ValueRange, type ValueSupport } from '../../src/lineage/aggregate.js';
import type { AggregateFn } from '../../src/syntax/ast.js';
import { exactSum } from '../../src/terms/eval.js';
import { compileText } from './soundness.js';
import { checkFaultTolerance } from '../../src/search/check.js';

const NODES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const bounds: Bounds = { nodes: NODES, eot: 4, eff: 3, crashes: 0 };

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The aggregate of a non-empty value set, as the simulator computes it (over distinct values). */
function aggregate(fn: AggregateFn, values: readonly number[]): number {
  if (fn === 'count') return values.length;
  if (fn === 'sum') return exactSum(values);
  return fn === 'min' ? Math.min(...values) : Math.max(...values);
}

interface Case {
  readonly store: FormulaStore;
  readonly support: ValueSupport[];
  /** Per value: the omission that makes it not certain, and the one that also makes it not possible. */
  readonly atoms: { readonly certainOff: Fault; readonly possibleOff: Fault }[];
}

/** Value i is certain unless its first omission is in G, possible unless both are. */
function randomCase(rnd: () => number): Case {
  const store = new FormulaStore(bounds);
  const n = 1 + Math.floor(rnd() * 5);
  const pool = [-4, -2, -1, 0, 1, 2, 3, 5, 8];
  const values = pool.filter(() => rnd() < 0.5).slice(0, n);
  if (values.length === 0) values.push(3);
  const support: ValueSupport[] = [];
  const atoms: Case['atoms'] = [];
  values.forEach((value, i) => {
    const certainOff: Fault = { kind: 'omit', from: 'a', to: NODES[i + 1]!, time: 1 };
    const possibleOff: Fault = { kind: 'omit', from: 'a', to: NODES[i + 1]!, time: 2 };
    const x = store.omitted(certainOff.from, certainOff.to, certainOff.time);
    const y = store.omitted(possibleOff.from, possibleOff.to, possibleOff.time);
    // Some values are certain whatever G does, some never are.
    const certain: Formula = rnd() < 0.15 ? store.and() : rnd() < 0.15 ? store.or() : -x;
    support.push({ value, certain, possible: store.or(certain, -x, -y) });
    atoms.push({ certainOff, possibleOff });
  });
  return { store, support, atoms };
}

/** A range the run's own aggregate lies in (its firing read it): exactly it, or around it, or open on a side. */
function rangeAround(rnd: () => number, own: number): ValueRange {
  if (rnd() < 0.25) return { lo: own, hi: own };
  const lo = rnd() < 0.3 ? null : own - Math.floor(rnd() * 8);
  const hi = rnd() < 0.3 ? null : own + Math.floor(rnd() * 8);
  return { lo, hi };
}

/** Every value set G allows: each certain value in, each impossible one out, the rest either way; non-empty. */
function valueSets(certain: readonly boolean[], possible: readonly boolean[], values: readonly number[]): number[][] {
  const free = values.map((_, i) => i).filter((i) => possible[i] && !certain[i]);
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const set = values.filter((_, i) => certain[i] || free.some((f, k) => f === i && (mask & (1 << k)) !== 0));
    if (set.length > 0) out.push(set);
  }
  return out;
}

describe('aggregates under G', () => {
  for (const fn of ['sum', 'count', 'min', 'max'] as const) {
    it(`${fn}: certainlyIn holds only when every value set G allows lands in the range, and mayBe whenever one gives v`, () => {
      const rnd = prng(fn.length * 7919 + fn.charCodeAt(1));
      let certainSeen = 0;
      for (let trial = 0; trial < 400; trial++) {
        const c = randomCase(rnd);
        const values = c.support.map((s) => s.value as number);
        // The run's own value set: the firing whose reading is judged had it.
        const picked = values.filter(() => rnd() < 0.6);
        const current = picked.length > 0 ? picked : [values[0]!];
        const range = rangeAround(rnd, aggregate(fn, current));
        const inRange = certainlyIn(c.store, fn, c.support, range, current);
        const v = Math.floor(rnd() * 20) - 6;
        const may = mayBe(c.store, fn, c.support, v, rnd() < 0.2 ? null : current);
        // Every G over the value atoms: each value's two omissions in or out.
        for (let g = 0; g < 1 << (2 * values.length); g++) {
          const faults = c.atoms.flatMap((a, i) => [...((g >> (2 * i)) & 1 ? [a.certainOff] : []), ...((g >> (2 * i + 1)) & 1 ? [a.possibleOff] : [])]);
          const index = indexFaults(faults);
          const certain = c.support.map((s) => c.store.evaluate(s.certain, index));
          const possible = c.support.map((s) => c.store.evaluate(s.possible, index));
          const sets = valueSets(certain, possible, values);
          if (sets.length === 0) continue;
          const results = sets.map((set) => aggregate(fn, set));
          if (c.store.evaluate(inRange, index)) {
            certainSeen++;
            for (const r of results) {
              if (range.lo !== null) expect(r, `${fn} of a set G allows, under ${JSON.stringify(range)}`).toBeGreaterThanOrEqual(range.lo);
              if (range.hi !== null) expect(r).toBeLessThanOrEqual(range.hi);
            }
          }
          // A sum with the run's own value set is the one case mayBe leaves to its caller: it says TRUE there.
          if (results.includes(v)) expect(c.store.evaluate(may, index), `${fn} may be ${v} with values ${JSON.stringify(values)}`).toBe(true);
        }
      }
      // The property is not vacuous: certainlyIn held under many fault sets.
      expect(certainSeen).toBeGreaterThan(200);
    });
  }

  it('sum: a range every non-empty set of the values meets holds with any one certain value', () => {
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const y = store.omitted('a', 'c', 1);
    // 1, 2 and 4 are certain unless x is lost and always possible; 8 is never certain, possible unless y is lost.
    const support: ValueSupport[] = [
      ...[1, 2, 4].map((value) => ({ value, certain: -x, possible: store.and() })),
      { value: 8, certain: store.or(), possible: -y },
    ];
    const holds = (range: ValueRange, faults: Fault[]): boolean => store.evaluate(certainlyIn(store, 'sum', support, range, [1, 2, 4]), indexFaults(faults));
    const lostX: Fault[] = [{ kind: 'omit', from: 'a', to: 'b', time: 1 }];
    const lostY: Fault[] = [{ kind: 'omit', from: 'a', to: 'c', time: 1 }];
    // Every non-empty set of {1, 2, 4, 8} sums to 1..15.
    expect(holds({ lo: 1, hi: 15 }, lostX)).toBe(true);
    expect(holds({ lo: 1, hi: null }, lostX)).toBe(true);
    // {1} alone sums to 1: "≥ 2" needs a certain value ≥ 2, and there is none once x is lost.
    expect(holds({ lo: 2, hi: null }, lostX)).toBe(false);
    expect(holds({ lo: 2, hi: null }, [])).toBe(true);
    // "≤ 7" holds only while the set is the run's own {1, 2, 4}: 8 must not be possible.
    expect(holds({ lo: null, hi: 7 }, [])).toBe(false);
    expect(holds({ lo: null, hi: 7 }, lostY)).toBe(true);
    expect(holds({ lo: null, hi: 7 }, [...lostX, ...lostY])).toBe(false);
  });

  it('certifies a sum read through a threshold every sum meets from the fault-free run', () => {
    const text = [
      'node("a"); node("b"); node("c"); node("d");',
      'val("a", 1)@1; val("b", 2)@1; val("c", 4)@1; val("d", 8)@1;',
      'm(M, N, V)@async :- val(N, V), node(M);',
      'got(M, N, V) :- m(M, N, V);',
      'got(M, N, V)@next :- got(M, N, V);',
      'tot(M, sum<V>) :- got(M, _, V);',
      'pre(M) :- tot(M, _);',
      'post(M) :- tot(M, S), S > 0, node(M);',
    ].join('\n');
    const b: Bounds = { nodes: ['a', 'b', 'c', 'd'], eot: 3, eff: 2, crashes: 0 };
    const ldfi = checkFaultTolerance(compileText(text), { bounds: b, strategy: 'ldfi' });
    expect(ldfi.verdict).toBe('certified');
    expect(ldfi.executions).toBe(1);
    const exhaustive = checkFaultTolerance(compileText(text), { bounds: b, strategy: 'exhaustive' });
    expect(exhaustive.verdict).toBe('certified');
    expect(exhaustive.executions).toBe(4096);
  });
});
