/**
 * When the possible run cannot be built (too many tuples, an overflow), the search is still sound
 * but pessimistic about every `notin`, aggregate and crash read, and may take far longer: the
 * result says so, in the text and the JSON, instead of leaving a slow search unexplained.
 */
import { describe, expect, it } from 'vitest';
import { checkFaultTolerance } from '../../src/search/check.js';
import { compileText } from '../lineage/soundness.js';
import { captureCli, scratchDir } from './helpers.js';

// x doubles at every step unless `stop` holds; it does, so only the possible run (where every
// notin passes) doubles, and at EOT 60 it leaves the exact integers.
const GROW = [
  'peer("a", "b");',
  'stop("a");',
  'x("a", 1)@1;',
  'x(N, V * 2)@next :- x(N, V), notin stop(N);',
  'x(N, V)@next :- x(N, V);',
  'got(M, V)@async :- x(N, V), peer(N, M);',
  'got(M, V)@next :- got(M, V);',
  'pre(M) :- peer(_, M);',
  'post(M) :- got(M, 1);',
  '',
].join('\n');

describe('a search without its possible run', () => {
  const scratch = scratchDir('ldfi-no-possible-');
  const spec = scratch.write('grow.ded', GROW);

  it('says why in the result, and not where the possible run was built', () => {
    const bounds = { nodes: ['a', 'b'], eff: 3, crashes: 0 };
    const big = checkFaultTolerance(compileText(GROW), { bounds: { ...bounds, eot: 60 } });
    expect(big.possibleRunUnavailable).toMatch(/^the possible run overflows: /);
    const small = checkFaultTolerance(compileText(GROW), { bounds: { ...bounds, eot: 10 } });
    expect(small.possibleRunUnavailable).toBeNull();
    expect(small.verdict).toBe(big.verdict);
  });

  it('prints a warning line in the text and a warning in the JSON', async () => {
    const text = await captureCli(['check', spec, '--eot', '60', '--eff', '3', '--crashes', '0', '-q'], 'ldfi');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/\n {2}warning: the possible run overflows: .*the search may run many more fault sets \(a smaller --eot may let it be built\)\n/);
    const json = await captureCli(['check', spec, '--eot', '60', '--eff', '3', '--crashes', '0', '--json'], 'ldfi');
    const warnings = (JSON.parse(json.out) as { warnings: { kind: string }[] }).warnings;
    expect(warnings.map((w) => w.kind)).toEqual(['no-possible-run']);
    const fine = await captureCli(['check', spec, '--eot', '10', '--eff', '3', '--crashes', '0', '--json'], 'ldfi');
    expect((JSON.parse(fine.out) as { warnings: unknown[] }).warnings).toEqual([]);
  });
});

describe('the progress line', () => {
  it('prints a note about the running search once, on a line of its own, when it first appears', async () => {
    const { progressPrinter } = await import('../../src/cli/progress.js');
    let err = '';
    let note: string | null = null;
    const p = progressPrinter({ stdout: () => {}, stderr: (s) => (err += s), stderrIsTTY: true }, 'check', () => note);
    const at = (ms: number) => p.update({ executions: 1, counterexamples: 0, current: [], elapsedMs: ms });
    at(200);
    note = 'slow, and here is why';
    at(400);
    at(600);
    p.finish();
    expect(err.split('check: warning: slow, and here is why\n').length).toBe(2);
    expect(err).toContain('\r\x1b[Kcheck: warning: slow, and here is why\n');
  });
});
