/** A region of a source file. Lines and columns are 1-based; `end*` is exclusive. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

export function span(file: string, line: number, col: number, endLine = line, endCol = col + 1): Span {
  return { file, line, col, endLine, endCol };
}

/** The smallest span that covers both `a` and `b` (same file assumed). */
export function cover(a: Span, b: Span): Span {
  const startsFirst = a.line < b.line || (a.line === b.line && a.col <= b.col);
  const endsLast = a.endLine > b.endLine || (a.endLine === b.endLine && a.endCol >= b.endCol);
  const start = startsFirst ? a : b;
  const end = endsLast ? a : b;
  return { file: a.file, line: start.line, col: start.col, endLine: end.endLine, endCol: end.endCol };
}

export function compareSpans(a: Span, b: Span): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}
