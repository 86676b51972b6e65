/** The `because …` lines and the JSON form, exactly as `ldfi check` prints them. */
import { describe, expect, it } from 'vitest';
import { causeJson, explanationJson, explanationLines } from '../../src/explain/print.js';
import { explain, load } from './helpers.js';

describe('printing an explanation', () => {
  it('simple broadcast: four because lines, from the missing post down to the lost message, then the hint', () => {
    const e = explain(load('specs/simple-broadcast.ded'), 'omit(a,b,1)', 6);
    expect(explanationLines(e)).toEqual([
      '  because post("c", "hello") is not derived at t=6 (specs/lib/deliv_assert.ded:7)',
      '    because missing_log("b", "hello") appeared at t=6, defeating notin missing_log(_, "hello") (specs/lib/deliv_assert.ded:5)',
      '      because log("b", "hello") is missing at t=2–6, so notin log("b", "hello") holds (specs/simple-broadcast.ded:11)',
      '        because the message log("b", "hello") a→b sent at t=1 was lost: omit(a,b,1) (specs/simple-broadcast.ded:11)',
      '  hint: the message a→b that brings log("b", "hello") is sent once, at t=1, and was lost (omit(a,b,1)): retry it until acknowledged, or persist and resend (specs/simple-broadcast.ded:11)',
    ]);
  });

  it('a chain of single causes on one line, and a crashed sender in words', () => {
    const e = explain(load('specs/2pc.ded'), 'crash(C,3)', 6);
    const lines = explanationLines(e);
    expect(lines).toContain(
      '    because decided("a", "tx") is not derived at t=6 (specs/lib/commit_assert.ded:18) ← decision("a", "tx", "commit") at t=4–6 ← commit("a", "tx") at t=4',
    );
    expect(lines).toContain('      because C had crashed (crash(C,3)), so its message commit("a", "tx") to a sent at t=3 was lost (specs/2pc.ded:45)');
    expect(lines).toContain(
      '      because down("C") appeared at t=3, defeating notin down("C") (specs/lib/commit_assert.ded:13) ← crash("C", "C", 3): crash(C,3)',
    );
  });

  it('JSON: tuple, time, kind, fault and children, with the same text', () => {
    const e = explain(load('specs/simple-broadcast.ded'), 'omit(a,b,1)', 6);
    const [doc] = explanationJson(e);
    expect(doc!.pre).toBe('pre("c", "hello")');
    expect([doc!.kind, doc!.tuple, doc!.time, doc!.fault]).toEqual(['not-derived', 'post("c", "hello")', 6, null]);
    const appeared = doc!.children[0]!;
    expect([appeared.kind, appeared.tuple, appeared.notin]).toEqual(['appeared', 'missing_log("b", "hello")', 'notin missing_log(_, "hello")']);
    const leaf = appeared.children[0]!.children[0]!;
    expect([leaf.kind, leaf.tuple, leaf.time, leaf.fault, leaf.rule, leaf.message]).toEqual([
      'lost-message',
      'log("b", "hello")',
      1,
      'omit(a,b,1)',
      'specs/simple-broadcast.ded:11',
      { from: 'a', to: 'b', sendTimes: [1] },
    ]);
    expect(causeJson(e.outcomes[0]!.cause).text).toBe(explanationLines(e)[0]!.replace(/^ {2}because /, ''));
  });

  it('many pre tuples: the first three in full, the rest counted', () => {
    const nodes = Array.from({ length: 6 }, (_, i) => `n${i}`);
    const text = `${nodes.slice(1).map((n) => `node("n0", "${n}")@1;`).join('\n')}\nbcast("n0", "x")@1;\nnode(N, M)@next :- node(N, M);\nlog(N, P)@next :- log(N, P);\nlog(M, P)@async :- bcast(N, P), node(N, M);\npre(M, P) :- node("n0", M), bcast("n0", P)@1;\npost(M, P) :- log(M, P);\n`;
    const e = explain(load('wide.ded', text, nodes), nodes.slice(1).map((n) => `omit(n0,${n},1)`).join(' '), 4);
    const lines = explanationLines(e);
    expect(lines.filter((l) => l.startsWith('  because '))).toHaveLength(3);
    expect(lines).toContain('  (2 more pre tuples without post; see --json or --report)');
  });
});
