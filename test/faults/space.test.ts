/**
 * The fault space: Molly's size formula against the figures of her paper's tables, the exact
 * count against the enumeration the exhaustive oracle walks, and random draws that stay inside.
 */
import { describe, expect, it } from 'vitest';
import { allFaultSets, countFaultSets, describeFaultSpace, faultSpaceOf, faultSpaceSize, formatCount, formatEstimate, mollyCount, moreFaultSetsThan, prng, randomFaultSet } from '../../src/faults/space.js';
import type { Bounds } from '../../src/faults/types.js';
import { formatFaults } from '../../src/faults/text.js';
import type { FaultSet } from '../../src/faults/types.js';
import { outOfBounds as outsideBounds, redundantOmissions } from '../search/helpers.js';

/** The enumeration and the random draws also never omit from a sender after its crash. */
const outOfBounds = (b: Bounds, faults: FaultSet): string[] => [...outsideBounds(b, faults), ...redundantOmissions(faults)];

const ABC = ['a', 'b', 'c'];
const COMMIT = ['C', 'a', 'b', 'd'];
const KAFKA = ['Z', 'b', 'c', 'a', 'C'];

const bounds = (nodes: readonly string[], eot: number, eff: number, crashes: number): Bounds => ({ nodes, eot, eff, crashes });

describe("faultSpaceSize reproduces the fault spaces of Molly's paper", () => {
  it.each([
    ['simple-deliv 4/2/0', bounds(ABC, 4, 2, 0), 4096],
    ['2pc 5/0/1', bounds(COMMIT, 5, 0, 1), 24],
    ['classic-deliv 5/3/0', bounds(ABC, 5, 3, 0), 262_144],
  ])('%s is exactly %d', (_name, b, expected) => {
    expect(faultSpaceSize(b)).toBe(expected);
  });

  it.each([
    ['retry-deliv 4/2/1', bounds(ABC, 4, 2, 1), 4.07e4],
    ['2pc-ctp 8/0/1', bounds(COMMIT, 8, 0, 1), 36],
    ['kafka 6/4/1', bounds(KAFKA, 6, 4, 1), 1.85e25],
    ['3pc 9/7/1', bounds(COMMIT, 9, 7, 1), 2.43e26],
  ])('%s is %d within 1%%', (_name, b, expected) => {
    expect(Math.abs(faultSpaceSize(b) - expected) / expected).toBeLessThan(0.01);
  });

  it('does not depend on the order of the nodes', () => {
    expect(faultSpaceSize(bounds(['a', 'C', 'b', 'd'], 9, 7, 1))).toBe(faultSpaceSize(bounds(COMMIT, 9, 7, 1)));
  });

  it('is 1 when nothing may fail', () => {
    expect(faultSpaceSize(bounds(ABC, 6, 0, 0))).toBe(1);
  });
});

describe('countFaultSets and allFaultSets', () => {
  const SMALL: readonly Bounds[] = [
    bounds(ABC, 4, 2, 0),
    bounds(ABC, 4, 2, 1),
    bounds(ABC, 3, 3, 1),
    bounds(ABC, 4, 0, 2),
    bounds(ABC, 3, 2, 3),
    bounds(['a', 'b'], 4, 3, 2),
    bounds(COMMIT, 6, 0, 2),
    bounds(COMMIT, 3, 2, 1),
    bounds(['a'], 3, 3, 1),
  ];

  it.each(SMALL.map((b) => [`${b.nodes.join(',')} ${b.eot}/${b.eff}/${b.crashes}`, b] as const))(
    '%s: the count is the number of distinct sets yielded, all inside the bounds',
    (_name, b) => {
      const keys = new Set<string>();
      const problems: string[] = [];
      let yielded = 0;
      for (const faults of allFaultSets(b)) {
        yielded++;
        keys.add(formatFaults(faults));
        problems.push(...outOfBounds(b, faults).map((p) => `${formatFaults(faults)}: ${p}`));
      }
      expect(problems).toEqual([]);
      expect(BigInt(yielded)).toBe(countFaultSets(b));
      expect(keys.size).toBe(yielded);
    },
  );

  it('starts with the fault-free set', () => {
    expect(allFaultSets(bounds(ABC, 4, 2, 1)).next().value).toEqual([]);
  });

  it('has the hand-counted sizes', () => {
    // 3 nodes, omissions at t=1 only: 6 channels → 2^6.
    expect(countFaultSets(bounds(ABC, 4, 2, 0))).toBe(64n);
    // One crash at t=1 leaves the crashed sender no omission: 2^4; at t=2..4 all 2^6; plus no crash.
    expect(countFaultSets(bounds(ABC, 4, 2, 1))).toBe(BigInt(64 + 3 * (16 + 3 * 64)));
    // Crashes only: none, one of 4 nodes at 6 times, two of them at 6 × 6 times.
    expect(countFaultSets(bounds(COMMIT, 6, 0, 2))).toBe(BigInt(1 + 4 * 6 + 6 * 36));
  });

  it('contains every fault the bounds allow and nothing else', () => {
    const b = bounds(ABC, 3, 2, 1);
    const singles = new Set<string>();
    for (const faults of allFaultSets(b)) if (faults.length === 1) singles.add(formatFaults(faults));
    const expected = [
      ...['a', 'b', 'c'].flatMap((n) => [1, 2, 3].map((t) => `crash(${n},${t})`)),
      ...['a', 'b', 'c'].flatMap((from) => ['a', 'b', 'c'].filter((to) => to !== from).map((to) => `omit(${from},${to},1)`)),
    ];
    expect([...singles].sort()).toEqual(expected.sort());
  });
});

