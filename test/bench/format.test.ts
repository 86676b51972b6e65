import { describe, expect, it } from 'vitest';
import { certificationTarget, counterexampleTarget, fmtSpace, markdownTable } from '../../bench/format.js';
import type { LdfiFigures } from '../../bench/measure.js';
import { rowLabel, rowMatches } from '../../bench/rows.js';
import { median, quantile } from '../../bench/stats.js';

function done(verdict: 'counterexample' | 'certified' | 'incomplete', executions: number, elapsedMs: number): LdfiFigures {
  const phases = { simulateMs: 0, lineageMs: 0, encodeMs: 0, solveMs: 0 };
  return { status: 'done', check: { seed: null, verdict, executions, elapsedMs, solverMs: 0, phases, cpuMs: elapsedMs, faults: null }, repeats: { count: 1, meanMs: elapsedMs, meanSolverMs: 0, meanPhases: phases } };
}

describe('bench targets', () => {
  it('a counterexample row is met only when found within Molly\'s executions and under a second', () => {
    expect(counterexampleTarget(done('counterexample', 2, 999), 2)).toEqual({ met: true, text: 'met' });
    expect(counterexampleTarget(done('counterexample', 3, 10), 2).text).toBe('not met (3 > 2 executions)');
    expect(counterexampleTarget(done('counterexample', 1, 1000), 2).text).toBe('not met (1.00 s ≥ 1 s)');
    expect(counterexampleTarget(done('certified', 1, 10), 2).met).toBe(false);
    expect(counterexampleTarget({ status: 'timeout', reached: 5, timeoutMs: 1000 }, 2).text).toBe('not met (timeout)');
  });

  it('a certification row is met only with fewer executions than Molly', () => {
    expect(certificationTarget(done('certified', 10, 5000), 11).met).toBe(true);
    expect(certificationTarget(done('certified', 11, 5), 11).text).toBe('not met (11 ≥ 11 executions)');
    expect(certificationTarget(done('incomplete', 20000, 5), 11).text).toBe('not met (incomplete)');
    expect(certificationTarget({ status: 'timeout', reached: 700, timeoutMs: 1000 }, 673).text).toBe('not met (timeout, > 700 executions)');
    expect(certificationTarget({ status: 'skipped', reason: '--quick' }, 673).text).toBe('not run (--quick)');
  });
});

describe('bench formatting', () => {
  it('writes a markdown table with right-aligned columns and escaped pipes', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']], [1])).toBe('| a | b |\n| --- | ---: |\n| x\\|y | 1 |\n');
  });

  it('prints fault spaces as the paper does', () => {
    expect(fmtSpace(24)).toBe('24');
    expect(fmtSpace(4096)).toBe('4.10e3');
    expect(fmtSpace(2.43e26)).toBe('2.43e26');
  });

  it('selects rows by label or protocol', () => {
    const row = { protocol: 'ack-deliv', spec: 'ack-broadcast', eot: 8, eff: 7, crashes: 1, expect: 'certified' as const };
    expect(rowLabel(row)).toBe('ack-broadcast 8/7/1');
    expect(rowMatches(row, 'ack-broadcast 8/')).toBe(true);
    expect(rowMatches(row, 'deliv')).toBe(true);
    expect(rowMatches(row, '2pc')).toBe(false);
    expect(rowMatches(row, null)).toBe(true);
  });

  it('computes medians and quantiles by interpolation', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([0, 10], 0.9)).toBe(9);
    expect(median([])).toBeNaN();
  });
});
