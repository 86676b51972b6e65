/**
 * Symmetry reduction: which nodes are interchangeable, and that running one fault set of each
 * symmetric pair gives the verdicts of the full search (with fewer executions where the protocol
 * is symmetric).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { interchangeableClasses } from '../../src/search/symmetry.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { compileText } from '../lineage/soundness.js';
import { violates } from './helpers.js';

const SPECS = join(import.meta.dirname, '..', '..', 'specs');

function bundled(file: string, eot: number, eff: number, crashes: number) {
  const spec = loadSpec([join(SPECS, file)]);
  if (!spec.ok) expect.fail(renderDiagnostics(spec.diagnostics, spec.sources));
  return { compiled: spec.compiled, bounds: { nodes: defaultNodes(spec.compiled, eot), eot, eff, crashes } };
}

const BASE = 'node("a"); node("b"); node("c");\nlink("a", "b"); link("a", "c");\nmsg(T, F)@async :- link(F, T);\ngot(N) :- msg(N, _);\npre(N) :- got(N);\npost(N) :- got(N);\n';

describe('interchangeable nodes', () => {
  it('receivers of a broadcast, agents of a commit; not a sender with a fact of its own', () => {
    const ack = bundled('ack-broadcast.ded', 6, 3, 1);
    expect(interchangeableClasses(ack.compiled, ack.bounds)).toEqual([['b', 'c']]);
    const twoPc = bundled('2pc.ded', 6, 0, 1);
    expect(interchangeableClasses(twoPc.compiled, twoPc.bounds)).toEqual([['a', 'b', 'd']]);
    const b = { nodes: ['a', 'b', 'c'], eot: 4, eff: 2, crashes: 1 };
    expect(interchangeableClasses(compileText(BASE), b)).toEqual([['b', 'c']]);
  });

  it('a node named by digits is not interchangeable when the number can occur: the number is that node', () => {
    // tick(1) puts the number 1 in a location column: node "1" sends, "2" does not.
    const text = 'node("1"); node("2"); node("3");\ntick(1);\nm("3", X)@async :- tick(X);\npre(N) :- node(N), N == "3";\npost(N) :- m(N, _);\n';
    const b = { nodes: ['1', '2', '3'], eot: 2, eff: 0, crashes: 1 };
    const compiled = compileText(text);
    expect(interchangeableClasses(compiled, b)).toEqual([]);
    const plain = checkFaultTolerance(compiled, { bounds: b });
    const sym = checkFaultTolerance(compileText(text), { bounds: b, symmetry: true });
    expect([plain.verdict, sym.verdict]).toEqual(['counterexample', 'counterexample']);
    expect(sym.counterexample!.faults).toEqual([{ kind: 'crash', node: '1', time: 1 }]);
    // Digits no number of the program spells are still interchangeable.
    const quiet = 'node("1"); node("2"); node("3");\nm("3", N)@async :- node(N), N != "3";\npre(N) :- node(N), N == "3";\npost(N) :- m(N, _);\n';
    expect(interchangeableClasses(compileText(quiet), b)).toEqual([['1', '2']]);
  });

  it('a node named by a rule, a fact only one of them has, or an order between nodes breaks the symmetry', () => {
    const b = { nodes: ['a', 'b', 'c'], eot: 4, eff: 2, crashes: 1 };
    expect(interchangeableClasses(compileText(BASE + 'special(N) :- got(N), N == "b";\n'), b)).toEqual([]);
    expect(interchangeableClasses(compileText(BASE + 'weight("b", 1);\n'), b)).toEqual([]);
    expect(interchangeableClasses(compileText(BASE + 'first(N) :- got(N), got(M), N < M;\n'), b)).toEqual([]);
    expect(interchangeableClasses(compileText(BASE + 'leader(A, min<N>) :- link(A, N);\n'), b)).toEqual([]);
    // An @async aggregate leaves from its first binding's node, which follows the order of the facts.
    expect(interchangeableClasses(compileText(BASE + 'tally("a", count<N>)@async :- got(N);\n'), b)).toEqual([]);
    // An order on numbers, or an equality between nodes, keeps it.
    expect(interchangeableClasses(compileText(BASE + 'clock("a", 1)@1;\nlate(N) :- got(N), clock(_, T), T > 1;\nsame(N) :- got(N), got(M), N == M;\n'), b)).toEqual([['b', 'c']]);
  });
});

describe('the search with symmetry reduction', () => {
  it('an @async aggregate whose sender is the first of two symmetric-looking nodes: the counterexample exhaustive finds', () => {
    // tok facts at a and b look alike, but the count is sent from a (its fact comes first):
    // crashing a loses it, crashing b does not.
    const text = 'start("c")@1;\nstart(C)@next :- start(C);\ntok("a", 1)@1;\ntok("b", 1)@1;\npeer("a", "c")@1;\npeer("b", "c")@1;\nhello(C, N)@async :- peer(N, C), tok(N, _);\nreport("c", count<X>)@async :- tok(N, X);\nrep(C, K) :- report(C, K);\nrep(C, K)@next :- rep(C, K);\npre(C) :- start(C);\npost(C) :- rep(C, _);\npost(C) :- start(C), notin hello(C, _)@2;\n';
    const compiled = compileText(text);
    const bounds = { nodes: ['c', 'a', 'b'], eot: 3, eff: 0, crashes: 1 };
    expect(checkFaultTolerance(compiled, { bounds, strategy: 'exhaustive' }).verdict).toBe('counterexample');
    const reduced = checkFaultTolerance(compiled, { bounds, symmetry: true });
    expect(reduced.verdict).toBe('counterexample');
    expect(violates(compiled, bounds, reduced.counterexample!.faults)).toBe(true);
  });

  it.each([
    ['ack-broadcast.ded', 8, 7, 1],
    ['heartbeat.ded', 6, 0, 2],
    ['2pc.ded', 6, 0, 1],
    ['3pc.ded', 9, 7, 1],
    ['kafka.ded', 6, 4, 1],
    ['primary-backup-async.ded', 6, 3, 1],
  ] as const)('%s %i/%i/%i: the same verdict; a counterexample found either way replays', (file, eot, eff, crashes) => {
    const { compiled, bounds } = bundled(file, eot, eff, crashes);
    const plain = checkFaultTolerance(compiled, { bounds });
    const reduced = checkFaultTolerance(compiled, { bounds, symmetry: true });
    expect(reduced.verdict).toBe(plain.verdict);
    for (const r of [plain, reduced]) if (r.counterexample) expect(violates(compiled, bounds, r.counterexample.faults)).toBe(true);
  });

  it('pays where the protocol is symmetric and certified: fewer executions', () => {
    for (const [file, eot, eff, crashes] of [['3pc.ded', 8, 0, 2]] as const) {
      const { compiled, bounds } = bundled(file, eot, eff, crashes);
      const plain = checkFaultTolerance(compiled, { bounds });
      const reduced = checkFaultTolerance(compiled, { bounds, symmetry: true });
      expect(reduced.verdict).toBe('certified');
      expect(reduced.executions, file).toBeLessThan(plain.executions);
    }
  });

  it('ldfi check --symmetry', async () => {
    let out = '';
    const code = await runCli(['check', join(SPECS, 'ack-broadcast.ded'), '--eot', '6', '--eff', '3', '--crashes', '1', '--symmetry', '-q'], { stdout: (s) => (out += s), stderr: () => {} });
    expect(code).toBe(0);
    expect(out).toMatch(/^certified: /);
  });
});
