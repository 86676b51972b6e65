/**
 * The cause trees of real counterexamples: each asserts the chain a person would draw by hand
 * from the fault-free run to the fault, on a spec that shows that shape.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CAUSES } from '../../src/explain/cause.js';
import { explainCounterexample } from '../../src/explain/explain.js';
import { formatTuple } from '../../src/terms/values.js';
import { faultKey } from '../../src/faults/text.js';
import { causes, explain, load } from './helpers.js';
import { explanationLines } from '../../src/explain/print.js';

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

/** a re-sends until b's acknowledgment arrives; b logs what it was delivered and keeps it. */
const RETRY = `
dest("a", "b")@1;
msg("a", "m")@1;
dest(A, B)@next :- dest(A, B);
msg(A, M)@next :- msg(A, M);
deliver(B, A, M)@async :- msg(A, M), dest(A, B), notin acked(A, B, M);
log(B, A, M) :- deliver(B, A, M);
log(B, A, M)@next :- log(B, A, M);
acked(A, B, M)@async :- deliver(B, A, M);
acked(A, B, M)@next :- acked(A, B, M);
pre(B, M) :- dest("a", B), msg("a", M);
post(B, M) :- log(B, _, M);
`;

/** b counts the votes of a and c, leaving out c's when d's veto arrives. */
const VETO = `
start("a")@1;
start("c")@1;
dest("a", "b")@1;
dest("c", "b")@1;
vetoes("d", "b", "c")@1;
vote(M, N)@async :- start(N), dest(N, M);
got(M, N) :- vote(M, N);
got(M, N)@next :- got(M, N);
vetomsg(M, X)@async :- vetoes(N, M, X);
veto(M, N) :- vetomsg(M, N);
veto(M, N)@next :- veto(M, N);
counted(M, count<N>) :- got(M, N), notin veto(M, N);
pre(M) :- got(M, _);
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

  it('a message delivered after the carried copy of its tuple is a derivation too: the crash that killed the re-send is named', () => {
    // log("b", "w") at t=4 was carried from t=3 and also re-derived from forward("b", "a", "w") at t=4.
    const e = explain(load('specs/primary-backup-async.ded'), 'omit(a,b,2) crash(a,3)', 6);
    const leaves = causes(e.outcomes[0]!.cause).filter((c) => c.message !== null);
    expect(leaves.map((c) => [c.kind, c.fault, c.message])).toEqual([
      ['lost-message', { kind: 'omit', from: 'a', to: 'b', time: 2 }, { from: 'a', to: 'b', sendTimes: [2] }],
      // The crash kills every later forward too, and each of them would have arrived by EOT.
      ['crashed-sender', { kind: 'crash', node: 'a', time: 3 }, { from: 'a', to: 'b', sendTimes: [3, 4, 5] }],
    ]);
  });

  it('a body read at a fixed step is mended only by a re-send arriving by then: a later lost retry is not named', () => {
    // post reads log as it was at t=2, so the retry only the failing run sent, at t=3, could not have mended it.
    const pinned = RETRY.replace('post(B, M) :- log(B, _, M);', 'post(B, M) :- log(B, _, M)@2;');
    const e = explain(load('pinned.ded', pinned, ['a', 'b']), 'omit(a,b,1) omit(a,b,2) omit(a,b,3)', 6);
    const leaves = causes(e.outcomes[0]!.cause).filter((c) => c.message !== null);
    expect(leaves.map((c) => [c.kind, c.message])).toEqual([['lost-message', { from: 'a', to: 'b', sendTimes: [1] }]]);
  });

  it('a re-send that would have arrived before the outcome is read is a cause, however late: every lost retry is named', () => {
    // Without faults b is delivered once, at t=2; the log it keeps is read at EOT, so a retry
    // arriving at any step up to 6 would have mended it, not only one arriving by t=2.
    const e = explain(load('retry.ded', RETRY, ['a', 'b']), 'omit(a,b,1) omit(a,b,2) omit(a,b,3) omit(a,b,4) omit(a,b,5)', 6);
    const leaves = causes(e.outcomes[0]!.cause).filter((c) => c.message !== null);
    expect(leaves.map((c) => [c.kind, c.message])).toEqual(
      [1, 2, 3, 4, 5].map((t) => ['lost-message', { from: 'a', to: 'b', sendTimes: [t] }]),
    );
  });

  it('a re-send only the failing run made, and lost, is a cause: the explanation names the crash that killed the retry', () => {
    // Without faults a sends once (c has the log at t=2); losing that send makes a retry at t=2 and 3, which the crash loses.
    const text = `node("a", "b")@1;\nnode("a", "c")@1;\nnode("c", "b")@1;\nbcast("a", "hello")@1;\nnode(N, M)@next :- node(N, M);\nlog(N, P)@next :- log(N, P);\nlog(N, P) :- bcast(N, P);\nlog(M, P)@async :- log(N, P), node(N, M), notin log(M, P);\nmissing_log(A, P) :- log(X, P), node(X, A), notin log(A, P);\npre(X, P) :- log(X, P), notin crash(X, X, _);\npost(X, P) :- log(X, P), notin missing_log(_, P);\n`;
    const spec = load('resend.ded', text, ['a', 'b', 'c']);
    expect(spec.run('omit(a,c,1)', 4).invariant.holds).toBe(true);
    const e = explain(spec, 'omit(a,c,1) crash(a,2)', 4);
    const leaves = causes(e.outcomes[0]!.cause).filter((c) => c.message !== null && c.message.to === 'c');
    expect(leaves.map((c) => [c.kind, c.message!.sendTimes])).toEqual([
      ['lost-message', [1]],
      ['crashed-sender', [2, 3]],
    ]);
    // The message is re-sent, so "sent once: retry it" would be wrong.
    expect(e.hints.filter((h) => h.kind === 'single-send')).toEqual([]);
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

  it("a count that grows when a contributor's notin lets it in: the missing veto leads to the lost message", () => {
    const spec = load('veto.ded', VETO + 'post(M) :- counted(M, K), K < 2;\n', ['a', 'b', 'c', 'd']);
    const e = explain(spec, 'omit(d,b,1)', 4);
    const root = e.outcomes[0]!.cause;
    expect([formatTuple(root.relation, root.tuple), root.via.map((v) => formatTuple(v.relation, v.tuple))]).toEqual(['post("b")', ['counted("b", 1)']]);
    const [veto] = root.children;
    expect([veto?.kind, formatTuple(veto!.relation, veto!.tuple), veto?.notin]).toEqual(['not-derived', 'veto("b", "c")', 'notin veto("b", "c")']);
    expect(causes(root).map((c) => c.fault && faultKey(c.fault)).filter((f) => f !== null)).toEqual(['omit(d,b,1)']);
  });

  it("a count that shrinks when a contributor's notin is defeated: the veto that appeared leads to the lost confirmation", () => {
    const text = VETO.replace('veto(M, N) :- vetomsg(M, N);', 'veto(M, N) :- got(M, N), N == "c", notin confirm(M, N);\nconfirm(M, "c")@async :- vetoes(N, M, _);\nconfirm(M, N)@next :- confirm(M, N);')
      + 'alarm(M) :- counted(M, K), K < 2;\npost(M) :- got(M, _), notin alarm(M);\n';
    const e = explain(load('confirm.ded', text, ['a', 'b', 'c', 'd']), 'omit(d,b,1)', 4);
    const all = causes(e.outcomes[0]!.cause);
    const counted = all.find((c) => c.relation === 'counted' || c.via.some((v) => v.relation === 'counted'))!;
    expect(counted.kind).toBe('appeared');
    const veto = all.find((c) => c.relation === 'veto')!;
    expect([veto.kind, formatTuple(veto.relation, veto.tuple), veto.notin]).toEqual(['appeared', 'veto("b", "c")', 'notin veto("b", "c")']);
    expect(all.map((c) => c.fault && faultKey(c.fault)).filter((f) => f !== null)).toEqual(['omit(d,b,1)']);
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

describe('persistence through a helper relation', () => {
  it('bully: a leader kept by leader ⇄ leader_was@next is followed back to where it was declared, and on to both lost messages', () => {
    const e = explain(load('specs/bully.ded'), 'omit(c,b,1) omit(c,b,2)', 10);
    const all = causes(e.outcomes[0]!.cause);
    const leader = all.find((c) => c.relation === 'leader')!;
    // One line for t=4..10, not fourteen alternating leader / leader_was lines cut off at the depth limit.
    expect([leader.kind, formatTuple(leader.relation, leader.tuple), leader.since, leader.time]).toEqual(['appeared', 'leader("a", "b")', 4, 10]);
    expect(all.filter((c) => c.relation === 'leader_was')).toEqual([]);
    expect(all.filter((c) => c.kind === 'lost-message').map((c) => c.fault)).toEqual([
      { kind: 'omit', from: 'c', to: 'b', time: 2 },
      { kind: 'omit', from: 'c', to: 'b', time: 1 },
    ]);
  });

  it('bully 3/2/1: a post the fault-free run never had is stopped by holds_other, which the faults made appear', () => {
    const e = explain(load('specs/bully.ded'), 'omit(a,b,1) crash(c,1)', 3);
    const root = e.outcomes.find((o) => formatTuple('pre', o.pre) === 'pre("agreement", "a", "a")')!.cause;
    expect(root.note).toBe('not even in the fault-free run; the faults created the pre tuple');
    const blocker = root.children.find((c) => c.relation === 'holds_other')!;
    expect([blocker.kind, formatTuple(blocker.relation, blocker.tuple), blocker.notin]).toEqual(['appeared', 'holds_other("a")', 'notin holds_other("a")']);
    // Both leaders are named under it: a's own, and b's.
    expect(causes(blocker).filter((c) => c.relation === 'leader').map((c) => formatTuple(c.relation, c.tuple))).toEqual(['leader("a", "a")', 'leader("b", "b")']);
  });

  it('a log kept by log ⇄ kept@next and lost at its first step is one missing cause, down to the lost message', () => {
    const text = [
      'node("a", "b")@1;',
      'bcast("a", "m")@1;',
      'msg("m");',
      'node(N, M)@next :- node(N, M);',
      'log(M, P)@async :- bcast(N, P), node(N, M);',
      'kept(N, P)@next :- log(N, P);',
      'log(N, P) :- kept(N, P), notin dropped(N, P);',
      'dropped(N, P) :- bcast(N, P), N == "z";',
      'pre(M, P) :- node("a", M), msg(P);',
      'post(M, P) :- log(M, P);',
      '',
    ].join('\n');
    const e = explain(load('kept.ded', text, ['a', 'b']), 'omit(a,b,1)', 12);
    const root = e.outcomes[0]!.cause;
    expect([root.kind, formatTuple(root.relation, root.tuple), root.since, root.time]).toEqual(['not-derived', 'post("b", "m")', 12, 12]);
    const all = causes(root);
    expect(all.filter((c) => c.relation === 'kept')).toEqual([]);
    const log = [root, ...root.via].find((c) => c.relation === 'log')!;
    expect([log.since, log.time]).toEqual([2, 12]);
    expect(all.filter((c) => c.kind === 'lost-message').map((c) => c.fault)).toEqual([{ kind: 'omit', from: 'a', to: 'b', time: 1 }]);
  });

  it('a chain deeper than the tree goes says it stops short: the last cause counts what it leaves out', () => {
    // r17("b") appears through seventeen renamings of r0("b"), which the lost ping let appear.
    const steps = Array.from({ length: 17 }, (_, i) => `r${i + 1}(M) :- r${i}(M);`);
    const text = [
      'node("a", "b")@1;',
      'start("a")@1;',
      'node(N, M)@next :- node(N, M);',
      'ping(M)@async :- start(N), node(N, M);',
      'got(M) :- ping(M);',
      'got(M)@next :- got(M);',
      'r0(M) :- node("a", M), notin got(M);',
      ...steps,
      'pre(M) :- node("a", M);',
      'post(M) :- node("a", M), notin r17(M);',
      '',
    ].join('\n');
    const e = explain(load('deep.ded', text, ['a', 'b']), 'omit(a,b,1)', 4);
    const ends = causes(e.outcomes[0]!.cause).filter((c) => c.children.length === 0);
    expect(ends.length).toBeGreaterThan(0);
    expect(ends.every((c) => c.omitted > 0 || c.fault !== null || c.note !== null || c.repeated)).toBe(true);
    expect(explanationLines(e).join('\n')).toMatch(/… and 1 more cause$/m);
  });
});
