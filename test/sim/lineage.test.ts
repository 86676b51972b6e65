/** The lineage a run records: every firing of every tuple, with its body, negations and message. */
import { describe, expect, it } from 'vitest';
import type { Firing, RunResult } from '../../src/sim/types.js';
import { nodeOf, runSource } from './helpers.js';

function firingsOf(r: RunResult, rel: string, tuple: (string | number)[], t: number): Firing[] {
  return nodeOf(r, rel, tuple, t).firings.map((id) => r.lineage.firings[id]!);
}

function described(r: RunResult, ids: readonly number[]): string[] {
  return ids.map((id) => {
    const n = r.lineage.tuples[id]!;
    return `${n.relation}${JSON.stringify(n.tuple)}@${n.time}`;
  });
}

describe('lineage', () => {
  it('a tuple derived two ways has two firings; facts are base', () => {
    const r = runSource(`p("a", 1); q("a", 1); r(N, X) :- p(N, X); r(N, X) :- q(N, X);`, { eot: 1 });
    const node = nodeOf(r, 'r', ['a', 1], 1);
    expect(node.base).toBe(false);
    const fs = firingsOf(r, 'r', ['a', 1], 1);
    expect(fs.map((f) => [f.rule, f.time, described(r, f.body), f.message])).toEqual([
      [0, 1, ['p["a",1]@1'], null],
      [1, 1, ['q["a",1]@1'], null],
    ]);
    expect(nodeOf(r, 'p', ['a', 1], 1)).toMatchObject({ base: true, firings: [] });
  });

  it('records each binding of a recursive rule exactly once, re-derivations included', () => {
    // A cycle: path(1,2) comes from edge(1,2) and again from path(1,1), edge(1,2).
    const r = runSource(`edge("a", 1, 2); edge("a", 2, 1); path(L, X, Y) :- edge(L, X, Y); path(L, X, Z) :- path(L, X, Y), edge(L, Y, Z);`, {
      eot: 1,
    });
    const fs = firingsOf(r, 'path', ['a', 1, 2], 1);
    expect(fs.map((f) => [f.rule, described(r, f.body)])).toEqual([
      [0, ['edge["a",1,2]@1']],
      [1, ['path["a",1,1]@1', 'edge["a",1,2]@1']],
    ]);
    // 2 firings of rule 0, and rule 1 once per (path, edge) pair that joins: 4 paths × 1 edge each.
    expect(r.lineage.firings.filter((f) => f.rule === 1)).toHaveLength(4);
    expect(r.lineage.firings.filter((f) => f.rule === 0)).toHaveLength(2);
  });

  it('a delivered message: the tuple at t+1 has a firing at t pointing at the message', () => {
    const r = runSource(`peer("a", "b"); ping("a", 1)@1; got(P, X)@async :- ping(N, X), peer(N, P);`, { eot: 2 });
    const fs = firingsOf(r, 'got', ['b', 1], 2);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 0, time: 1, message: 0 });
    expect(described(r, fs[0]!.body)).toEqual(['ping["a",1]@1', 'peer["a","b"]@1']);
    expect(r.messages[fs[0]!.message!]).toMatchObject({ from: 'a', to: 'b', sendTime: 1 });
  });

  it('a self-send is a firing without a message; a lost message has no firing and no tuple', () => {
    const spec = `peer("a", "a"); peer("a", "b"); ping("a", 1)@1; got(P, X)@async :- ping(N, X), peer(N, P);`;
    const r = runSource(spec, { eot: 2, nodes: ['a', 'b'], faults: 'omit(a,b,1)' });
    expect(firingsOf(r, 'got', ['a', 1], 2).map((f) => f.message)).toEqual([null]);
    expect(r.lineage.tuples.some((n) => n.relation === 'got' && n.tuple[0] === 'b')).toBe(false);
    expect(r.lineage.firings.filter((f) => f.rule === 0)).toHaveLength(1);
    expect(r.messages).toHaveLength(1);
  });

  it('@next persistence is a firing at t whose head is at t+1', () => {
    const r = runSource(`seed("a", 1)@1; keep(N, X) :- seed(N, X); keep(N, X)@next :- keep(N, X);`, { eot: 3 });
    const at3 = firingsOf(r, 'keep', ['a', 1], 3);
    expect(at3.map((f) => [f.rule, f.time, described(r, f.body)])).toEqual([[1, 2, ['keep["a",1]@2']]]);
    const at1 = firingsOf(r, 'keep', ['a', 1], 1);
    expect(at1.map((f) => [f.rule, f.time, described(r, f.body)])).toEqual([[0, 1, ['seed["a",1]@1']]]);
  });

  it('records the negated goals checked, with null for wildcards', () => {
    const r = runSource(
      `all("a", 1); all("b", 5); bad("a", 2);
       good(N, X) :- all(N, X), notin bad(N, X);
       clean(N) :- all(N, _), notin bad(N, _);`,
      { eot: 1 },
    );
    expect(firingsOf(r, 'good', ['a', 1], 1)[0]!.negated).toEqual([{ relation: 'bad', args: ['a', 1], time: 1 }]);
    expect(firingsOf(r, 'clean', ['b'], 1)[0]!.negated).toEqual([{ relation: 'bad', args: ['b', null], time: 1 }]);
  });

  it('body atoms @N point at the tuple of time N', () => {
    const r = runSource(`now("a"); ev("a", 1)@1; was(N, X) :- now(N), ev(N, X)@1;`, { eot: 3 });
    expect(described(r, firingsOf(r, 'was', ['a', 1], 3)[0]!.body)).toEqual(['now["a"]@3', 'ev["a",1]@1']);
  });

  it('one firing per aggregate group, listing every contributing tuple once', () => {
    const r = runSource(`v("a", 1, "x"); v("a", 1, "y"); v("a", 2, "x"); v("b", 3, "x"); cnt(N, count<X>) :- v(N, X, _);`, { eot: 1 });
    const fs = firingsOf(r, 'cnt', ['a', 2], 1);
    expect(fs).toHaveLength(1);
    expect(described(r, fs[0]!.body)).toEqual(['v["a",1,"x"]@1', 'v["a",1,"y"]@1', 'v["a",2,"x"]@1']);
    expect(r.lineage.firings).toHaveLength(2);
  });

  it('crash tuples are base; ids are numbered in creation order and heads list their firings', () => {
    const r = runSource(`peer("a", "b"); ping("a", 1)@1; got(P, X)@async :- ping(N, X), peer(N, P); got(N, X)@next :- got(N, X);`, {
      eot: 3,
      nodes: ['a', 'b'],
      faults: 'crash(b,2)',
    });
    expect(nodeOf(r, 'crash', ['a', 'b', 2], 1).base).toBe(true);
    r.lineage.tuples.forEach((n, i) => expect(n.id).toBe(i));
    r.lineage.firings.forEach((f, i) => {
      expect(f.id).toBe(i);
      expect(r.lineage.tuples[f.head]!.firings).toContain(i);
    });
  });
});
