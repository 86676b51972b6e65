import Logic from 'logic-solver';
import { describe, expect, it } from 'vitest';
import type { Fault, FaultSet } from '../../src/faults/types.js';
import type { Bounds } from '../../src/faults/types.js';
import { Cnf, guarded, LIT_FALSE, LIT_TRUE, SolverMemoryError, type Lit } from '../../src/solve/cnf.js';
import { UnaryCounter } from '../../src/solve/counter.js';
import { encodeFormula, FaultVars } from '../../src/solve/encode.js';
import { and, crashed, evaluate, messageLost, not, omitted, or, type Formula } from '../../src/solve/formula.js';
import { enumerateMinimalFaultSets } from '../../src/solve/minimal.js';
import { allowedOmissions, prng, randomBounds, randomFormula, randomLineageGoal } from './random-formulas.js';

/** A random fault set within the bounds. */
function randomFaults(rng: () => number, bounds: Bounds): FaultSet {
  const faults: Fault[] = allowedOmissions(bounds).filter(() => rng() < 0.4);
  const nodes = bounds.nodes.filter(() => rng() < 0.5).slice(0, bounds.crashes);
  for (const node of nodes) faults.push({ kind: 'crash', node, time: 1 + Math.floor(rng() * bounds.eot) });
  return faults;
}

/** Literals fixing every fault variable of `vars` to its value under `faults`. */
function fix(vars: FaultVars, faults: FaultSet): Lit[] {
  const lits: Lit[] = [];
  for (const o of vars.omissions) {
    const on = faults.some((f) => f.kind === 'omit' && f.from === o.from && f.to === o.to && f.time === o.time);
    lits.push(on ? o.lit : -o.lit);
  }
  for (const c of vars.crashes) {
    const crash = faults.find((f) => f.kind === 'crash' && f.node === c.node);
    c.byTime.forEach((lit, i) => lits.push(crash !== undefined && crash.time <= i + 1 ? lit : -lit));
  }
  return lits;
}

