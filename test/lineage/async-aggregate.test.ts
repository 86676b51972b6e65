/**
 * An @async aggregate leaves from its first binding's node. When the group's possible bindings sit
 * at several nodes, a fault that removes the first one moves the send to another node, whose
 * channel may lose it: holds must ask that no node that can send it loses it (not only the node
 * that sent it in F), and may claim it when none does, where it used to claim nothing.
 */
import { describe, expect, it } from 'vitest';
import { runLineage } from '../../src/lineage/goal.js';
import { FormulaStore, indexFaults } from '../../src/faults/formula.js';
import type { Bounds } from '../../src/faults/types.js';
import { parseFaults } from '../../src/faults/text.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { simulate } from '../../src/sim/simulate.js';
import { checkSoundness, compileText } from './soundness.js';

// At t=3 the group of report("a", count<V>) has v("a", 1), carried by @next (so it comes first,
// and a sends to itself: no message), and v("b", 2), which b sends itself. omit(b,a,1) removes
// a's binding, so b sends the count to a, and omit(b,a,3) then loses it.
const MOVED = [
  'p1("b", "a")@1;',
  'p2("b", "b")@2;',
  'g1(M)@async :- p1(N, M);',
  'v(N, 1)@next :- g1(N);',
  'v(M, 2)@async :- p2(N, M);',
  'report("a", count<V>)@async :- v(N, V);',
  'watch("a");',
  'pre(N) :- watch(N);',
  // Read straight from the message (at t=4 = EOT), through a threshold: any count will do.
  'post(N) :- report(N, K), K >= 1;',
].join('\n');

describe('@async aggregates whose bindings sit at several nodes', () => {
  const compiled = compileText(MOVED);
  const bounds: Bounds = { nodes: ['a', 'b'], eot: 4, eff: 4, crashes: 0 };
  const faults = (text: string) => parseFaults(text, bounds.nodes, bounds.eot).faults;
  const run = simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: [] });
  const store = new FormulaStore(bounds);
  const lineage = runLineage(store, compiled, bounds, run);
  const post = run.lineage.tuples.find((t) => t.relation === 'post' && t.time === bounds.eot)!;
  const holds = lineage.abstraction.answer(() => lineage.abstraction.holds(post.id));
  const holdsUnder = (g: string) => store.evaluate(holds, indexFaults(faults(g)));
  const postUnder = (g: string) => simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: faults(g) }).invariant.holds;

  it('holds of the outcome is false where the moved send is lost, as the run says', () => {
    expect(run.invariant.holds).toBe(true);
    expect(postUnder('omit(b,a,1) omit(b,a,3)')).toBe(false);
    expect(holdsUnder('omit(b,a,1) omit(b,a,3)')).toBe(false);
    // b's channel at t=3 is one that can send it, even while a's binding stays.
    expect(holdsUnder('omit(b,a,3)')).toBe(false);
  });

  it('mayHold of the count is true wherever the node that really sends it gets it through', () => {
    // Under omit(b,a,3) a still has the first binding and sends to itself: the count arrives.
    const g = 'omit(b,a,3)';
    const actual = simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: faults(g) });
    const got = actual.lineage.tuples.filter((t) => t.relation === 'report' && t.time === 4);
    expect(got.length).toBe(1);
    const may = lineage.abstraction.answer(() => lineage.abstraction.mayHold('report', got[0]!.tuple, 4));
    expect(store.evaluate(may, indexFaults(faults(g)))).toBe(true);
  });

  it('holds of the outcome is true where no node that can send it loses it', () => {
    expect(holdsUnder('')).toBe(true);
    expect(postUnder('omit(b,a,1)')).toBe(true);
    expect(holdsUnder('omit(b,a,1)')).toBe(true);
    expect(holdsUnder('omit(a,b,1) omit(a,b,2) omit(a,b,3)')).toBe(true);
  });

  it('the search finds the two-fault counterexample, as exhaustive search does', () => {
    const ldfi = checkFaultTolerance(compiled, { bounds, strategy: 'ldfi' });
    const exhaustive = checkFaultTolerance(compiled, { bounds, strategy: 'exhaustive' });
    expect(exhaustive.verdict).toBe('counterexample');
    expect(ldfi.verdict).toBe('counterexample');
    expect(ldfi.counterexample!.faults.map((f) => `${f.kind}`)).toEqual(['omit', 'omit']);
  });

  it('a count sent from several nodes, read through a threshold, is certified from the fault-free run', () => {
    // A generated program (fuzz seed 187604). Both bindings of the t=2 count are facts, at a and
    // at b, so the count is certain and it arrives unless a→b or b→b loses it (b→b never does).
    // Before, holds claimed nothing of it and the search ran half the space: 2,048 executions.
    const text = [
      'node("a"); node("b"); node("c");',
      'link("a", "b"); link("b", "a"); link("b", "c");',
      'val("a", 30)@1; val("a", 7)@2; val("b", 5)@3; val("b", 4)@2;',
      'clock("a", 1)@1; clock("b", 1)@1; clock("c", 1)@1;',
      'clock(N, T + 1)@next :- clock(N, T);',
      'msg(T, F, V)@async :- val(F, V), link(F, T);',
      'got(N, F, V) :- msg(N, F, V);',
      'got(N, F, V)@next :- got(N, F, V);',
      'agg0(N, min<V>) :- got(N, F, V);',
      'report("b", count<V>)@async :- val(N, V);',
      'reported(M, K) :- report(M, K);',
      'reported(M, K)@next :- reported(M, K);',
      'pre(N) :- clock(N, T), notin got(N, _, 4 / (T - 2)), agg0(N, K2), K2 < 11;',
      'post(N) :- reported(N, K), K >= 2;',
    ].join('\n');
    const b: Bounds = { nodes: ['a', 'b', 'c'], eot: 3, eff: 3, crashes: 0 };
    const c = compileText(text);
    const exhaustive = checkFaultTolerance(c, { bounds: b, strategy: 'exhaustive' });
    const ldfi = checkFaultTolerance(c, { bounds: b, strategy: 'ldfi' });
    expect(exhaustive.verdict).toBe('certified');
    expect(exhaustive.executions).toBe(4096);
    expect(ldfi.verdict).toBe('certified');
    expect(ldfi.executions).toBeLessThan(10);
  });
});

