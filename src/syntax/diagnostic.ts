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
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>): string {
  const out = [`${d.span.file}:${d.span.line}:${d.span.col}: ${d.severity}: ${d.message}`];
  out.push(...excerpt(d.span, sources));
  for (const r of d.related ?? []) {
    out.push(`${r.span.file}:${r.span.line}:${r.span.col}: note: ${r.message}`);
    out.push(...excerpt(r.span, sources));
  }
  return out.join('\n') + '\n';
}

export function renderDiagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  return sortDiagnostics(ds)
    .map((d) => renderDiagnostic(d, sources))
    .join('');
}

function excerpt(s: Span, sources: ReadonlyMap<string, string>): string[] {
  const text = sources.get(s.file);
  if (text === undefined) return [];
  const line = lineAt(text, s.line);
  if (line === undefined) return [];
  const shown = line.length > 200 ? line.slice(0, 200) + '…' : line;
  const width = s.endLine === s.line ? Math.max(1, Math.min(s.endCol, shown.length + 1) - s.col) : 1;
  const pad = shown.slice(0, s.col - 1).replace(/[^\t]/g, ' ');
  return [`  ${shown}`, `  ${pad}${'^'.repeat(width)}`];
}

function lineAt(text: string, line: number): string | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  return text.slice(start, nl < 0 ? text.length : nl).replace(/\r$/, '');
}
