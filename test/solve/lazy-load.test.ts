/**
 * logic-solver (MiniSat in JS, ~0.4 s to load) is loaded by the first command that solves, and
 * never by `lint` or `run`.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const SPEC = join(import.meta.dirname, '..', '..', 'specs', 'simple-broadcast.ded');
const cache = (createRequire(import.meta.url) as unknown as { cache: Record<string, unknown> }).cache;
const solverLoaded = (): boolean => Object.keys(cache).some((path) => path.includes(`${'logic-solver'}`));
const quiet = { stdout: (): void => {}, stderr: (): void => {} };

describe('loading the SAT solver', () => {
  it('lint and run do not load it; check does', async () => {
    expect(solverLoaded()).toBe(false);
    expect(await runCli(['lint', SPEC], quiet)).toBe(0);
    expect(await runCli(['run', SPEC, '--eot', '4'], quiet)).toBe(0);
    expect(solverLoaded()).toBe(false);
    expect(await runCli(['check', SPEC, '--eot', '4', '--eff', '2', '-q'], quiet)).toBe(1);
    expect(solverLoaded()).toBe(true);
  });
});
