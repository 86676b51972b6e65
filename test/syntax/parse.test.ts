import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BodyItem, Clause, Fact, Rule, Term } from '../../src/syntax/ast.js';
import { parseSource } from '../../src/syntax/parse.js';
import { printClause } from '../../src/syntax/print.js';
import type { Span } from '../../src/syntax/span.js';

function parseOk(text: string): Clause[] {
  const r = parseSource('t.ded', text);
  expect(r.diagnostics).toEqual([]);
  return r.clauses;
}

function rule(text: string): Rule {
  const [c] = parseOk(text);
  if (c?.kind !== 'rule') throw new Error(`not a rule: ${text}`);
  return c;
}

function fact(text: string): Fact {
  const [c] = parseOk(text);
  if (c?.kind !== 'fact') throw new Error(`not a fact: ${text}`);
  return c;
}

/** The source text a span covers (single-line spans). */
function slice(text: string, s: Span): string {
  const line = text.split('\n')[s.line - 1] ?? '';
  expect(s.endLine).toBe(s.line);
  return line.slice(s.col - 1, s.endCol - 1);
}

function item(r: Rule, i: number): BodyItem {
  const b = r.body[i];
  if (!b) throw new Error(`no body item ${i}`);
  return b;
}

describe('parseSource: clause shapes', () => {
  it('reads a fact with and without a time', () => {
    const f = fact('node("a", 3)@1;');
    expect(f.atom.relation).toBe('node');
    expect(f.atom.args.map((a) => (a.kind === 'const' ? a.value : null))).toEqual(['a', 3]);
    expect(f.time).toMatchObject({ kind: 'at', time: 1 });
    expect(fact('member("a");').time).toBeNull();
  });

  it('maps head annotations to headTime and keeps the annotation as written', () => {
    expect(rule('p(X) :- q(X);')).toMatchObject({ headTime: 'now', annotation: null });
    expect(rule('p(X)@next :- q(X);')).toMatchObject({ headTime: 'next', annotation: { kind: 'next' } });
    expect(rule('p(X)@async :- q(X);')).toMatchObject({ headTime: 'async', annotation: { kind: 'async' } });
    // Illegal, but kept for the checker to report.
    expect(rule('p(X)@4 :- q(X);')).toMatchObject({ headTime: 'now', annotation: { kind: 'at', time: 4 } });
  });

  it('reads notin, fixed-time body atoms and comparisons', () => {
    const r = rule('pre(X, P) :- log(X, P), notin bcast(X, P)@1, notin crash(X, X, _), X != P;');
    expect(item(r, 0)).toMatchObject({ kind: 'atom', negated: false, time: null });
    expect(item(r, 1)).toMatchObject({ kind: 'atom', negated: true, time: { kind: 'at', time: 1 } });
    expect(item(r, 2)).toMatchObject({ kind: 'atom', negated: true, atom: { relation: 'crash' } });
    expect(item(r, 3)).toMatchObject({ kind: 'compare', op: '!=', left: { name: 'X' }, right: { name: 'P' } });
  });

  it('reads every comparison operator', () => {
    for (const op of ['==', '!=', '<', '>', '<=', '>=']) {
      expect(item(rule(`p(X) :- q(X, Y), X ${op} Y;`), 1)).toMatchObject({ kind: 'compare', op });
    }
  });

  it('gives * and / precedence over + and -, left-associative', () => {
    const r = rule('p(N, A + B * C - D / 2) :- q(N, A, B, C, D);');
    const t = r.head.args[1] as Term;
    expect(t).toMatchObject({
      kind: 'arith',
      op: '-',
      left: { op: '+', left: { name: 'A' }, right: { op: '*', left: { name: 'B' }, right: { name: 'C' } } },
      right: { op: '/', left: { name: 'D' }, right: { value: 2 } },
    });
  });

  it('folds a minus on a literal into a negative constant and reads -X as 0 - X', () => {
    const f = fact('w("a", -3, - 7, -(4));');
    expect(f.atom.args.slice(1).map((a) => (a.kind === 'const' ? a.value : null))).toEqual([-3, -7, -4]);
    const r = rule('p(N, T-1, -X) :- q(N, T, X);');
    expect(r.head.args[1]).toMatchObject({ kind: 'arith', op: '-', left: { name: 'T' }, right: { value: 1 } });
    expect(r.head.args[2]).toMatchObject({ kind: 'arith', op: '-', left: { value: 0 }, right: { name: 'X' } });
  });

  it('reads aggregates in heads and (for the checker to reject) in bodies', () => {
    const r = rule('c(N, count<A>, min<A>, max<A>, sum<A + 1>) :- v(N, A);');
    expect(r.head.args.slice(1).map((a) => (a.kind === 'aggregate' ? a.fn : null))).toEqual(['count', 'min', 'max', 'sum']);
    expect(r.head.args[4]).toMatchObject({ arg: { kind: 'arith', op: '+' } });
    expect(item(rule('p(X) :- q(X), count<X> > 2;'), 1)).toMatchObject({ kind: 'compare', left: { kind: 'aggregate' } });
  });

  it('treats `count` as a relation name when no `<` follows', () => {
    expect(item(rule('p(X) :- count(X);'), 0)).toMatchObject({ kind: 'atom', atom: { relation: 'count' } });
  });

  it('reads _ and _Name as wildcards, and identifiers by their first letter', () => {
    const r = rule('p(X) :- q(X, _, _Foo, _bar, Xy_1);');
    const a = item(r, 0);
    if (a.kind !== 'atom') throw new Error('atom expected');
    expect(a.atom.args.map((t) => t.kind)).toEqual(['var', 'wildcard', 'wildcard', 'wildcard', 'var']);
  });

  it('decodes string escapes', () => {
    const f = fact('m("a", "q\\" b\\\\ n\\n t\\t u\\u0041");');
    expect(f.atom.args[1]).toMatchObject({ value: 'q" b\\ n\n t\t uA' });
  });

  it('reads include clauses; `include` followed by ( is a relation', () => {
    expect(parseOk('include "./x.ded";')).toMatchObject([{ kind: 'include', path: './x.ded' }]);
    expect(parseOk('include("a");')).toMatchObject([{ kind: 'fact', atom: { relation: 'include' } }]);
  });

  it('accepts a byte-order mark, CRLF line ends and comments anywhere', () => {
    const cs = parseOk('\uFEFFp("a")@1;\r\n/* x\r\n */ q("b") // y\r\n;\r\n');
    expect(cs.map((c) => printClause(c))).toEqual(['p("a")@1;', 'q("b");']);
    expect(cs[1]?.span).toMatchObject({ line: 3, col: 5, endLine: 4, endCol: 2 });
  });
});

