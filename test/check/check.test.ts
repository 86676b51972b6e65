import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../src/check/check.js';
import { closest, editDistance } from '../../src/check/defined.js';
import { invariantRelations } from '../../src/check/locations.js';
import type { Program, Rule } from '../../src/syntax/ast.js';
import { parseSource } from '../../src/syntax/parse.js';

function program(text: string): Program {
  const parsed = parseSource('p.ded', text);
  expect(parsed.diagnostics).toEqual([]);
  return { clauses: parsed.clauses, files: [{ path: 'p.ded', text }] };
}

// Molly's simple delivery protocol, written as Molly users write it: must lint clean.
const simpleDeliv = `
node(Node, Neighbor)@next :- node(Node, Neighbor);
log(Node, Pload)@next :- log(Node, Pload);
log(Node, Pload) :- bcast(Node, Pload);
log(Node2, Pload)@async :- bcast(Node1, Pload), node(Node1, Node2);
node("a", "b")@1; node("a", "c")@1; node("b", "a")@1;
bcast("a", "hello")@1;
missing_log(A, Pl) :- log(X, Pl), node(X, A), notin log(A, Pl);
pre(X, Pl) :- log(X, Pl), notin bcast(X, Pl)@1, notin crash(X, X, _);
post(X, Pl) :- log(X, Pl), notin missing_log(_, Pl);
`;

// Two-phase commit with a counted decision and a timeout through @next.
const twoPhase = `
agent("C", "a")@1; agent("C", "b")@1; begin("C", "t1")@1;
agent(C, A)@next :- agent(C, A);
prepare(A, C, X)@async :- begin(C, X), agent(C, A), notin decided(C, X);
vote(C, A, X)@async :- prepare(A, C, X);
votes(C, X, count<A>) :- vote(C, A, X);
agents(C, count<A>) :- agent(C, A);
decided(C, X) :- votes(C, X, N), agents(C, N);
decided(C, X)@next :- decided(C, X);
begin(C, X)@next :- begin(C, X), notin decided(C, X);
commit(A, X)@async :- decided(C, X), agent(C, A);
pre(A, X) :- prepare(A, _, X);
post(A, X) :- commit(A, X);
`;

