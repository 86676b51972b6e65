/**
 * The sweep loop: its EOT schedule, rows and verdicts on bundled specs (each row is the check of
 * its bounds), a counterexample that ends it, a budget that ends it honestly (the row cut short is
 * incomplete, never certified), the run limit and --max-eot, and determinism of everything but
 * times. The loop's bookkeeping under a budget is also driven row by row with a scripted check and
 * clock, so no assertion depends on how fast this machine is.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bounds } from '../../src/faults/types.js';
import { checkFaultTolerance, type CheckOptions } from '../../src/search/check.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { nextEot, scheduleFrom, sweep, sweepProblems, type SweepDependencies, type SweepResult } from '../../src/search/sweep.js';
import type { CheckResult, IncompleteReason, Verdict } from '../../src/search/types.js';
import { loadBundled } from './helpers.js';
import { loadSpec } from '../../src/pipeline.js';
import { RuleError } from '../../src/sim/errors.js';

const eots = (r: SweepResult): number[] => r.rows.map((row) => row.bounds.eot);
const verdicts = (r: SweepResult): Verdict[] => r.rows.map((row) => row.check.verdict);

describe('the EOT schedule', () => {
  it('steps by 1 up to 8, then by a quarter of the current EOT', () => {
    expect(scheduleFrom(3, 130)).toEqual([3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33, 41, 51, 63, 78, 97, 121]);
    for (let eot = 1; eot < 5000; eot++) {
      const next = nextEot(eot);
      expect(next - eot).toBe(eot < 8 ? 1 : Math.floor(eot / 4));
    }
  });

  it('reaches EOT 2,000 in a few dozen rows', () => {
    expect(scheduleFrom(3, 2000).length).toBeLessThan(35);
  });
});

describe('sweep on bundled specs', () => {
  it('relay broadcast: every row certified up to --max-eot, each row the check of its bounds', () => {
    const { compiled } = loadBundled('relay-broadcast.ded');
    const r = sweep(compiled, { crashes: 1, maxEot: 12 });
    expect(eots(r)).toEqual([3, 4, 5, 6, 7, 8, 10, 12]);
    expect(verdicts(r).every((v) => v === 'certified')).toBe(true);
    expect(r.stop).toBe('max-eot');
    expect(r.highestCertified).toEqual({ nodes: ['a', 'b', 'c'], eot: 12, eff: 11, crashes: 1 });
    expect(r.counterexample).toBeNull();
    for (const row of r.rows) {
      expect(row.bounds).toEqual({ nodes: defaultNodes(compiled, row.bounds.eot), eot: row.bounds.eot, eff: row.bounds.eot - 1, crashes: 1 });
      const alone = checkFaultTolerance(compiled, { bounds: row.bounds });
      expect([row.check.verdict, row.check.executions, row.check.hypotheses]).toEqual([alone.verdict, alone.executions, alone.hypotheses]);
    }
  });

  it('--max-eot clamps the last step, and the gap sets EFF on every row', () => {
    const { compiled } = loadBundled('ack-broadcast.ded');
    const r = sweep(compiled, { crashes: 1, effGap: 2, startEot: 7, maxEot: 11 });
    expect(eots(r)).toEqual([7, 8, 10, 11]);
    expect(r.rows.map((row) => row.bounds.eff)).toEqual([5, 6, 8, 9]);
    expect(r.stop).toBe('max-eot');
    expect(r.highestCertified?.eot).toBe(11);
  });

  it('a counterexample ends the sweep; the highest certified bound is the row before it', () => {
    // Without crashes simple broadcast survives EFF 1 (no loss at all) but not EFF 2.
    const { compiled } = loadBundled('simple-broadcast.ded');
    const r = sweep(compiled, { crashes: 0, startEot: 2 });
    expect(eots(r)).toEqual([2, 3]);
    expect(verdicts(r)).toEqual(['certified', 'counterexample']);
    expect(r.stop).toBe('counterexample');
    expect(r.highestCertified).toEqual({ nodes: ['a', 'b', 'c'], eot: 2, eff: 1, crashes: 0 });
    expect(r.counterexample?.bounds.eot).toBe(3);
    expect(r.counterexample?.check.counterexample?.faults.length).toBeGreaterThan(0);
  });

  it('a counterexample on the first row leaves nothing certified', () => {
    const { compiled } = loadBundled('retry-broadcast.ded');
    const r = sweep(compiled, { crashes: 1 });
    expect(verdicts(r)).toEqual(['counterexample']);
    expect(r.highestCertified).toBeNull();
  });

  it('a budget too small for the first row ends it incomplete, with nothing certified', () => {
    // Raft's election at 8/7/1 takes dozens of executions: far beyond what one millisecond allows.
    const { compiled } = loadBundled('raft-election.ded');
    const r = sweep(compiled, { crashes: 1, startEot: 8, budgetMs: 1 });
    expect(verdicts(r)).toEqual(['incomplete']);
    expect(r.stop).toBe('budget');
    expect(r.highestCertified).toBeNull();
  });

  it('a row that reaches its run limit ends the sweep as max-runs, not certified', () => {
    const { compiled } = loadBundled('raft-election.ded');
    const r = sweep(compiled, { crashes: 1, startEot: 7, maxRuns: 5 });
    expect(verdicts(r)).toEqual(['incomplete']);
    expect(r.rows[0]!.check.executions).toBe(5);
    expect(r.stop).toBe('max-runs');
    expect(r.highestCertified).toBeNull();
  });

  it('fixed nodes and the oracle reach every row', () => {
    const decide = join(import.meta.dirname, '..', 'cases', 'oracle', 'decide.ded');
    const spec = loadSpec([decide]);
    if (!spec.ok) throw new Error('decide.ded does not load');
    const byDefault = sweep(spec.compiled, { crashes: 1, maxEot: 6 });
    expect(verdicts(byDefault)).toEqual(['counterexample']);
    const molly = sweep(spec.compiled, { crashes: 1, maxEot: 6, oracle: 'molly', nodes: ['a', 'b'] });
    expect(verdicts(molly)).toEqual(['certified', 'certified', 'certified', 'certified']);
    expect(molly.rows.every((row) => row.check.oracle === 'molly' && row.bounds.nodes.join() === 'a,b')).toBe(true);
  });

  it('is deterministic: two sweeps give the same rows, verdicts, executions and fault sets', () => {
    const { compiled } = loadBundled('ack-broadcast.ded');
    const figures = (r: SweepResult) => r.rows.map((row) => ({ bounds: row.bounds, verdict: row.check.verdict, executions: row.check.executions, runs: row.check.runs }));
    const a = sweep(compiled, { crashes: 1, maxEot: 10 });
    const b = sweep(compiled, { crashes: 1, maxEot: 10 });
    expect(figures(a)).toEqual(figures(b));
    expect([a.stop, a.highestCertified]).toEqual([b.stop, b.highestCertified]);
  });

  it('a run the program stops: thrown in the first row, the end of the sweep in a later one', () => {
    // The counter doubles every step and leaves the exact integer range at t = 54.
    const spec = loadSpec(['grow.ded'], (path) =>
      path.endsWith('grow.ded') ? 'c("a", 1)@1;\nnode("a", "b")@1;\nnode(N, M)@next :- node(N, M);\nc(N, X * 2)@next :- c(N, X);\npre(N) :- node(N, _);\npost(N) :- node(N, _);\n' : null,
    );
    if (!spec.ok) throw new Error('grow.ded does not load');
    expect(() => sweep(spec.compiled, { crashes: 0, startEot: 60 })).toThrow(RuleError);
    const r = sweep(spec.compiled, { crashes: 0 });
    expect(r.stop).toBe('run-stopped');
    expect(r.runStopped?.eot).toBe(63);
    expect(r.runStopped?.error.span.line).toBe(4);
    expect(r.highestCertified?.eot).toBe(51);
    expect(verdicts(r).every((v) => v === 'certified')).toBe(true);
  });

  it('calls onRow with every row as it is checked', () => {
    const { compiled } = loadBundled('relay-broadcast.ded');
    const seen: number[] = [];
    const r = sweep(compiled, { crashes: 0, maxEot: 5, onRow: (row) => seen.push(row.bounds.eot) });
    expect(seen).toEqual(eots(r));
  });
});

/** A check that answers from a script and advances a fake clock by each row's cost. */
function scripted(script: readonly { verdict: Verdict; costMs: number; executions?: number; reason?: IncompleteReason }[]): { deps: SweepDependencies; limits: (number | undefined)[] } {
  let clock = 0;
  let i = 0;
  const limits: (number | undefined)[] = [];
  const check = (_: CompiledProgram, o: CheckOptions): CheckResult => {
    const step = script[i++];
    if (!step) throw new Error('the sweep ran more rows than scripted');
    limits.push(o.timeLimitMs);
    // A real check stops at its time limit (plus the run under way): the script's cost is capped likewise.
    const spent = o.timeLimitMs !== undefined && step.verdict === 'incomplete' && step.executions === undefined ? o.timeLimitMs + 1 : step.costMs;
    clock += spent;
    return fakeResult(o.bounds, step.verdict, step.executions ?? 3, spent, step.verdict === 'incomplete' ? (step.reason ?? 'time-limit') : null);
  };
  return { deps: { check, now: () => clock }, limits };
}

