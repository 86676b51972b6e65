/**
 * The cause trees of real counterexamples: each asserts the chain a person would draw by hand
 * from the fault-free run to the fault, on a spec that shows that shape.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CAUSES } from '../../src/explain/cause.js';
import { explainCounterexample } from '../../src/explain/explain.js';
import { formatTuple } from '../../src/terms/values.js';
import { causes, explain, load } from './helpers.js';

const QUORUM = `
replica("C", "b")@1;
replica("C", "c")@1;
write("C", "w")@1;
replica(C, R)@next :- replica(C, R);
req(R, C, W)@async :- write(C, W), replica(C, R);
ack(C, R, W)@async :- req(R, C, W);
got(C, R, W) :- ack(C, R, W);
got(C, R, W)@next :- got(C, R, W);
acks(C, W, count<R>) :- got(C, R, W);
committed(C, W) :- acks(C, W, N), N >= 2;
pre(C, W) :- write(C, W)@1;
post(C, W) :- committed(C, W);
`;

describe('the cause tree of a counterexample', () => {
  it('simple broadcast: post is blocked by missing_log, which appeared because the one message to b was lost', () => {
    const e = explain(load('specs/simple-broadcast.ded'), 'omit(a,b,1)', 6);
    expect(e.outcomes.map((o) => formatTuple('pre', o.pre))).toEqual(['pre("c", "hello")']);
    const root = e.outcomes[0]!.cause;
    expect([root.kind, formatTuple(root.relation, root.tuple), root.time, root.rule?.file, root.rule?.line]).toEqual([
      'not-derived',
      'post("c", "hello")',
      6,
      'specs/lib/deliv_assert.ded',
      7,
    ]);
    const [appeared] = root.children;
    expect(root.children).toHaveLength(1);
    expect([appeared!.kind, formatTuple(appeared!.relation, appeared!.tuple), appeared!.notin]).toEqual([
      'appeared',
      'missing_log("b", "hello")',
      'notin missing_log(_, "hello")',
    ]);
    expect(appeared!.rule?.line).toBe(5);
    const [lost] = appeared!.children;
    expect([lost!.kind, formatTuple(lost!.relation, lost!.tuple), lost!.since, lost!.time, lost!.notin]).toEqual([
      'not-derived',
      'log("b", "hello")',
      2,
      6,
      'notin log("b", "hello")',
    ]);
    expect(lost!.children).toHaveLength(1);
    const leaf = lost!.children[0]!;
    expect(leaf.kind).toBe('lost-message');
    expect(leaf.fault).toEqual({ kind: 'omit', from: 'a', to: 'b', time: 1 });
    expect(leaf.message).toEqual({ from: 'a', to: 'b', sendTimes: [1] });
    expect([leaf.rule?.file, leaf.rule?.line, leaf.rule?.head]).toEqual(['specs/simple-broadcast.ded', 11, 'log@async']);
  });

  it('retry broadcast with a crash: one lost send and four sends the crash killed, merged by channel', () => {
    const e = explain(load('specs/retry-broadcast.ded'), 'omit(a,b,1) crash(a,2)', 6);
    const leaves = causes(e.outcomes[0]!.cause).filter((c) => c.message !== null);
    expect(leaves.map((c) => [c.kind, c.message!.sendTimes])).toEqual([
      ['lost-message', [1]],
      ['crashed-sender', [2, 3, 4, 5]],
    ]);
    expect(leaves[1]!.fault).toEqual({ kind: 'crash', node: 'a', time: 2 });
  });

  it('2pc with a crashed coordinator: every decider is missing, the coordinator through the crash tuple it reads', () => {
    const e = explain(load('specs/2pc.ded'), 'crash(C,3)', 6);
    const root = e.outcomes[0]!.cause;
    expect(formatTuple(root.relation, root.tuple)).toBe('post("termination", "tx")');
    expect(root.children.map((c) => formatTuple(c.relation, c.tuple))).toEqual(['decided("C", "tx")', 'decided("a", "tx")', 'decided("b", "tx")', 'decided("d", "tx")']);
    // decided ← decision ← commit, one line; then the commit the crash kept from leaving C.
    const a = root.children[1]!;
    expect(a.via.map((v) => formatTuple(v.relation, v.tuple))).toEqual(['decision("a", "tx", "commit")', 'commit("a", "tx")']);
    expect(a.children.map((c) => [c.kind, c.message?.from, c.message?.to])).toEqual([['crashed-sender', 'C', 'a']]);
    const down = root.children[0]!.children[0]!;
    expect([down.kind, formatTuple(down.relation, down.tuple), down.notin, down.fault]).toEqual([
      'appeared',
      'down("C")',
      'notin down("C")',
      { kind: 'crash', node: 'C', time: 3 },
    ]);
  });

  it('heartbeat: a pre tuple the faults created, from a suspicion concluded on a missing heartbeat', () => {
    const e = explain(load('specs/heartbeat.ded'), 'omit(b,a,1)', 6);
    const root = e.outcomes[0]!.cause;
    expect(root.note).toContain('not even in the fault-free run');
    const pre = root.children[0]!;
    expect([pre.kind, formatTuple(pre.relation, pre.tuple)]).toEqual(['appeared', 'pre("accuracy", "a", "b")']);
    const suspects = pre.children[0]!;
    expect([suspects.kind, formatTuple(suspects.relation, suspects.tuple), suspects.since, suspects.time]).toEqual(['appeared', 'suspects("a", "b")', 2, 6]);
    const absent = suspects.children[0]!;
    expect([absent.kind, formatTuple(absent.relation, absent.tuple), absent.notin]).toEqual(['not-derived', 'heartbeat("a", "b")', 'notin heartbeat("a", "b")']);
    expect(absent.children[0]!.fault).toEqual({ kind: 'omit', from: 'b', to: 'a', time: 1 });
  });

  it('a count that drops when one acknowledgment is lost: the missing aggregate leads to the lost ack', () => {
    const spec = load('quorum.ded', QUORUM, ['C', 'b', 'c']);
    const e = explain(spec, 'omit(b,C,2)', 5);
    const root = e.outcomes[0]!.cause;
    // post ← committed ← the count of 2 ← b's acknowledgment, one chain of single causes.
    expect(root.via.map((v) => formatTuple(v.relation, v.tuple))).toEqual(['committed("C", "w")', 'acks("C", "w", 2)', 'got("C", "b", "w")', 'ack("C", "b", "w")']);
    expect(root.children).toHaveLength(1);
    const leaf = root.children[0]!;
    expect([leaf.kind, formatTuple(leaf.relation, leaf.tuple), leaf.fault]).toEqual(['lost-message', 'ack("C", "b", "w")', { kind: 'omit', from: 'b', to: 'C', time: 2 }]);
  });

  it('a violation without faults says so, and has no fault in it', () => {
    const spec = load('broken.ded', 'n("a");\npre(X) :- n(X);\npost(X) :- n(X), X == "z";\n', ['a']);
    const run = spec.run('', 3);
    const e = explainCounterexample(spec.compiled.rules, run, run);
    const root = e.outcomes[0]!.cause;
    expect([root.kind, root.note, root.children]).toEqual(['not-derived', 'not even in the fault-free run', []]);
    expect(root.rule?.line).toBe(3);
  });

  it('stays within its size budget on a wide broadcast, and is the same value every time', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const facts = nodes.slice(1).map((n) => `node("n0", "${n}")@1;`).join('\n');
    const text = `${facts}\nbcast("n0", "x")@1;\nnode(N, M)@next :- node(N, M);\nlog(N, P)@next :- log(N, P);\nlog(N, P) :- bcast(N, P);\nlog(M, P)@async :- bcast(N, P), node(N, M);\nmissing(M, P) :- node("n0", M), log("n0", P), notin log(M, P);\npre(M, P) :- node("n0", M), log("n0", P);\npost(M, P) :- log(M, P), notin missing(_, P);\n`;
    const spec = load('wide.ded', text, nodes);
    const faults = nodes.slice(1, 6).map((n) => `omit(n0,${n},1)`).join(' ');
    const e = explain(spec, faults, 5);
    expect(e.outcomes).toHaveLength(9);
    for (const o of e.outcomes) expect(causes(o.cause).length).toBeLessThanOrEqual(MAX_CAUSES);
    expect(explain(spec, faults, 5)).toEqual(e);
  });
});