describe('checkProgram', () => {
  it('finds nothing wrong in Molly-style protocols', () => {
    expect(checkProgram(program(simpleDeliv)).diagnostics).toEqual([]);
    expect(checkProgram(program(twoPhase)).diagnostics).toEqual([]);
  });

  it('returns the strata of the program, the negated relation before its reader', () => {
    const { strata } = checkProgram(program(simpleDeliv));
    const order = strata.strata.flatMap((s) => s.relations);
    expect(order.indexOf('missing_log')).toBeLessThan(order.indexOf('post'));
    expect(strata.cycles).toEqual([]);
  });

  it('collects every diagnostic, sorted by position, without throwing', () => {
    const text = 'q(X) :- r(X), notin q(X);\nr(X, Y) :- q(X);\np(X) :- r(_);\n';
    const ds = checkProgram(program(text)).diagnostics;
    const positions = ds.map((d) => [d.span.line, d.span.col]);
    expect(positions).toEqual([...positions].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(ds.map((d) => d.message.split(' ').slice(0, 4).join(' '))).toEqual([
      '`q` depends negatively on',
      '`r` has 2 columns',
      'variable `Y` in the',
      'variable `X` in the',
    ]);
  });

  it('handles an empty program', () => {
    const checked = checkProgram({ clauses: [], files: [] });
    expect(checked.diagnostics).toEqual([]);
    expect(checked.strata.strata).toEqual([]);
  });
});

describe('singleton variables under notin', () => {
  const text = `node("a", "b")@1;
ack("a", "c", 1)@1;
unacked(N, M) :- node(N, M), notin ack(N, M, Seq);
fine(N) :- node(N, M), notin ack(N, M, _);
`;

  it('hands on the rule with the variable as a wildcard, and only that rule changed', () => {
    const input = program(text);
    const checked = checkProgram(input);
    expect(checked.diagnostics.map((d) => [d.severity, d.span.line, d.span.col])).toEqual([['warning', 3, 46]]);
    const rules = checked.program.clauses.filter((c): c is Rule => c.kind === 'rule');
    const negated = rules[0]!.body[1]!;
    expect(negated.kind === 'atom' && negated.atom.args.map((a) => a.kind)).toEqual(['var', 'var', 'wildcard']);
    // The input is not modified, and clauses without a singleton are the same objects.
    const original = input.clauses[2] as Rule;
    expect(original.body[1]!.kind === 'atom' && original.body[1]!.atom.args[2]!.kind).toBe('var');
    expect(checked.program.clauses[3]).toBe(input.clauses[3]);
    expect(checked.program.clauses[0]).toBe(input.clauses[0]);
  });

  it('leaves a program without singletons as it is', () => {
    const input = program(simpleDeliv);
    expect(checkProgram(input).program).toBe(input);
  });

  it('counts every occurrence: head, positive and negated atoms, comparisons, arithmetic, aggregates', () => {
    const rules = [
      'h(N, M) :- node(N, _), notin ack(N, M);', // M in the head: bound nowhere, an error
      'h(N, 1) :- node(N, _), notin ack(N, M), M > 1;', // M in a comparison too
      'h(N, 1) :- node(N, _), notin ack(N, M), notin ack(M, N);', // M in two notin atoms
      'h(N, 1) :- node(N, _), notin ack(N, M + 1);', // inside arithmetic: not a whole column
      'h(N, 1) :- node(N, _), notin ack(N, M, M);', // twice in one atom
    ];
    for (const rule of rules) {
      const ds = checkProgram(program(`node("a", "b")@1; ack("a", "b")@1; ${rule}`)).diagnostics;
      expect(ds.filter((d) => d.severity === 'warning' && d.message.includes('occurs only here')), rule).toEqual([]);
      expect(ds.some((d) => d.severity === 'error' && d.message.includes('variable `M`')), rule).toBe(true);
    }
  });

  it('stratifies the rewritten program (its strata hold the rules it hands on)', () => {
    const checked = checkProgram(program(text));
    const rules = new Set(checked.program.clauses);
    for (const s of checked.strata.strata) for (const r of s.rules) expect(rules.has(r)).toBe(true);
  });
});

describe('did-you-mean', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('lgo', 'log')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'ab')).toBe(2);
  });

  it('suggests the nearest name within two edits, not a one-letter guess', () => {
    expect(closest('lgo', ['ack', 'log', 'node'])).toBe('log');
    expect(closest('acks', ['ack', 'acked'])).toBe('ack');
    expect(closest('prepare', ['commit', 'vote'])).toBeNull();
    expect(closest('p', ['q'])).toBeNull();
  });
});

describe('invariantRelations', () => {
  const rules = (text: string): Rule[] => program(text).clauses.filter((c): c is Rule => c.kind === 'rule');

  it('exempts pre, post and helpers that only feed them, even on a cycle', () => {
    const set = invariantRelations(rules('seen(N, M) :- log(N, M);\nseen(N, M)@next :- seen(N, M);\npost(N, M) :- seen(N, M);\npre(N, M) :- log(N, M);\nlog(N, M)@next :- log(N, M);\nack(N, M)@async :- log(N, M);'));
    expect([...set].sort()).toEqual(['post', 'pre', 'seen']);
  });

  it('does not exempt a relation that also feeds the protocol, nor one unrelated to the invariant', () => {
    const set = invariantRelations(rules('h(N) :- x(N);\npost(N) :- h(N);\nsend(N)@async :- h(N);\nloop(N)@next :- loop(N);'));
    expect([...set].sort()).toEqual(['post', 'pre']);
  });
});
