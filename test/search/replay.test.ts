/**
 * Replay lines are safe to paste: node and file names from a hostile spec come out shell-quoted.
 * Checked with a real shell: the line, with `ldfi` replaced by a printer of its arguments, must
 * give back exactly the words ldfi needs, run nothing else, and replay the counterexample.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { nodeList } from '../../src/cli/options.js';
import { ldfiCommand } from '../../src/cli/io.js';
import { replayCommand, shellQuote } from '../../src/search/replay.js';

const dir = mkdtempSync(join(tmpdir(), 'ldfi-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The words sh makes of `line` (with the program replaced by a printer), run in `dir`. */
function shellWords(line: string, program: string): string[] {
  expect(line.startsWith(`${program} `)).toBe(true);
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line.slice(program.length + 1)}`], { cwd: dir, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const NASTY = ['plain', "it's", 'x y', '$(touch pwned)', '`touch pwned`', 'a;b', '"q"', 'tab\there', 'new\nline', '*', '~', '-n', '', 'back\\slash', 'ünï'];

describe('shellQuote', () => {
  it.each(NASTY.map((w) => [JSON.stringify(w), w]))('%s is one word that sh reads back unchanged', (_name, word) => {
    expect(shellWords(`ldfi ${shellQuote(word)}`, 'ldfi')).toEqual([word]);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('leaves safe words bare', () => {
    expect(shellQuote('specs/2pc.ded')).toBe('specs/2pc.ded');
    expect(shellQuote('a,b,c')).toBe('a,b,c');
    expect(shellQuote('omit(a,b,1)')).toBe("'omit(a,b,1)'");
  });
});

describe('--nodes reads back what the replay line writes', () => {
  it('quotes names holding commas, quotes or spaces at their ends as JSON strings', () => {
    const nodes = ['a', 'x,y', ' pad ', 'say "hi"', 'x y'];
    const line = replayCommand({ program: 'ldfi', files: ['s.ded'], eot: 3, nodes, faults: [] });
    const words = shellWords(line, 'ldfi');
    expect(nodeList(words[words.indexOf('--nodes') + 1]!)).toEqual(nodes);
  });

  it('still takes a plain list, trimming spaces', () => {
    expect(nodeList('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(() => nodeList('a,"b')).toThrow(/a quoted name is not closed/);
    expect(() => nodeList('a,,b')).toThrow(/comma-separated list/);
    expect(() => nodeList('a,"a"')).toThrow(/names the node "a" twice/);
  });
});

describe('the replay line of a check', () => {
  const spec = join(dir, "it's a spec.ded");
  writeFileSync(
    spec,
    [
      'node("a", "$(touch pwned)")@1;  node("a", "x y")@1;',
      'node("$(touch pwned)", "a")@1;  node("x y", "a")@1;',
      'bcast("a", "hello")@1;',
      'node(N, M)@next :- node(N, M);',
      'log(N, P)@next :- log(N, P);',
      'log(N, P) :- bcast(N, P);',
      'log(M, P)@async :- bcast(N, P), node(N, M);',
      'missing_log(A, P) :- log(X, P), node(X, A), notin log(A, P);',
      'pre(X, P) :- log(X, P), notin bcast(X, P)@1, notin crash(X, X, _);',
      'post(X, P) :- log(X, P), notin missing_log(_, P);',
      '',
    ].join('\n'),
  );

  async function cli(program: string, ...args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await runCli(args, { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: program });
    return { code, out };
  }

  it.each([['ldfi'], ['npx ldfi']])('with %s: pasting it runs nothing else and replays the counterexample', async (program) => {
    const r = await cli(program, 'check', spec, '--quiet');
    expect(r.code).toBe(1);
    const line = /^ {2}replay: (.*)$/m.exec(r.out)![1]!;
    expect(line.startsWith(`${program} run `)).toBe(true);
    const words = shellWords(line, program);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(words.slice(0, 2)).toEqual(['run', spec]);
    const replayed = await cli(program, ...words, '--json');
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.out).invariant.holds).toBe(false);
    // The JSON document carries the same line.
    const json = JSON.parse((await cli(program, 'check', spec, '--quiet', '--json')).out) as { replay: string };
    expect(json.replay).toBe(line);
  });
});

describe('the replay line on the report page', () => {
  it('is the same shell-quoted line, HTML-escaped', async () => {
    const report = join(dir, 'page');
    let out = '';
    await runCli(['check', join(dir, "it's a spec.ded"), '--quiet', '--report', report], { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: 'npx ldfi' });
    const line = /^ {2}replay: (.*)$/m.exec(out)![1]!;
    const page = readFileSync(join(report, 'index.html'), 'utf8');
    const escaped = line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    expect(page).toContain(`Replay: <code>${escaped}</code>`);
  });
});

describe('how ldfi is started', () => {
  it('is `ldfi` when an executable of that name is on the PATH, else `npx ldfi`', () => {
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    expect(ldfiCommand(bin)).toBe('npx ldfi');
    writeFileSync(join(bin, 'ldfi'), '#!/bin/sh\n', { mode: 0o755 });
    expect(ldfiCommand(`/nonexistent:${bin}`)).toBe('ldfi');
    expect(ldfiCommand('')).toBe('npx ldfi');
  });
});
