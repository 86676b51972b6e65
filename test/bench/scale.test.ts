/**
 * The bench's scale sections: the targets' met/not-met rules (wall time against random, the sweep
 * bound, the cost per execution), and the node-scaling specs generated from the bundled ones,
 * which must be the same protocol: at the bundled size they give the bundled spec's search.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { versusRandomTarget } from '../../bench/format.js';
import { costTarget, suiteExecutionsTarget, sweepTarget } from '../../bench/format-scale.js';
import { ackBroadcastSpec, broadcastNodes, commitNodes, twoPhaseCommitSpec, writeScaledSpec } from '../../bench/generate.js';
import { ldfiFigures, type LdfiFigures, type RandomFigures } from '../../bench/measure.js';
import type { TaskOutcome } from '../../bench/child.js';
import type { CheckFigures, SweepRowFigures } from '../../bench/protocol.js';
import { SWEEP_SPECS } from '../../bench/rows.js';
import type { SweepFigures } from '../../bench/sweeps.js';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { defaultNodes } from '../../src/sim/nodes.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');
const dir = mkdtempSync(join(tmpdir(), 'ldfi-bench-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const phases = (solveMs: number) => ({ simulateMs: 0, lineageMs: 0, encodeMs: 0, solveMs });

/** One ldfi row: its first search took `firstMs` (default: the mean), the mean over `count` searches `elapsedMs`. */
function ldfi(verdict: 'counterexample' | 'certified' | 'incomplete', executions: number, elapsedMs: number, solveMs = 0, firstMs = elapsedMs, count = 1): LdfiFigures {
  return {
    status: 'done',
    check: { seed: null, verdict, executions, elapsedMs: firstMs, solverMs: solveMs, phases: phases(solveMs), cpuMs: firstMs, faults: null },
    repeats: { count, meanMs: elapsedMs, meanSolverMs: solveMs, meanPhases: phases(solveMs) },
  };
}

function check(verdict: 'counterexample' | 'certified', executions: number, elapsedMs: number, faults: string | null): CheckFigures {
  return { seed: null, verdict, executions, elapsedMs, solverMs: 0, phases: phases(1), cpuMs: elapsedMs, faults };
}

function outcome(checks: CheckFigures[]): TaskOutcome {
  return { checks, sweepRows: [], sweepEnd: null, timedOut: false, error: null, lastExecutions: 0, maxRssBytes: null, peakHeapBytes: null, solverLoadMs: null, wallMs: 0 };
}

function random(meanExecutions: number, meanMs: number, withoutCounterexample = 0): RandomFigures {
  return { seedsPlanned: 5, seedsRun: 5, withoutCounterexample, meanExecutions, meanMs, timedOut: false, error: null };
}

describe('the wall-time race with random', () => {
  it('asks ldfi to be faster where random needs ≥ 10 executions, within 2× elsewhere', () => {
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 3, 90), random(40, 100))?.met).toBe(true);
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 3, 110), random(40, 100))?.text).toBe('not met (1.10×; random ≥ 10 executions: faster)');
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 2, 190), random(4, 100))?.text).toBe('met (1.90×; within 2×)');
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 2, 210), random(4, 100))?.met).toBe(false);
  });

  it('races the mean of the ldfi searches (the first included) against the mean of the random seeds, not the first search alone', () => {
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 2, 150, 0, 900, 25), random(4, 100))?.text).toBe('met (1.50×; within 2×)');
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 2, 250, 0, 90, 25), random(4, 100))?.met).toBe(false);
  });

  it('takes the repetitions of a search, which must agree, as one row with their mean', () => {
    const same = ldfiFigures(outcome([check('counterexample', 2, 30, 'omit(a,b,1)'), check('counterexample', 2, 10, 'omit(a,b,1)'), check('counterexample', 2, 20, 'omit(a,b,1)')]), 1000);
    expect(same.status === 'done' && [same.check.elapsedMs, same.repeats.count, same.repeats.meanMs, same.repeats.meanPhases.solveMs]).toEqual([30, 3, 20, 1]);
    const odd = ldfiFigures(outcome([check('counterexample', 2, 30, 'omit(a,b,1)'), check('counterexample', 3, 10, 'omit(a,c,1)')]), 1000);
    expect(odd).toEqual({ status: 'error', message: 'repetition 2 gave counterexample after 3 executions, the first counterexample after 2' });
  });

  it('is not met when ldfi misses the counterexample or random did not run, and has no race on certified rows', () => {
    expect(versusRandomTarget('counterexample', ldfi('incomplete', 3, 1), random(40, 100))?.met).toBe(false);
    expect(versusRandomTarget('counterexample', { status: 'timeout', reached: 9, timeoutMs: 1000 }, random(40, 100))?.met).toBe(false);
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 3, 1), null)?.met).toBe(false);
    expect(versusRandomTarget('counterexample', ldfi('counterexample', 3, 1), { ...random(0, 0), seedsRun: 0, timedOut: true })?.met).toBe(false);
    expect(versusRandomTarget('certified', ldfi('certified', 3, 1), random(2000, 100, 5))).toBeNull();
  });
});

