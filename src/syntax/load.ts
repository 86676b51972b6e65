/**
 * Loading a program: read the entry files, parse them, expand `include`s in place.
 *
 * An include is looked up as Molly does, in this order: (a) relative to the including file,
 * (b) relative to the directory of the first file given (a library file in `util/` that says
 * `include "util/timeout_svc.ded";` is meant to be included from the root), (c) in each
 * directory of the include path (`-I DIR`). The first place that has the file wins; a missing
 * include names every place looked at.
 *
 * A file is known by its real path, so one reached twice (two includes, two symlinks, an include
 * and the command line) is loaded once, where it is first reached, and a folder that links to
 * itself cannot expand without end: it is an include cycle. Spans name files by the path as given
 * or as resolved from the place it was found, which is what a user recognises in a message.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import type { Clause, Program, SourceFile } from './ast.js';
import { confinementRefusal, type Confinement } from './confine.js';
import type { Diagnostic } from './diagnostic.js';
import { error, sortDiagnostics } from './diagnostic.js';
import { parseSource } from './parse.js';
import { notText, readSource, type NotText, type SourceRead } from './read.js';
import { span } from './span.js';

export { readSource, type SourceRead } from './read.js';

export interface LoadResult {
  program: Program;
  diagnostics: Diagnostic[];
  /** File path (as used in spans) → text, for rendering diagnostics. Unreadable or binary files have no entry. */
  sources: Map<string, string>;
  /** The real path of every file read, entry files and includes: what no output may overwrite. */
  inputs: string[];
}

export interface LoadOptions {
  /** Directories searched for an include after the including file's and the first file's directories. */
  readonly includePath?: readonly string[];
  /** Reads a file; tests give an in-memory one. Default: `readSource`. */
  readonly read?: (path: string) => SourceRead;
  /** Folders every included file must lie in (absent: anywhere); a file elsewhere is refused unread. */
  readonly confine?: Confinement;
}

/** A reader returning the text or null (missing); files are then known by their absolute path. */
export type TextReader = (path: string) => string | null;

/** Reads a file as UTF-8 text, or null when it is missing or unreadable (for tests and simple hooks). */
export function readTextFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function fromTextReader(read: TextReader): (path: string) => SourceRead {
  // Two spellings of one absolute path are one file, read once.
  const byKey = new Map<string, SourceRead>();
  return (path) => {
    const key = resolve(path);
    const known = byKey.get(key);
    if (known) return known;
    const text = read(path);
    const got: SourceRead = text === null ? { kind: 'missing' } : text.includes('\0') ? { kind: 'refused', reason: 'not a text file', at: notText(new TextEncoder().encode(text)) } : { kind: 'text', text, key };
    byKey.set(key, got);
    return got;
  };
}

type IncludeClause = Extract<Clause, { kind: 'include' }>;