describe('randomFaultSet', () => {
  const CASES: readonly Bounds[] = [bounds(ABC, 4, 2, 1), bounds(COMMIT, 9, 7, 1), bounds(KAFKA, 6, 4, 2), bounds(ABC, 5, 0, 3), bounds(COMMIT, 4, 4, 4)];

  it.each(CASES.map((b) => [`${b.nodes.join(',')} ${b.eot}/${b.eff}/${b.crashes}`, b] as const))('%s: 300 draws stay inside the bounds', (_name, b) => {
    const random = prng(7);
    for (let i = 0; i < 300; i++) {
      const faults = randomFaultSet(b, random);
      expect(outOfBounds(b, faults), formatFaults(faults)).toEqual([]);
    }
  });

  it('draws only sets that allFaultSets yields, and reaches most of a small space', () => {
    const b = bounds(ABC, 3, 2, 1);
    const space = new Set<string>();
    for (const faults of allFaultSets(b)) space.add(formatFaults(faults));
    const drawn = new Set<string>();
    const random = prng(3);
    for (let i = 0; i < 5000; i++) {
      const key = formatFaults(randomFaultSet(b, random));
      expect(space.has(key), key).toBe(true);
      drawn.add(key);
    }
    expect(drawn.size).toBeGreaterThan(space.size / 2);
  });

  it('draws crashes and omissions both', () => {
    const random = prng(11);
    const kinds = new Set<string>();
    for (let i = 0; i < 50; i++) for (const f of randomFaultSet(bounds(ABC, 4, 2, 1), random)) kinds.add(f.kind);
    expect([...kinds].sort()).toEqual(['crash', 'omit']);
  });

  it('is deterministic per seed', () => {
    const b = bounds(COMMIT, 9, 7, 1);
    const draw = (seed: number): string[] => {
      const random = prng(seed);
      return Array.from({ length: 20 }, () => formatFaults(randomFaultSet(b, random)));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
});

describe('prng', () => {
  it('gives the same numbers for the same seed, in [0, 1)', () => {
    const a = prng(5);
    const b = prng(5);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('fault-space figures are exact or plainly approximate, never Infinity', () => {
  it('counts past 2^53 exactly with BigInt', () => {
    // 3pc 9/7/1: 4 nodes, 3 channels each at t = 1..6: u = 2^18 per node uncrashed.
    const b = bounds(COMMIT, 9, 7, 1);
    const u = 2n ** 18n;
    let w = 0n;
    for (let t = 1; t <= 9; t++) w += 2n ** BigInt(3 * (Math.min(7, t) - 1));
    expect(countFaultSets(b)).toBe(u ** 4n + 4n * u ** 3n * w);
    expect(countFaultSets(b) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(faultSpaceOf(b)).toEqual({ faultSets: String(u ** 4n + 4n * u ** 3n * w), mollyEstimate: String(mollyCount(b)) });
  });

  it("has Molly's formula agree with the float figure where a float is exact", () => {
    for (const b of [bounds(ABC, 4, 2, 0), bounds(ABC, 4, 2, 1), bounds(COMMIT, 8, 0, 1), bounds(ABC, 5, 3, 0)]) {
      expect(Number(mollyCount(b))).toBe(faultSpaceSize(b));
    }
  });

  it('writes huge spaces in scientific notation from their logarithm, without computing them', () => {
    const huge = faultSpaceOf(bounds(['a', 'b', 'c', 'd', 'e'], 100_000, 99_999, 2));
    expect(huge.faultSets).toMatch(/^\d\.\d\de\d+$/);
    expect(huge.mollyEstimate).toMatch(/^\d\.\d\de\d+$/);
    expect(describeFaultSpace(huge)).not.toMatch(/Infinity|NaN|null/);
    // The logarithm path agrees with the exact digits where both can be had.
    const b = bounds(['a', 'b', 'c', 'd', 'e'], 400, 399, 1);
    expect(faultSpaceOf(b).faultSets).toBe(formatEstimate(countFaultSets(b).toString()));
    expect(faultSpaceOf(b).mollyEstimate).toBe(formatEstimate(mollyCount(b).toString()));
  });

  it('prints the exact count beside the estimate', () => {
    expect(describeFaultSpace(faultSpaceOf(bounds(ABC, 5, 3, 0)))).toBe("4,096 fault sets (Molly's estimate 2.62e5)");
    expect(describeFaultSpace(faultSpaceOf(bounds(ABC, 6, 0, 0)))).toBe("1 fault set (Molly's estimate 1)");
    expect(formatCount('1000000')).toBe('1,000,000');
    expect(formatEstimate('999600')).toBe('1.00e6');
    expect(formatEstimate('9999')).toBe('9,999');
    expect(formatEstimate('999')).toBe('999');
  });

  it('decides the exhaustive limit without the exact count of a huge space', () => {
    expect(moreFaultSetsThan(bounds(ABC, 4, 2, 0), 64)).toBe(false);
    expect(moreFaultSetsThan(bounds(ABC, 4, 2, 0), 63)).toBe(true);
    expect(moreFaultSetsThan(bounds(['a', 'b', 'c', 'd', 'e'], 100_000, 99_999, 5), 100_000)).toBe(true);
  });
});
