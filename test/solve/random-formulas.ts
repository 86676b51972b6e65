/**
 * Seeded random formulas, bounds and seeds for the solver tests, and a brute-force oracle for
 * the minimal fault sets of a goal.
 */
import type { Crash, Fault, FaultSet, Omission } from '../../src/faults/types.js';
import type { Bounds } from '../../src/faults/types.js';
import { and, evaluate, FALSE, messageLost, not, or, TRUE, type Formula } from '../../src/solve/formula.js';
import { canonicalFaults, formatFaultSet } from '../../src/faults/order.js';

import { prng } from '../../src/faults/space.js';

export { prng };

export function pick<T>(rng: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}

function int(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Small bounds: the brute-force universe stays within a few thousand fault sets. */
export function randomBounds(rng: () => number): Bounds {
  const nodes = rng() < 0.5 ? ['a', 'b'] : ['a', 'b', 'c'];
  const eot = rng() < 0.1 ? 1 : int(rng, 2, 3);
  const maxLossSteps = nodes.length === 2 ? 3 : 1;
  const eff = rng() < 0.1 ? 1 : int(rng, 2, Math.min(eot, maxLossSteps) + 1);
  const crashes = rng() < 0.2 ? 0 : int(rng, 1, 2);
  return { nodes, eot, eff, crashes };
}

/**
 * A random DAG over fault atoms, including atoms the bounds forbid (times outside 1..eot,
 * omissions at t >= eff, self-channels, an unknown node) and raw unsimplified nodes (constants,
 * double negations, one-argument junctions) that the constructors would have folded away.
 */
export function randomFormula(rng: () => number, bounds: Bounds, size: number): Formula {
  // Mostly atoms the bounds allow; about one in ten is out of bounds.
  const node = (): string => (rng() < 0.05 ? 'z' : pick(rng, bounds.nodes));
  const other = (from: string): string =>
    rng() < 0.1 ? from : pick(rng, bounds.nodes.filter((n) => n !== from));
  const time = (): number => (rng() < 0.1 ? pick(rng, [0, bounds.eot + 1]) : int(rng, 1, bounds.eot));
  const pool: Formula[] = [];
  const atoms = int(rng, 3, 7);
  for (let i = 0; i < atoms; i++) {
    const r = rng();
    if (r < 0.6) {
      const from = node();
      pool.push({ kind: 'omitted', from, to: other(from), time: time() });
    } else if (r < 0.95) pool.push({ kind: 'crashed', node: node(), by: time() });
    else pool.push(rng() < 0.5 ? TRUE : FALSE);
  }
  for (let i = 0; i < size; i++) {
    const r = rng();
    const raw = rng() < 0.3;
    const args = Array.from({ length: int(rng, 2, 3) }, () => pick(rng, pool));
    let f: Formula;
    if (r < 0.2) f = raw ? { kind: 'not', arg: args[0]! } : not(args[0]!);
    else if (r < 0.25) f = { kind: rng() < 0.5 ? 'and' : 'or', args: [args[0]!] };
    else if (r < 0.6) f = raw ? { kind: 'and', args } : and(...args);
    else f = raw ? { kind: 'or', args } : or(...args);
    pool.push(f);
  }
  return pool[pool.length - 1]!;
}

/**
 * Shaped like the negation of a lineage: "no derivation survives", where a derivation is an
 * AND/OR tree over messages arriving. Occasionally a `not` inside makes it non-monotone.
 */
export function randomLineageGoal(rng: () => number, bounds: Bounds, size: number): Formula {
  const pool: Formula[] = [];
  const leaves = int(rng, 3, 6);
  for (let i = 0; i < leaves; i++) {
    const from = pick(rng, bounds.nodes);
    const to = rng() < 0.1 ? from : pick(rng, bounds.nodes.filter((n) => n !== from));
    pool.push(not(messageLost(from, to, int(rng, 1, bounds.eot), bounds.eff)));
  }
  for (let i = 0; i < size; i++) {
    const args = Array.from({ length: int(rng, 2, 3) }, () => pick(rng, pool));
    const r = rng();
    pool.push(r < 0.08 ? not(args[0]!) : r < 0.5 ? and(...args) : or(...args));
  }
  return not(pool[pool.length - 1]!);
}

/** Every omission the bounds allow. */
export function allowedOmissions(bounds: Bounds): Omission[] {
  const out: Omission[] = [];
  for (let time = 1; time < bounds.eff && time <= bounds.eot; time++) {
    for (const from of bounds.nodes) {
      for (const to of bounds.nodes) if (from !== to) out.push({ kind: 'omit', from, to, time });
    }
  }
  return out;
}

/** A fault set within the bounds, to be used as a seed (often empty). */
export function randomSeed(rng: () => number, bounds: Bounds): FaultSet {
  const faults: Fault[] = [];
  const omissions = allowedOmissions(bounds);
  if (omissions.length > 0 && rng() < 0.3) faults.push(pick(rng, omissions));
  if (bounds.crashes > 0 && rng() < 0.3) {
    faults.push({ kind: 'crash', node: pick(rng, bounds.nodes), time: int(rng, 1, bounds.eot) });
  }
  return canonicalFaults(faults);
}

/** Coordinates of one fault set: omission flags, then a crash time (or null) per node. */
interface Point {
  readonly omitted: readonly boolean[];
  readonly crashTime: readonly (number | null)[];
}

/**
 * The ≤-minimal fault sets, within the bounds and above the seed (every seed omission, each seed
 * crash at its time or earlier), on which `goal` evaluates to true; by exhaustive enumeration of
 * the whole fault space.
 *
 * Minimal: no other satisfying set is below it in the effect order (fault-order.ts). The order
 * is a product of chains (each omission: absent < present; each node: no crash < crash at eot
 * < … < crash at 1), so G < F iff G ≤ P for an immediate predecessor P of F. `below(F)` =
 * "some satisfying set is ≤ F" is computed by memoized recursion over predecessors.
 */
export function bruteForceMinimal(goal: Formula, bounds: Bounds, seed: FaultSet): Set<string> {
  const omissions = allowedOmissions(bounds);
  const nodes = bounds.nodes;
  const seedOmit = omissions.map((o) =>
    seed.some((f) => f.kind === 'omit' && f.from === o.from && f.to === o.to && f.time === o.time),
  );
  const seedCrash = nodes.map((n) => {
    const c = seed.find((f): f is Crash => f.kind === 'crash' && f.node === n);
    return c === undefined ? null : c.time;
  });
  const seedValid =
    seed.every((f) =>
      f.kind === 'omit'
        ? omissions.some((o) => o.from === f.from && o.to === f.to && o.time === f.time)
        : nodes.includes(f.node) && f.time >= 1 && f.time <= bounds.eot,
    ) && seedCrash.filter((t) => t !== null).length <= bounds.crashes;
  if (!seedValid) return new Set();

  const toFaults = (p: Point): FaultSet => {
    const faults: Fault[] = omissions.filter((_, i) => p.omitted[i]);
    p.crashTime.forEach((t, j) => {
      if (t !== null) faults.push({ kind: 'crash', node: nodes[j]!, time: t });
    });
    return canonicalFaults(faults);
  };
  const key = (p: Point): string => formatFaultSet(toFaults(p));

  const satisfied = (p: Point): boolean => evaluate(goal, toFaults(p));
  const predecessors = (p: Point): Point[] => {
    const out: Point[] = [];
    p.omitted.forEach((on, i) => {
      if (on && !seedOmit[i]) out.push({ omitted: p.omitted.map((x, k) => (k === i ? false : x)), crashTime: p.crashTime });
    });
    p.crashTime.forEach((t, j) => {
      if (t === null) return;
      // A seed crash stays at or before the seed's time; any other crash may move past EOT (no crash).
      const latest = seedCrash[j] ?? bounds.eot + 1;
      if (t + 1 > latest) return;
      const later = t < bounds.eot ? t + 1 : null;
      out.push({ omitted: p.omitted, crashTime: p.crashTime.map((x, k) => (k === j ? later : x)) });
    });
    return out;
  };
  const memo = new Map<string, boolean>();
  const below = (p: Point): boolean => {
    const k = key(p);
    let v = memo.get(k);
    if (v === undefined) {
      v = satisfied(p) || predecessors(p).some(below);
      memo.set(k, v);
    }
    return v;
  };

  const result = new Set<string>();
  const crashChoices: (number | null)[][] = [[]];
  for (let j = 0; j < nodes.length; j++) {
    const options: (number | null)[] =
      seedCrash[j] !== null ? range(1, seedCrash[j]!) : [null, ...(bounds.crashes > 0 ? range(1, bounds.eot) : [])];
    const next: (number | null)[][] = [];
    for (const prefix of crashChoices) for (const o of options) next.push([...prefix, o]);
    crashChoices.splice(0, crashChoices.length, ...next);
  }
  for (let mask = 0; mask < 1 << omissions.length; mask++) {
    const omitted = omissions.map((_, i) => (mask & (1 << i)) !== 0);
    if (omitted.some((on, i) => seedOmit[i] && !on)) continue;
    for (const crashTime of crashChoices) {
      if (crashTime.filter((t) => t !== null).length > bounds.crashes) continue;
      const p: Point = { omitted, crashTime };
      if (satisfied(p) && !predecessors(p).some(below)) result.add(key(p));
    }
  }
  return result;
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}
