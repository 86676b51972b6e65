/** The evaluator on small programs whose tables were worked out by hand. */
import { describe, expect, it } from 'vitest';
import { formatRunJson } from '../../src/cli/format-run.js';
import { formatTuple } from '../../src/terms/values.js';
import { rows, runSource } from './helpers.js';

describe('evaluation', () => {
  it('joins recursively to a fixpoint (transitive closure)', () => {
    const r = runSource(
      `edge("a", 1, 2); edge("a", 2, 3); edge("a", 3, 4);
       path(L, X, Y) :- edge(L, X, Y);
       path(L, X, Z) :- path(L, X, Y), edge(L, Y, Z);`,
      { eot: 2 },
    );
    const closure = ['path("a", 1, 2)', 'path("a", 1, 3)', 'path("a", 1, 4)', 'path("a", 2, 3)', 'path("a", 2, 4)', 'path("a", 3, 4)'];
    expect(rows(r, 1, 'path')).toEqual(closure);
    // Facts without a time hold at every time, so the closure is there again at 2.
    expect(rows(r, 2, 'path')).toEqual(closure);
  });

  it('joins a relation with itself and with repeated variables', () => {
    const r = runSource(
      `e("a", 1, 2); e("a", 2, 1); e("a", 2, 2); e("a", 3, 1);
       loop(L, X) :- e(L, X, X);
       back(L, X, Y) :- e(L, X, Y), e(L, Y, X), X < Y;`,
      { eot: 1 },
    );
    expect(rows(r, 1, 'loop')).toEqual(['loop("a", 2)']);
    expect(rows(r, 1, 'back')).toEqual(['back("a", 1, 2)']);
  });

  it('holds a fact @t at t only and carries tuples with @next', () => {
    const r = runSource(
      `seed("a", 1)@2;
       keep(N, X) :- seed(N, X);
       keep(N, X)@next :- keep(N, X);`,
      { eot: 3 },
    );
    expect(r.tables[0]!.size).toBe(0);
    expect(rows(r, 2, 'seed')).toEqual(['seed("a", 1)']);
    expect(rows(r, 2, 'keep')).toEqual(['keep("a", 1)']);
    expect(rows(r, 3, 'seed')).toEqual([]);
    expect(rows(r, 3, 'keep')).toEqual(['keep("a", 1)']);
  });

  it('delivers an @async head at t+1 and records the message; none is sent at EOT', () => {
    const spec = `peer("a", "b"); peer("b", "a");
       ping("a", 1)@1;
       got(P, X)@async :- ping(N, X), peer(N, P);`;
    const r = runSource(spec, { eot: 3 });
    expect(rows(r, 1, 'got')).toEqual([]);
    expect(rows(r, 2, 'got')).toEqual(['got("b", 1)']);
    expect(rows(r, 3, 'got')).toEqual([]);
    expect(r.messages).toEqual([{ relation: 'got', tuple: ['b', 1], from: 'a', to: 'b', sendTime: 1, lostBy: null }]);
    expect(runSource(spec.replace('@1;', '@3;'), { eot: 3 }).messages).toEqual([]);
  });

  it('sends from the location of the body, not of the head', () => {
    const r = runSource(
      `peer("b", "c");
       go("b")@1;
       note(P, N)@async :- go(N), peer(N, P);
       echo(N, "x")@async :- note(P, N);`,
      { eot: 3 },
    );
    // note lives at c but was derived from b's tuples; echo is derived at c and sent to b.
    expect(r.messages.map((m) => `${m.sendTime} ${m.from}->${m.to} ${m.relation}`)).toEqual(['1 b->c note', '2 c->b echo']);
    expect(rows(r, 3, 'echo')).toEqual(['echo("b", "x")']);
  });

  it('negation: notin with bound variables and with wildcards', () => {
    const r = runSource(
      `all("a", 1); all("a", 2); all("a", 3); all("b", 5);
       bad("a", 2);
       good(N, X) :- all(N, X), notin bad(N, X);
       clean(N) :- all(N, _), notin bad(N, _);`,
      { eot: 1 },
    );
    expect(rows(r, 1, 'good')).toEqual(['good("a", 1)', 'good("a", 3)', 'good("b", 5)']);
    expect(rows(r, 1, 'clean')).toEqual(['clean("b")']);
  });

  it('negation: a variable that occurs only once, under notin, is existential like `_`', () => {
    const facts = `node("a", "b"); node("a", "c"); node("b", "c");
       ack("a", "b", 1); ack("a", "b", 2); ack("b", "a", 7);`;
    const lone = runSource(`${facts} unacked(N, M) :- node(N, M), notin ack(N, M, Seq);`, { eot: 1 });
    const wild = runSource(`${facts} unacked(N, M) :- node(N, M), notin ack(N, M, _);`, { eot: 1 });
    // a→b has acks (two of them), a→c and b→c have none: "no ack with any sequence number".
    expect(rows(lone, 1, 'unacked')).toEqual(['unacked("a", "c")', 'unacked("b", "c")']);
    expect(rows(lone, 1, 'unacked')).toEqual(rows(wild, 1, 'unacked'));
    const firing = lone.lineage.firings.find((f) => lone.lineage.tuples[f.head]!.relation === 'unacked')!;
    expect(firing.negated).toEqual([{ relation: 'ack', args: ['a', 'c', null], time: 1 }]);
  });

  it('negation over a derived relation sees it complete (strata in order)', () => {
    const r = runSource(
      `n("a", 1); n("a", 2); n("a", 3); link("a", 1, 2); link("a", 2, 3);
       reach(L, X) :- n(L, X), X == 1;
       reach(L, Y) :- reach(L, X), link(L, X, Y);
       unreached(L, X) :- n(L, X), notin reach(L, X);`,
      { eot: 1 },
    );
    expect(rows(r, 1, 'reach')).toEqual(['reach("a", 1)', 'reach("a", 2)', 'reach("a", 3)']);
    expect(rows(r, 1, 'unreached')).toEqual([]);
  });

  it('aggregates group by the other columns over distinct values', () => {
    const r = runSource(
      `v("a", 1); v("a", 2); v("b", 3);
       w("a", "x", 5); w("a", "y", 5); w("a", "z", 2);
       cnt(N, count<X>) :- v(N, X);
       total(N, sum<S>) :- w(N, _, S);
       lo(N, min<S>) :- w(N, _, S);
       hi(N, max<K>) :- w(N, K, _);
       kinds(N, count<K>) :- w(N, K, _);`,
      { eot: 1 },
    );
    expect(rows(r, 1, 'cnt')).toEqual(['cnt("a", 2)', 'cnt("b", 1)']);
    // Set semantics: the two 5s count once, 5 + 2.
    expect(rows(r, 1, 'total')).toEqual(['total("a", 7)']);
    expect(rows(r, 1, 'lo')).toEqual(['lo("a", 2)']);
    expect(rows(r, 1, 'hi')).toEqual(['hi("a", "z")']);
    expect(rows(r, 1, 'kinds')).toEqual(['kinds("a", 3)']);
  });

  it('several aggregates in one head, each over the same groups', () => {
    const r = runSource(
      `vote("n", "s1", 3); vote("n", "s2", 7); vote("n", "s3", 7); vote("m", "s1", 2);
       vote("k", "s1", "abstain");
       tally(N, max<V>, count<S>, sum<V>, min<S>) :- vote(N, S, V);
       range(N, min<V>, max<V>) :- vote(N, _, V), V > 2;`,
      { eot: 1 },
    );
    // n: max 7; three voters; sum over the distinct values {3, 7} is 10; min voter "s1".
    // m: one vote of 2. k: a sum over a string has no value, so k has no tally row at all.
    expect(rows(r, 1, 'tally')).toEqual(['tally("m", 2, 1, 2, "s1")', 'tally("n", 7, 3, 10, "s1")']);
    // The comparison filters before grouping; numbers order before strings, so "abstain" > 2.
    expect(rows(r, 1, 'range')).toEqual(['range("k", "abstain", "abstain")', 'range("n", 3, 7)']);
    // One firing per group, listing every contributing tuple once.
    const firing = r.lineage.firings.find((f) => formatTuple('tally', r.lineage.tuples[f.head]!.tuple) === 'tally("n", 7, 3, 10, "s1")')!;
    expect(firing.body.map((b) => formatTuple('vote', r.lineage.tuples[b]!.tuple)).sort()).toEqual(['vote("n", "s1", 3)', 'vote("n", "s2", 7)', 'vote("n", "s3", 7)']);
  });

  it('an aggregate over nothing produces no tuple', () => {
    const r = runSource(`v("a", 1); none(N, count<X>) :- v(N, X), X > 5;`, { eot: 1 });
    expect(rows(r, 1, 'none')).toEqual([]);
  });

  it('integer arithmetic: / truncates toward zero; strings and division by zero give nothing', () => {
    const r = runSource(
      `n("a", 7); n("a", -7); s("a", "x");
       q(N, X / 2, X * 3 - 1) :- n(N, X);
       div(N, X / 0) :- n(N, X);
       strarith(N, V + 1) :- s(N, V);
       succ(N, Y) :- n(N, X), n(N, Y), Y == X + 14;`,
      { eot: 1 },
    );
    expect(rows(r, 1, 'q')).toEqual(['q("a", -3, -22)', 'q("a", 3, 20)']);
    expect(rows(r, 1, 'div')).toEqual([]);
    expect(rows(r, 1, 'strarith')).toEqual([]);
    expect(rows(r, 1, 'succ')).toEqual(['succ("a", 7)']);
  });

  it('a sum is exact whatever the order its values arrive in: only a sum out of range overflows', () => {
    const r = runSource(`v("a", 9007199254740000); v("a", 5000); v("a", -5000);\n s(N, sum<X>) :- v(N, X);`, { eot: 1 });
    expect(rows(r, 1, 's')).toEqual(['s("a", 9007199254740000)']);
    expect(() => runSource(`v("a", 9007199254740000); v("a", 5000);\n s(N, sum<X>) :- v(N, X);`, { eot: 1 })).toThrow(/integer overflow/);
  });

  it('a notin whose argument does not evaluate fails the firing, whether or not its relation holds tuples', () => {
    const r = runSource(
      `n("a", 0); m("a", 5);
       empty(N) :- n(N, X), notin none(N, 1 / X);
       held(N) :- n(N, X), notin m(N, 1 / X);
       str(N) :- n(N, X), notin m(N, "s" + X);
       fine(N) :- n(N, X), notin m(N, X + 1);`,
      { eot: 1 },
    );
    expect(rows(r, 1, 'empty')).toEqual([]);
    expect(rows(r, 1, 'held')).toEqual([]);
    expect(rows(r, 1, 'str')).toEqual([]);
    expect(rows(r, 1, 'fine')).toEqual(['fine("a")']);
  });

  it('comparisons between a number and a string: == false, != true, numbers order first', () => {
    const r = runSource(
      `s("a", "x"); s("a", "10"); n("a", 10);
       eq(N, V) :- s(N, V), n(N, X), V == X;
       ne(N, V) :- s(N, V), n(N, X), V != X;
       gt(N, V) :- s(N, V), n(N, X), V > X;
       lt(N, V) :- s(N, V), V < "y", V >= "10";`,
      { eot: 1 },
    );
    expect(rows(r, 1, 'eq')).toEqual([]);
    expect(rows(r, 1, 'ne')).toEqual(['ne("a", "10")', 'ne("a", "x")']);
    expect(rows(r, 1, 'gt')).toEqual(['gt("a", "10")', 'gt("a", "x")']);
    expect(rows(r, 1, 'lt')).toEqual(['lt("a", "10")', 'lt("a", "x")']);
  });

  it('a body atom @N reads the relation as it was at N, and nothing before N', () => {
    const r = runSource(
      `now("a");
       ev("a", 1)@2; ev("a", 2)@3;
       was(N, X) :- now(N), ev(N, X)@2;
       fresh(N) :- now(N), notin ev(N, _)@2;`,
      { eot: 4 },
    );
    expect([1, 2, 3, 4].map((t) => rows(r, t, 'was'))).toEqual([[], ['was("a", 1)'], ['was("a", 1)'], ['was("a", 1)']]);
    expect([1, 2, 3, 4].map((t) => rows(r, t, 'fresh'))).toEqual([['fresh("a")'], [], [], []]);
  });

  it('a body atom @N of the same stratum at t == N sees the tuples derived at N', () => {
    const r = runSource(
      `base("a", 1)@1; step("a", 1, 2); step("a", 2, 3);
       r(N, X) :- base(N, X);
       r(N, Y) :- r(N, X)@1, step(N, X, Y);`,
      { eot: 2 },
    );
    expect(rows(r, 1, 'r')).toEqual(['r("a", 1)', 'r("a", 2)', 'r("a", 3)']);
    // At 2, base is gone and r@1 is read from time 1: everything reachable in one step from r@1.
    expect(rows(r, 2, 'r')).toEqual(['r("a", 2)', 'r("a", 3)']);
  });

  it('lists only non-empty relations, sorted by name, tuples sorted', () => {
    const r = runSource(`zz("a", "b"); zz("a", 2); aa("a"); mm("b", 1); mm("a", 1); empty(N) :- aa(N), N == "q";`, { eot: 1 });
    expect([...r.tables[0]!.keys()]).toEqual(['aa', 'mm', 'zz']);
    expect(rows(r, 1, 'zz')).toEqual(['zz("a", 2)', 'zz("a", "b")']);
    expect(rows(r, 1, 'mm')).toEqual(['mm("a", 1)', 'mm("b", 1)']);
  });

  it('checks the invariant at EOT: pre ⊆ post', () => {
    const holds = runSource(`pre("a", 1)@2; post("a", 1)@2; post("a", 2)@2;`, { eot: 2 });
    expect(holds.invariant).toEqual({ checked: true, holds: true, missing: [] });
    const violated = runSource(`pre("a", 2)@2; pre("a", 1)@2; pre("a", 3)@2; post("a", 1)@2;`, { eot: 2 });
    expect(violated.invariant).toEqual({ checked: true, holds: false, missing: [['a', 2], ['a', 3]] });
    // Only EOT counts: a pre tuple at an earlier time is not checked.
    expect(runSource(`pre("a", 1)@1;  post("a", 9)@1;`, { eot: 2 }).invariant.holds).toBe(true);
    expect(runSource(`pre("a", 1);`, { eot: 2 }).invariant).toEqual({ checked: false, holds: true, missing: [] });
    expect(runSource(`x("a");`, { eot: 2 }).invariant.checked).toBe(false);
  });

  it('is deterministic: two runs give identical JSON and lineage', () => {
    const spec = `node("a", "b"); node("a", "c"); node("b", "a"); node("c", "a");
       msg("a", "m")@1;
       msg(X, M)@async :- msg(N, M), node(N, X);
       log(N, M) :- msg(N, M);
       log(N, M)@next :- log(N, M);
       seen(N, count<M>) :- log(N, M);`;
    const a = runSource(spec, { eot: 5, faults: 'omit(a,b,1) crash(c,3)' });
    const b = runSource(spec, { eot: 5, faults: 'crash(c,3) omit(a,b,1)' });
    const print = { files: ['spec.ded'], final: false };
    expect(formatRunJson(a, print)).toBe(formatRunJson(b, print));
    expect(JSON.stringify(a.lineage)).toBe(JSON.stringify(b.lineage));
  });
});
