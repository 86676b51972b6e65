/**
 * Loading a program: read the entry files, parse them, expand `include`s in place. A file is known
 * by its absolute path, so one reached twice (two includes, or an include and the command line) is
 * loaded once, where it is first reached. Spans name files by the path as given or as resolved
 * from the including file, which is what a user recognises in a message.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import type { Clause, Program, SourceFile } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { error, sortDiagnostics } from './diagnostic.js';
import { parseSource } from './parse.js';
import { span } from './span.js';

export interface LoadResult {
  program: Program;
  diagnostics: Diagnostic[];
  /** File path (as used in spans) → text, for rendering diagnostics. Unreadable or binary files have no entry. */
  sources: Map<string, string>;
}

/** The default reader: the file's UTF-8 text, or null when it is missing or unreadable. */
export function readTextFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

type IncludeClause = Extract<Clause, { kind: 'include' }>;

export function loadProgram(
  paths: readonly string[],
  read: (path: string) => string | null = readTextFile,
): LoadResult {
  const clauses: Clause[] = [];
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const loaded = new Set<string>();
  /** The chain of files being loaded (display paths and their keys), to name an include cycle. */
  const stack: { readonly path: string; readonly key: string }[] = [];

  /** Parse one readable file and splice its clauses (recursively its includes) into `clauses`. */
  const loadText = (path: string, key: string, text: string, via: IncludeClause | null): void => {
    loaded.add(key);
    // A problem with a whole included file also points at the include that brought it in.
    const related = via ? [{ message: 'included here', span: via.span }] : undefined;
    if (text.includes('\0') || text.includes('\uFFFD')) {
      diagnostics.push(error(span(path, 1, 1), 'file is not a text file', related));
      return;
    }
    sources.set(path, text);
    files.push({ path, text });
    const parsed = parseSource(path, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.clauses.length === 0 && parsed.diagnostics.length === 0) {
      diagnostics.push(error(span(path, 1, 1), 'file contains no clauses', related));
    }
    stack.push({ path, key });
    for (const clause of parsed.clauses) {
      clauses.push(clause);
      if (clause.kind === 'include') include(path, clause);
    }
    stack.pop();
  };

  const include = (includer: string, clause: IncludeClause): void => {
    const path = isAbsolute(clause.path) ? normalize(clause.path) : join(dirname(includer), clause.path);
    const key = resolve(path);
    const onStack = stack.findIndex((f) => f.key === key);
    if (onStack >= 0) {
      const chain = [...stack.slice(onStack).map((f) => f.path), path].join(' → ');
      diagnostics.push(error(clause.span, `include cycle: ${chain}`));
      return;
    }
    if (loaded.has(key)) return;
    const text = read(path);
    if (text === null) {
      diagnostics.push(error(clause.span, `cannot find included file '${clause.path}'`));
      return;
    }
    loadText(path, key, text, clause);
  };

  for (const path of paths) {
    const key = resolve(path);
    if (loaded.has(key)) continue;
    const text = read(path);
    if (text === null) {
      loaded.add(key);
      diagnostics.push(error(span(path, 1, 1), `cannot read file '${path}'`));
      continue;
    }
    loadText(path, key, text, null);
  }

  return { program: { clauses, files }, diagnostics: sortDiagnostics(diagnostics), sources };
}