describe('parseSource: spans', () => {
  const text = [
    'node(Node, Neighbor)@next :- node(Node, Neighbor);',
    'pre(X, Pl) :- log(X, Pl), notin bcast(X, Pl)@1, X != "a b";',
    'yes_cnt(C, count<A>) :- vote(C, A), A < -3 + C * 2;',
  ].join('\n');
  const clauses = parseSource('s.ded', text).clauses as Rule[];
  const [r1, r2, r3] = clauses as [Rule, Rule, Rule];

  it('covers whole clauses, atoms and relation names', () => {
    expect(clauses).toHaveLength(3);
    expect(slice(text, r1.span)).toBe('node(Node, Neighbor)@next :- node(Node, Neighbor);');
    expect(r1.span).toEqual({ file: 's.ded', line: 1, col: 1, endLine: 1, endCol: 51 });
    expect(slice(text, r1.head.span)).toBe('node(Node, Neighbor)');
    expect(slice(text, r1.head.relationSpan)).toBe('node');
    expect(slice(text, (r1.annotation as { span: Span }).span)).toBe('@next');
  });

  it('covers body items including notin and the time annotation', () => {
    expect(slice(text, item(r2, 0).span)).toBe('log(X, Pl)');
    expect(slice(text, item(r2, 1).span)).toBe('notin bcast(X, Pl)@1');
    const b = item(r2, 1);
    if (b.kind !== 'atom') throw new Error('atom expected');
    expect(slice(text, b.atom.span)).toBe('bcast(X, Pl)');
    expect(slice(text, b.atom.relationSpan)).toBe('bcast');
    expect(slice(text, (b.time as { span: Span }).span)).toBe('@1');
    const cmp = item(r2, 2);
    expect(slice(text, cmp.span)).toBe('X != "a b"');
    if (cmp.kind !== 'compare') throw new Error('compare expected');
    expect(slice(text, cmp.right.span)).toBe('"a b"');
  });

  it('covers terms: aggregates, arithmetic, negative literals', () => {
    expect(slice(text, r3.head.args[1]!.span)).toBe('count<A>');
    const cmp = item(r3, 1);
    if (cmp.kind !== 'compare' || cmp.right.kind !== 'arith') throw new Error('compare of arith expected');
    expect(slice(text, cmp.right.span)).toBe('-3 + C * 2');
    expect(slice(text, cmp.right.left.span)).toBe('-3');
    expect(slice(text, cmp.right.right.span)).toBe('C * 2');
  });

  it('includes parentheses in the span of a parenthesised term and its parents', () => {
    const src = 'p(N, (A + B) * C, -(4)) :- q(N, A, B, C);';
    const r = parseSource('p.ded', src).clauses[0] as Rule;
    const product = r.head.args[1];
    if (product?.kind !== 'arith') throw new Error('arith expected');
    expect(slice(src, product.span)).toBe('(A + B) * C');
    expect(slice(src, product.left.span)).toBe('(A + B)');
    expect(slice(src, r.head.args[2]!.span)).toBe('-(4)');
  });
});

