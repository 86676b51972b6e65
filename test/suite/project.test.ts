/**
 * The suite config as a project file: absolute paths used as given, the config's folder as the
 * project boundary (`--allow-outside`), an include path, the same `nodes` as `check`, and file
 * contents never echoed from a file that is not a spec.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
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
    const missing = parseSuiteConfig(JSON.stringify({ includePath: ['nope'], entries: [] }), join(project, 'x.json'));
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
