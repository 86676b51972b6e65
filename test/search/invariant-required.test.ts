/**
 * A program without both `pre` and `post` has no run that could violate: a search over it would
 * certify anything. The engine refuses it, whatever the strategy, as the CLI and the suite do.
 */
import { describe, expect, it } from 'vitest';
import { checkFaultTolerance } from '../../src/search/check.js';
import { sweep } from '../../src/search/sweep.js';
import { compileText } from '../lineage/soundness.js';

const SEND = `node("a", "b")@1;
  node(N, M)@next :- node(N, M);
  log(M, "x")@async :- node(N, M);`;

describe('a search needs an invariant', () => {
  const bounds = { nodes: ['a', 'b'], eot: 4, eff: 3, crashes: 0 };
  for (const [what, text] of [
    ['pre without post', `${SEND}\npre(N) :- node(N, _);`],
    ['post without pre', `${SEND}\npost(N) :- log(N, _);`],
    ['neither', SEND],
  ] as const) {
    for (const strategy of ['ldfi', 'random', 'exhaustive'] as const) {
      it(`refuses ${what} (${strategy})`, () => {
        expect(() => checkFaultTolerance(compileText(text), { bounds, strategy })).toThrow(/the invariant needs both, nothing to check/);
      });
    }
  }

  it('refuses it in a sweep too', () => {
    expect(() => sweep(compileText(`${SEND}\npre(N) :- node(N, _);`), { crashes: 0, maxEot: 5 })).toThrow(/defines `pre` but no `post`/);
  });

  it('still judges a program with both', () => {
    const r = checkFaultTolerance(compileText(`${SEND}\npre(N) :- node(N, _);\npost(N) :- log(N, _);`), { bounds, strategy: 'exhaustive' });
    expect(r.verdict).toBe('counterexample');
  });
});