describe('Tseitin encoding', () => {
  it('agrees with evaluate on random formulas and random fault sets', () => {
    const rng = prng(7);
    let checked = 0;
    for (let c = 0; c < 200; c++) {
      const bounds = randomBounds(rng);
      const size = 2 + Math.floor(rng() * 12);
      const goal = c % 2 === 0 ? randomFormula(rng, bounds, size) : randomLineageGoal(rng, bounds, size);
      const cnf = new Cnf();
      const vars = new FaultVars(cnf, bounds);
      const root = encodeFormula(goal, cnf, vars);
      for (let k = 0; k < 8; k++) {
        const faults = randomFaults(rng, bounds);
        const expected = evaluate(goal, faults);
        if (root === LIT_TRUE || root === LIT_FALSE) {
          expect(root === LIT_TRUE).toBe(expected);
          continue;
        }
        // Both directions: the root literal is forced to the formula's value.
        const assumptions = fix(vars, faults);
        const yes = guarded(() => cnf.solver.solveAssuming(Logic.and([...assumptions, root])));
        const no = guarded(() => cnf.solver.solveAssuming(Logic.and([...assumptions, -root])));
        expect(yes !== null, JSON.stringify({ goal, faults })).toBe(expected);
        expect(no !== null, JSON.stringify({ goal, faults })).toBe(!expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(800);
  });

  it('creates fault variables only for faults the formula mentions and the bounds allow', () => {
    const bounds: Bounds = { nodes: ['a', 'b', 'c'], eot: 4, eff: 2, crashes: 1 };
    const cnf = new Cnf();
    const vars = new FaultVars(cnf, bounds);
    const f = and(
      not(messageLost('a', 'b', 1, bounds.eff)),
      not(messageLost('b', 'c', 3, bounds.eff)), // t >= eff: only the crash of b
      not(omitted('a', 'z', 1)), // unknown node
      not(crashed('z', 2)),
    );
    encodeFormula(f, cnf, vars);
    expect(vars.omissions.map((o) => [o.from, o.to, o.time])).toEqual([['a', 'b', 1]]);
    expect(vars.crashes.map((c) => [c.node, c.byTime.length]).sort()).toEqual([
      ['a', 4],
      ['b', 4],
    ]);
  });

  it('shares the encoding of shared sub-formulas', () => {
    const bounds: Bounds = { nodes: ['a', 'b'], eot: 2, eff: 3, crashes: 0 };
    const shared = or(omitted('a', 'b', 1), omitted('b', 'a', 1));
    const cnf = new Cnf();
    const vars = new FaultVars(cnf, bounds);
    const memo = new Map<Formula, Lit>();
    encodeFormula(and(shared, omitted('a', 'b', 2)), cnf, vars, memo);
    const before = cnf.variableCount;
    encodeFormula(and(shared, omitted('b', 'a', 2)), cnf, vars, memo);
    // One new fault variable and one new `and` node; `shared` is reused.
    expect(cnf.variableCount - before).toBe(2);
  });

  it('encodes a chain of 50,000 alternating and/or nodes without recursion', () => {
    const bounds: Bounds = { nodes: ['a', 'b', 'c'], eot: 3, eff: 2, crashes: 2 };
    const bAlive = not(crashed('b', 1));
    const bothCrash = and(crashed('b', 1), crashed('c', 1));
    let f: Formula = omitted('a', 'b', 1);
    for (let i = 1; i <= 50_000; i++) f = i % 2 === 1 ? or(f, bothCrash) : and(f, bAlive);
    // Every `or` is undone by the `and` after it (b must not crash), so only the omission works.
    const e = enumerateMinimalFaultSets({ bounds, goal: f, seed: [] });
    expect(e.stats.variables).toBeGreaterThan(50_000);
    expect(e.next()).toEqual([{ kind: 'omit', from: 'a', to: 'b', time: 1 }]);
    expect(e.next()).toBeNull();
    e.dispose();
  });
});

describe('unary counter', () => {
  it('"at most k" holds exactly when at most k inputs are true', () => {
    const cnf = new Cnf();
    const inputs = Array.from({ length: 6 }, () => cnf.fresh());
    const counter = new UnaryCounter(cnf, inputs);
    for (let mask = 0; mask < 1 << inputs.length; mask++) {
      const fixed = inputs.map((x, i) => ((mask >> i) & 1 ? x : -x));
      const ones = fixed.filter((l) => l > 0).length;
      for (const k of [0, 1, 2, 3, 5, 6]) {
        const sat = guarded(() => cnf.solver.solveAssuming(Logic.and([...fixed, counter.atMost(k)]))) !== null;
        expect(sat).toBe(ones <= k);
      }
    }
  });

  it('is trivial past its width and builds columns only on demand', () => {
    const cnf = new Cnf();
    const inputs = Array.from({ length: 4 }, () => cnf.fresh());
    const counter = new UnaryCounter(cnf, inputs);
    const before = cnf.variableCount;
    expect(counter.atMost(4)).toBe(LIT_TRUE);
    expect(counter.atMost(-1)).toBe(LIT_FALSE);
    expect(cnf.variableCount).toBe(before);
    counter.atMost(0);
    expect(cnf.variableCount - before).toBe(4); // one column
  });
});

describe('solver failures', () => {
  it('turns MiniSat running out of heap into a SolverMemoryError and keeps stdout clean', () => {
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(args);
    try {
      // What logic-solver does when its 64 MiB heap is full (seen on a 3.6M-clause instance).
      const abort = (): never => {
        console.log('MINISAT-out:', 'Cannot enlarge memory arrays. Either (1) compile with -s TOTAL_MEMORY=X');
        throw 'abort() at Error\n    at jsStackTrace';
      };
      expect(() => guarded(abort)).toThrow(SolverMemoryError);
      expect(() => guarded(() => { throw 'abort() at somewhere'; })).toThrow(/SAT solver aborted/);
      guarded(() => console.log('unrelated'));
    } finally {
      console.log = log;
    }
    expect(printed).toEqual([['unrelated']]);
  });
});
