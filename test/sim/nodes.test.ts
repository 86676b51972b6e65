/** The default node set: the first column of facts, then every endpoint of a fault-free message, then of a possible one. */
import { describe, expect, it } from 'vitest';
import { defaultNodes, factNodes, stringConstants } from '../../src/sim/nodes.js';
import { compileSource } from './helpers.js';

describe('default nodes', () => {
  it('adds the nodes that only receive, in send order after the fact nodes', () => {
    const compiled = compileSource(
      `peer("a", "c"); peer("a", "b"); go("a")@1;
       ping(P)@async :- go(N), peer(N, P);
       pong(N)@async :- ping(P), peer(N, P);`,
    );
    expect(factNodes(compiled.program)).toEqual(['a']);
    // Messages are numbered by sender, then receiver: a→b before a→c.
    expect(defaultNodes(compiled, 3)).toEqual(['a', 'b', 'c']);
  });

  it('looks only as far as EOT: a message sent at EOT is never sent', () => {
    const compiled = compileSource(`hop("a", "b"); hop("b", "c"); go("a")@1;
       go(M)@async :- go(N), hop(N, M);`);
    expect(defaultNodes(compiled, 1)).toEqual(['a', 'b']);
    expect(defaultNodes(compiled, 2)).toEqual(['a', 'b']);
    expect(defaultNodes(compiled, 3)).toEqual(['a', 'b', 'c']);
  });

  it('adds the nodes only a faulty run messages, after the fault-free run\'s, and no node twice', () => {
    // b only ever hears from a if a times out, which needs a lost message: not in the fault-free run.
    const compiled = compileSource(`peer("a", "b"); peer("a", "x"); go("a")@1; tick("a")@3;
       hi(P, N)@async :- go(N), peer(N, P), P == "x";
       ack(N, P)@async :- hi(P, N);
       acked(N) :- ack(N, _);
       acked(N)@next :- acked(N);
       help(P)@async :- tick(N), peer(N, P), P == "b", notin acked(N);`);
    expect(defaultNodes(compiled, 5)).toEqual(['a', 'x', 'b']);
  });

  it('adds a node messaged only once another has crashed, whatever --crashes is', () => {
    const compiled = compileSource(`go("a")@1; watch("b", "a")@1;
       watch(B, A)@next :- watch(B, A);
       ask(C, B)@async :- watch(B, A), crash(B, A, _), backup(B, C);
       backup("b", "c");`);
    expect(defaultNodes(compiled, 4)).toEqual(['a', 'b', 'c']);
  });

  it('needs no possible run when every message is of a monotone relation', () => {
    // Under faults such messages only disappear: the fault-free run's endpoints are all of them.
    const compiled = compileSource(`hop("a", "b"); go("a")@1; go(M)@async :- go(N), hop(N, M); spare("z", 1);`);
    expect(defaultNodes(compiled, 4)).toEqual(['a', 'z', 'b']);
  });

  it('skips a number in a location column: it names no node', () => {
    const compiled = compileSource(`peer("a", 7); go("a")@1; ping(P)@async :- go(N), peer(N, P);`);
    expect(stringConstants(compiled.program).has('7')).toBe(false);
    expect(defaultNodes(compiled, 3)).toEqual(['a']);
  });
});
