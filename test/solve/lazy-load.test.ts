/**
 * logic-solver (MiniSat in JS, ~0.4 s to load) is loaded by the first search whose session
 * outgrows the JS solver, and never by `lint` or `run`.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadSpec } from '../../src/pipeline.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { checkFaultTolerance } from '../../src/search/check.js';

const SPEC = join(import.meta.dirname, '..', '..', 'specs', 'simple-broadcast.ded');
// Its counterexample needs more than two faults: past the sets judged without a solver.
const KAFKA = join(import.meta.dirname, '..', '..', 'specs', 'kafka.ded');
const cache = (createRequire(import.meta.url) as unknown as { cache: Record<string, unknown> }).cache;
const solverLoaded = (): boolean => Object.keys(cache).some((path) => path.includes(`${'logic-solver'}`));
const quiet = { stdout: (): void => {}, stderr: (): void => {} };

describe('loading the SAT solver', () => {
  it('lint, run and searches with small sessions do not load it; a session moved to MiniSat does', async () => {
    expect(solverLoaded()).toBe(false);
    expect(await runCli(['lint', SPEC], quiet)).toBe(0);
    expect(await runCli(['run', SPEC, '--eot', '4'], quiet)).toBe(0);
    expect(solverLoaded()).toBe(false);
    expect(await runCli(['check', SPEC, '--eot', '4', '--eff', '2', '-q'], quiet)).toBe(1);
    expect(solverLoaded(), 'a counterexample of one fault is found without the solver').toBe(false);
    expect(await runCli(['check', KAFKA, '--eot', '6', '--eff', '4', '--crashes', '1', '-q'], quiet)).toBe(1);
    expect(solverLoaded(), 'a session of a few thousand clauses is answered by the JS solver').toBe(false);
    const compiled = loadSpec([KAFKA]).compiled;
    const bounds = { nodes: defaultNodes(compiled, 6), eot: 6, eff: 4, crashes: 1 };
    const moved = checkFaultTolerance(compiled, { bounds, solverLimits: { cdclMaxClauses: 0 } });
    expect(moved.verdict).toBe('counterexample');
    expect(solverLoaded()).toBe(true);
  });
});