function sweepOf(spec: string, rows: [number, SweepRowFigures['verdict']][]): SweepFigures {
  return {
    spec: SWEEP_SPECS.find((s) => s.spec === spec)!,
    budgetMs: 120_000,
    rows: rows.map(([eot, verdict]) => ({ eot, eff: eot - 1, crashes: 1, nodes: 3, verdict, executions: 1, elapsedMs: 1, phases: phases(0) })),
    end: { stop: 'budget', highestCertified: null, elapsedMs: 1 },
    killed: false,
    error: null,
    maxRssBytes: null,
    wallMs: 1,
  };
}

describe('the sweep target', () => {
  it('counts the highest certified row, never the incomplete one after it', () => {
    expect(sweepTarget(sweepOf('ack-broadcast', [[22, 'certified'], [27, 'incomplete']]))?.text).toBe('not met (22 < 24)');
    expect(sweepTarget(sweepOf('ack-broadcast', [[22, 'certified'], [27, 'certified'], [33, 'incomplete']]))?.text).toBe('met (27 ≥ 24)');
    expect(sweepTarget(sweepOf('ack-broadcast', [[3, 'incomplete']]))?.text).toBe('not met (none < 24)');
    expect(sweepTarget(sweepOf('relay-broadcast', [[3, 'certified']]))).toBeNull();
  });
});

describe('the cost target', () => {
  it('needs both ≤ 5 ms per execution and a solver share under 50 %', () => {
    expect(costTarget(ldfi('certified', 40, 200, 99)).met).toBe(true);
    expect(costTarget(ldfi('certified', 40, 200, 100)).text).toBe('not met (solver share 50 % ≥ 50 %; first search 5.0 ms per execution)');
    expect(costTarget(ldfi('certified', 40, 240, 10, 400, 6)).text).toBe('not met (6.0 ms > 5 ms per execution over 6 searches; first search 10.0 ms per execution)');
    expect(costTarget(ldfi('certified', 40, 160, 10, 400, 6)).text).toBe('met (4.0 ms per execution over 6 searches, solver share 6 %; first search 10.0 ms per execution)');
    expect(costTarget({ status: 'timeout', reached: 9, timeoutMs: 1000 }).met).toBe(false);
  });
});

