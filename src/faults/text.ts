/**
 * Fault sets: the canonical order every consumer relies on, the text form that
 * `--faults` accepts and every output prints, and its parser.
 */
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import { span } from '../syntax/span.js';
import type { Crash, Fault, FaultSet, Omission } from './types.js';
import { compareStrings } from '../terms/values.js';

/** Spans of `--faults` diagnostics name this pseudo-file; render them with the option text as its source. */
export const FAULTS_FILE = '--faults';

export function omit(from: string, to: string, time: number): Omission {
  return { kind: 'omit', from, to, time };
}

export function crash(node: string, time: number): Crash {
  return { kind: 'crash', node, time };
}

function compareFaults(a: Fault, b: Fault): number {
  if (a.kind !== b.kind) return a.kind === 'omit' ? -1 : 1;
  if (a.kind === 'omit' && b.kind === 'omit') {
    return a.time - b.time || compareStrings(a.from, b.from) || compareStrings(a.to, b.to);
  }
  const x = a as Crash;
  const y = b as Crash;
  return compareStrings(x.node, y.node) || x.time - y.time;
}

/** Omissions by time, from, to; then crashes by node; duplicates removed. */
export function canonicalFaults(faults: readonly Fault[]): FaultSet {
  const sorted = [...faults].sort(compareFaults);
  const out: Fault[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || compareFaults(last, f) !== 0) out.push(f);
  }
  return out;
}

const BARE_NAME = /^[A-Za-z0-9_.\-]+$/;

/** A node as `--nodes` and `--faults` take it: bare, or a JSON string (which also escapes control characters for the terminal). */
export function formatName(n: string): string {
  return BARE_NAME.test(n) ? n : JSON.stringify(n);
}

/** `a,b,"x,y"`: a node list as `--nodes` takes it. */
export function formatNodes(nodes: readonly string[], separator = ','): string {
  return nodes.map(formatName).join(separator);
}

/** `omit(a,b,1)` or `crash(c,2)`: the text form of one fault, also a key for sets of faults. */
export function faultKey(f: Fault): string {
  return f.kind === 'omit' ? `omit(${formatName(f.from)},${formatName(f.to)},${f.time})` : `crash(${formatName(f.node)},${f.time})`;
}

/** `omit(a,b,1) crash(c,2)`, exactly what `--faults` accepts; "" for no faults. */
export function formatFaults(f: FaultSet): string {
  return f.map(faultKey).join(' ');
}

interface Token {
  readonly text: string;
  /** 0-based offset in the option text. */
  readonly at: number;
}

class FaultSyntaxError {
  constructor(
    readonly at: number,
    readonly length: number,
    readonly message: string,
  ) {}
}

/**
 * Faults separated by spaces, commas or semicolons: `omit(a,b,1) crash(c,2)`. Node names are bare
 * (`a`, `node-1`) or quoted (`"C"`). Every problem is a diagnostic located in the option text.
 */
