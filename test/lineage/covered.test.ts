/**
 * A `pre` firing covered by a `post` firing: when every body tuple of a plain `post` firing (no
 * `notin`, no aggregate, no message) is among the body tuples of the `pre` firing, that `pre`
 * firing cannot make a violation, and the goal leaves it out. Here `post` reads the same
 * `reported` tuple as `pre`, through an @async aggregate whose bindings sit at several nodes (so
 * `holds` of it is FALSE under any loss): without the rule every run says "may violate", and the
 * search ran 3,456 of the 4,096 sets. The variants where the `post` firing can be stopped (a
 * `notin`, a message) must still find their counterexamples.
 */
import { describe, expect, it } from 'vitest';
import { FALSE, FormulaStore } from '../../src/faults/formula.js';
import { runLineage } from '../../src/lineage/goal.js';
import { searchLdfi } from '../../src/search/ldfi.js';
import { simulate } from '../../src/sim/simulate.js';
import { checkSoundness, compileText } from './soundness.js';

const PROTOCOL = `
node("a"); node("b"); node("c");
link("a", "b"); link("b", "a"); link("c", "a");
val("a", 5)@1; val("a", 4)@2; val("b", 2)@1; val("c", 1)@2;
clock("a", 1)@1; clock("b", 1)@1; clock("c", 1)@1;
clock(N, T + 1)@next :- clock(N, T);
hold(F, V) :- val(F, V);
hold(F, V)@next :- hold(F, V);
msg(T, F, V)@async :- hold(F, V), link(F, T);
msg(T, F, V)@async :- got(R, F, V), link(R, T), T != F;
got(N, F, V) :- msg(N, F, V);
got(N, F, V)@next :- got(N, F, V);
report("c", min<V>)@async :- got(N, F, V);
reported(M, K) :- report(M, K);
reported(M, K)@next :- reported(M, K);
heard(N, T) :- got(N, _, _), clock(N, T);
heard(N, T)@next :- heard(N, T);
silent(N) :- clock(N, T), T == 3, notin heard(N, T - 1);
silent(N)@next :- silent(N);
pre(N) :- reported(N, K), K >= 2;
`;

const bounds = { nodes: ['a', 'b', 'c'], eot: 4, eff: 3, crashes: 0 };

function variant(post: string) {
  return compileText(PROTOCOL + post, 'covered.ded');
}

describe('pre firings covered by post firings', () => {
  it('drop out of the goal: the fault-free run alone certifies, and exhaustive search agrees', () => {
    const compiled = variant('post(N) :- reported(N, _);');
    const run = simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: [] });
    expect(run.lineage.tuples.some((t) => t.relation === 'pre')).toBe(true);
    const store = new FormulaStore(bounds);
    // Above a run that lost a message too (no new derivations there): nothing can violate.
    const lossy = simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: [{ kind: 'omit', from: 'a', to: 'b', time: 1 }] });
    expect(runLineage(store, compiled, bounds, lossy).goal).toBe(FALSE);
    expect(runLineage(store, compiled, bounds, lossy, { scope: 'everywhere' }).goal).toBe(FALSE);
    expect(searchLdfi(compiled, { bounds, maxRuns: 5000, all: false }).explorer.executions).toBe(1);
    const report = checkSoundness(compiled, bounds, { exhaustiveLimit: 5000, seed: 7 });
    expect(report.problems).toEqual([]);
    expect(report.exhaustive).toBe('certified');
  });

  it('do not include a post firing that reads a notin: its counterexample is still found', () => {
    // a is silent at 3 when b's first message to it is lost; its alarm then reaches c by EOT and
    // blocks post(c), while b's report of 5 still makes pre(c).
    const compiled = variant('alarm("c")@async :- silent(N), N != "c";\nalarm(N)@next :- alarm(N);\npost(N) :- reported(N, _), notin alarm(N);');
    expect(simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: [] }).invariant.holds).toBe(true);
    const report = checkSoundness(compiled, bounds, { exhaustiveLimit: 5000, seed: 7 });
    expect(report.problems).toEqual([]);
    expect(report.exhaustive).toMatch(/^counterexample/);
    expect(report.verdict).toMatch(/^counterexample/);
  });
});
