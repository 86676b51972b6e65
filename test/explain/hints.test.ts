/**
 * Repair hints, each on a spec that shows its shape, and the shapes that must not get it; the
 * vacuous-pre warning.
 */
import { describe, expect, it } from 'vitest';
import { vacuityWarning } from '../../src/explain/explain.js';
import { invariantViews, survivesWithout } from '../../src/explain/hints.js';
import { causes, explain, load } from './helpers.js';

const kinds = (e: { hints: readonly { kind: string }[] }): string[] => e.hints.map((h) => h.kind);

describe('repair hints', () => {
  it('a message sent once and lost: retry it, naming the @async rule', () => {
    const e = explain(load('specs/simple-broadcast.ded'), 'omit(a,b,1)', 6);
    expect(kinds(e)).toEqual(['single-send']);
    const [h] = e.hints;
    expect(h!.text).toBe('the message a→b that brings log("b", "hello") is sent once, at t=1, and was lost (omit(a,b,1)): retry it until acknowledged, or persist and resend');
    expect([h!.rule?.file, h!.rule?.line, h!.rule?.head]).toEqual(['specs/simple-broadcast.ded', 11, 'log@async']);
  });

  it('no "sent once" for a message the protocol re-sends; "goes through a" when the crashed sender was the only source', () => {
    const e = explain(load('specs/retry-broadcast.ded'), 'omit(a,b,1) crash(a,2)', 6);
    expect(kinds(e)).toEqual(['single-node']);
    expect(e.hints[0]!.text).toContain('every derivation of post("c", "hello") goes through a');
    expect(e.hints[0]!.rule?.head).toBe('log@async');
  });

  it('2pc: every decision goes through the coordinator', () => {
    const e = explain(load('specs/2pc.ded'), 'crash(C,3)', 6);
    expect(kinds(e)).toEqual(['single-node']);
    expect(e.hints[0]!.text).toContain('goes through C');
    expect(e.hints[0]!.text).toContain('crashed at t=3');
    expect([e.hints[0]!.rule?.file, e.hints[0]!.rule?.line]).toEqual(['specs/2pc.ded', 45]);
  });

  it('"goes through" is checked on the fault-free lineage: a relay is not needed where the sender reaches b itself', () => {
    // Relay broadcast: c relays to b, so b's log does not depend on a alone.
    const spec = load('specs/relay-broadcast.ded');
    const good = spec.run('', 6);
    expect(survivesWithout(good, 'post', ['b', 'hello'], 'a')).toBe(false);
    // The sender is still needed for the first copy, but c is not: b has it from a.
    expect(survivesWithout(good, 'post', ['b', 'hello'], 'c')).toBe(true);
  });

  it('a crash that is not on every derivation gets no "goes through" hint', () => {
    // b gets the payload from a directly or through c's relay; c's crash alone does not decide it.
    const spec = load(
      'relay.ded',
      `node("a", "b")@1;\nnode("a", "c")@1;\nnode("c", "b")@1;\nbcast("a", "m")@1;\nnode(N, M)@next :- node(N, M);\nlog(N, P)@next :- log(N, P);\nlog(N, P) :- bcast(N, P);\nlog(M, P)@async :- bcast(N, P), node(N, M);\nlog(M, P)@async :- log(N, P), node(N, M), N != "a";\npre("b", P) :- bcast("a", P)@1;\npost(N, P) :- log(N, P);\n`,
      ['a', 'b', 'c'],
    );
    const e = explain(spec, 'omit(a,b,1) crash(c,1)', 5);
    expect(causes(e.outcomes[0]!.cause).some((c) => c.kind === 'crashed-sender' && c.message?.from === 'c')).toBe(true);
    expect(e.hints.map((h) => [h.kind, h.rule?.line])).toEqual([['single-send', 8]]);
  });

  it('heartbeat: a suspicion concluded from a lost heartbeat is the timeout shape', () => {
    const e = explain(load('specs/heartbeat.ded'), 'omit(b,a,1)', 6);
    // Heartbeats go out at every step, so "sent once" does not apply.
    expect(kinds(e)).toEqual(['timeout']);
    const t = e.hints.find((h) => h.kind === 'timeout')!;
    expect(t.text).toContain('suspects("a", "b") is concluded at t=2 from notin heartbeat("a", "b")');
    expect(t.text).toContain('a timeout cannot tell a slow node or a lost message from a crashed one');
    expect([t.rule?.file, t.rule?.line, t.rule?.head]).toEqual(['specs/heartbeat.ded', 24, 'suspects']);
  });

  it('a timeout concluded after every copy of a re-sent message was lost names each lost copy', () => {
    const spec = load(
      'decide2.ded',
      `peer("a", "b")@1;  propose("a", "x")@1;  timeout("b")@3;
       peer(A, B)@next :- peer(A, B);
       sending(A, V) :- propose(A, V);  sending(A, V)@next :- propose(A, V);
       proposal(B, V)@async :- sending(A, V), peer(A, B);
       proposed(N, V)@next :- propose(N, V);  proposed(N, V)@next :- proposed(N, V);
       heard(B, V) :- proposal(B, V);  heard(B, V)@next :- heard(B, V);
       decision(A, V) :- proposed(A, V);  decision(B, V) :- heard(B, V);
       decision(B, "none") :- timeout(B), notin heard(B, _);
       decision(N, V)@next :- decision(N, V);
       valid(V) :- proposed(_, V);  valid(V) :- heard(_, V);
       pre(N, V) :- decision(N, V);  post(N, V) :- decision(N, V), valid(V);\n`,
      ['a', 'b'],
    );
    const e = explain(spec, 'omit(a,b,1) omit(a,b,2)', 4);
    expect(kinds(e)).toEqual(['timeout']);
    expect(e.hints[0]!.text).toContain('heard("b", "x") was missing only because messages were lost (omit(a,b,1) omit(a,b,2)):');
  });

  it('an invariant helper that appears (missing_log) is not a timeout', () => {
    const e = explain(load('specs/simple-broadcast.ded'), 'omit(a,b,1)', 6);
    expect(kinds(e)).not.toContain('timeout');
    const views = invariantViews(load('specs/2pc.ded').compiled.rules);
    expect(views.has('disagree')).toBe(true);
    expect(views.has('decided')).toBe(true);
    // Carried to the next step: protocol state, not a view.
    expect(views.has('decision')).toBe(false);
    expect(views.has('abort')).toBe(false);
    expect(invariantViews(load('specs/simple-broadcast.ded').compiled.rules)).toEqual(new Set(['missing_log']));
    expect(invariantViews(load('specs/heartbeat.ded').compiled.rules).has('suspects')).toBe(false);
  });

  it('a violation with no faults points at the post rules', () => {
    const spec = load('broken.ded', 'n("a");\npre(X) :- n(X);\npost(X) :- n(X), X == "z";\n', ['a']);
    const e = explain(spec, '', 3);
    expect(kinds(e)).toEqual(['fault-free']);
    expect(e.hints[0]!.text).toContain('post("a") is never derived');
    expect(e.hints[0]!.rule?.line).toBe(3);
  });
});