describe('parseSource: errors', () => {
  function errors(text: string): string[] {
    const r = parseSource('e.ded', text);
    return r.diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`);
  }

  it('reports the offending token and recovers at the next ;', () => {
    expect(errors('node("a", "b";\nok("a");\nbad(X :- q(X);\nalso(#);\n')).toEqual([
      "1:14: expected ',' or ')' but found ';'",
      "3:7: expected ',' or ')' but found ':-'",
      "4:6: unexpected character '#'",
    ]);
    expect(parseSource('e.ded', 'node("a", "b";\nok("a");\n').clauses).toHaveLength(1);
  });

  it('keeps the good clauses around bad ones', () => {
    const r = parseSource('e.ded', 'a("x");\nb(;\nc("y");\nd(X) :- ;\ne("z");\n');
    expect(r.clauses.map((c) => printClause(c))).toEqual(['a("x");', 'c("y");', 'e("z");']);
    expect(r.diagnostics).toHaveLength(2);
  });

  it('reports zero-arity atoms and missing parentheses', () => {
    expect(errors('p();')).toEqual(["1:3: relation 'p' needs at least one argument (the location)"]);
    expect(errors('p;')).toEqual(["1:2: expected '(' but found ';'"]);
  });

  it('reports an unterminated block comment once, at its start', () => {
    expect(errors('p("a");\nq("b" /* no end\n;')).toEqual(['2:7: unterminated block comment']);
  });

  it('reports an error at the end of the file just after the last token', () => {
    expect(errors('p("a", 1\n\n')).toEqual(["1:9: expected ',' or ')' but found end of file"]);
  });

  it('never throws, whatever the input', () => {
    // Deterministic garbage built from the dialect's own characters, so the parser gets deep.
    const alphabet = 'pqX_"\\(),;:-@<>=!+*/ \n0123456789nextasyncountin#é\u0000/*';
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const len = rnd(60);
      for (let j = 0; j < len; j++) s += alphabet[rnd(alphabet.length)];
      const r = parseSource('fuzz.ded', s);
      for (const d of r.diagnostics) {
        expect(d.span.line).toBeGreaterThanOrEqual(1);
        expect(d.span.col).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('reports deep nesting instead of overflowing the stack', () => {
    const deep = 'p(' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + ');\nq("a");\n';
    const r = parseSource('deep.ded', deep);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['expression nested too deeply']);
    expect(r.clauses.map((c) => printClause(c))).toEqual(['q("a");']);
    expect(parseSource('ok.ded', 'p(' + '('.repeat(100) + '1' + ')'.repeat(100) + ');').diagnostics).toEqual([]);
  });

  it('parses a ~10 MB file of facts', () => {
    const parts: string[] = [];
    let size = 0;
    let n = 0;
    while (size < 10_000_000) {
      const s = `node("n${n % 97}", "neighbor_${n}", ${n})@${(n % 10) + 1}; // fact ${n}\n`;
      parts.push(s);
      size += s.length;
      n++;
    }
    const r = parseSource('big.ded', parts.join(''));
    expect(r.diagnostics).toEqual([]);
    expect(r.clauses).toHaveLength(n);
    expect(r.clauses[n - 1]?.span.line).toBe(n);
  });
});

describe('round trip: parse → print → parse', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'cases', 'syntax');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ded') && !f.startsWith('err-'));

  for (const f of files) {
    it(f, () => {
      const first = parseSource(f, readFileSync(join(dir, f), 'utf8'));
      expect(first.diagnostics).toEqual([]);
      const printed = first.clauses.map((c) => printClause(c)).join('\n');
      const second = parseSource('printed.ded', printed);
      expect(second.diagnostics).toEqual([]);
      expect(second.clauses.map((c) => printClause(c)).join('\n')).toBe(printed);
      // Same AST up to spans.
      expect(stripSpans(second.clauses)).toEqual(stripSpans(first.clauses));
    });
  }
});

function stripSpans(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSpans);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'span' && k !== 'relationSpan')
        .map(([k, x]) => [k, stripSpans(x)]),
    );
  }
  return v;
}
