/**
 * The suite config as a project file: absolute paths used as given, the config's folder as the
 * project boundary (`--allow-outside`), an include path, the same `nodes` as `check`, and file
 * contents never echoed from a file that is not a spec, and the files a spec includes held to the
 * same boundary.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseSuiteConfig } from '../../src/suite/config.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ldfi-project-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const project = join(root, 'project');
const elsewhere = join(root, 'elsewhere');
mkdirSync(join(project, 'lib'), { recursive: true });
mkdirSync(elsewhere);

const SPEC = 'node("a", "b")@1;\nnode(N, M)@next :- node(N, M);\npre(N, M) :- node(N, M);\npost(N, M) :- node(N, M);\n';
writeFileSync(join(project, 'a.ded'), SPEC);
writeFileSync(join(elsewhere, 'far.ded'), SPEC);

const entry = (name: string, files: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, files, eot: 2, eff: 1, crashes: 0, expect: 'certified', ...extra });

function config(name: string, doc: unknown): string {
  const path = join(project, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return path;
}

async function suite(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['suite', ...args, '--jobs', '1', '--quiet', '--no-report'], { stdout: (s) => (out += s), stderr: (s) => (err += s), ldfiCommand: 'ldfi' });
  return { code, out, err };
}

describe('paths in a config', () => {
  it('uses an absolute spec path as given, and needs --allow-outside for one outside the project', async () => {
    const path = config('abs.json', { entries: [entry('far', [join(elsewhere, 'far.ded')]), entry('near', ['a.ded'])] });
    const refused = await suite(path);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/^FAIL {2}far +error: /);
    expect(refused.out).toContain(`error: ${path}:6:9: the spec ${join(elsewhere, 'far.ded')} is outside the config's folder; pass --allow-outside to check it`);
    expect(refused.out).toMatch(/ok {4}near/);
    const allowed = await suite(path, '--allow-outside');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/ok {4}far .*certified/);
  });

  it('refuses ../ out of the project the same way', async () => {
    const path = config('up.json', { entries: [entry('up', ['../elsewhere/far.ded'])] });
    const r = await suite(path);
    expect(r.out).toContain("is outside the config's folder; pass --allow-outside to check it");
  });

  it('needs --allow-outside for a reports folder outside the project, a config-wide mistake', () => {
    const text = JSON.stringify({ reports: '../out', entries: [entry('near', ['a.ded'])] });
    const r = parseSuiteConfig(text, join(project, 'r.json'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(renderDiagnostics(r.diagnostics, r.sources)).toContain(`the reports folder ${join(project, '../out')} is outside the config's folder; pass --allow-outside to write there`);
    const allowed = parseSuiteConfig(text, join(project, 'r.json'), { allowOutside: true });
    expect(allowed.ok && allowed.config.reports).toBe(join(root, 'out'));
  });

  it('searches the config\'s includePath, relative to the config, and -I after it', async () => {
    writeFileSync(join(project, 'lib', 'common.ded'), 'node(N, M)@next :- node(N, M);\n');
    writeFileSync(join(project, 'uses.ded'), 'include "common.ded";\nnode("a", "b")@1;\npre(N, M) :- node(N, M);\npost(N, M) :- node(N, M);\n');
    const without = await suite(config('noinc.json', { entries: [entry('uses', ['uses.ded'])] }));
    expect(without.out).toContain("cannot find included file 'common.ded'");
    const withPath = await suite(config('inc.json', { includePath: ['lib'], entries: [entry('uses', ['uses.ded'])] }));
    expect(withPath.code).toBe(0);
    const withFlag = await suite(config('noinc2.json', { entries: [entry('uses', ['uses.ded'])] }), '-I', join(project, 'lib'));
    expect(withFlag.code).toBe(0);
    const missing = parseSuiteConfig(JSON.stringify({ includePath: ['nope'], entries: [entry('uses', ['uses.ded'])] }), join(project, 'x.json'));
    expect(missing.ok).toBe(false);
  });
});

describe('an entry the config cannot describe fails alone', () => {
  it.each([
    ['a missing key', { name: 'k', files: ['a.ded'], eot: 2, crashes: 0, expect: 'certified' }, 'entry "k" is missing the required key "eff"'],
    ['eff above eot', entry('e', ['a.ded'], { eff: 5 }), '"eff" (5) cannot exceed "eot" (2)'],
    ['eot above the maximum', entry('m', ['a.ded'], { eot: 99_999_999_999 }), '"eot" must be at most 100,000, got 99999999999'],
    ['not an object', 42, 'an entry must be an object'],
  ] as const)('%s', async (_name, bad, message) => {
    const path = config('one-bad.json', { entries: [bad, entry('good', ['a.ded'])] });
    const r = await suite(path);
    expect(r.code).toBe(1);
    expect(r.out).toContain(message);
    expect(r.out).toMatch(/ok {4}good/);
    expect(r.out).toContain('1 passed, 1 failed');
  });

  it('reports a config nested 100,000 levels deep as unreadable, at its position', async () => {
    const path = config('deep.json', `{"entries": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const r = await suite(path);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`${path}:1:268: error: nested more than 256 levels deep`);
  });
});

describe('the suite and check agree', () => {
  it('accept the same nodes: any string constant of the program', async () => {
    writeFileSync(join(project, 'extra.ded'), `${SPEC}peer("a", "z")@1;\n`);
    const path = config('nodes.json', { entries: [entry('extra', ['extra.ded'], { nodes: ['a', 'b', 'z'] })] });
    const s = await suite(path);
    expect(s.code).toBe(0);
    let out = '';
    const code = await runCli(['check', join(project, 'extra.ded'), '--eot', '2', '--eff', '1', '--nodes', 'a,b,z', '--quiet'], { stdout: (x) => (out += x), stderr: () => {} });
    expect(code).toBe(0);
    expect(out).toContain('nodes a,b,z');
  });
});

describe('a file that is not a spec', () => {
  it('is reported in one line, its content never shown', async () => {
    writeFileSync(join(project, 'secret.env'), 'API_TOKEN=hunter2-SECRET\nPASSWORD=correct-horse\n');
    const path = config('secret.json', { entries: [entry('secret', ['secret.env']), entry('good', ['a.ded'])] });
    const r = await suite(path);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL  secret (EOT 2, EFF 1, crashes 0)  error: ${join(project, 'secret.env')}:1:1: not a Dedalus spec: no clause in it parses (its content is not shown)`);
    expect(r.out + r.err).not.toMatch(/hunter2|SECRET|correct-horse|API_TOKEN/);
  });

  it('a spec with a broken clause still gets its excerpts', async () => {
    writeFileSync(join(project, 'typo.ded'), `${SPEC}oops(;\n`);
    const r = await suite(config('typo.json', { entries: [entry('typo', ['typo.ded'])] }));
    expect(r.out).toContain('  oops(;');
  });
});

describe('files a spec includes', () => {
  const LIB = 'node(N, M)@next :- node(N, M);\n';
  const BODY = 'node("a", "b")@1;\npre(N, M) :- node(N, M);\npost(N, M) :- node(N, M);\n';
  writeFileSync(join(elsewhere, 'lib.ded'), LIB);
  writeFileSync(join(elsewhere, 'secret.ded'), 'secret("a");\nTOKEN=abc123 xyz;\n');
  const spec = (name: string, include: string): string => {
    writeFileSync(join(project, name), `include "${include}";\n${BODY}`);
    return name;
  };

  it('refuses an include outside the project, naming it and --allow-outside, and the other entries still run', async () => {
    const path = config('inc-up.json', { entries: [entry('up', [spec('up.ded', '../elsewhere/lib.ded')]), entry('near', ['a.ded'])] });
    const r = await suite(path);
    expect(r.code).toBe(1);
    const refusal = `error: ${join(project, 'up.ded')}:1:1: cannot include '../elsewhere/lib.ded': ${join(elsewhere, 'lib.ded')} is outside the config's folder; pass --allow-outside to read it`;
    expect(r.out).toMatch(/^FAIL {2}up \(EOT 2, EFF 1, crashes 0\) +error: /m);
    expect(r.out).toContain(refusal);
    expect(r.out).toContain('  include "../elsewhere/lib.ded";\n');
    expect(r.out).toMatch(/ok {4}near/);
    const allowed = await suite(path, '--allow-outside');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/ok {4}up .*certified/);
  });

  it('never shows a line of a file outside the project', async () => {
    const r = await suite(config('inc-secret.json', { entries: [entry('s', [spec('s.ded', '../elsewhere/secret.ded')])] }));
    expect(r.out).toContain("cannot include '../elsewhere/secret.ded'");
    expect(r.out + r.err).not.toMatch(/TOKEN|abc123/);
  });

  it('refuses an absolute include and a symlink inside that points outside', async () => {
    const abs = await suite(config('inc-abs.json', { entries: [entry('abs', [spec('abs.ded', '/etc/passwd')])] }));
    expect(abs.out).toContain(`error: ${join(project, 'abs.ded')}:1:1: cannot include '/etc/passwd': /etc/passwd is outside the config's folder; pass --allow-outside to read it`);
    symlinkSync(join(elsewhere, 'lib.ded'), join(project, 'link.ded'));
    const link = await suite(config('inc-link.json', { entries: [entry('link', [spec('via-link.ded', 'link.ded')])] }));
    expect(link.out).toContain(`cannot include 'link.ded': ${join(project, 'link.ded')} (really ${join(elsewhere, 'lib.ded')}) is outside the config's folder; pass --allow-outside to read it`);
  });

  it('refuses before reading: a FIFO outside is never opened', async () => {
    execFileSync('mkfifo', [join(elsewhere, 'pipe.ded')]);
    const r = await suite(config('inc-fifo.json', { entries: [entry('fifo', [spec('fifo.ded', '../elsewhere/pipe.ded')])] }));
    expect(r.out).toContain(`${join(elsewhere, 'pipe.ded')} is outside the config's folder`);
    expect(r.out).not.toContain('FIFO');
  });

  it('reads an include found in a -I folder given on the command line, wherever it is', async () => {
    const path = config('inc-flag.json', { entries: [entry('flag', [spec('flag.ded', 'lib.ded')])] });
    expect((await suite(path)).out).toContain("cannot find included file 'lib.ded'");
    const r = await suite(path, '-I', elsewhere);
    expect(r.code).toBe(0);
  });

  it('is the same with --jobs 2: inside includes run in the workers, outside ones are refused', async () => {
    mkdirSync(join(project, 'inner'), { recursive: true });
    writeFileSync(join(project, 'inner', 'lib.ded'), LIB);
    const path = config('inc-jobs.json', { entries: [entry('in1', [spec('in1.ded', 'inner/lib.ded')]), entry('in2', [spec('in2.ded', 'inner/lib.ded')]), entry('out', ['up.ded'])] });
    let out = '';
    const code = await runCli(['suite', path, '--jobs', '2', '--quiet', '--no-report'], { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: 'ldfi' });
    expect(code).toBe(1);
    expect(out).toMatch(/ok {4}in1 .*certified/);
    expect(out).toMatch(/ok {4}in2 .*certified/);
    expect(out).toMatch(/^FAIL {2}out /m);
    expect(out).toContain("is outside the config's folder; pass --allow-outside to read it");
  });

  it('is the suite\'s rule only: check reads the same include as its user asks', async () => {
    let out = '';
    const code = await runCli(['check', join(project, 'up.ded'), '--eot', '2', '--eff', '1', '--quiet'], { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: 'ldfi' });
    expect(code).toBe(0);
    expect(out).toContain('certified');
  });
});

describe('report pages', () => {
  /** `ldfi suite ARGS` writing reports, as CI runs it. */
  async function suiteWithReports(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(['suite', ...args, '--jobs', '1', '--quiet'], { stdout: (s) => (out += s), stderr: (s) => (err += s), ldfiCommand: 'ldfi' });
    return { code, out, err };
  }
  const away = join(root, 'away');
  mkdirSync(away);

  it('refuses an entry folder linked out of the reports folder, at the entry\'s name, and writes nothing', async () => {
    mkdirSync(join(project, 'rep-e'));
    symlinkSync(away, join(project, 'rep-e', 'e'));
    const path = config('rep-e.json', `{"reports": "rep-e",\n "entries": [${JSON.stringify(entry('e', ['a.ded']))}]}\n`);
    const r = await suiteWithReports(path);
    const page = join(project, 'rep-e', 'e', 'index.html');
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toMatch(new RegExp(`^${path}:2:22: error: the report page ${page} is really ${join(away, 'index.html')}, outside the reports folder ${join(project, 'rep-e')}; pass --allow-outside to write there\\n`));
    expect(readdirSync(away)).toEqual([]);
    expect(readdirSync(join(project, 'rep-e'))).toEqual(['e']);

    const given = await suiteWithReports(path, '--report', join(project, 'rep-e'));
    expect([given.code, given.out, given.err]).toEqual([2, '', `ldfi: error: --report ${join(project, 'rep-e')}: ${page} is really ${join(away, 'index.html')}, outside the reports folder ${join(project, 'rep-e')}; pass --allow-outside to write there\n`]);
    expect(readdirSync(away)).toEqual([]);

    const allowed = await suiteWithReports(path, '--allow-outside');
    expect(allowed.code).toBe(0);
    expect(readdirSync(away)).toEqual(['index.html']);
    rmSync(join(away, 'index.html'));
  });

  it.each([
    ['to a file', 'target.html', true],
    ['to nothing yet', 'nothing.html', false],
  ] as const)('refuses an index.html linked out of the reports folder (%s), at "reports"', async (_name, target, exists) => {
    const folder = join(project, `rep-${target}`);
    mkdirSync(folder);
    if (exists) writeFileSync(join(away, target), 'theirs\n');
    symlinkSync(join('..', '..', 'away', target), join(folder, 'index.html'));
    const path = config(`rep-${target}.json`, { reports: `rep-${target}`, entries: [entry('i', ['a.ded'])] });
    const r = await suiteWithReports(path);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toContain(`${path}:2:14: error: the report page ${join(folder, 'index.html')} is really ${join(away, target)}, outside the reports folder ${folder}`);
    expect(readdirSync(folder)).toEqual(['index.html']);
    expect(readlinkSync(join(folder, 'index.html'))).toBe(join('..', '..', 'away', target));
    if (exists) expect(readFileSync(join(away, target), 'utf8')).toBe('theirs\n');
    rmSync(join(away, target), { force: true });
  });

  it('writes through a link that stays inside the reports folder', async () => {
    mkdirSync(join(project, 'rep-in', 'real'), { recursive: true });
    symlinkSync('real', join(project, 'rep-in', 'n'));
    const path = config('rep-in.json', { reports: 'rep-in', entries: [entry('n', ['a.ded'])] });
    const r = await suiteWithReports(path);
    expect(r.code).toBe(0);
    expect(readdirSync(join(project, 'rep-in', 'real'))).toEqual(['index.html']);
  });
});