describe('the vacuous-pre warning', () => {
  const VACUOUS = 'node("a", "b")@1;\nbcast("a", "hi")@1;\nnode(N, M)@next :- node(N, M);\nlog(N, P)@next :- log(N, P);\nlog(M, P)@async :- bcast(N, P), node(N, M);\npre(X, P) :- log(X, P), X == "z";\npost(X, P) :- log(X, P);\n';

  it('warns when pre is empty in the fault-free run, naming the pre rule', () => {
    const spec = load('vacuous.ded', VACUOUS, ['a', 'b']);
    const w = vacuityWarning(spec.compiled.rules, spec.run('', 4));
    expect(w?.kind).toBe('vacuous');
    expect(w?.text).toContain('pre is empty in the fault-free run at EOT=4');
    expect([w?.rule?.file, w?.rule?.line]).toEqual(['vacuous.ded', 6]);
  });

  it("says nothing when a run with faults has pre tuples: the heartbeat detector's completeness needs a crash", () => {
    const spec = load('specs/heartbeat.ded');
    const good = spec.run('', 6);
    expect(good.tables[5]!.get('pre') ?? []).toEqual([]);
    expect(vacuityWarning(spec.compiled.rules, good)?.kind).toBe('vacuous');
    expect(vacuityWarning(spec.compiled.rules, good, {}, [spec.run('crash(b,2)', 6)])).toBeNull();
    // A crash at EOT is not detectable yet: no pre tuple in either run.
    const w = vacuityWarning(spec.compiled.rules, good, {}, [spec.run('crash(b,6)', 6), spec.run('crash(c,6)', 6)]);
    expect(w?.text).toContain('pre is empty in the fault-free run and in the 2 other runs tried at EOT=6');
  });

  it('says nothing when pre has tuples, or when the program has no invariant', () => {
    const spec = load('specs/relay-broadcast.ded');
    expect(vacuityWarning(spec.compiled.rules, spec.run('', 6))).toBeNull();
    const none = load('none.ded', 'n("a")@1;\nm(X) :- n(X);\n', ['a']);
    expect(vacuityWarning(none.compiled.rules, none.run('', 2))).toBeNull();
  });
});
