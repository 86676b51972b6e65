/**
 * A small JSON parser that keeps the position of every key and value, so that a mistake in
 * `ldfi.config.json` is reported as `file:line:col` with a caret, like a mistake in a spec.
 * Strict JSON (RFC 8259): no comments, no trailing commas. Stops at the first syntax error.
 */
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import type { Span } from '../syntax/span.js';

export type JsonNode =
  | { readonly kind: 'object'; readonly span: Span; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly span: Span; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly span: Span; readonly value: string }
  | { readonly kind: 'number'; readonly span: Span; readonly value: number }
  | { readonly kind: 'boolean'; readonly span: Span; readonly value: boolean }
  | { readonly kind: 'null'; readonly span: Span };

export interface JsonMember {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

/** Thrown inside the parser only; `parseJson` turns it into a Diagnostic. */
class JsonSyntaxError extends Error {
  constructor(readonly span: Span, message: string) {
    super(message);
  }
}

/** Sticky, so a number is matched where it stands without copying the rest of the text. */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Objects and arrays nest by recursion; deeper than this is reported, not followed into a stack overflow. */
export const MAX_JSON_DEPTH = 256;

export function parseJson(text: string, file: string): { value: JsonNode | null; diagnostics: Diagnostic[] } {
  // A byte-order mark is not part of the text the user sees: skip it without shifting columns.
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = pos;
  let depth = 0;

  const here = (): { line: number; col: number } => ({ line, col: pos - lineStart + 1 });
  const spanFrom = (start: { line: number; col: number }): Span => ({ file, line: start.line, col: start.col, endLine: line, endCol: pos - lineStart + 1 });
  const fail = (message: string, width = 1): never => {
    const at = here();
    throw new JsonSyntaxError({ file, line: at.line, col: at.col, endLine: at.line, endCol: at.col + width }, message);
  };
  const describe = (): string => (pos >= text.length ? 'end of file' : `\`${text[pos]}\``);

  function skipSpace(): void {
    while (pos < text.length) {
      const c = text[pos];
      if (c === '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c === ' ' || c === '\t' || c === '\r') pos++;
      else break;
    }
  }

  function parseValue(): JsonNode {
    skipSpace();
    const start = here();
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (++depth > MAX_JSON_DEPTH) return fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
      const node = c === '{' ? parseObject() : parseArray();
      depth--;
      return node;
    }
    if (c === '"') return { kind: 'string', value: parseString(), span: spanFrom(start) };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
    for (const [word, node] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        const span = spanFrom(start);
        return node === null ? { kind: 'null', span } : { kind: 'boolean', value: node, span };
      }
    }
    if (c === "'") return fail('strings must be in double quotes');
    return fail(`expected a value, found ${describe()}`);
  }

  function parseObject(): JsonNode {
    const start = here();
    pos++;
    const members: JsonMember[] = [];
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return { kind: 'object', members, span: spanFrom(start) };
    }
    for (;;) {
      skipSpace();
      if (text[pos] !== '"') return fail(text[pos] === '}' ? 'trailing comma before `}`' : `expected a key in double quotes, found ${describe()}`);
      const keyStart = here();
      const key = parseString();
      const keySpan = spanFrom(keyStart);
      skipSpace();
      if (text[pos] !== ':') return fail(`expected \`:\` after the key "${key}", found ${describe()}`);
      pos++;
      members.push({ key, keySpan, value: parseValue() });
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] === '}') {
        pos++;
        return { kind: 'object', members, span: spanFrom(start) };
      } else return fail(`expected \`,\` or \`}\`, found ${describe()}`);
    }
  }

  function parseArray(): JsonNode {
    const start = here();
    pos++;
    const items: JsonNode[] = [];
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return { kind: 'array', items, span: spanFrom(start) };
    }
    for (;;) {
      skipSpace();
      if (text[pos] === ']') return fail('trailing comma before `]`');
      items.push(parseValue());
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items, span: spanFrom(start) };
      } else return fail(`expected \`,\` or \`]\`, found ${describe()}`);
    }
  }

  function parseString(): string {
    const open = here();
    pos++;
    let out = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined || c === '\n') {
        throw new JsonSyntaxError({ file, line: open.line, col: open.col, endLine: open.line, endCol: open.col + 1 }, 'unterminated string (a string ends on the line it starts)');
      }
      if (c === '"') {
        pos++;
        return out;
      }
      if (c < ' ') return fail('control character in a string (write it as an escape, e.g. \\t)');
      if (c !== '\\') {
        out += c;
        pos++;
        continue;
      }
      const e = text[pos + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        pos += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
        out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else return fail(`invalid escape in a string`, 2);
    }
  }

  function parseNumber(): JsonNode {
    const start = here();
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail(`expected a number, found ${describe()}`);
    pos += m[0].length;
    if (/[\w.]/.test(text[pos] ?? '')) return fail(`invalid number`);
    return { kind: 'number', value: Number(m[0]), span: spanFrom(start) };
  }

  try {
    const value = parseValue();
    skipSpace();
    if (pos < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return { value, diagnostics: [] };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { value: null, diagnostics: [error(e.span, e.message)] };
    throw e;
  }
}
