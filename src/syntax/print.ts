/**
 * The canonical text of the AST: one clause per line, `, ` between arguments, spaces around
 * operators, parentheses only where precedence needs them, strings re-quoted. Parsing the output
 * gives the same AST (up to spans), so the printer feeds fixtures, round-trip tests and `--show`.
 */
import type { Atom, BodyItem, Clause, Program, Term, TimeAnnotation, Value } from './ast.js';
import { foldTerm } from './walk.js';

export function printProgram(p: Program): string {
  return p.clauses.map((c) => printClause(c) + '\n').join('');
}

export function printClause(c: Clause): string {
  switch (c.kind) {
    case 'include':
      return `include ${quote(c.path)};`;
    case 'fact':
      return `${printAtom(c.atom)}${printTime(c.time)};`;
    case 'rule':
      return `${printAtom(c.head)}${printTime(c.annotation)} :- ${c.body.map(printBodyItem).join(', ')};`;
  }
}

export function printAtom(a: Atom): string {
  return `${a.relation}(${a.args.map(printTerm).join(', ')})`;
}

export function printBodyItem(b: BodyItem): string {
  if (b.kind === 'compare') return `${printTerm(b.left)} ${b.op} ${printTerm(b.right)}`;
  return `${b.negated ? 'notin ' : ''}${printAtom(b.atom)}${printTime(b.time)}`;
}

export function printTime(t: TimeAnnotation | null): string {
  if (t === null) return '';
  return t.kind === 'at' ? `@${t.time}` : `@${t.kind}`;
}

export function printTerm(term: Term): string {
  return foldTerm<string>(
    term,
    (t) => (t.kind === 'var' ? t.name : t.kind === 'wildcard' ? '_' : t.kind === 'const' ? printValue(t.value) : ''),
    (t, [a, b]) => {
      if (t.kind === 'aggregate') return `${t.fn}<${a!}>`;
      if (t.kind !== 'arith') return '';
      const prec = precedence(t.op);
      // Left-associative: the right operand needs parentheses at equal precedence too.
      const left = t.left.kind === 'arith' && precedence(t.left.op) < prec ? `(${a!})` : a!;
      const right = t.right.kind === 'arith' && precedence(t.right.op) <= prec ? `(${b!})` : b!;
      return `${left} ${t.op} ${right}`;
    },
  );
}

export function printValue(v: Value): string {
  return typeof v === 'number' ? String(v) : quote(v);
}

function precedence(op: '+' | '-' | '*' | '/'): number {
  return op === '+' || op === '-' ? 1 : 2;
}

/** A double-quoted string the lexer reads back to the same value. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const c = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
