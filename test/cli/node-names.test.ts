/**
 * Node names come from the user's spec and are printed in node lists, message lines and
 * explanations: a name with a control character (an escape sequence could clear the terminal)
 * is printed as `--nodes` takes it, a JSON string, never raw.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ldfi-node-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\u001b';
const spec = join(dir, 'weird.ded');
writeFileSync(
  spec,
  [
    `bcast("a", "hello")@1;`,
    `node("a", "c${ESC}[2J")@1;`,
    'node(N, M)@next :- node(N, M);',
    'log(M, X)@async :- bcast(N, X), node(N, M);',
    'log(N, X)@next :- log(N, X);',
    'pre(M, X) :- node(_, M), bcast(_, X);',
    'post(M, X) :- log(M, X);',
    'bcast(N, X)@next :- bcast(N, X);',
    '',
  ].join('\n'),
);

describe('node names with control characters', () => {
  it('are escaped in run, check and sweep output', async () => {
    const quoted = JSON.stringify(`c${ESC}[2J`);
    const run = await captureCli(['run', spec, '--eot', '3', '--faults', `omit(a,${quoted},1)`], 'ldfi');
    const check = await captureCli(['check', spec, '--eot', '3', '--eff', '2', '--crashes', '0'], 'ldfi');
    const sweep = await captureCli(['sweep', spec, '--crashes', '0', '--max-eot', '3'], 'ldfi');
    for (const r of [run, check, sweep]) {
      expect(r.out + r.err).not.toContain(ESC);
      expect(r.out).toContain(quoted);
    }
    expect(run.out).toContain(`a → ${quoted}`);
    expect(check.out).toContain(`nodes a,${quoted}`);
  });
});

describe('the --nodes error', () => {
  it('names the program nodes as --nodes takes them, so "x,y" reads as one node', async () => {
    const odd = join(dir, 'odd.ded');
    writeFileSync(odd, ['bcast("a", "m")@1;', 'node("a", "x,y")@1;', 'log(M, X)@async :- bcast(N, X), node(N, M);', 'pre(M) :- node(_, M);', 'post(M) :- log(M, _);', ''].join('\n'));
    const r = await captureCli(['check', odd, '--eot', '3', '--nodes', 'a,zz'], 'ldfi');
    expect(r.code).toBe(2);
    expect(r.err).toBe('ldfi: error: --nodes: "zz" never appears in the program (its nodes are a, "x,y")\n');
  });

  it('says why a node written only as a number is none, and how to write it', async () => {
    const digits = join(dir, 'digits.ded');
    writeFileSync(digits, ['node(1, 2)@1;', 'node(2, 1)@1;', 'b(1, "v")@1;', 'log(M, V)@async :- b(N, V), node(N, M);', 'pre(N) :- node(N, _);', 'post(N) :- log(N, _);', ''].join('\n'));
    const r = await captureCli(['check', digits, '--eot', '3', '--nodes', '1,2'], 'ldfi');
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter((l) => l.startsWith('ldfi: error'))).toEqual([
      'ldfi: error: --nodes: "1", "2" never appear in the program; 1, 2 appear only as a number, and nodes are strings: write "1", "2" in the facts',
    ]);
  });
});
