/**
 * A `notin z` whose z only G derives. Node b waits for a's message; without it, b derives
 * `miss(b)` at every step, and `ok(b) :- waiting(b), notin miss(b)` can no longer fire. The
 * fault-free run has no `miss(b)` from time 2 on, so only the possible firings of miss tell the
 * analysis that losing the message blocks ok: then the fault-free run alone certifies that ok
 * never holds without the message (and the lost message is never run).
 */
import { describe, expect, it } from 'vitest';
import { RunAbstraction } from '../../src/lineage/abstraction.js';
import { programFacts } from '../../src/lineage/possible.js';
import { FormulaStore, indexFaults } from '../../src/faults/formula.js';
import { parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { compileText } from './soundness.js';

const text = `
peer("a", "b")@1;
peer(N, M)@next :- peer(N, M);
start("a")@1;
got(M, N)@async :- start(N), peer(N, M);
got(M, N)@next :- got(M, N);
waiting("b")@1;
waiting(N)@next :- waiting(N);
miss(N) :- waiting(N), notin got(N, _);
ok(N) :- waiting(N), notin miss(N);
pre(N) :- ok(N);
post(N) :- ok(N), got(N, _);
`;

describe('notin of a tuple only the faulty run derives', () => {
  const compiled = compileText(text, 'wait.ded');
  const nodes = ['a', 'b'];
  const bounds = { nodes, eot: 4, eff: 3, crashes: 1 };
  const faults = (t: string) => parseFaults(t, nodes, bounds.eot).faults;
  const run = simulate(compiled, { nodes, eot: bounds.eot, faults: [] });

  /** mayHold(ok(b) at 3) under G, from the fault-free run's abstraction. */
  const okMayHold = (g: string): boolean => {
    const store = new FormulaStore(bounds);
    const abs = new RunAbstraction(store, compiled, bounds, programFacts(compiled, bounds), run);
    return store.evaluate(
      abs.answer(() => abs.mayHold('ok', ['b'], 3)),
      indexFaults(faults(g)),
    );
  };
  const okHolds = (g: string): boolean => simulate(compiled, { nodes, eot: bounds.eot, faults: faults(g) }).lineage.tuples.some((t) => t.relation === 'ok' && t.time === 3);

  it('a lost message makes miss(b) certain, so ok(b) cannot hold', () => {
    expect(run.lineage.tuples.some((t) => t.relation === 'miss' && t.time === 3)).toBe(false);
    for (const g of ['omit(a,b,1)', 'crash(a,1)']) {
      expect(okHolds(g)).toBe(false);
      expect(okMayHold(g)).toBe(false);
    }
  });

  it('where ok(b) does hold, mayHold says it may', () => {
    for (const g of ['', 'omit(a,b,2)', 'crash(a,2)', 'crash(b,1)']) {
      expect(okHolds(g)).toBe(true);
      expect(okMayHold(g)).toBe(true);
    }
  });

  it('the fault-free run alone certifies, and exhaustive search agrees', () => {
    const ldfi = checkFaultTolerance(compiled, { bounds, strategy: 'ldfi', maxRuns: 100, shrink: false });
    expect(ldfi.verdict).toBe('certified');
    expect(ldfi.executions).toBe(1);
    const all = checkFaultTolerance(compiled, { bounds, strategy: 'exhaustive', maxRuns: 10_000, shrink: false });
    expect(all.verdict).toBe('certified');
  });
});