describe('node-scaling specs', () => {
  const load = (text: string) => {
    const path = join(dir, `spec-${Math.random().toString(36).slice(2)}.ded`);
    writeFileSync(path, text);
    const spec = loadSpec([path]);
    if (!spec.ok) throw new Error(`generated spec does not load:\n${text}`);
    return spec.compiled;
  };

  it('at the bundled size, ack broadcast is the bundled spec: same nodes, same search', () => {
    const generated = load(ackBroadcastSpec(SPECS, 3));
    const bundled = loadSpec([join(SPECS, 'ack-broadcast.ded')]);
    if (!bundled.ok) throw new Error('bundled spec does not load');
    const bounds = { nodes: ['a', 'b', 'c'], eot: 8, eff: 7, crashes: 1 };
    expect(defaultNodes(generated, 8)).toEqual(broadcastNodes(3));
    const g = checkFaultTolerance(generated, { bounds });
    const b = checkFaultTolerance(bundled.compiled, { bounds });
    expect([g.verdict, g.executions, g.runs]).toEqual([b.verdict, b.executions, b.runs]);
  });

  it('at the bundled size, 2pc is the bundled spec: same nodes, same search', () => {
    const generated = load(twoPhaseCommitSpec(SPECS, 4));
    const bundled = loadSpec([join(SPECS, '2pc.ded')]);
    if (!bundled.ok) throw new Error('bundled spec does not load');
    expect(commitNodes(4)).toEqual(['C', 'a', 'b', 'd']);
    expect([...defaultNodes(generated, 6)].sort()).toEqual(['C', 'a', 'b', 'd']);
    for (const bounds of [
      { nodes: ['C', 'a', 'b', 'd'], eot: 6, eff: 0, crashes: 1 },
      { nodes: ['C', 'a', 'b', 'd'], eot: 7, eff: 3, crashes: 0 },
    ]) {
      const g = checkFaultTolerance(generated, { bounds });
      const b = checkFaultTolerance(bundled.compiled, { bounds });
      expect([g.verdict, g.executions, g.runs]).toEqual([b.verdict, b.executions, b.runs]);
    }
  });

  it('has N nodes at every size, and loads from any folder', () => {
    for (const n of [3, 5, 8, 12, 16]) {
      const ack = loadSpec([writeScaledSpec('ack-broadcast', SPECS, n, dir)]);
      const tpc = loadSpec([writeScaledSpec('2pc', SPECS, n, dir)]);
      if (!ack.ok || !tpc.ok) throw new Error(`the ${n}-node specs do not load`);
      expect(defaultNodes(ack.compiled, 4)).toHaveLength(n);
      expect(defaultNodes(tpc.compiled, 4)).toHaveLength(n);
      expect(new Set(commitNodes(n)).size).toBe(n);
    }
  });

  it('refuses a template without the facts it replaces', () => {
    const changed = join(dir, 'changed-specs');
    mkdirSync(changed);
    writeFileSync(join(changed, '2pc.ded'), 'coordinator("C")@1;\ncan_commit("a", "tx")@1;\n');
    writeFileSync(join(changed, 'ack-broadcast.ded'), 'include "lib/other.ded";\n');
    expect(() => twoPhaseCommitSpec(changed, 4)).toThrow('the template no longer has agent("C", …)@1 facts');
    expect(() => ackBroadcastSpec(changed, 4)).toThrow('the template no longer has its include of lib/bcast_edb.ded');
  });
});

describe('the suite executions target', () => {
  const base = { label: 'sound lineage', commit: 'abc1234', executions: { a: 5, b: 2, gone: 3 } };
  it('is met when no entry the reference has needs more executions now', () => {
    expect(suiteExecutionsTarget([{ name: 'a', expect: 'certified', verdict: 'certified', executions: 5 }, { name: 'new', expect: 'certified', verdict: 'certified', executions: 99 }], base)).toEqual({ met: true, text: 'met on all 1 entries the reference has' });
    expect(suiteExecutionsTarget([{ name: 'a', expect: 'certified', verdict: 'certified', executions: 6 }, { name: 'b', expect: 'certified', verdict: null, executions: null }], base).text).toBe('not met on 2 of 2: a 6 > 5; b error > 2');
    expect(suiteExecutionsTarget([], base).met).toBe(false);
    expect(suiteExecutionsTarget([{ name: 'a', expect: 'certified', verdict: 'certified', executions: 1 }], undefined).met).toBe(false);
  });
});
