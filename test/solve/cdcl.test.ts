import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Cdcl } from '../../src/solve/cdcl.js';
import { prng } from '../../src/faults/space.js';

const Logic = createRequire(import.meta.url)('logic-solver');

/** The JS solver and MiniSat given the same random 3-SAT clauses. */
class BothSolvers {
  readonly cdcl: Cdcl;
  private readonly mini = new Logic.Solver();
  private readonly clauses: number[][] = [];

  constructor(
    private readonly vars: number,
    private readonly random: () => number,
    learntBase?: number,
  ) {
    this.cdcl = new Cdcl(learntBase);
    for (let v = 0; v < vars; v++) this.cdcl.newVar();
  }

  literal(): number {
    return (1 + Math.floor(this.random() * this.vars)) * (this.random() < 0.5 ? -1 : 1);
  }

  clause3(): number[] {
    return [this.literal(), this.literal(), this.literal()];
  }

  add(c: number[]): void {
    this.clauses.push(c);
    this.cdcl.addClause(c);
    this.mini.require(Logic.or(c.map(name)));
  }

  expectAgreement(assumed: number[], label: string): void {
    const got = this.cdcl.solve(assumed);
    const expected = this.mini.solveAssuming(assumed.length > 0 ? Logic.and(assumed.map(name)) : Logic.TRUE) === null ? 'unsat' : 'sat';
    expect(got, label).toBe(expected);
    if (got === 'sat') expect(satisfied(this.cdcl, this.clauses, assumed)).toBe(true);
  }
}

const name = (l: number): string => (l > 0 ? `x${l}` : `-x${-l}`);

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
      const random = prng(seed);
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
    let conflicts = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const both = new BothSolvers(60, prng(1000 + seed));
      for (let i = 0; i < Math.round(60 * 4.26); i++) both.add(both.clause3());
      both.expectAgreement([], `seed ${seed}`);
      conflicts += both.cdcl.conflicts;
    }
    expect(conflicts).toBeGreaterThan(400);
  });

  it('agrees with MiniSat where it learns enough to delete learned clauses, over incremental rounds', () => {
    let reductions = 0;
    for (let seed = 1; seed <= 6; seed++) {
      // Few learned clauses kept, so deletions happen on instances this small.
      const both = new BothSolvers(100, prng(5000 + seed), 10);
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 72; i++) both.add(both.clause3());
        both.expectAgreement([both.literal()], `seed ${seed} round ${round}`);
      }
      reductions += both.cdcl.reductions;
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

  it('rejects a literal or an assumption that names no variable instead of reading it as something else', () => {
    const solver = new Cdcl();
    solver.newVar();
    solver.newVar();
    solver.addClause([1, 2]);
    for (const bad of [1.5, Number.NaN, 0, 3]) expect(() => solver.addClause([bad])).toThrow(/names no variable/);
    for (const bad of [0, 3, -3, 1.5]) expect(() => solver.solve([bad])).toThrow(/names no variable/);
    // Nothing was added by the rejected calls: the clauses are still satisfiable, with x1 or x2.
    expect(solver.solve()).toBe('sat');
    expect(solver.modelValue(1) || solver.modelValue(2)).toBe(true);
  });
});
