import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { loadProgram } from '../../src/syntax/load.js';
import { printClause, printProgram } from '../../src/syntax/print.js';

/** An in-memory file system for the `read` hook; records every read. */
function memory(files: Record<string, string>): { read: (p: string) => string | null; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: (p) => {
      reads.push(p);
      return files[p] ?? null;
    },
  };
}

function messages(r: ReturnType<typeof loadProgram>): string[] {
  return r.diagnostics.map((d) => `${d.span.file}:${d.span.line}:${d.span.col}: ${d.message}`);
}

describe('loadProgram with a read hook', () => {
  it('resolves includes relative to the including file and splices clauses at the include', () => {
    const fs = memory({
      'spec/main.ded': 'include "lib/a.ded";\nmain("x");\n',
      'spec/lib/a.ded': 'include "../common/b.ded";\na("x");\n',
      'spec/common/b.ded': 'b("x");\n',
    });
    const r = loadProgram(['spec/main.ded'], fs.read);
    expect(r.diagnostics).toEqual([]);
    expect(fs.reads).toEqual(['spec/main.ded', 'spec/lib/a.ded', 'spec/common/b.ded']);
    expect(r.program.clauses.map((c) => printClause(c))).toEqual([
      'include "lib/a.ded";',
      'include "../common/b.ded";',
      'b("x");',
      'a("x");',
      'main("x");',
    ]);
    expect(r.program.files.map((f) => f.path)).toEqual(['spec/main.ded', 'spec/lib/a.ded', 'spec/common/b.ded']);
    expect([...r.sources.keys()].sort()).toEqual(['spec/common/b.ded', 'spec/lib/a.ded', 'spec/main.ded']);
    expect(r.sources.get('spec/lib/a.ded')).toBe('include "../common/b.ded";\na("x");\n');
    // Spans name the file each clause came from.
    expect(r.program.clauses.map((c) => c.span.file)).toEqual([
      'spec/main.ded',
      'spec/lib/a.ded',
      'spec/common/b.ded',
      'spec/lib/a.ded',
      'spec/main.ded',
    ]);
  });

  it('loads a file reached twice only once, where it is first reached', () => {
    const fs = memory({
      'm.ded': 'include "l.ded";\ninclude "./r.ded";\nm("x");\n',
      'l.ded': 'include "d.ded";\nl("x");\n',
      'r.ded': 'include "./d.ded";\nr("x");\n',
      'd.ded': 'd("x");\n',
    });
    const r = loadProgram(['m.ded', 'd.ded', './m.ded'], fs.read);
    expect(r.diagnostics).toEqual([]);
    expect(fs.reads.filter((p) => p === 'd.ded')).toHaveLength(1);
    expect(r.program.clauses.filter((c) => c.kind === 'fact').map((c) => printClause(c))).toEqual([
      'd("x");',
      'l("x");',
      'r("x");',
      'm("x");',
    ]);
  });

  it('reports a missing include at the include clause and keeps loading', () => {
    const r = loadProgram(['m.ded'], memory({ 'm.ded': 'ok("a");\n  include "gone.ded";\nok("b");\n' }).read);
    expect(messages(r)).toEqual(["m.ded:2:3: cannot find included file 'gone.ded' (looked for gone.ded)"]);
    expect(r.diagnostics[0]?.span).toMatchObject({ endLine: 2, endCol: 22 });
    expect(r.program.clauses).toHaveLength(3);
  });

  it('reports an include cycle at the include that closes it, naming the chain', () => {
    const fs = memory({
      'a.ded': 'a("x");\ninclude "b.ded";\n',
      'b.ded': 'include "c.ded";\nb("x");\n',
      'c.ded': 'c("x");\ninclude "a.ded";\n',
    });
    const r = loadProgram(['a.ded'], fs.read);
    expect(messages(r)).toEqual(['c.ded:2:1: include cycle: a.ded → b.ded → c.ded → a.ded']);
    expect(r.program.clauses.filter((c) => c.kind === 'fact')).toHaveLength(3);
  });

  it('reports a file including itself', () => {
    const r = loadProgram(['s.ded'], memory({ 's.ded': 'include "./s.ded";\ns("x");\n' }).read);
    expect(messages(r)).toEqual(['s.ded:1:1: include cycle: s.ded → s.ded']);
  });

  it('reports an unreadable entry file at 1:1, without an excerpt', () => {
    const r = loadProgram(['none.ded', 'ok.ded'], memory({ 'ok.ded': 'ok("a");\n' }).read);
    expect(renderDiagnostics(r.diagnostics, r.sources)).toBe("none.ded:1:1: error: cannot read file 'none.ded': no such file\n");
    expect(r.sources.has('none.ded')).toBe(false);
    expect(r.program.clauses).toHaveLength(1);
  });

  it('rejects binary files (NUL bytes) with one error, and accepts a literal U+FFFD', () => {
    const r = loadProgram(
      ['nul.ded', 'fffd.ded'],
      memory({ 'nul.ded': 'p("a");\0\0\0 #### ((((', 'fffd.ded': 'p("\uFFFD");' }).read,
    );
    expect(messages(r)).toEqual(['nul.ded:1:8: file is not a text file: a NUL byte (a binary file?)']);
    expect([...r.sources.keys()]).toEqual(['fffd.ded']);
    expect(r.program.clauses.map((c) => printClause(c))).toEqual(['p("\uFFFD");']);
  });

  it('rejects a file with no clauses, but not a file whose clauses are all broken', () => {
    const r = loadProgram(
      ['empty.ded', 'comments.ded', 'broken.ded'],
      memory({ 'empty.ded': '', 'comments.ded': '// nothing\n/* here */\n', 'broken.ded': 'p(;' }).read,
    );
    expect(messages(r)).toEqual([
      "broken.ded:1:3: expected a term but found ';'",
      'comments.ded:1:1: file contains no clauses',
      'empty.ded:1:1: file contains no clauses',
    ]);
  });

  it('collects syntax errors from every file, sorted', () => {
    const fs = memory({ 'b.ded': 'include "a.ded";\nq(;\n', 'a.ded': 'p(#);\nr(1)\n' });
    const r = loadProgram(['b.ded'], fs.read);
    expect(messages(r)).toEqual([
      "a.ded:1:3: unexpected character '#'",
      "a.ded:2:5: expected '@', ':-' or ';' but found end of file",
      "b.ded:2:3: expected a term but found ';'",
    ]);
  });
});

