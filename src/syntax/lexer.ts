/**
 * The Dedalus lexer: a pull scanner over the source text (one token at a time, nothing buffered),
 * so a 10 MB file of facts costs no token array. A charCodeAt loop, no regex per character.
 * Lexical errors become `error` tokens carrying their message; the parser reports them where it
 * meets them, so they take part in its per-clause recovery. The one error the parser cannot see
 * (an unterminated block comment, which swallows the rest of the file) is reported here.
 */
import type { Diagnostic } from './diagnostic.js';
import { error } from './diagnostic.js';
import type { Span } from './span.js';

export type TokenKind =
  | 'ident' // lowercase start: relation names, keywords (`notin`, `include`, `next`, aggregates)
  | 'var' // uppercase start
  | 'wildcard' // `_` or any name starting with `_`
  | 'int'
  | 'string'
  | '(' | ')' | ',' | ';' | ':-' | '@' | '<' | '>' | '<=' | '>=' | '==' | '!='
  | '+' | '-' | '*' | '/'
  | 'error'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (for `error`: the message). */
  readonly text: string;
  /** Decoded value of an `int` or `string` token. */
  readonly value: string | number;
  readonly span: Span;
}

const C_TAB = 9, C_LF = 10, C_CR = 13, C_SPACE = 32, C_BANG = 33, C_QUOTE = 34, C_LPAREN = 40;
const C_RPAREN = 41, C_STAR = 42, C_PLUS = 43, C_COMMA = 44, C_MINUS = 45, C_SLASH = 47;
const C_0 = 48, C_9 = 57, C_COLON = 58, C_SEMI = 59, C_LT = 60, C_EQ = 61, C_GT = 62, C_AT = 64;
const C_A = 65, C_Z = 90, C_BACKSLASH = 92, C_UNDERSCORE = 95, C_a = 97, C_z = 122, C_BOM = 0xfeff;

function isIdentChar(c: number): boolean {
  return (c >= C_a && c <= C_z) || (c >= C_A && c <= C_Z) || (c >= C_0 && c <= C_9) || c === C_UNDERSCORE;
}

/** A character as shown in a message: printable ones as-is, others as a `\uXXXX` escape. */
export function showChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) return '\\u' + c.toString(16).padStart(4, '0');
  return ch;
}

export class Lexer {
  private pos = 0;
  private line = 1;
  /** Offset of the first character of the current line: col = pos - lineStart + 1. */
  private lineStart = 0;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {
    if (text.charCodeAt(0) === C_BOM) {
      this.pos = 1;
      this.lineStart = 1;
    }
  }

  next(): Token {
    this.skipTrivia();
    const text = this.text;
    const start = this.pos;
    const col = start - this.lineStart + 1;
    if (start >= text.length) return this.token('eof', '', '', col, col);
    const c = text.charCodeAt(start);

    if ((c >= C_a && c <= C_z) || (c >= C_A && c <= C_Z) || c === C_UNDERSCORE) {
      let p = start + 1;
      while (p < text.length && isIdentChar(text.charCodeAt(p))) p++;
      this.pos = p;
      const word = text.slice(start, p);
      const kind: TokenKind = c === C_UNDERSCORE ? 'wildcard' : c <= C_Z ? 'var' : 'ident';
      return this.token(kind, word, word, col, col + (p - start));
    }
    if (c >= C_0 && c <= C_9) return this.number(start, col);
    if (c === C_QUOTE) return this.string(start, col);

    const c2 = start + 1 < text.length ? text.charCodeAt(start + 1) : -1;
    switch (c) {
      case C_LPAREN: return this.punct('(', 1, col);
      case C_RPAREN: return this.punct(')', 1, col);
      case C_COMMA: return this.punct(',', 1, col);
      case C_SEMI: return this.punct(';', 1, col);
      case C_AT: return this.punct('@', 1, col);
      case C_PLUS: return this.punct('+', 1, col);
      case C_MINUS: return this.punct('-', 1, col);
      case C_STAR: return this.punct('*', 1, col);
      case C_SLASH: return this.punct('/', 1, col);
      case C_LT: return c2 === C_EQ ? this.punct('<=', 2, col) : this.punct('<', 1, col);
      case C_GT: return c2 === C_EQ ? this.punct('>=', 2, col) : this.punct('>', 1, col);
      case C_EQ:
        if (c2 === C_EQ) return this.punct('==', 2, col);
        return this.fail(1, col, "unexpected character '='; did you mean '=='?");
      case C_BANG:
        if (c2 === C_EQ) return this.punct('!=', 2, col);
        return this.fail(1, col, "unexpected character '!'; did you mean '!='?");
      case C_COLON:
        if (c2 === C_MINUS) return this.punct(':-', 2, col);
        return this.fail(1, col, "unexpected character ':'; did you mean ':-'?");
    }
    // One whole code point, so a non-BMP character is shown (and skipped) as itself.
    const cp = text.codePointAt(start) ?? c;
    const ch = String.fromCodePoint(cp);
    return this.fail(ch.length, col, `unexpected character '${showChar(ch)}'`);
  }

