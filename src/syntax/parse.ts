/**
 * The Dedalus parser (Molly's dialect). Recursive descent inside a clause, a plain loop
 * over clauses, so a file of millions of facts uses no stack. A syntax error records one diagnostic
 * at the offending token and skips to the next `;`, so every broken clause of a file is reported.
 * The parser is permissive about *where* things stand (aggregates in bodies, `@N` on rule heads,
 * variables in facts): it keeps what was written and the checker reports what is illegal.
 */
import type { AggregateFn, ArithOp, Atom, BodyItem, Clause, CompareOp, Term, TimeAnnotation } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { error, sortDiagnostics } from './diagnostic.js';
import type { Token, TokenKind } from './lexer.js';
import { Lexer } from './lexer.js';
import type { Span } from './span.js';
import { cover } from './span.js';

export function parseSource(file: string, text: string): { clauses: Clause[]; diagnostics: Diagnostic[] } {
  const parser = new Parser(new Lexer(file, text));
  const clauses = parser.clauses();
  return { clauses, diagnostics: sortDiagnostics([...parser.lexer.diagnostics, ...parser.diagnostics]) };
}

/** Thrown inside a clause and caught by the clause loop; never escapes `parseSource`. */
class SyntaxFailure {
  constructor(
    readonly diagnostic: Diagnostic,
    /** An end-of-file error caused by an unterminated block comment, which is reported already. */
    readonly quiet: boolean,
  ) {}
}

/** Parentheses and aggregates nest by recursion; past this depth we report instead of overflowing. */
const MAX_DEPTH = 256;

const AGGREGATES: ReadonlySet<string> = new Set<AggregateFn>(['count', 'min', 'max', 'sum']);
const TERM_STARTS: ReadonlySet<TokenKind> = new Set<TokenKind>(['var', 'wildcard', 'int', 'string', '(', '-', 'ident']);
const COMPARE_OPS: ReadonlySet<TokenKind> = new Set<TokenKind>(['==', '!=', '<', '>', '<=', '>=']);

class Parser {
  readonly diagnostics: Diagnostic[] = [];
  private tok: Token;
  /** One token of lookahead past `tok`, filled only by `atAggregate`. */
  private peeked: Token | null = null;
  private depth = 0;
  /** The last token consumed: an error at the end of the file points just after it. */
  private previous: Token | null = null;

  constructor(readonly lexer: Lexer) {
    this.tok = lexer.next();
  }

  clauses(): Clause[] {
    const out: Clause[] = [];
    while (!this.is('eof')) {
      try {
        out.push(this.clause());
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        if (!e.quiet) this.diagnostics.push(e.diagnostic);
        this.depth = 0;
        this.recover();
      }
    }
    return out;
  }

  /** Skip past the next `;` (the offending token may be that `;`). */
  private recover(): void {
    while (!this.is(';') && !this.is('eof')) this.advance();
    if (this.is(';')) this.advance();
  }

  private clause(): Clause {
    const first = this.tok;
    if (first.kind === 'ident' && first.text === 'include') {
      this.advance();
      if (this.is('string')) {
        const path = this.tok.value as string;
        this.advance();
        const end = this.expect(';');
        return { kind: 'include', path, span: cover(first.span, end.span) };
      }
      if (!this.is('(')) this.fail(this.tok, "a quoted file name after 'include'");
      return this.clauseAfterName(first);
    }
    return this.clauseAfterName(this.relationName());
  }

  private clauseAfterName(name: Token): Clause {
    const head = this.atomAfterName(name);
    const annotation = this.is('@') ? this.timeAnnotation() : null;
    if (this.is(';')) {
      const end = this.advance();
      return { kind: 'fact', atom: head, time: annotation, span: cover(name.span, end.span) };
    }
    if (!this.is(':-')) this.fail(this.tok, annotation ? "':-' or ';'" : "'@', ':-' or ';'");
    this.advance();
    const body: BodyItem[] = [this.bodyItem()];
    while (this.is(',')) {
      this.advance();
      body.push(this.bodyItem());
    }
    if (!this.is(';')) this.fail(this.tok, "',' or ';'");
    const end = this.advance();
    const headTime = annotation?.kind === 'next' ? 'next' : annotation?.kind === 'async' ? 'async' : 'now';
    return { kind: 'rule', head, annotation, headTime, body, span: cover(name.span, end.span) };
  }

  private bodyItem(): BodyItem {
    const t = this.tok;
    if (t.kind === 'ident' && !this.atAggregate()) {
      const negated = t.text === 'notin';
      if (negated) this.advance();
      const atom = this.atomAfterName(this.relationName());
      const time = this.is('@') ? this.timeAnnotation() : null;
      return { kind: 'atom', atom, negated, time, span: cover(t.span, time ? time.span : atom.span) };
    }
    if (!TERM_STARTS.has(t.kind)) this.fail(t, 'an atom or a comparison');
    const left = this.term();
    if (!COMPARE_OPS.has(this.tok.kind)) this.fail(this.tok, 'a comparison operator');
    const op = this.advance().kind as CompareOp;
    const right = this.term();
    return { kind: 'compare', op, left, right, span: cover(left.span, right.span) };
  }

  /** `count<…>` where a body item starts: a (misplaced) aggregate term, not a relation. */
  private atAggregate(): boolean {
    if (!AGGREGATES.has(this.tok.text)) return false;
    this.peeked ??= this.lexer.next();
    return this.peeked.kind === '<';
  }

  private relationName(): Token {
    if (!this.is('ident')) this.fail(this.tok, 'a relation name');
    return this.advance();
  }