function fakeResult(bounds: Bounds, verdict: Verdict, executions: number, elapsedMs: number, incompleteReason: IncompleteReason | null): CheckResult {
  return {
    incompleteReason,
    coveredSize: null,
    verdict,
    strategy: 'ldfi',
    oracle: 'default',
    bounds,
    executions,
    hypotheses: executions - 1,
    faultSpace: 1,
    elapsedMs,
    solverMs: 0,
    phases: { simulateMs: 0, lineageMs: 0, encodeMs: 0, solveMs: 0 },
    counterexample: verdict === 'counterexample' ? { run: executions, faults: [], missing: [] } : null,
    counterexamples: [],
    runs: [],
  };
}

describe('the budget, row by row (scripted check and clock)', () => {
  const { compiled } = loadBundled('relay-broadcast.ded');
  const nodes = ['a', 'b', 'c'];

  it('gives each row what is left of the budget, and reports the row it cuts short as incomplete', () => {
    const { deps, limits } = scripted([
      { verdict: 'certified', costMs: 100 },
      { verdict: 'certified', costMs: 300 },
      { verdict: 'incomplete', costMs: 0 },
    ]);
    const r = sweep(compiled, { crashes: 1, budgetMs: 1000, nodes }, deps);
    expect(limits).toEqual([1000, 900, 600]);
    expect(eots(r)).toEqual([3, 4, 5]);
    expect(verdicts(r)).toEqual(['certified', 'certified', 'incomplete']);
    expect(r.stop).toBe('budget');
    expect(r.highestCertified?.eot).toBe(4);
  });

  it('starts no row once the budget is spent', () => {
    const { deps } = scripted([
      { verdict: 'certified', costMs: 400 },
      { verdict: 'certified', costMs: 600 },
    ]);
    const r = sweep(compiled, { crashes: 1, budgetMs: 1000, nodes }, deps);
    expect(verdicts(r)).toEqual(['certified', 'certified']);
    expect(r.stop).toBe('budget');
    expect(r.highestCertified?.eot).toBe(4);
  });

  it('never reports a certified bound above an incomplete row', () => {
    const { deps } = scripted([
      { verdict: 'certified', costMs: 10 },
      { verdict: 'incomplete', costMs: 10, executions: 10_000, reason: 'max-runs' },
    ]);
    const r = sweep(compiled, { crashes: 1, budgetMs: 1000, nodes }, deps);
    expect(r.stop).toBe('max-runs');
    expect(r.highestCertified?.eot).toBe(3);
    expect(r.elapsedMs).toBe(20);
  });
});

