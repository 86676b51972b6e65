import { describe, expect, it } from 'vitest';
import type { Term } from '../../src/syntax/ast.js';
import { parseSource } from '../../src/syntax/parse.js';
import { printClause, printTerm, quote } from '../../src/syntax/print.js';
import { span } from '../../src/syntax/span.js';

const at = span('p.ded', 1, 1);
const v = (name: string): Term => ({ kind: 'var', name, span: at });
const n = (value: number): Term => ({ kind: 'const', value, span: at });
const arith = (op: '+' | '-' | '*' | '/', left: Term, right: Term): Term => ({ kind: 'arith', op, left, right, span: at });

describe('printTerm', () => {
  it('parenthesises only where precedence or associativity needs it', () => {
    expect(printTerm(arith('+', v('A'), arith('*', v('B'), v('C'))))).toBe('A + B * C');
    expect(printTerm(arith('*', arith('+', v('A'), v('B')), v('C')))).toBe('(A + B) * C');
    expect(printTerm(arith('-', arith('-', v('A'), v('B')), v('C')))).toBe('A - B - C');
    expect(printTerm(arith('-', v('A'), arith('-', v('B'), v('C'))))).toBe('A - (B - C)');
    expect(printTerm(arith('/', v('A'), arith('*', v('B'), v('C'))))).toBe('A / (B * C)');
    expect(printTerm(arith('-', v('A'), n(-3)))).toBe('A - -3');
  });

  it('prints aggregates, wildcards and constants', () => {
    expect(printTerm({ kind: 'aggregate', fn: 'sum', arg: arith('*', v('X'), n(2)), span: at })).toBe('sum<X * 2>');
    expect(printTerm({ kind: 'wildcard', span: at })).toBe('_');
    expect(printTerm({ kind: 'const', value: 'a"b', span: at })).toBe('"a\\"b"');
  });
});

describe('quote', () => {
  it('escapes what the lexer needs escaped and reads back to the same value', () => {
    const values = ['plain', 'q"uote', 'back\\slash', 'line\nbreak', 'tab\t', 'cr\r', 'bell\u0007', 'é ∀ 🙂', ''];
    for (const value of values) {
      const text = `m("a", ${quote(value)});`;
      const r = parseSource('q.ded', text);
      expect(r.diagnostics).toEqual([]);
      const c = r.clauses[0];
      expect(c?.kind === 'fact' ? c.atom.args[1] : null).toMatchObject({ kind: 'const', value });
    }
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });
});

describe('printClause', () => {
  it('prints the canonical form of each clause kind', () => {
    const text = [
      'include   "x.ded" ;',
      'node ( "a","b" ) @ 1 ;',
      'log(Node,Pload)@next:-log(Node,Pload),notin crash(Node,Node,_);',
      'c(X):-p(X)@2,X<Y/2;',
    ].join('\n');
    expect(parseSource('c.ded', text).clauses.map((c) => printClause(c))).toEqual([
      'include "x.ded";',
      'node("a", "b")@1;',
      'log(Node, Pload)@next :- log(Node, Pload), notin crash(Node, Node, _);',
      'c(X) :- p(X)@2, X < Y / 2;',
    ]);
  });
});
