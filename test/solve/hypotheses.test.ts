/**
 * The solver session under pressure: a clause budget that forces goals to retire, and a
 * simulated exhaustion of MiniSat's heap, give the verdicts of an unconstrained search (more
 * executions at most); a heap too small for even the guards ends the search `incomplete`, never
 * `certified`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCheck } from '../../src/cli/format-check.js';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { searchLdfi, type LdfiOptions } from '../../src/search/ldfi.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { violates } from '../search/helpers.js';
import { FALSE, FormulaStore, indexFaults, TRUE } from '../../src/faults/formula.js';
import { Hypotheses } from '../../src/solve/hypotheses.js';
import type { Fault, FaultSet } from '../../src/faults/types.js';
import type { Formula } from '../../src/faults/formula.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');

function load(file: string, eot: number, eff: number, crashes: number) {
  const spec = loadSpec([join(SPECS, file)]);
  if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
  return { compiled: spec.compiled, bounds: { nodes: defaultNodes(spec.compiled, eot), eot, eff, crashes } };
}

function search(file: string, eot: number, eff: number, crashes: number, solverLimits?: LdfiOptions['solverLimits']) {
  const { compiled, bounds } = load(file, eot, eff, crashes);
  const out = searchLdfi(compiled, { bounds, maxRuns: 5000, all: false, solverLimits: { direct: false, ...solverLimits } });
  const cex = out.explorer.counterexamples[0] ?? null;
  if (cex) expect(violates(compiled, bounds, cex.faults)).toBe(true);
  return { verdict: cex ? 'counterexample' : out.exhausted ? 'certified' : 'incomplete', out };
}

describe('the solver session', () => {
  it.each([
    // The session from the start: the smallest sets are otherwise judged without it.
    ['chain-repair.ded', 10, 0, 2, 'maxClauses', 0.6],
    ['bully.ded', 7, 6, 1, 'maxClauses', 0.6],
    ['chain-repair.ded', 10, 0, 2, 'heapLimitClauses', 0.8],
    ['bully.ded', 7, 6, 1, 'heapLimitClauses', 0.8],
  ] as const)('%s %i/%i/%i under %s at %f of what it needs: the same verdict, a few rebuilds', (file, eot, eff, crashes, limit, fraction) => {
    const free = search(file, eot, eff, crashes);
    expect(free.out.rebuilds).toBe(0);
    // The clause budget bounds what the goals add; the simulated heap, the whole session.
    const needs = limit === 'maxClauses' ? free.out.goalClauses : free.out.clauses;
    expect(needs).toBeLessThanOrEqual(free.out.clauses);
    const limits = { [limit]: Math.floor(needs * fraction) };
    const tight = search(file, eot, eff, crashes, limits);
    expect(tight.verdict, JSON.stringify(limits)).toBe(free.verdict);
    expect(tight.out.rebuilds, JSON.stringify(limits)).toBeGreaterThan(0);
    // A budget leaves at least 8 runs between rebuilds; a heap exhaustion is recovered at once.
    if (limit === 'maxClauses') expect(tight.out.rebuilds, 'not a rebuild per run').toBeLessThanOrEqual(Math.ceil(tight.out.explorer.executions / 8));
    expect(tight.out.explorer.executions).toBeGreaterThanOrEqual(free.out.explorer.executions);
  });

  it('budgets the goals, not the size counter and guards that no rebuild can retire', () => {
    const bounds = { nodes: ['a', 'b', 'c', 'd', 'e', 'f'], eot: 6, eff: 6, crashes: 0 };
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const h = new Hypotheses(bounds, store, { direct: false, maxClauses: 100 });
    // Every run says the same small thing (a clause each); the counter over 150 omissions is far larger.
    h.addRun([], x);
    for (let i = 0; i < 30; i++) {
      const f = h.next();
      expect(f).not.toBeNull();
      h.addRun(f!, x);
    }
    expect(h.clauseCount).toBeGreaterThan(100);
    expect(h.goalClauseCount).toBeLessThanOrEqual(100);
    // Rebuilding would only have retired the goals while the session stayed as large.
    expect(h.rebuilds).toBe(0);
  });

  it('never rebuilds per run: a budget smaller than one goal still leaves runs between rebuilds', () => {
    const tight = search('chain-repair.ded', 10, 0, 2, { maxClauses: 50 });
    expect(tight.verdict).toBe('certified');
    expect(tight.out.rebuilds).toBeLessThanOrEqual(Math.ceil(tight.out.explorer.executions / 8));
  });

  it('a heap too small even for the guards ends incomplete, says why, and names the sizes it covered', () => {
    const { compiled, bounds } = load('ack-broadcast.ded', 8, 7, 1);
    const r = checkFaultTolerance(compiled, { bounds, solverLimits: { heapLimitClauses: 100 } });
    expect(r.verdict).toBe('incomplete');
    expect(r.incompleteReason).toBe('solver-memory');
    // Sets of up to two faults are judged without the solver, so sizes 0 to 2 are covered before it starts.
    expect(r.coveredSize).toBe(3);
    expect(formatCheck(['ack-broadcast.ded'], r)).toMatch(/the SAT solver's 64 MiB heap ran out; every fault set of fewer than 3 faults was covered/);
  });
});

describe('the JS solver and MiniSat', () => {
  // With the direct path off every hypothesis comes from a session, so the two solvers answer
  // every question of these searches; a wrong "unsatisfiable" would show as a verdict that differs.
  it.each([
    ['chain-repair.ded', 10, 0, 2],
    ['bully.ded', 7, 6, 1],
    ['paxos.ded', 7, 6, 1],
    ['ack-broadcast.ded', 8, 7, 1],
    ['kafka.ded', 6, 4, 1],
    ['3pc.ded', 8, 0, 2],
  ] as const)('%s %i/%i/%i: the same verdict and counterexample size from the JS solver, from MiniSat, and after a move at the first solve', (file, eot, eff, crashes) => {
    const js = search(file, eot, eff, crashes);
    const mini = search(file, eot, eff, crashes, { cdclMaxClauses: 0 });
    const moved = search(file, eot, eff, crashes, { cdclMaxConflicts: 0 });
    const size = (r: ReturnType<typeof search>): number | null => r.out.explorer.counterexamples[0]?.faults.length ?? null;
    for (const other of [mini, moved]) {
      expect(other.verdict).toBe(js.verdict);
      expect(size(other)).toBe(size(js));
    }
  });
});

describe('the sure question', () => {
  it('is not asked again of runs it refuted at the same size: only newer runs are', () => {
    const bounds = { nodes: ['a', 'b'], eot: 3, eff: 3, crashes: 0 };
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const y = store.omitted('b', 'a', 1);
    const h = new Hypotheses(bounds, store, { direct: false });
    // Its goal needs x or y, its certain formula neither: refuted at every size.
    h.addRun([], store.or(x, y), TRUE, store.and(-x, -y));
    const first = h.next()!;
    expect(first).toHaveLength(1);
    const before = h.solves;
    // A run without a certain formula: at size 1 nothing new can be sure, so one question (the other single).
    h.addRun(first, TRUE);
    const second = h.next()!;
    expect(second).toHaveLength(1);
    expect(second).not.toEqual(first);
    expect(h.solves - before).toBe(1);
    // A newer run that can be sure is asked (at the next size), and its sure set comes first.
    h.addRun(second, TRUE, TRUE, store.omitted('a', 'b', 2));
    expect(h.next()).toEqual(expect.arrayContaining([...second, { kind: 'omit', from: 'a', to: 'b', time: 2 }]));
  });
});

describe('goals built on demand', () => {
  const bounds = { nodes: ['a', 'b'], eot: 3, eff: 3, crashes: 0 };
  const setup = (): { store: FormulaStore; x: number; y: number; z: number } => {
    const store = new FormulaStore(bounds);
    return { store, x: store.omitted('a', 'b', 1), y: store.omitted('b', 'a', 1), z: store.omitted('a', 'b', 2) };
  };

  it('a set the run says violates for sure is proposed without building the goals', () => {
    const { store, z } = setup();
    const h = new Hypotheses(bounds, store);
    let built = 0;
    h.addRunLazily([], () => (built++, { goal: z, everywhere: z }), z);
    expect(h.next()).toEqual([{ kind: 'omit', from: 'a', to: 'b', time: 2 }]);
    expect(built).toBe(0);
  });

  it('builds them once, when a set that is not sure is judged, and then judges as addRun would', () => {
    const { store, x, y, z } = setup();
    const lazy = new Hypotheses(bounds, store);
    const eager = new Hypotheses(bounds, store);
    let built = 0;
    // z without x is sure and comes first; after it, only the goal (y or z) decides, so x alone never comes.
    lazy.addRunLazily([], () => (built++, { goal: store.or(y, z), everywhere: store.or(y, z) }), store.and(z, -x));
    eager.addRun([], store.or(y, z), store.or(y, z), store.and(z, -x));
    const order = (h: Hypotheses): string[] => {
      const seen: string[] = [];
      for (let f = h.next(); f !== null && seen.length < 6; f = h.next()) {
        seen.push(JSON.stringify(f));
        h.addRun(f, TRUE);
      }
      return seen;
    };
    const a = order(lazy);
    expect(built).toBe(1);
    expect(a).toEqual(order(eager));
    // The first is the sure set; the next ones needed the goal (y), which x alone does not meet.
    expect(a[0]).toBe(JSON.stringify([{ kind: 'omit', from: 'a', to: 'b', time: 2 }]));
    expect(a).not.toContain(JSON.stringify([{ kind: 'omit', from: 'a', to: 'b', time: 1 }]));
  });

  it('a solver session built over a lazy run encodes its goals', () => {
    const { store, x, y } = setup();
    const h = new Hypotheses(bounds, store, { direct: false });
    let built = 0;
    h.addRunLazily([], () => (built++, { goal: y, everywhere: TRUE }), store.and(x, -x));
    expect(h.next()).toEqual([{ kind: 'omit', from: 'b', to: 'a', time: 1 }]);
    expect(built).toBe(1);
  });
});

describe('a goal valid everywhere that is FALSE', () => {
  const bounds = { nodes: ['a', 'b'], eot: 3, eff: 3, crashes: 1 };

  it('leaves nothing to propose: no solve, at any size, eagerly or built on demand', () => {
    for (const direct of [true, false]) {
      const store = new FormulaStore(bounds);
      const eager = new Hypotheses(bounds, store, { direct });
      eager.addRun([], FALSE, FALSE);
      expect(eager.next()).toBeNull();
      expect(eager.nextBatch(3)).toEqual([]);
      expect(eager.solves).toBe(0);
      const lazy = new Hypotheses(bounds, store, { direct });
      lazy.addRunLazily([], () => ({ goal: FALSE, everywhere: FALSE }), FALSE);
      expect(lazy.next()).toBeNull();
      expect(lazy.solves).toBe(0);
    }
  });

  it('from a later run too, while a goal that is only FALSE above its run prunes only there', () => {
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const h = new Hypotheses(bounds, store, { direct: false });
    h.addRun([], TRUE);
    // FALSE above omit(a,b,1) only: sets without it are still proposed.
    h.addRun([{ kind: 'omit', from: 'a', to: 'b', time: 1 }], FALSE, TRUE);
    const next = h.next();
    expect(next).not.toBeNull();
    expect(store.evaluate(x, indexFaults(next!))).toBe(false);
    h.addRun(next!, TRUE, FALSE);
    expect(h.next()).toBeNull();
  });
});

describe('a search that certifies from its runs', () => {
  it('a session there from the start does not ask it first: it would only change which set comes next', () => {
    const bounds = { nodes: ['a', 'b'], eot: 4, eff: 4, crashes: 0 };
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const h = new Hypotheses(bounds, store, { record: true });
    h.addRun([], x);
    expect(h.next()).toEqual([{ kind: 'omit', from: 'a', to: 'b', time: 1 }]);
    // Size 0 refuted, something left, size 1 found: no "is any set left?" before the first question.
    expect(h.solves).toBe(3);
  });

  it('learns it in one solve once the sizes judged without a solver are exhausted', () => {
    const bounds = { nodes: ['a', 'b'], eot: 4, eff: 4, crashes: 0 };
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const h = new Hypotheses(bounds, store);
    // Every violation needs x lost, and the run that lost x still met the goal at and above it.
    h.addRun([], x);
    const first = h.next()!;
    expect(first).toEqual([{ kind: 'omit', from: 'a', to: 'b', time: 1 }]);
    h.addRun(first, FALSE);
    // Singles and pairs are judged directly; the session then asks once whether anything is left.
    expect(h.next()).toBeNull();
    expect(h.solves).toBe(1);
  });
});

describe('the smallest sizes, judged without a solver', () => {
  // Random goals over a small space: every proposed set meets every constraint, and no smaller
  // set that does was passed over. The sets of one size are judged all at once against each run;
  // this is what would catch a candidate rejected or accepted by the wrong bit.
  const bounds = { nodes: ['a', 'b', 'c'], eot: 3, eff: 3, crashes: 1 };
  const singles: Fault[] = [];
  for (const from of bounds.nodes) for (const to of bounds.nodes) for (const time of [1, 2]) if (from !== to) singles.push({ kind: 'omit', from, to, time });
  for (const node of bounds.nodes) for (const time of [1, 2, 3]) singles.push({ kind: 'crash', node, time });
  const pairs: FaultSet[] = [];
  for (let i = 0; i < singles.length; i++)
    for (let j = i + 1; j < singles.length; j++) {
      const [x, y] = [singles[i]!, singles[j]!];
      if (x.kind === 'crash' && y.kind === 'crash') continue;
      const crash = x.kind === 'crash' ? x : y.kind === 'crash' ? y : null;
      const omit = x.kind === 'omit' ? x : y.kind === 'omit' ? y : null;
      if (crash && omit && omit.from === crash.node && omit.time >= crash.time) continue;
      pairs.push([x, y]);
    }
  const bySize: FaultSet[][] = [[[]], singles.map((f) => [f]), pairs];

  it('proposes only sets that meet every run, and passes over none of a smaller size', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let proposed = 0;
    let rejectedSome = 0;
    for (let trial = 0; trial < 150; trial++) {
      const store = new FormulaStore(bounds);
      const atoms = [...singles.map((f) => (f.kind === 'omit' ? store.omitted(f.from, f.to, f.time) : store.crashedAt(f.node, f.time)))];
      const formula = (depth: number): Formula => {
        if (depth === 0 || rnd() < 0.25) return (rnd() < 0.3 ? -1 : 1) * atoms[Math.floor(rnd() * atoms.length)]!;
        const kids = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => formula(depth - 1));
        return rnd() < 0.5 ? store.and(...kids) : store.or(...kids);
      };
      const h = new Hypotheses(bounds, store);
      h.addRun([], formula(3), rnd() < 0.5 ? formula(3) : TRUE);
      for (let round = 0; round < 8; round++) {
        const next = h.next();
        const size = next === null ? 3 : next.length;
        for (const smaller of bySize.slice(0, Math.min(size, 3))) for (const g of smaller) expect(h.satisfies(g), JSON.stringify(g)).toBe(false);
        if (next === null || next.length > 2) break;
        expect(h.satisfies(next)).toBe(true);
        if (bySize[next.length]!.some((g) => !h.satisfies(g))) rejectedSome++;
        proposed++;
        h.addRun(next, formula(3), rnd() < 0.5 ? formula(2) : TRUE);
      }
    }
    // The trials exercise both outcomes, many times over.
    expect(proposed).toBeGreaterThan(150);
    expect(rejectedSome).toBeGreaterThan(150);
  });
});

describe('a size with more sets than a call has room for arguments', () => {
  it('is judged without spreading its sets into one call', () => {
    // 6 channels × 21,999 times + 3 nodes × 22,000 crash times: 197,994 single faults.
    const bounds = { nodes: ['a', 'b', 'c'], eot: 22_000, eff: 22_000, crashes: 1 };
    const store = new FormulaStore(bounds);
    const h = new Hypotheses(bounds, store);
    // Only the last omission on c→b can break the run, and nothing is sure: every single fault is judged.
    h.addRun([], store.omitted('c', 'b', 21_999), TRUE, store.and(store.omitted('a', 'b', 1), -store.omitted('a', 'b', 1)));
    expect(h.next()).toEqual([{ kind: 'omit', from: 'c', to: 'b', time: 21_999 }]);
  });
});