export function parseFaults(text: string, nodes: readonly string[], eot: number): { faults: FaultSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number, length: number): ReturnType<typeof span> => span(FAULTS_FILE, 1, offset + 1, 1, offset + 1 + Math.max(1, length));
  const known = new Set(nodes);
  const faults: Fault[] = [];
  const crashAt = new Map<string, { time: number; at: number; length: number }>();
  let pos = 0;

  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const expect = (ch: string, what: string): void => {
    skipSpace();
    if (text[pos] !== ch) throw new FaultSyntaxError(pos, 1, `expected ${what}, found ${describe(text, pos)}`);
    pos++;
  };
  const name = (): Token => {
    skipSpace();
    const start = pos;
    if (text[pos] === '"') {
      pos++;
      while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
      if (pos >= text.length) throw new FaultSyntaxError(start, text.length - start, 'unterminated quoted node name');
      pos++;
      let value: unknown;
      try {
        value = JSON.parse(text.slice(start, pos));
      } catch {
        throw new FaultSyntaxError(start, pos - start, 'malformed quoted node name');
      }
      return { text: String(value), at: start };
    }
    while (pos < text.length && /[A-Za-z0-9_.\-]/.test(text[pos]!)) pos++;
    if (pos === start) throw new FaultSyntaxError(pos, 1, `expected a node name, found ${describe(text, pos)}`);
    return { text: text.slice(start, pos), at: start };
  };
  const time = (): { value: number; at: number; length: number } => {
    skipSpace();
    const m = /^-?[0-9]+/.exec(text.slice(pos));
    if (!m) throw new FaultSyntaxError(pos, 1, `expected a time (an integer), found ${describe(text, pos)}`);
    const start = pos;
    pos += m[0].length;
    return { value: Number(m[0]), at: start, length: m[0].length };
  };
  const checkNode = (n: Token, length: number): boolean => {
    if (known.has(n.text)) return true;
    const list = nodes.length > 0 ? nodes.map(formatName).join(', ') : 'none';
    diagnostics.push(error(at(n.at, length), `unknown node ${JSON.stringify(n.text)} (nodes: ${list})`));
    return false;
  };
  const checkTime = (t: { value: number; at: number; length: number }): boolean => {
    if (t.value >= 1 && t.value <= eot) return true;
    diagnostics.push(error(at(t.at, t.length), `time ${t.value} is outside 1..${eot} (EOT)`));
    return false;
  };

  for (;;) {
    while (pos < text.length && /[\s,;]/.test(text[pos]!)) pos++;
    if (pos >= text.length) break;
    const start = pos;
    try {
      const word = /^[A-Za-z]+/.exec(text.slice(pos))?.[0] ?? '';
      if (word !== 'omit' && word !== 'crash') {
        throw new FaultSyntaxError(pos, Math.max(1, word.length), `expected omit(from,to,time) or crash(node,time), found ${describe(text, pos)}`);
      }
      pos += word.length;
      expect('(', '"("');
      if (word === 'omit') {
        const from = name();
        const fromLen = pos - from.at;
        expect(',', '","');
        const to = name();
        const toLen = pos - to.at;
        expect(',', '","');
        const t = time();
        expect(')', '")"');
        const ok = [checkNode(from, fromLen), checkNode(to, toLen), checkTime(t)].every(Boolean);
        if (ok && from.text === to.text) {
          diagnostics.push(error(at(start, pos - start), `${text.slice(start, pos)}: a node's messages to itself are never lost; omit needs two different nodes`));
        } else if (ok) {
          faults.push(omit(from.text, to.text, t.value));
        }
      } else {
        const node = name();
        const nodeLen = pos - node.at;
        expect(',', '","');
        const t = time();
        expect(')', '")"');
        const ok = [checkNode(node, nodeLen), checkTime(t)].every(Boolean);
        const before = crashAt.get(node.text);
        if (ok && before !== undefined && before.time !== t.value) {
          diagnostics.push(
            error(at(start, pos - start), `node ${JSON.stringify(node.text)} crashes twice (at ${before.time} and ${t.value}); a node crashes at most once`, [
              { message: 'first crash here', span: at(before.at, before.length) },
            ]),
          );
        } else if (ok) {
          if (before === undefined) crashAt.set(node.text, { time: t.value, at: start, length: pos - start });
          faults.push(crash(node.text, t.value));
        }
      }
    } catch (e) {
      if (!(e instanceof FaultSyntaxError)) throw e;
      diagnostics.push(error(at(e.at, e.length), e.message));
      // Resume after the broken fault so later ones are still checked.
      const close = text.indexOf(')', Math.max(e.at, start));
      pos = close < 0 ? text.length : close + 1;
    }
  }
  return { faults: canonicalFaults(faults), diagnostics };
}

function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'end of text';
  return JSON.stringify(text[pos]);
}
