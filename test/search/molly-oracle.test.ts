/**
 * The two oracles on specs where they differ, with every strategy. `default` judges pre ⊆ post at
 * EOT; `molly` judges only the post tuples of the fault-free run: a run is a counterexample when
 * one of them is in its pre but no longer in its post.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { Explorer } from '../../src/search/explorer.js';
import type { Oracle } from '../../src/search/oracle.js';
import type { Strategy } from '../../src/search/types.js';
import type { Bounds } from '../../src/faults/types.js';
import { formatFaults, parseFaults } from '../../src/faults/text.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { simulate } from '../../src/sim/simulate.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { formatTuple } from '../../src/terms/values.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

const CASES = join(import.meta.dirname, '..', 'cases', 'oracle');

function load(file: string, eot: number, eff: number, crashes: number): { compiled: CompiledProgram; bounds: Bounds } {
  const spec = loadSpec([join(CASES, file)]);
  if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
  return { compiled: spec.compiled, bounds: { nodes: defaultNodes(spec.compiled, eot), eot, eff, crashes } };
}

const check = (c: { compiled: CompiledProgram; bounds: Bounds }, strategy: Strategy, oracle: Oracle, all = false) =>
  checkFaultTolerance(c.compiled, { bounds: c.bounds, strategy, oracle, all, maxRuns: 500 });

const printed = (missing: readonly (readonly (string | number)[])[]): string[] => missing.map((t) => formatTuple('pre', t));

/** pre ⊆ post at EOT fails for this run (the default reading), whatever the oracle of the search. */
function breaksPreInPost(c: { compiled: CompiledProgram; bounds: Bounds }, faults: string): boolean {
  const parsed = parseFaults(faults, c.bounds.nodes, c.bounds.eot);
  const r = simulate(c.compiled, { nodes: c.bounds.nodes, eot: c.bounds.eot, faults: parsed.faults });
  return !r.invariant.holds;
}

describe('a pre tuple that only faults produce (decide.ded: b decides "none" when the proposal is lost)', () => {
  const spec = load('decide.ded', 4, 2, 1);

  it('default: exhaustive and random find it, and ldfi agrees', () => {
    const exhaustive = check(spec, 'exhaustive', 'default');
    expect(exhaustive.verdict).toBe('counterexample');
    expect(formatFaults(exhaustive.counterexample!.faults)).toBe('omit(a,b,1)');
    expect(printed(exhaustive.counterexample!.missing)).toEqual(['pre("b", "none")']);
    const random = check(spec, 'random', 'default');
    expect(random.verdict).toBe('counterexample');
    expect(printed(random.counterexample!.missing)).toEqual(['pre("b", "none")']);
    expect(check(spec, 'ldfi', 'default').verdict).toBe('counterexample');
  });

  it('molly: no run is a counterexample, though some break pre ⊆ post; exhaustive and ldfi certify', () => {
    const exhaustive = check(spec, 'exhaustive', 'molly');
    expect(exhaustive.verdict).toBe('certified');
    expect(exhaustive.oracle).toBe('molly');
    expect(exhaustive.runs.every((r) => !r.violated && r.missing.length === 0)).toBe(true);
    const broken = exhaustive.runs.filter((r) => breaksPreInPost(spec, formatFaults(r.faults)));
    expect(broken.length).toBeGreaterThan(0);
    const random = check(spec, 'random', 'molly');
    expect(random.verdict).toBe('incomplete');
    expect(random.counterexamples).toEqual([]);
    expect(random.runs.some((r) => breaksPreInPost(spec, formatFaults(r.faults)))).toBe(true);
    expect(check(spec, 'ldfi', 'molly').verdict).toBe('certified');
  });
});

describe('a spec whose fault-free run already breaks pre ⊆ post (early-timeout.ded)', () => {
  const spec = load('early-timeout.ded', 4, 2, 1);

  it('default: the fault-free run is the counterexample, for every strategy', () => {
    for (const strategy of ['exhaustive', 'random', 'ldfi'] as const) {
      const r = check(spec, strategy, 'default');
      expect(r.verdict, strategy).toBe('counterexample');
      expect(r.counterexample!.run, strategy).toBe(1);
      expect(r.counterexample!.faults, strategy).toEqual([]);
      expect(printed(r.counterexample!.missing), strategy).toEqual(['pre("b", "none")']);
    }
  });

  it('molly: the fault-free run is never a counterexample, and its outcomes survive every fault set', () => {
    const exhaustive = check(spec, 'exhaustive', 'molly');
    expect(exhaustive.verdict).toBe('certified');
    expect(exhaustive.runs[0]!.violated).toBe(false);
    expect(exhaustive.runs.length).toBeGreaterThan(1);
    const random = check(spec, 'random', 'molly');
    expect(random.verdict).toBe('incomplete');
    expect(random.counterexamples).toEqual([]);
    expect(check(spec, 'ldfi', 'molly').verdict).toBe('certified');
  });
});

describe('a fault that both loses an outcome and makes a new pre (agree.ded)', () => {
  const spec = load('agree.ded', 4, 2, 1);

  it('both oracles refute it with the same faults; molly lists only the lost outcome', () => {
    for (const strategy of ['exhaustive', 'ldfi'] as const) {
      const byDefault = check(spec, strategy, 'default');
      const byMolly = check(spec, strategy, 'molly');
      expect(formatFaults(byDefault.counterexample!.faults), strategy).toBe('omit(a,b,1)');
      expect(formatFaults(byMolly.counterexample!.faults), strategy).toBe('omit(a,b,1)');
      expect(printed(byDefault.counterexample!.missing), strategy).toEqual(['pre("a", "x")', 'pre("b", "none")']);
      expect(printed(byMolly.counterexample!.missing), strategy).toEqual(['pre("a", "x")']);
    }
    const random = check(spec, 'random', 'molly');
    expect(random.verdict).toBe('counterexample');
    expect(printed(random.counterexample!.missing)).toEqual(['pre("a", "x")']);
  });

  it('with --all, both oracles find the same counterexample fault sets here', () => {
    const sets = (oracle: Oracle) => check(spec, 'exhaustive', oracle, true).counterexamples.map((c) => formatFaults(c.faults));
    expect(sets('molly')).toEqual(sets('default'));
    expect(sets('molly').length).toBeGreaterThan(1);
  });
});

describe('the explorer under molly', () => {
  it('judges against the fault-free run even when it is not the first set run, without counting it', () => {
    const spec = load('agree.ded', 4, 2, 0);
    const explorer = new Explorer(spec.compiled, { bounds: spec.bounds, maxRuns: 10, all: true, oracle: 'molly' });
    explorer.execute(parseFaults('omit(a,b,1)', spec.bounds.nodes, 4).faults, null);
    explorer.execute([], null);
    expect(explorer.executions).toBe(2);
    expect(explorer.runs.map((r) => [r.violated, printed(r.missing)])).toEqual([
      [true, ['pre("a", "x")']],
      [false, []],
    ]);
  });
});
