/** The default node set: the first column of facts, then every endpoint of a fault-free message, then of a possible one. */
import { describe, expect, it } from 'vitest';
import { defaultNodes, factNodes, stringConstants } from '../../src/sim/nodes.js';
import { compileSource } from './helpers.js';
import { simulate } from '../../src/sim/simulate.js';
import { allFaultSets, countFaultSets, prng, randomFaultSet } from '../../src/faults/space.js';

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

/**
 * Random relay chains in which a node is asked only when something went wrong upstream: a
 * missing message (notin), a crash it observes, or a count of replies below a threshold.
 */
function fallbackChain(seed: number): { text: string; eot: number } {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const hops = 2 + Math.floor(rnd() * 3);
  const names = Array.from({ length: hops + 1 }, (_, i) => `n${i}`);
  const lines = [`go("n0")@1;`, `m("n1")@async :- go("n0");`, `got(N) :- m(N);`, `got(N)@next :- got(N);`, `clock(N, 1) :- got(N);`, `clock(N, T + 1)@next :- clock(N, T);`];
  // Each later node is reached from the one before it, by one of three triggers.
  for (let i = 1; i < hops; i++) {
    const [from, to] = [names[i]!, names[i + 1]!];
    lines.push(`watch("${from}", "${names[i - 1]}")@1;`, `watch(A, B)@next :- watch(A, B);`);
    switch (pick(['timeout', 'crash', 'quorum'] as const)) {
      case 'timeout':
        lines.push(`ask${i}("${to}", N)@async :- clock(N, ${1 + Math.floor(rnd() * 2)}), N == "${from}", notin acked${i}(N);`, `acked${i}(N) :- ok${i}(N);`, `ok${i}("${from}")@async :- watch("${from}", _), got("${from}");`);
        break;
      case 'crash':
        lines.push(`ask${i}("${to}", N)@async :- watch(N, B), crash(N, B, _), N == "${from}";`);
        break;
      case 'quorum':
        lines.push(`votes${i}(N, count<B>) :- watch(N, B), got(B);`, `ask${i}("${to}", N)@async :- votes${i}(N, K), K < 1, N == "${from}";`, `ask${i}("${to}", N)@async :- watch(N, _), notin votes${i}(N, _), N == "${from}", got(N);`);
        break;
    }
    lines.push(`m(M)@async :- ask${i}(M, _);`);
  }
  return { text: lines.join('\n') + '\n', eot: 3 + Math.floor(rnd() * 2) };
}

describe('default nodes against every run', () => {
  it('name every endpoint of every message of every fault set within the bounds (60 random fallback chains)', () => {
    let grew = 0;
    const rnd = prng(7);
    for (let seed = 1; seed <= 60; seed++) {
      const { text, eot } = fallbackChain(seed);
      const compiled = compileSource(text);
      const nodes = defaultNodes(compiled, eot);
      const constants = stringConstants(compiled.program);
      const faultFree = new Set([...factNodes(compiled.program), ...simulate(compiled, { nodes, eot, faults: [] }).messages.flatMap((m) => [m.from, m.to])]);
      if (nodes.some((n) => !faultFree.has(n))) grew++;
      const bounds = { nodes, eot, eff: 3, crashes: 1 };
      // Every fault set when there are few, else a sample (the first chains' spaces are small).
      const sets = countFaultSets(bounds) <= 1500n ? [...allFaultSets(bounds)] : Array.from({ length: 150 }, () => randomFaultSet(bounds, rnd));
      for (const faults of sets) {
        for (const m of simulate(compiled, { nodes, eot, faults }).messages) {
          for (const n of [m.from, m.to]) if (constants.has(n)) expect(nodes, `seed ${seed}: ${n} messaged under ${JSON.stringify(faults)}\n${text}`).toContain(n);
        }
      }
    }
    // Many chains hide a node from the fault-free run: the test is about them.
    expect(grew).toBeGreaterThan(15);
  });
});