  private token(kind: TokenKind, text: string, value: string | number, col: number, endCol: number): Token {
    return { kind, text, value, span: { file: this.file, line: this.line, col, endLine: this.line, endCol } };
  }

  private punct(kind: TokenKind, length: number, col: number): Token {
    this.pos += length;
    return this.token(kind, kind, kind, col, col + length);
  }

  private fail(length: number, col: number, message: string): Token {
    this.pos += length;
    return this.token('error', message, '', col, col + length);
  }

  private number(start: number, col: number): Token {
    const text = this.text;
    let p = start;
    while (p < text.length && text.charCodeAt(p) >= C_0 && text.charCodeAt(p) <= C_9) p++;
    this.pos = p;
    const digits = text.slice(start, p);
    const value = Number(digits);
    if (!Number.isSafeInteger(value)) {
      return this.token('error', `integer literal '${digits}' is too large`, '', col, col + (p - start));
    }
    return this.token('int', digits, value, col, col + (p - start));
  }

  /** A string ends at its closing quote; a line break or the end of the file before it is an error. */
  private string(start: number, col: number): Token {
    const text = this.text;
    let p = start + 1;
    let value = '';
    let chunk = p;
    let badEscape: string | null = null;
    let badEscapeCol = 0;
    for (;;) {
      if (p >= text.length || text.charCodeAt(p) === C_LF || text.charCodeAt(p) === C_CR) {
        this.pos = p;
        return this.token('error', 'unterminated string', '', col, col + 1);
      }
      const c = text.charCodeAt(p);
      if (c === C_QUOTE) break;
      if (c !== C_BACKSLASH) {
        p++;
        continue;
      }
      value += text.slice(chunk, p);
      const e = p + 1 < text.length ? text[p + 1] : '';
      let decoded: string | null = ESCAPES[e] ?? null;
      let length = 2;
      if (e === 'u') {
        const hex = text.slice(p + 2, p + 6);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          decoded = String.fromCharCode(parseInt(hex, 16));
          length = 6;
        }
      }
      if (decoded === null) {
        if (e === '' || e === '\n' || e === '\r') {
          p++;
          chunk = p;
          continue; // the loop top reports the unterminated string
        }
        if (badEscape === null) {
          badEscape = e === 'u' ? '\\u' : '\\' + showChar(e);
          badEscapeCol = p - this.lineStart + 1;
        }
        decoded = '';
      }
      value += decoded;
      p += length;
      chunk = p;
    }
    value += text.slice(chunk, p);
    p++;
    this.pos = p;
    const raw = text.slice(start, p);
    if (badEscape !== null) {
      const message = badEscape === '\\u' ? "'\\u' must be followed by four hex digits" : `unknown escape '${badEscape}' in string`;
      return this.token('error', message, '', badEscapeCol, badEscapeCol + 2);
    }
    return this.token('string', raw, value, col, col + (p - start));
  }

  private skipTrivia(): void {
    const text = this.text;
    const n = text.length;
    let p = this.pos;
    for (;;) {
      if (p >= n) break;
      const c = text.charCodeAt(p);
      // A line ends at LF, CRLF or a lone CR (old Mac files), as `lineStarts` counts them.
      if (c === C_LF || (c === C_CR && text.charCodeAt(p + 1) !== C_LF)) {
        p++;
        this.line++;
        this.lineStart = p;
      } else if (c === C_SPACE || c === C_TAB || c === C_CR || c === 0x0c || c === 0x0b) {
        p++;
      } else if (c === C_SLASH && text.charCodeAt(p + 1) === C_SLASH) {
        p += 2;
        while (p < n && text.charCodeAt(p) !== C_LF && text.charCodeAt(p) !== C_CR) p++;
      } else if (c === C_SLASH && text.charCodeAt(p + 1) === C_STAR) {
        const line = this.line;
        const col = p - this.lineStart + 1;
        p += 2;
        let closed = false;
        while (p < n) {
          const d = text.charCodeAt(p);
          if (d === C_STAR && text.charCodeAt(p + 1) === C_SLASH) {
            p += 2;
            closed = true;
            break;
          }
          p++;
          if (d === C_LF || (d === C_CR && text.charCodeAt(p) !== C_LF)) {
            this.line++;
            this.lineStart = p;
          }
        }
        if (!closed) {
          this.diagnostics.push(
            error({ file: this.file, line, col, endLine: line, endCol: col + 2 }, 'unterminated block comment'),
          );
        }
      } else {
        break;
      }
    }
    this.pos = p;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  "'": "'",
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
};
