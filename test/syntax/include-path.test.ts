/**
 * Includes on a real file system: Molly's three places in order (the including file's folder,
 * the first file's folder, each `-I` folder), files identified by their real path (symlinks,
 * folders linked to themselves), and everything that is not a regular text file refused with a
 * located error, without reading it: a directory, a FIFO, a device; and, when a load is confined
 * to some folders, a file elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { loadProgram } from '../../src/syntax/load.js';
import { readSource } from '../../src/syntax/read.js';
import { printClause } from '../../src/syntax/print.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ldfi-include-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh folder with the given files (path → text). */
function tree(files: Record<string, string>): string {
  const dir = join(root, `t${n++}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function facts(r: ReturnType<typeof loadProgram>): string[] {
  return r.program.clauses.filter((c) => c.kind === 'fact').map((c) => printClause(c));
}

function messages(r: ReturnType<typeof loadProgram>): string[] {
  return r.diagnostics.map((d) => `${d.span.file}:${d.span.line}:${d.span.col}: ${d.message}`);
}

describe('where an include is found', () => {
  it('(a) next to the including file comes first', () => {
    const d = tree({
      'main.ded': 'include "lib/a.ded";\n',
      'lib/a.ded': 'include "x.ded";\n',
      'lib/x.ded': 'x("lib");\n',
      'x.ded': 'x("root");\n',
    });
    const r = loadProgram([join(d, 'main.ded')]);
    expect(r.diagnostics).toEqual([]);
    expect(facts(r)).toEqual(['x("lib");']);
  });

  it("(b) then the first file's folder: a library that names its siblings from the root", () => {
    const d = tree({
      'main.ded': 'include "util/timer.ded";\nmain("a");\n',
      'util/timer.ded': 'include "util/clock.ded";\ntimer("a");\n',
      'util/clock.ded': 'clock("a");\n',
    });
    const r = loadProgram([join(d, 'main.ded')]);
    expect(messages(r)).toEqual([]);
    expect(facts(r)).toEqual(['clock("a");', 'timer("a");', 'main("a");']);
    expect(r.program.files.map((f) => f.path)).toEqual([join(d, 'main.ded'), join(d, 'util/timer.ded'), join(d, 'util/clock.ded')]);
  });

  it('(c) then each -I folder, in order', () => {
    const d = tree({
      'spec/main.ded': 'include "common.ded";\n',
      'one/common.ded': 'common("one");\n',
      'two/common.ded': 'common("two");\n',
    });
    expect(facts(loadProgram([join(d, 'spec/main.ded')], { includePath: [join(d, 'one'), join(d, 'two')] }))).toEqual(['common("one");']);
    expect(facts(loadProgram([join(d, 'spec/main.ded')], { includePath: [join(d, 'two'), join(d, 'one')] }))).toEqual(['common("two");']);
  });

  it('names every place it looked when the file is nowhere', () => {
    const d = tree({ 'spec/main.ded': 'ok("a");\n', 'spec/lib/a.ded': 'include "gone.ded";\n' });
    writeFileSync(join(d, 'spec/main.ded'), 'include "lib/a.ded";\nok("a");\n');
    const r = loadProgram([join(d, 'spec/main.ded')], { includePath: [join(d, 'inc')] });
    expect(messages(r)).toEqual([
      `${join(d, 'spec/lib/a.ded')}:1:1: cannot find included file 'gone.ded' (looked for ${join(d, 'spec/lib/gone.ded')}, ${join(d, 'spec/gone.ded')}, ${join(d, 'inc/gone.ded')})`,
    ]);
  });

  it('loads the same file reached by two paths once, and reports a cycle through the search path', () => {
    const d = tree({
      'main.ded': 'include "lib/a.ded";\ninclude "a.ded";\n',
      'lib/a.ded': 'include "b.ded";\na("x");\n',
      'inc/b.ded': 'include "a.ded";\nb("x");\n',
    });
    const r = loadProgram([join(d, 'main.ded')], { includePath: [join(d, 'inc'), join(d, 'lib')] });
    // main → lib/a → inc/b (found through -I) → a.ded: found through -I as lib/a.ded again, which is open.
    expect(messages(r)).toEqual([`${join(d, 'inc/b.ded')}:1:1: include cycle: ${join(d, 'lib/a.ded')} → ${join(d, 'inc/b.ded')} → ${join(d, 'lib/a.ded')}`]);
    expect(facts(r)).toEqual(['b("x");', 'a("x");']);
  });
});

describe('files are known by their real path', () => {
  it('two symlinked folders to the same place expand once, and a folder linked to itself is a cycle', () => {
    const d = tree({ 'x.ded': 'include "s1/y.ded";\ninclude "s2/y.ded";\nx("a");\n', 'y.ded': 'include "s1/y.ded";\ninclude "s2/y.ded";\ny("a");\n' });
    symlinkSync('.', join(d, 's1'));
    symlinkSync('.', join(d, 's2'));
    const r = loadProgram([join(d, 'x.ded')]);
    expect(facts(r)).toEqual(['y("a");', 'x("a");']);
    expect(r.program.files).toHaveLength(2);
    expect(messages(r)).toEqual([
      `${join(d, 's1/y.ded')}:1:1: include cycle: ${join(d, 's1/y.ded')} → ${join(d, 's1/s1/y.ded')}`,
      `${join(d, 's1/y.ded')}:2:1: include cycle: ${join(d, 's1/y.ded')} → ${join(d, 's1/s2/y.ded')}`,
    ]);
    expect(r.inputs).toEqual([join(d, 'x.ded'), join(d, 'y.ded')]);
  });

  it('a spec given twice through a symlink is loaded once', () => {
    const d = tree({ 'a.ded': 'a("x");\n' });
    symlinkSync(join(d, 'a.ded'), join(d, 'link.ded'));
    const r = loadProgram([join(d, 'a.ded'), join(d, 'link.ded')]);
    expect(r.diagnostics).toEqual([]);
    expect(facts(r)).toEqual(['a("x");']);
  });

  it('reports a symlink that loops', () => {
    const d = tree({});
    mkdirSync(d, { recursive: true });
    symlinkSync('loop.ded', join(d, 'loop.ded'));
    expect(messages(loadProgram([join(d, 'loop.ded')]))).toEqual([`${join(d, 'loop.ded')}:1:1: cannot read file '${join(d, 'loop.ded')}': it is a symbolic link that loops`]);
  });
});

describe('only regular text files are read', () => {
  it('refuses to include a directory, at the include', () => {
    const d = tree({ 'main.ded': 'include "lib";\nok("a");\n', 'lib/a.ded': 'a("x");\n' });
    const r = loadProgram([join(d, 'main.ded')]);
    expect(renderDiagnostics(r.diagnostics, r.sources)).toBe(
      `${join(d, 'main.ded')}:1:1: error: cannot include 'lib': ${join(d, 'lib')} is a directory, not a file\n  include "lib";\n  ^^^^^^^^^^^^^^\n`,
    );
  });

  it('refuses /dev/zero and /dev/urandom without reading them', () => {
    const d = tree({ 'main.ded': 'include "/dev/zero";\ninclude "/dev/urandom";\nok("a");\n' });
    const r = loadProgram([join(d, 'main.ded')]);
    expect(messages(r)).toEqual([
      `${join(d, 'main.ded')}:1:1: cannot include '/dev/zero': /dev/zero is a device, not a regular file`,
      `${join(d, 'main.ded')}:2:1: cannot include '/dev/urandom': /dev/urandom is a device, not a regular file`,
    ]);
    expect(messages(loadProgram(['/dev/zero']))).toEqual(["/dev/zero:1:1: cannot read file '/dev/zero': it is a device, not a regular file"]);
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const d = tree({ 'main.ded': 'include "pipe.ded";\nok("a");\n' });
    execFileSync('mkfifo', [join(d, 'pipe.ded')]);
    const r = loadProgram([join(d, 'main.ded')]);
    expect(messages(r)).toEqual([`${join(d, 'main.ded')}:1:1: cannot include 'pipe.ded': ${join(d, 'pipe.ded')} is a FIFO (named pipe), not a regular file`]);
    expect(messages(loadProgram([join(d, 'pipe.ded')]))).toEqual([`${join(d, 'pipe.ded')}:1:1: cannot read file '${join(d, 'pipe.ded')}': it is a FIFO (named pipe), not a regular file`]);
  });

  it('reads a file whose reported size is wrong (/proc says 0) to its end', () => {
    // /proc/self/status is many lines; its stat size is 0, so reading stat's size would see one byte.
    const r = readSource('/proc/self/status');
    expect(r.kind).toBe('text');
    if (r.kind === 'text') {
      expect(r.text.length).toBeGreaterThan(100);
      expect(r.text).toContain('Name:');
    }
    expect(messages(loadProgram(['/proc/sys/kernel/ostype']))[0]).toContain("found 'Linux'");
  });

  it('refuses invalid UTF-8 but accepts U+FFFD written in UTF-8', () => {
    const d = tree({ 'ok.ded': 'p("a", "\uFFFD");\n' });
    writeFileSync(join(d, 'bad.ded'), Buffer.from([0x70, 0x28, 0x22, 0xff, 0xfe, 0x22, 0x29, 0x3b, 0x0a]));
    const r = loadProgram([join(d, 'ok.ded'), join(d, 'bad.ded')]);
    expect(messages(r)).toEqual([`${join(d, 'bad.ded')}:1:4: file is not a text file: byte 0xff is not valid UTF-8 (save the file as UTF-8)`]);
    expect(facts(r)).toEqual(['p("a", "\uFFFD");']);
  });
});

describe('a load confined to some folders', () => {
  const confine = (folders: string[]) => ({ folders, outside: 'outside the allowed folders' });

  it('refuses an include found elsewhere, at the include, without reading it', () => {
    const d = tree({ 'proj/main.ded': 'include "../far.ded";\np("a")@1;\n', 'far.ded': 'far("a")@1;\n' });
    const r = loadProgram([join(d, 'proj/main.ded')], { confine: confine([join(d, 'proj')]) });
    expect(messages(r)).toEqual([`${join(d, 'proj/main.ded')}:1:1: cannot include '../far.ded': ${join(d, 'far.ded')} is outside the allowed folders`]);
    expect(r.inputs).toEqual([join(d, 'proj/main.ded')]);
    expect([...r.sources.keys()]).toEqual([join(d, 'proj/main.ded')]);
  });

  // A link to an open but deleted file has no real path, yet it reads: it must count as outside.
  it.runIf(process.platform === 'linux')('refuses a path with no real path that still leads to a file (a deleted file held open)', () => {
    const d = tree({ 'proj/main.ded': 'include "lib.ded";\n', 'secret.ded': 'secret("a")@1;\n' });
    const fd = openSync(join(d, 'secret.ded'), 'r');
    try {
      unlinkSync(join(d, 'secret.ded'));
      symlinkSync(`/proc/self/fd/${fd}`, join(d, 'proj/lib.ded'));
      const r = loadProgram([join(d, 'proj/main.ded')], { confine: confine([join(d, 'proj')]) });
      expect(messages(r)).toEqual([`${join(d, 'proj/main.ded')}:1:1: cannot include 'lib.ded': ${join(d, 'proj/lib.ded')} is outside the allowed folders`]);
      expect([...r.sources.keys()]).toEqual([join(d, 'proj/main.ded')]);
    } finally {
      closeSync(fd);
    }
  });

  it('looks past a place outside that has no such file, and reads one inside any allowed folder', () => {
    const d = tree({ 'proj/main.ded': 'include "x.ded";\n', 'proj/lib/x.ded': 'x("a")@1;\n', 'shared/y.ded': 'y("a")@1;\n', 'proj/lib/z.ded': 'include "y.ded";\n' });
    const r = loadProgram([join(d, 'proj/main.ded'), join(d, 'proj/lib/z.ded')], { includePath: [join(d, 'nowhere'), join(d, 'proj/lib'), join(d, 'shared')], confine: confine([join(d, 'proj'), join(d, 'shared')]) });
    expect(messages(r)).toEqual([]);
    expect(facts(r)).toEqual(['x("a")@1;', 'y("a")@1;']);
  });
});
