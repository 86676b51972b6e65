import type { Span } from './span.js';
import { compareSpans } from './span.js';

export type Severity = 'error' | 'warning';

export interface Related {
  readonly message: string;
  readonly span: Span;
}

/** One finding about the user's input, located in a source file. Stages return these; they never throw them. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** Secondary locations, e.g. the negation on a cycle. */
  readonly related?: readonly Related[];
}

export function error(span: Span, message: string, related?: readonly Related[]): Diagnostic {
  return related ? { severity: 'error', message, span, related } : { severity: 'error', message, span };
}

export function warning(span: Span, message: string, related?: readonly Related[]): Diagnostic {
  return related ? { severity: 'warning', message, span, related } : { severity: 'warning', message, span };
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => compareSpans(a.span, b.span) || a.message.localeCompare(b.message));
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/**
 * `file:line:col: severity: message`, then the source line and a caret under the span.
 * `sources` maps a file path to its text; a file we cannot show gets the header line only.
 */
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>, lines: LineIndex = new LineIndex()): string {
  const out = [`${escapeControls(d.span.file)}:${d.span.line}:${d.span.col}: ${d.severity}: ${escapeControls(d.message)}`];
  for (const l of excerpt(d.span, sources, lines)) out.push(l);
  for (const r of d.related ?? []) {
    out.push(`${escapeControls(r.span.file)}:${r.span.line}:${r.span.col}: note: ${escapeControls(r.message)}`);
    for (const l of excerpt(r.span, sources, lines)) out.push(l);
  }
  return out.join('\n') + '\n';
}

export function renderDiagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  // One line index per file for the whole batch: 50,000 errors must not rescan the file 50,000 times.
  const lines = new LineIndex();
  return sortDiagnostics(ds)
    .map((d) => renderDiagnostic(d, sources, lines))
    .join('');
}

/** Offsets where each line starts; a line ends at LF, CRLF or a lone CR, as the lexer counts lines. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** Line start offsets per source text, computed once. */
export class LineIndex {
  private readonly byText = new Map<string, number[]>();

  line(text: string, line: number): string | undefined {
    let starts = this.byText.get(text);
    if (starts === undefined) {
      starts = lineStarts(text);
      this.byText.set(text, starts);
    }
    if (line < 1 || line > starts.length) return undefined;
    // A byte-order mark is not part of line 1: columns are counted after it, as the lexer does.
    const start = starts[line - 1]! + (line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0);
    let end = line < starts.length ? starts[line]! : text.length;
    while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    return text.slice(start, end);
  }
}

/** How a character is shown in an excerpt: control and direction-changing characters as `\uXXXX`, so the terminal shows what the file holds. */
function shown(cp: number, ch: string): string {
  if (cp === 9) return ch;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0x2028 || cp === 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
    return '\\u' + cp.toString(16).padStart(4, '0');
  }
  return ch;
}

/** Text for a terminal: messages quote the user's names and paths, which may hold any character. */
export function escapeControls(text: string): string {
  let out = '';
  for (const ch of text) out += ch === '\n' ? ch : shown(ch.codePointAt(0)!, ch);
  return out;
}

/** The widest excerpt shown; a longer line is cut to a window around the span. */
const MAX_EXCERPT = 200;

function excerpt(s: Span, sources: ReadonlyMap<string, string>, lines: LineIndex): string[] {
  const text = sources.get(s.file);
  if (text === undefined) return [];
  const line = lines.line(text, s.line);
  if (line === undefined) return [];
  // Cells: one per code point, with the column (1-based code unit) it starts at.
  const cells: { col: number; text: string }[] = [];
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    cells.push({ col: i + 1, text: shown(cp, ch) });
    i += ch.length;
  }
  const endCol = s.endLine === s.line ? Math.max(s.endCol, s.col + 1) : line.length + 1;
  let first = cells.findIndex((c) => c.col >= s.col);
  if (first < 0) first = cells.length; // just past the end of the line
  let last = first;
  while (last < cells.length && cells[last]!.col < endCol) last++;
  // The window: everything if it fits, else from a little before the span, MAX_EXCERPT wide.
  let from = 0;
  let width = 0;
  for (const c of cells) width += c.text.length;
  if (width > MAX_EXCERPT) {
    let before = 0;
    from = first;
    while (from > 0 && before + cells[from - 1]!.text.length <= 60) before += cells[--from]!.text.length;
  }
  let to = from;
  let used = 0;
  while (to < cells.length && used + cells[to]!.text.length <= MAX_EXCERPT) used += cells[to++]!.text.length;
  const lead = from > 0 ? '…' : '';
  const tail = to < cells.length ? '…' : '';
  let body = '';
  let pad = lead ? ' ' : '';
  let caret = 0;
  for (let i = from; i < to; i++) {
    const c = cells[i]!;
    body += c.text;
    if (i < first) pad += c.text === '\t' ? '\t' : ' '.repeat(c.text.length);
    else if (i < last) caret += c.text.length;
  }
  return [`  ${lead}${body}${tail}`, `  ${pad}${'^'.repeat(Math.max(1, caret))}`];
}