export function loadProgram(paths: readonly string[], options: LoadOptions | TextReader = {}): LoadResult {
  const opts: LoadOptions = typeof options === 'function' ? { read: fromTextReader(options) } : options;
  const read = opts.read ?? readSource;
  const includePath = opts.includePath ?? [];
  const clauses: Clause[] = [];
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const inputs: string[] = [];
  const loaded = new Set<string>();
  /** The chain of files being loaded (display paths and their keys), to name an include cycle. */
  const stack: { readonly path: string; readonly key: string }[] = [];
  const firstDir = paths.length > 0 ? dirname(paths[0]!) : '.';

  /**
   * Parse one readable file and splice its clauses into `clauses`, expanding its includes in
   * place. Iterative over the include chain (an explicit stack of open files), so a chain of
   * thousands of includes needs no call stack.
   */
  const loadText = (path: string, key: string, text: string, via: IncludeClause | null): void => {
    type Open = { readonly path: string; readonly clauses: readonly Clause[]; next: number };
    const open: Open[] = [];
    const enter = (p: string, k: string, t: string, v: IncludeClause | null): void => {
      loaded.add(k);
      inputs.push(k);
      sources.set(p, t);
      files.push({ path: p, text: t });
      const parsed = parseSource(p, t);
      for (const d of parsed.diagnostics) diagnostics.push(d);
      if (parsed.clauses.length === 0 && parsed.diagnostics.length === 0) {
        // A problem with a whole included file also points at the include that brought it in.
        diagnostics.push(error(span(p, 1, 1), 'file contains no clauses', v ? [{ message: 'included here', span: v.span }] : undefined));
      }
      stack.push({ path: p, key: k });
      open.push({ path: p, clauses: parsed.clauses, next: 0 });
    };
    enter(path, key, text, via);
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      if (top.next >= top.clauses.length) {
        open.pop();
        stack.pop();
        continue;
      }
      const clause = top.clauses[top.next++]!;
      clauses.push(clause);
      if (clause.kind !== 'include') continue;
      const found = locate(top.path, clause);
      if (found) enter(found.path, found.key, found.text, clause);
    }
  };

  /** Where an include's file is, or null after reporting why it is not loaded (missing, cycle, refused, or loaded already). */
  const locate = (includer: string, clause: IncludeClause): { path: string; key: string; text: string } | null => {
    const related = [{ message: 'included here', span: clause.span }];
    const looked: string[] = [];
    for (const path of candidates(includer, clause.path)) {
      looked.push(path);
      const refusal = opts.confine ? confinementRefusal(opts.confine, path) : null;
      if (refusal !== null) {
        diagnostics.push(error(clause.span, `cannot include '${clause.path}': ${refusal}`));
        return null;
      }
      const got = read(path);
      if (got.kind === 'missing') continue;
      if (got.kind === 'refused') {
        if (got.reason === 'not a text file') diagnostics.push(notTextError(path, got.at, related));
        else diagnostics.push(error(clause.span, `cannot include '${clause.path}': ${path} is ${got.reason}`));
        return null;
      }
      const onStack = stack.findIndex((f) => f.key === got.key);
      if (onStack >= 0) {
        const chain = [...stack.slice(onStack).map((f) => f.path), path].join(' → ');
        diagnostics.push(error(clause.span, `include cycle: ${chain}`));
        return null;
      }
      if (loaded.has(got.key)) return null;
      return { path, key: got.key, text: got.text };
    }
    diagnostics.push(error(clause.span, `cannot find included file '${clause.path}' (looked for ${looked.join(', ')})`));
    return null;
  };

  const candidates = (includer: string, file: string): string[] => {
    if (isAbsolute(file)) return [normalize(file)];
    const dirs = [dirname(includer), firstDir, ...includePath];
    const out: string[] = [];
    const seen = new Set<string>();
    for (const d of dirs) {
      const p = join(d, file);
      const k = resolve(p);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(p);
    }
    return out;
  };

  for (const path of paths) {
    const got = read(path);
    if (got.kind === 'missing') {
      diagnostics.push(error(span(path, 1, 1), `cannot read file '${path}': no such file`));
      continue;
    }
    if (got.kind === 'refused') {
      if (got.reason === 'not a text file') diagnostics.push(notTextError(path, got.at));
      else diagnostics.push(error(span(path, 1, 1), `cannot read file '${path}': it is ${got.reason}`));
      continue;
    }
    if (loaded.has(got.key)) continue;
    loadText(path, got.key, got.text, null);
  }

  return { program: { clauses, files }, diagnostics: sortDiagnostics(diagnostics), sources, inputs };
}

/** A file that is not text, located at its first bad byte when that is known. */
function notTextError(path: string, at: NotText | undefined, related?: Diagnostic['related']): Diagnostic {
  return error(at ? span(path, at.line, at.col) : span(path, 1, 1), at ? `file is not a text file: ${at.detail}` : 'file is not a text file', related);
}