describe('an @async rule whose sender column is an aggregate read by range', () => {
  // best's first column is a max over numbers, and numbers name the digit nodes: under G the max
  // can be 1 where F's was 2, and then ping leaves node 1 (a channel G may cut), not node 2 (a
  // message to itself). Reading that column by range once certified this program from one run.
  const text = [
    'node("1"); node("2"); node("3");',
    'me("1", 1); me("2", 2);',
    'clock("3", 1)@1;',
    'clock(N, T + 1)@next :- clock(N, T);',
    'start("1")@1; start("2")@1;',
    'offer("3", V)@async :- me(N, V), start(N);',
    'got(M, V) :- offer(M, V);',
    'got(M, V)@next :- got(M, V);',
    'got("3", 0) :- clock("3", _);',
    'best(max<V>, M) :- got(M, V);',
    'dest("3", "2");',
    'ping(D, "x")@async :- best(_, M), dest(M, D), clock(M, 2);',
    'pinged(D) :- ping(D, _);',
    'pinged(D)@next :- pinged(D);',
    'tgt("2");',
    'pre(N) :- tgt(N);',
    'post(N) :- pinged(N);',
  ].join('\n');
  const nodes = ['1', '2', '3'];

  it.each([
    [3, 0],
    [2, 1],
  ])('at EOT 4, EFF %i, %i crash: the counterexample exhaustive search finds, and sound formulas', (eff, crashes) => {
    const bounds: Bounds = { nodes, eot: 4, eff, crashes };
    const report = checkSoundness(compileText(text), bounds, { exhaustiveLimit: 5000, samplesPerRun: 40, seed: 7 });
    expect(report.problems).toEqual([]);
    expect(report.exhaustive).toMatch(/^counterexample/);
    expect(checkFaultTolerance(compileText(text), { bounds }).verdict).toBe('counterexample');
  });
});
