/**
 * Output paths: every mistake is a one-line error naming the path, found before the first
 * simulation (the spec below would take minutes to check, so a test that passes quickly shows
 * nothing ran); no output may be an input; and writes are all-or-nothing under a failure.
 */
import { chmodSync, closeSync, linkSync, statSync, lstatSync, openSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli, type CliOutcome } from './helpers.js';
import { checkOutputs, nodeWriteOps, writeOutputs, type WriteOps } from '../../src/cli/outputs.js';

const dir = mkdtempSync(join(tmpdir(), 'ldfi-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPECS = join(import.meta.dirname, '..', '..', 'specs');
/** Checking this takes far longer than the test timeout (minutes without a verdict): a quick refusal proves nothing ran. */
const SLOW = [join(SPECS, 'raft-log-no-matching.ded'), '--eot', '26', '--eff', '22', '--crashes', '1'];
/** The same check as a suite entry. */
const SLOW_ENTRY = { name: 'slow', files: [SLOW[0]], eot: 26, eff: 22, crashes: 1, expect: 'counterexample' };

const cli = (...args: string[]): Promise<CliOutcome> => captureCli(args, 'ldfi');

/** Runs `work` with `folder` as the working directory, as a user typing relative paths there. */
async function inFolder<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const was = process.cwd();
  process.chdir(folder);
  try {
    return await work();
  } finally {
    process.chdir(was);
  }
}

const aFile = join(dir, 'somefile');
writeFileSync(aFile, 'not a folder\n');
const spec = join(dir, 'spec.ded');
writeFileSync(spec, 'include "lib.ded";\nnode("a", "b")@1;\nnode(N, M)@next :- node(N, M);\npre(N, M) :- node(N, M);\npost(N, M) :- node(N, M);\n');
writeFileSync(join(dir, 'lib.ded'), 'extra("a");\n');
symlinkSync(spec, join(dir, 'link.ded'));
mkdirSync(join(dir, 'reportdir'));

describe('output paths are checked before any simulation', () => {
  it.each([
    ['--report naming a file', ['check', ...SLOW, '--report', aFile], `ldfi: error: --report ${aFile}: exists and is not a directory\n`],
    ['--report under a file', ['check', ...SLOW, '--report', join(aFile, 'r')], `ldfi: error: --report ${join(aFile, 'r')}: ${aFile} is not a directory\n`],
    ['--report in /proc', ['check', ...SLOW, '--report', '/proc/x'], 'ldfi: error: --report /proc/x: cannot write in /proc (ENOENT: no such file or directory)\n'],
    ['--json-file in a missing folder', ['check', ...SLOW, '--json-file', join(dir, 'nope', 'x.json')], `ldfi: error: --json-file ${join(dir, 'nope', 'x.json')}: directory ${join(dir, 'nope')} does not exist\n`],
    ['--json-file naming a folder', ['check', ...SLOW, '--json-file', join(dir, 'reportdir')], `ldfi: error: --json-file ${join(dir, 'reportdir')}: is a directory, not a file\n`],
    ['--json-file on a device', ['check', ...SLOW, '--json-file', '/dev/null'], 'ldfi: error: --json-file /dev/null: is not a regular file (ldfi writes an output by replacing the file)\n'],
  ] as const)('%s', async (_name, args, message) => {
    const r = await cli(...args, '--quiet');
    expect([r.code, r.out, r.err]).toEqual([2, '', message]);
  });

  // One command per case: each refusal must come before the slow search, however loaded the machine.
  const ro = join(dir, 'readonly.json');
  const roReport = join(dir, 'roreport');
  const loop = join(dir, 'loop-a');
  const long = join(dir, 'x'.repeat(300));
  writeFileSync(ro, 'mine\n');
  chmodSync(ro, 0o444);
  mkdirSync(roReport);
  writeFileSync(join(roReport, 'index.html'), 'mine\n');
  chmodSync(join(roReport, 'index.html'), 0o444);
  symlinkSync(join(dir, 'loop-b'), loop);
  symlinkSync(loop, join(dir, 'loop-b'));
  it.each([
    ['a read-only file', ['--json-file', ro], `ldfi: error: --json-file ${ro}: is read-only; refusing to replace it\n`],
    ['a report over a read-only page', ['--report', roReport], `ldfi: error: --report ${roReport}: ${join(roReport, 'index.html')} is read-only; refusing to replace it\n`],
    ['a link that loops', ['--json-file', loop], `ldfi: error: --json-file ${loop}: a symbolic link on the way loops (ELOOP)\n`],
    ['a report under a link that loops', ['--report', join(loop, 'sub')], `ldfi: error: --report ${join(loop, 'sub')}: a symbolic link on the way loops (ELOOP)\n`],
    ['a name too long', ['--json-file', long], `ldfi: error: --json-file ${long}: the name is too long (ENAMETOOLONG)\n`],
  ] as const)('refuses %s, and leaves what is there as it was', async (_name, args, message) => {
    const r = await cli('check', ...SLOW, ...args, '--quiet');
    expect([r.code, r.out, r.err]).toEqual([2, '', message]);
    expect([readFileSync(ro, 'utf8'), statSync(ro).mode & 0o777]).toEqual(['mine\n', 0o444]);
    expect(readFileSync(join(roReport, 'index.html'), 'utf8')).toBe('mine\n');
  });

  it('checks the outputs before the default nodes, whose fault-free run the program can stop', async () => {
    // The first simulation overflows; a bad output path is still what is reported, and nothing ran to find it.
    const overflowing = join(dir, 'overflow.ded');
    writeFileSync(overflowing, 'a("n", 9007199254740991)@1;\nb(N, Z + 1) :- a(N, Z);\npre(N) :- a(N, _);\npost(N) :- a(N, _);\n');
    for (const command of ['check', 'run', 'sweep']) {
      const extra = command === 'sweep' ? ['--crashes', '0', '--quiet'] : command === 'check' ? ['--quiet'] : [];
      const r = await cli(command, overflowing, ...extra, '--json-file', ro);
      expect([command, r.code, r.err]).toEqual([command, 2, `ldfi: error: --json-file ${ro}: is read-only; refusing to replace it\n`]);
    }
  });

  it('a file it replaces keeps its permissions', () => {
    const kept = join(dir, 'private.json');
    writeFileSync(kept, 'old\n', { mode: 0o600 });
    chmodSync(kept, 0o600);
    writeOutputs([{ path: kept, content: 'new\n' }]);
    expect([readFileSync(kept, 'utf8'), statSync(kept).mode & 0o777]).toEqual(['new\n', 0o600]);
  });

  it('--junit in a missing folder, for a config that loads', async () => {
    const config = join(dir, 'suite.json');
    writeFileSync(config, JSON.stringify({ entries: [SLOW_ENTRY] }));
    const junit = join(dir, 'nope', 'j.xml');
    const r = await cli('suite', config, '--junit', junit, '--allow-outside', '--no-report', '--quiet');
    expect([r.code, r.out, r.err]).toEqual([2, '', `ldfi: error: --junit ${junit}: directory ${join(dir, 'nope')} does not exist\n`]);
  });

  it.each([
    ['the spec', ['check', spec, '--json-file', spec]],
    ['an included file', ['check', spec, '--json-file', join(dir, 'lib.ded')]],
    ['the spec through a symlink', ['run', spec, '--json-file', join(dir, 'link.ded')]],
    ['the lint input', ['lint', spec, '--json-file', join(dir, 'lib.ded')]],
  ] as const)('refuses to overwrite %s', async (_name, args) => {
    const before = readFileSync(spec, 'utf8') + readFileSync(join(dir, 'lib.ded'), 'utf8');
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is an input of this command \(a spec, an included file or the config\); refusing to overwrite it\n$/);
    expect(readFileSync(spec, 'utf8') + readFileSync(join(dir, 'lib.ded'), 'utf8')).toBe(before);
  });

  it('refuses a report folder whose index.html is an input', async () => {
    const folder = join(dir, 'site');
    mkdirSync(folder);
    writeFileSync(join(folder, 'index.html'), 'include "../spec.ded";\n');
    const r = await cli('check', join(folder, 'index.html'), '--report', folder, '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`ldfi: error: --report ${folder} would write ${join(folder, 'index.html')}, which is an input of this command (a spec, an included file or the config); refusing to overwrite it\n`);
    expect(readFileSync(join(folder, 'index.html'), 'utf8')).toBe('include "../spec.ded";\n');
  });

  it('refuses the suite config as an output, and two outputs naming one file', async () => {
    const config = join(dir, 'own.json');
    writeFileSync(config, JSON.stringify({ entries: [{ name: 'x', files: ['spec.ded'], eot: 2, eff: 1, crashes: 0, expect: 'certified' }] }));
    const text = readFileSync(config, 'utf8');
    const own = await cli('suite', config, '--json-file', config, '--quiet');
    expect(own.code).toBe(2);
    expect(own.err).toContain('is an input of this command');
    const both = await cli('suite', config, '--json-file', join(dir, 'same.xml'), '--junit', join(dir, 'same.xml'), '--quiet');
    expect(both.code).toBe(2);
    expect(both.err).toBe(`ldfi: error: --junit and --json-file both write ${join(dir, 'same.xml')}; give them different paths\n`);
    expect(readFileSync(config, 'utf8')).toBe(text);
  });

  it.each([
    ['check: --json-file at the report folder', ['check', ...SLOW, '--json-file', 'x.json', '--report', 'x.json'], 'x.json/index.html', 'x.json', '--report', '--json-file'],
    ['check: the report folder first', ['check', ...SLOW, '--report', 'x.json', '--json-file', 'x.json'], 'x.json/index.html', 'x.json', '--report', '--json-file'],
    ['check: --json-file above the report folder', ['check', ...SLOW, '--json-file', 'x', '--report', 'x/sub'], 'x/sub/index.html', 'x', '--report', '--json-file'],
    ['run: --json-file at the report folder', ['run', SLOW[0]!, '--json-file', 'x.json', '--report', 'x.json'], 'x.json/index.html', 'x.json', '--report', '--json-file'],
    ['suite: --junit at the report folder', ['suite', 'slow.json', '--junit', 'j', '--report', 'j'], 'j/index.html', 'j', '--report', '--junit'],
    ['suite: --json-file at the report folder', ['suite', 'slow.json', '--json-file', 'j2', '--report', 'j2'], 'j2/index.html', 'j2', '--report', '--json-file'],
    ['suite: --json-file at an entry\'s folder', ['suite', 'slow.json', '--json-file', 'rep/slow', '--report', 'rep'], 'rep/slow/index.html', 'rep/slow', '--report', '--json-file'],
  ] as const)('refuses a file output where a report folder goes, before any work (%s)', async (_name, args, inner, outer, innerBy, outerBy) => {
    const cwd = mkdtempSync(join(dir, 'nest-'));
    writeFileSync(join(cwd, 'slow.json'), JSON.stringify({ entries: [SLOW_ENTRY] }));
    if (outer === 'rep/slow') mkdirSync(join(cwd, 'rep'));
    const before = readdirSync(cwd).sort();
    const r = await inFolder(cwd, () => cli(...args, ...(args[0] === 'suite' ? ['--allow-outside'] : []), ...(args[0] === 'run' ? [] : ['--quiet'])));
    expect([r.code, r.out, r.err]).toEqual([2, '', `ldfi: error: ${innerBy} writes ${join(cwd, inner)}, inside ${join(cwd, outer)}, which ${outerBy} writes as a file; give them different paths\n`]);
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it('refuses a hard link to a spec: the same file under another name', async () => {
    const hard = join(dir, 'hard.ded');
    linkSync(spec, hard);
    const text = readFileSync(spec, 'utf8');
    const r = await cli('check', spec, '--json-file', hard, '--quiet');
    expect([r.code, r.out, r.err]).toEqual([2, '', `ldfi: error: --json-file ${hard} is an input of this command (a spec, an included file or the config); refusing to overwrite it\n`]);
    expect(readFileSync(hard, 'utf8')).toBe(text);
  });

  it('refuses a report folder whose entry folder is a file, before any entry runs', async () => {
    const cwd = mkdtempSync(join(dir, 'entry-'));
    writeFileSync(join(cwd, 'slow.json'), JSON.stringify({ reports: 'rep', entries: [SLOW_ENTRY] }));
    mkdirSync(join(cwd, 'rep'));
    writeFileSync(join(cwd, 'rep', 'slow'), 'a file\n');
    const r = await inFolder(cwd, () => cli('suite', 'slow.json', '--allow-outside', '--quiet'));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`the reports folder rep: ${join(cwd, 'rep', 'slow')} exists and is not a directory (slow/index.html goes inside it)`);
    expect(readFileSync(join(cwd, 'rep', 'slow'), 'utf8')).toBe('a file\n');
  });

  it('writes through a symbolic link to the file it names, and leaves the link', async () => {
    const cwd = mkdtempSync(join(dir, 'link-'));
    writeFileSync(join(cwd, 'real.json'), '{}\n');
    symlinkSync('real.json', join(cwd, 'out.json'));
    const r = await cli('check', spec, '--eot', '2', '--json-file', join(cwd, 'out.json'), '--quiet');
    expect(r.code).toBe(0);
    expect(lstatSync(join(cwd, 'out.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(cwd, 'out.json'))).toBe('real.json');
    expect(JSON.parse(readFileSync(join(cwd, 'real.json'), 'utf8')).verdict).toBe('certified');
  });

  it('refuses the file its own standard output goes to, by a link such as /dev/stdout', () => {
    const cwd = mkdtempSync(join(dir, 'stdout-'));
    symlinkSync('/proc/self/fd/1', join(cwd, 'mystdout'));
    const captured = join(cwd, 'captured.txt');
    const bin = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
    const fd = openSync(captured, 'w');
    const r = spawnSync(process.execPath, ['--import', createRequire(import.meta.url).resolve('tsx'), bin, 'check', spec, '--eot', '2', '--json-file', join(cwd, 'mystdout'), '--quiet'], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ldfi: error: --json-file ${join(cwd, 'mystdout')}: is this command's standard output; print JSON there with --json instead\n`);
    expect(lstatSync(join(cwd, 'mystdout')).isSymbolicLink()).toBe(true);
    expect(readFileSync(captured, 'utf8')).toBe('');
  });

  it('takes a file output inside the report folder that no page of the report needs', async () => {
    const out = join(dir, 'artifacts');
    mkdirSync(out);
    const r = await cli('check', spec, '--eot', '2', '--report', out, '--json-file', join(out, 'result.json'), '--quiet');
    expect([r.code, readdirSync(out).sort()]).toEqual([0, ['index.html', 'result.json']]);
  });

  it('takes `--json` as a flag: the next word is a spec, never an output', async () => {
    const copy = join(dir, 'copy.ded');
    writeFileSync(copy, readFileSync(spec, 'utf8'));
    const before = readFileSync(copy, 'utf8');
    const r = await cli('check', '--json', copy, spec, '--quiet', '--eot', '2');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).files).toEqual([copy, spec]);
    expect(readFileSync(copy, 'utf8')).toBe(before);
  });
});

describe('writeOutputs', () => {
  /** Real file operations, with the n-th write failing. */
  function failingAt(n: number): WriteOps {
    let writes = 0;
    return {
      ...nodeWriteOps,
      write: (p, c) => {
        if (++writes === n) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        nodeWriteOps.write(p, c);
      },
    };
  }

  it('writes every file through a temporary file and leaves nothing else behind', () => {
    const out = join(dir, 'ok');
    writeOutputs([
      { path: join(out, 'a', 'index.html'), content: 'A' },
      { path: join(out, 'b.json'), content: 'B' },
    ]);
    expect(readFileSync(join(out, 'a', 'index.html'), 'utf8')).toBe('A');
    expect(readFileSync(join(out, 'b.json'), 'utf8')).toBe('B');
    expect(readdirSync(out).sort()).toEqual(['a', 'b.json']);
    expect(readdirSync(join(out, 'a'))).toEqual(['index.html']);
  });

  it('on a failure leaves every target as it was, removes its temporary files and the folders it made', () => {
    const out = join(dir, 'fail');
    mkdirSync(out);
    writeFileSync(join(out, 'b.json'), 'old');
    expect(() =>
      writeOutputs(
        [
          { path: join(out, 'pages', 'x', 'index.html'), content: 'new page' },
          { path: join(out, 'b.json'), content: 'new json' },
          { path: join(out, 'c.xml'), content: 'new junit' },
        ],
        failingAt(2),
      ),
    ).toThrow(`cannot write ${join(out, 'b.json')}: ENOSPC: no space left on device`);
    expect(readdirSync(out)).toEqual(['b.json']);
    expect(readFileSync(join(out, 'b.json'), 'utf8')).toBe('old');
  });

  it('checkOutputs writes nothing but its probe, which it removes', () => {
    const out = join(dir, 'probe');
    mkdirSync(out);
    checkOutputs([{ option: '--json-file', kind: 'file', path: join(out, 'x.json') }, { option: '--report', kind: 'dir', path: join(out, 'r', 's'), writes: ['index.html'] }], []);
    expect(readdirSync(out)).toEqual([]);
  });
});