describe('loadProgram on the file system', () => {
  const root = mkdtempSync(join(tmpdir(), 'ldfi-load-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads real files and resolves includes from the including file', () => {
    mkdirSync(join(root, 'protocols', 'lib'), { recursive: true });
    writeFileSync(join(root, 'protocols', 'main.ded'), 'include "lib/bcast.ded";\nnode("a", "b")@1;\n');
    writeFileSync(join(root, 'protocols', 'lib', 'bcast.ded'), 'bcast(N, P)@async :- bcast(M, P), node(M, N);\n');
    const main = join(root, 'protocols', 'main.ded');
    const r = loadProgram([main]);
    expect(r.diagnostics).toEqual([]);
    expect(printProgram(r.program)).toBe(
      'include "lib/bcast.ded";\nbcast(N, P)@async :- bcast(M, P), node(M, N);\nnode("a", "b")@1;\n',
    );
    expect(r.program.files.map((f) => f.path)).toEqual([main, join(root, 'protocols', 'lib', 'bcast.ded')]);
  });

  it('reports a missing entry file and a directory as unreadable', () => {
    const r = loadProgram([join(root, 'nope.ded'), root]);
    expect(r.diagnostics.map((d) => d.message).sort()).toEqual(
      [`cannot read file '${join(root, 'nope.ded')}': no such file`, `cannot read file '${root}': it is a directory, not a file`].sort(),
    );
  });
});
