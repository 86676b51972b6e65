import { describe, expect, it } from 'vitest';
import { runSentence, verdictSentence } from '../../src/report/verdict.js';
import type { CheckResult } from '../../src/search/types.js';

const base: CheckResult = {
  verdict: 'certified',
  strategy: 'ldfi',
  bounds: { nodes: ['a', 'b', 'c'], eot: 6, eff: 3, crashes: 1 },
  executions: 11,
  hypotheses: 10,
  faultSpace: { faultSets: '64089249116431751053312', mollyEstimate: '243166788160558528301056000' },
  elapsedMs: 50,
  counterexample: null,
  counterexamples: [],
  runs: [],
};

describe('the verdict in plain words', () => {
  it('names every fault of a counterexample and the pre tuples it leaves without post', () => {
    const faults = [
      { kind: 'omit', from: 'C', to: 'a', time: 2 },
      { kind: 'crash', node: 'C', time: 3 },
    ] as const;
    const check: CheckResult = { ...base, verdict: 'counterexample', counterexample: { run: 4, faults, missing: [['termination', 'hello']] } };
    expect(verdictSentence(check)).toBe('Losing C→a at t=2 and crashing C at t=3 leaves pre("termination", "hello") without post.');
  });

  it('says when the fault-free run already fails, and lists at most three tuples', () => {
    const missing = [['a'], ['b'], ['c'], ['d'], ['e']];
    expect(runSentence([], { checked: true, holds: false, missing })).toBe(
      'The fault-free run already leaves pre("a"), pre("b"), pre("c") and 2 more pre tuples without their post.',
    );
  });

  it('certifies with the bounds, the executions and the fault space', () => {
    expect(verdictSentence(base)).toBe('No combination of faults within EOT=6, EFF=3, at most 1 crash breaks the invariant: 11 executions covered a fault space of 64,089,249,116,431,751,053,312 fault sets (Molly\'s estimate 2.43e26).');
  });

  it('does not call an unfinished search certified', () => {
    expect(verdictSentence({ ...base, verdict: 'incomplete' })).toContain('not certified');
  });

  it('describes a single run without a check', () => {
    expect(verdictSentence(null, { faults: [{ kind: 'crash', node: 'b', time: 1 }], invariant: { checked: true, holds: true, missing: [] } })).toBe(
      'Crashing b at t=1 leaves the invariant intact: every pre tuple has its post.',
    );
    expect(verdictSentence(null, { faults: [], invariant: { checked: false, holds: true, missing: [] } })).toContain('no pre/post invariant');
  });

});
