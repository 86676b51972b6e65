/**
 * Where the hypothesis side's time goes: each instant is charged to the innermost phase, and a
 * session built on demand inside `next` is encoding, not solving or "other" (it used to be left
 * out of every phase, so the bench's split called half of a one-run search bookkeeping).
 */
import { describe, expect, it } from 'vitest';
import { PhaseClock } from '../../src/solve/phase-clock.js';
import { FormulaStore } from '../../src/faults/formula.js';
import { Hypotheses } from '../../src/solve/hypotheses.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { loadBundled } from '../search/helpers.js';

/** A clock the test moves by hand. */
function manual() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('PhaseClock', () => {
  it('charges nested time to the inner phase only', () => {
    const c = manual();
    const clock = new PhaseClock(c.now);
    clock.time('direct', () => {
      c.advance(3);
      clock.time('encode', () => {
        c.advance(5);
        clock.time('goals', () => c.advance(100));
        c.advance(1);
      });
      c.advance(2);
    });
    clock.time('solve', () => c.advance(7));
    expect([clock.ms('direct'), clock.ms('encode'), clock.ms('goals'), clock.ms('solve')]).toEqual([5, 6, 100, 7]);
  });

  it('stops the clock of a phase that throws', () => {
    const c = manual();
    const clock = new PhaseClock(c.now);
    expect(() =>
      clock.time('encode', () => {
        c.advance(4);
        throw new Error('heap');
      }),
    ).toThrow('heap');
    c.advance(50);
    clock.time('solve', () => c.advance(1));
    expect([clock.ms('encode'), clock.ms('solve')]).toEqual([4, 1]);
  });
});

describe('the hypotheses phases', () => {
  const bounds = { nodes: ['a', 'b'], eot: 4, eff: 3, crashes: 0 };

  it('a session built inside next is encoding; a lazy goal built there is in no phase', () => {
    const c = manual();
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const y = store.omitted('b', 'a', 2);
    // Every reading of the clock moves it: a phase that is entered at all is charged something.
    const h = new Hypotheses(bounds, store, { direct: false, now: () => (c.advance(1), c.now()) });
    h.addRunLazily([], () => (c.advance(1000), { goal: store.and(x, y), everywhere: store.and(x, y) }), store.and(x, y));
    expect(h.next()).toHaveLength(2);
    expect(h.encodeMs).toBeGreaterThan(0);
    expect(h.solverMs).toBeGreaterThan(0);
    // The goal's 1000 (lineage, timed by the search) is charged to neither.
    expect(h.encodeMs + h.solverMs + h.directMs).toBeLessThan(1000);
  });

  it('the direct path is its own phase, and needs no session', () => {
    const c = manual();
    const store = new FormulaStore(bounds);
    const x = store.omitted('a', 'b', 1);
    const h = new Hypotheses(bounds, store, { now: () => (c.advance(1), c.now()) });
    h.addRun([], x);
    expect(h.next()).toEqual([{ kind: 'omit', from: 'a', to: 'b', time: 1 }]);
    expect(h.directMs).toBeGreaterThan(0);
    expect([h.encodeMs, h.solverMs, h.clauseCount]).toEqual([0, 0, 0]);
  });

  it("a search's phases never add up to more than its time", () => {
    // ack broadcast certifies from one run: a lazy goal, the direct path at size 1, then a session.
    const { compiled, nodes } = loadBundled('ack-broadcast.ded');
    const r = checkFaultTolerance(compiled, { bounds: { nodes, eot: 8, eff: 7, crashes: 1 } });
    expect(r.verdict).toBe('certified');
    const { simulateMs, lineageMs, encodeMs, solveMs } = r.phases;
    expect(simulateMs + lineageMs + encodeMs + solveMs).toBeLessThanOrEqual(r.elapsedMs + 0.01);
    expect(solveMs).toBeGreaterThanOrEqual(r.solverMs);
    expect(encodeMs).toBeGreaterThan(0);
  });
});