  private atomAfterName(name: Token): Atom {
    this.expect('(');
    if (this.is(')')) {
      this.failAt(this.tok.span, `relation '${name.text}' needs at least one argument (the location)`);
    }
    const args: Term[] = [this.term()];
    while (this.is(',')) {
      this.advance();
      args.push(this.term());
    }
    if (!this.is(')')) this.fail(this.tok, "',' or ')'");
    const end = this.advance();
    return { relation: name.text, relationSpan: name.span, args, span: cover(name.span, end.span) };
  }

  private timeAnnotation(): TimeAnnotation {
    const at = this.advance();
    const t = this.tok;
    if (t.kind === 'ident' && (t.text === 'next' || t.text === 'async')) {
      this.advance();
      return { kind: t.text, span: cover(at.span, t.span) };
    }
    if (t.kind === 'int') {
      this.advance();
      return { kind: 'at', time: t.value as number, span: cover(at.span, t.span) };
    }
    return this.fail(t, "'next', 'async' or a time after '@'");
  }

  // Terms: additive := multiplicative (('+'|'-') multiplicative)*, multiplicative := unary (('*'|'/') unary)*.

  private term(): Term {
    if (++this.depth > MAX_DEPTH) this.failAt(this.tok.span, 'expression nested too deeply');
    let left = this.product();
    while (this.is('+') || this.is('-')) {
      const op = this.advance().kind as ArithOp;
      const right = this.product();
      left = { kind: 'arith', op, left, right, span: cover(left.span, right.span) };
    }
    this.depth--;
    return left;
  }

  private product(): Term {
    let left = this.unary();
    while (this.is('*') || this.is('/')) {
      const op = this.advance().kind as ArithOp;
      const right = this.unary();
      left = { kind: 'arith', op, left, right, span: cover(left.span, right.span) };
    }
    return left;
  }

  /** `-3` is the constant -3; `-X` means `0 - X`. */
  private unary(): Term {
    if (!this.is('-')) return this.primary();
    const minus = this.advance();
    if (++this.depth > MAX_DEPTH) this.failAt(minus.span, 'expression nested too deeply');
    const operand = this.unary();
    this.depth--;
    const span = cover(minus.span, operand.span);
    if (operand.kind === 'const' && typeof operand.value === 'number') {
      return { kind: 'const', value: 0 - operand.value, span };
    }
    return { kind: 'arith', op: '-', left: { kind: 'const', value: 0, span: minus.span }, right: operand, span };
  }

  private primary(): Term {
    const t = this.tok;
    switch (t.kind) {
      case 'var':
        this.advance();
        return { kind: 'var', name: t.text, span: t.span };
      case 'wildcard':
        this.advance();
        return { kind: 'wildcard', span: t.span };
      case 'int':
      case 'string':
        this.advance();
        return { kind: 'const', value: t.value, span: t.span };
      case '(': {
        this.advance();
        const inner = this.term();
        const close = this.expect(')');
        // The parentheses belong to the term, so an enclosing `(A + B) * C` covers its `(`.
        return { ...inner, span: cover(t.span, close.span) };
      }
      case 'ident':
        if (AGGREGATES.has(t.text)) {
          this.advance();
          if (this.is('<')) return this.aggregate(t);
          this.fail(this.tok, `'<' after '${t.text}'`);
        }
        return this.failAt(
          t.span,
          `expected a term but found '${t.text}' (variables start with an uppercase letter; strings are quoted)`,
        );
      default:
        return this.fail(t, 'a term');
    }
  }

  private aggregate(fn: Token): Term {
    this.advance(); // '<'
    const arg = this.term();
    const end = this.expect('>');
    return { kind: 'aggregate', fn: fn.text as AggregateFn, arg, span: cover(fn.span, end.span) };
  }

  /** A method, not a field test, so TypeScript does not narrow `tok` across `advance()`. */
  private is(kind: TokenKind): boolean {
    return this.tok.kind === kind;
  }

  private advance(): Token {
    const t = this.tok;
    this.previous = t;
    if (this.peeked) {
      this.tok = this.peeked;
      this.peeked = null;
    } else {
      this.tok = this.lexer.next();
    }
    return t;
  }

  private expect(kind: TokenKind): Token {
    if (this.tok.kind !== kind) this.fail(this.tok, `'${kind}'`);
    return this.advance();
  }

  /** `expected <what> but found <token>`; a lexical error token reports its own message instead. */
  private fail(found: Token, what: string): never {
    if (found.kind === 'error') this.failAt(found.span, found.text);
    // A clause that runs on into the next line most likely lacks its ';': point where it belongs.
    const p = this.previous?.span;
    if (what.includes("';'") && p && found.kind !== 'eof' && found.span.line > p.endLine) {
      return this.failAt({ ...p, line: p.endLine, col: p.endCol, endCol: p.endCol + 1 }, `expected ${what} but found ${describe(found)} on line ${found.span.line}`);
    }
    return this.failAt(found.span, `expected ${what} but found ${describe(found)}`);
  }

  private failAt(at: Span, message: string): never {
    if (this.tok.kind !== 'eof' || at !== this.tok.span) throw new SyntaxFailure(error(at, message), false);
    const p = this.previous?.span;
    const end = p ? { ...p, col: p.endCol, endCol: p.endCol + 1 } : at;
    throw new SyntaxFailure(error(end, message), this.lexer.diagnostics.length > 0);
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  const text = t.text.length > 30 ? t.text.slice(0, 30) + '…' : t.text;
  return `'${text}'`;
}
