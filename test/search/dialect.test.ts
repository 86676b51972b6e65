/**
 * Molly's dialect under search: a spec with singleton variables under `notin` gets the verdicts of
 * the same spec with `_` written there, from ldfi and from exhaustive alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { formatFaults } from '../../src/faults/text.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

const FILE = join(import.meta.dirname, '..', 'cases', 'dialect', 'ack-singleton.ded');

function compile(text: string): { compiled: CompiledProgram; warnings: number } {
  const spec = loadSpec([FILE], (p) => (p === FILE ? text : null));
  if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
  // Singleton warnings only: the ack rule also reads the sender's `node` table at the receiver, which has its own warning.
  return { compiled: spec.compiled, warnings: spec.diagnostics.filter((d) => d.severity === 'warning' && d.message.includes('occurs only here')).length };
}

describe('singleton variables under notin, under search', () => {
  const text = readFileSync(FILE, 'utf8');
  const lone = compile(text);
  const written = compile(text.replace('notin ack(N, M, Seq)', 'notin ack(N, M, _)').replace('notin crash(M, M, Any)', 'notin crash(M, M, _)'));

  it('warns once per singleton, and not for `_`', () => {
    expect(lone.warnings).toBe(2);
    expect(written.warnings).toBe(0);
  });

  it.each([
    [4, 2, 0, 'certified'],
    [4, 3, 0, 'certified'],
    [4, 2, 1, 'counterexample'],
  ] as const)('EOT %i, EFF %i, %i crashes: %s, as with `_`, for ldfi and exhaustive', (eot, eff, crashes, expected) => {
    const verdicts = [lone, written].flatMap(({ compiled }) => {
      const bounds = { nodes: defaultNodes(compiled, eot), eot, eff, crashes };
      return (['ldfi', 'exhaustive'] as const).map((strategy) => {
        const r = checkFaultTolerance(compiled, { bounds, strategy });
        return `${r.verdict} ${r.counterexample ? formatFaults(r.counterexample.faults).replace(/omit\(a,[bc],1\)/, 'omit(a,*,1)') : ''}`;
      });
    });
    expect(new Set(verdicts).size, verdicts.join('\n')).toBe(1);
    expect(verdicts[0]!.startsWith(expected)).toBe(true);
  });
});

describe('several aggregates in one head, under search', () => {
  // Three voters send one vote each to the tallier n; n keeps what it got.
  const votes = `voter("s1", "n", 3)@1; voter("s2", "n", 7)@1; voter("s3", "n", 5)@1;
vote(N, S, V)@async :- voter(S, N, V);
got(N, S, V) :- vote(N, S, V);
got(N, S, V)@next :- got(N, S, V);
`;
  const retry = `voter(S, N, V)@next :- voter(S, N, V), notin ackd(S);
ackd(S)@async :- got(N, S, _);
`;
  // Each reads the tally through comparisons, constants or notin, so losing a different voter changes what it sees.
  const programs: readonly (readonly [string, string])[] = [
    ['max and count, a threshold on each', 'tally(N, max<V>, count<S>) :- got(N, S, V);\npre(N) :- tally(N, _, K), K >= 2;\npost(N) :- tally(N, 7, _);'],
    ['max of votes and of voters', 'tally(N, max<V>, max<S>) :- got(N, S, V);\npre(N) :- tally(N, A, B), B >= 2;\npost(N) :- tally(N, A, B), A >= 7;'],
    ['count and max read as one tuple', 'tally(N, count<S>, max<V>) :- got(N, S, V);\npre(N, M) :- tally(N, K, M), K >= 2;\npost(N, 7) :- tally(N, _, _);'],
    ['sum and min with retries', `${retry}tally(N, sum<V>, min<V>) :- got(N, S, V);\npre(N) :- tally(N, _, B), B >= 2;\npost(N) :- tally(N, A, _), A >= 15;`],
    ['a tuple read under notin', 'tally(N, count<V>, max<V>) :- got(N, S, V);\npre(N) :- voter(_, N, _);\npost(N) :- tally(N, A, B), notin tally(N, A, 5);'],
    ['a vetoed voter', 'no("n", "s3")@1; veto(N, S)@next :- no(N, S); veto(N, S)@next :- veto(N, S);\ntally(N, min<V>, count<S>) :- got(N, S, V), notin veto(N, S);\npre(N) :- tally(N, _, _);\npost(N) :- tally(N, 3, K), K >= 2;'],
  ];

  const verdicts: string[] = [];
  it.each(programs)('%s: ldfi agrees with exhaustive', (_name, rules) => {
    const { compiled } = compile(votes + rules + '\n');
    for (const [eot, eff, crashes] of [[3, 2, 0], [2, 1, 1]] as const) {
      const bounds = { nodes: defaultNodes(compiled, eot), eot, eff, crashes };
      expect(bounds.nodes).toContain('n');
      const exhaustive = checkFaultTolerance(compiled, { bounds, strategy: 'exhaustive', maxRuns: 100_000 });
      const ldfi = checkFaultTolerance(compiled, { bounds });
      expect(ldfi.verdict, `${eot}/${eff}/${crashes}`).toBe(exhaustive.verdict);
      verdicts.push(exhaustive.verdict);
    }
  });

  it('covers both verdicts', () => {
    expect(verdicts).toContain('certified');
    expect(verdicts).toContain('counterexample');
  });
});
