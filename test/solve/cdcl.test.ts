import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Cdcl } from '../../src/solve/cdcl.js';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCnf(random: () => number, vars: number, clauses: number, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < clauses; i++) {
    const n = 1 + Math.floor(random() * width);
    const c: number[] = [];
    for (let k = 0; k < n; k++) c.push((1 + Math.floor(random() * vars)) * (random() < 0.5 ? -1 : 1));
    out.push(c);
  }
  return out;
}

/** Some assignment of `vars` variables satisfies every clause and the assumptions (by enumeration). */
function bruteForce(vars: number, clauses: readonly number[][], assumptions: readonly number[]): boolean {
  for (let m = 0; m < 2 ** vars; m++) {
    const val = (l: number): boolean => (((m >> (Math.abs(l) - 1)) & 1) === 1) === l > 0;
    if (assumptions.every(val) && clauses.every((c) => c.some(val))) return true;
  }
  return false;
}

function satisfied(solver: Cdcl, clauses: readonly number[][], assumptions: readonly number[]): boolean {
  return assumptions.every((l) => solver.modelValue(l)) && clauses.every((c) => c.some((l) => solver.modelValue(l)));
}

describe('the CDCL solver', () => {
  it('agrees with enumeration on random formulas, solved incrementally under assumptions', () => {
    let sat = 0;
    let unsat = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const random = rng(seed);
      const vars = 3 + Math.floor(random() * 10);
      const solver = new Cdcl();
      for (let v = 0; v < vars; v++) solver.newVar();
      const all: number[][] = [];
      // Clauses arrive in rounds between solves, as a session adds runs between questions.
      for (let round = 0; round < 4; round++) {
        const batch = randomCnf(random, vars, Math.floor(random() * vars * 2), 4);
        for (const c of batch) solver.addClause(c);
        all.push(...batch);
        const assumptions = [...new Set(randomCnf(random, vars, Math.floor(random() * 3), 1).flat())].filter((l, _, a) => !a.includes(-l));
        const expected = bruteForce(vars, all, assumptions);
        const got = solver.solve(assumptions);
        expect(got, `seed ${seed} round ${round}`).toBe(expected ? 'sat' : 'unsat');
        if (got === 'sat') {
          expect(satisfied(solver, all, assumptions)).toBe(true);
          sat++;
        } else unsat++;
      }
    }
    // The generator must exercise both answers for the agreement to mean anything.
    expect(sat).toBeGreaterThan(200);
    expect(unsat).toBeGreaterThan(200);
  });

  it('agrees with MiniSat on larger random 3-SAT near the threshold, learning and restarting', () => {
    const Logic = createRequire(import.meta.url)('logic-solver');
    let conflicts = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = rng(1000 + seed);
      const vars = 60;
      const literal = (): number => (1 + Math.floor(random() * vars)) * (random() < 0.5 ? -1 : 1);
      const clauses = Array.from({ length: Math.round(vars * 4.26) }, () => [literal(), literal(), literal()]);
      const solver = new Cdcl();
      for (let v = 0; v < vars; v++) solver.newVar();
      for (const c of clauses) solver.addClause(c);
      const got = solver.solve();
      const mini = new Logic.Solver();
      for (const c of clauses) mini.require(Logic.or(c.map((l) => (l > 0 ? `x${l}` : `-x${-l}`))));
      expect(got, `seed ${seed}`).toBe(mini.solve() === null ? 'unsat' : 'sat');
      if (got === 'sat') expect(satisfied(solver, clauses, [])).toBe(true);
      conflicts += solver.conflicts;
    }
    expect(conflicts).toBeGreaterThan(400);
  });

  it('agrees with MiniSat where it learns enough to delete learned clauses, over incremental rounds', () => {
    const Logic = createRequire(import.meta.url)('logic-solver');
    let reductions = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const random = rng(5000 + seed);
      const vars = 100;
      const literal = (): number => (1 + Math.floor(random() * vars)) * (random() < 0.5 ? -1 : 1);
      // Few learned clauses kept, so deletions happen on instances this small.
      const solver = new Cdcl(10);
      for (let v = 0; v < vars; v++) solver.newVar();
      const mini = new Logic.Solver();
      const name = (l: number): string => (l > 0 ? `x${l}` : `-x${-l}`);
      const all: number[][] = [];
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 72; i++) {
          const c = [literal(), literal(), literal()];
          all.push(c);
          solver.addClause(c);
          mini.require(Logic.or(c.map(name)));
        }
        const assumed = [literal()];
        const got = solver.solve(assumed);
        expect(got, `seed ${seed} round ${round}`).toBe(mini.solveAssuming(name(assumed[0]!)) === null ? 'unsat' : 'sat');
        if (got === 'sat') expect(satisfied(solver, all, assumed)).toBe(true);
      }
      reductions += solver.reductions;
    }
    expect(reductions).toBeGreaterThan(0);
  });

  it('says unknown past its conflict budget, and still answers afterwards', () => {
    // The pigeonhole principle, 7 pigeons in 6 holes: unsatisfiable, and hard for resolution.
    const solver = new Cdcl();
    const p = (i: number, h: number): number => i * 6 + h + 1;
    for (let v = 0; v < 42; v++) solver.newVar();
    for (let i = 0; i < 7; i++) solver.addClause([0, 1, 2, 3, 4, 5].map((h) => p(i, h)));
    for (let h = 0; h < 6; h++) for (let i = 0; i < 7; i++) for (let j = i + 1; j < 7; j++) solver.addClause([-p(i, h), -p(j, h)]);
    expect(solver.solve([], 50)).toBe('unknown');
    expect(solver.solve()).toBe('unsat');
  });

  it('keeps a contradiction, and a unit clause, for every later solve', () => {
    const solver = new Cdcl();
    solver.newVar();
    solver.newVar();
    expect(solver.addClause([1])).toBe(true);
    expect(solver.solve([-1])).toBe('unsat');
    expect(solver.solve([2])).toBe('sat');
    expect(solver.modelValue(1)).toBe(true);
    expect(solver.addClause([-1])).toBe(false);
    expect(solver.solve()).toBe('unsat');
  });
});
