import { describe, expect, it } from 'vitest';
import { calmView, formatCalmView } from '../../src/check/calm.js';
import type { Program } from '../../src/syntax/ast.js';
import { parseSource } from '../../src/syntax/parse.js';

function program(text: string): Program {
  const parsed = parseSource('p.ded', text);
  expect(parsed.diagnostics).toEqual([]);
  return { clauses: parsed.clauses, files: [{ path: 'p.ded', text }] };
}

/** head relation → [reasons, feedsMessage], in view order. */
function summary(text: string): [string, string, boolean][] {
  return calmView(program(text)).map((c) => [c.rule.head.relation, c.reasons.join('+'), c.feedsMessage]);
}

describe('calmView', () => {
  it('lists no rule for a monotonic program', () => {
    expect(summary('log(N, M) :- bcast(N, M);\nlog(N, M)@next :- log(N, M);\nbcast(N, M)@async :- log(S, M), node(S, N);')).toEqual([]);
  });

  it('finds negation and head aggregates, both at once, in source order', () => {
    const text = ['b(N, count<M>) :- x(N, M);', 'a(N) :- x(N, _), notin y(N);', 'c(N, max<M>) :- x(N, M), notin y(N);'].join('\n');
    expect(summary(text)).toEqual([
      ['b', 'aggregate', false],
      ['a', 'negation', false],
      ['c', 'negation+aggregate', false],
    ]);
  });

  it('an @async non-monotonic rule feeds a message itself', () => {
    expect(summary('ack(S, N)@async :- got(N, S), notin acked(N, S);')).toEqual([['ack', 'negation', true]]);
  });

  it('follows same-time, @next and negative edges to the body of an @async rule', () => {
    const text = [
      'missing(N) :- x(N), notin y(N);', // → timeout via @next → retry reads it negatively → @async
      'timeout(N)@next :- missing(N);',
      'quiet(N) :- x(N), notin timeout(N);',
      'resend(N, M)@async :- x(N), notin quiet(N), m(N, M);',
      'total(N, count<M>) :- m(N, M);', // read only by a deductive rule: local
      'report(N, T) :- total(N, T);',
    ].join('\n');
    expect(summary(text)).toEqual([
      ['missing', 'negation', true],
      ['quiet', 'negation', true],
      ['resend', 'negation', true],
      ['total', 'aggregate', false],
    ]);
  });

  it('a relation read directly by an @async body feeds a message', () => {
    expect(summary('decide(C, count<A>) :- vote(C, A);\ncommit(A, C)@async :- decide(C, 2), agent(C, A);')).toEqual([['decide', 'aggregate', true]]);
  });
});

describe('formatCalmView', () => {
  it('prints one aligned row per rule with its position, head, reasons and whether it feeds a message', () => {
    const text = 'decide(C, count<A>) :- vote(C, A);\ncommit(A, C)@async :- decide(C, 2), agent(C, A), notin abort(C);\nok(X) :- a(X), notin b(X);';
    expect(formatCalmView(calmView(program(text)))).toBe(
      [
        'non-monotonic rules (where coordination is needed):',
        '  p.ded:1:1  decide(C, count<A>) :- …  aggregate  feeds a message',
        '  p.ded:2:1  commit(A, C)@async :- …   negation   feeds a message',
        '  p.ded:3:1  ok(X) :- …                negation   local',
        '',
      ].join('\n'),
    );
  });

  it('says none for a monotonic program', () => {
    expect(formatCalmView([])).toBe('non-monotonic rules (where coordination is needed): none\n');
  });
});