describe('options that make no sweep', () => {
  const fine = { crashes: 1, effGap: 1, budgetMs: 1000, startEot: 3, maxEot: null };
  it('are named, one message each', () => {
    expect(sweepProblems(fine)).toEqual([]);
    expect(sweepProblems({ ...fine, effGap: 3 })).toEqual(['--eff-gap (3) must be below --start-eot (3): the first row would have EFF = 0, no step where a message may be lost']);
    expect(sweepProblems({ ...fine, maxEot: 2 })).toEqual(['--max-eot (2) is below --start-eot (3): no bound to check']);
    expect(sweepProblems({ ...fine, budgetMs: 0 })).toHaveLength(1);
    expect(sweepProblems({ ...fine, budgetMs: Infinity })).toHaveLength(1);
    expect(sweepProblems({ ...fine, startEot: 0 })).toHaveLength(1);
  });

  it('make the library throw before any run', () => {
    const { compiled } = loadBundled('relay-broadcast.ded');
    let ran = 0;
    const deps: SweepDependencies = { check: (c, o) => (ran++, checkFaultTolerance(c, o)), now: () => 0 };
    expect(() => sweep(compiled, { crashes: 1, effGap: 5, startEot: 4 }, deps)).toThrow(RangeError);
    expect(ran).toBe(0);
  });
});
