/**
 * A run the user's program stops (integer overflow at a rule, a run over its budget) and a fact
 * without an exact value are bad input at a location, in every command: `file:line:col: error:`
 * with the excerpt, exit 2, nothing on stdout, nothing written; in a suite, that entry's error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli, scratchDir, type CliOutcome } from './helpers.js';
import { loadSpec } from '../../src/pipeline.js';
import { RuleError } from '../../src/sim/errors.js';
import { simulate } from '../../src/sim/simulate.js';

const { dir, write: file } = scratchDir('ldfi-located-');

const cli = (...args: string[]): Promise<CliOutcome> => captureCli(args, 'ldfi');

const overflow = file(
  'overflow.ded',
  ['v("a", 9007199254740991)@1;', 'node("a", "b")@1;', 'w(N, X + 2) :- v(N, X);', 'pre(N, X) :- w(N, X);', 'post(N, X) :- w(N, X);', ''].join('\n'),
);
const expected = [
  `${overflow}:3:1: error: integer overflow: 9007199254740991 + 2 is outside the exact range ±9007199254740991`,
  '  w(N, X + 2) :- v(N, X);',
  '  ^^^^^^^^^^^^^^^^^^^^^^^',
  '',
].join('\n');

describe('an overflow at a rule', () => {
  it('stops `run` with the rule located, exit 2, nothing on stdout and no JSON file', async () => {
    const json = join(dir, 'run.json');
    const r = await cli('run', overflow, '--json-file', json);
    expect([r.code, r.out, r.err]).toEqual([2, '', expected]);
    expect(existsSync(json)).toBe(false);
  });

  it('stops `check` the same way, before any report is written', async () => {
    const report = join(dir, 'report');
    const r = await cli('check', overflow, '--quiet', '--report', report);
    expect([r.code, r.out, r.err]).toEqual([2, '', expected]);
    expect(existsSync(join(report, 'index.html'))).toBe(false);
  });

  it("is a suite entry's error with its location; the other entries still run", async () => {
    file('ok.ded', ['v("a", 1)@1;', 'node("a", "b")@1;', 'pre(N, X) :- v(N, X);', 'post(N, X) :- v(N, X);', ''].join('\n'));
    const config = file(
      'suite.json',
      JSON.stringify({
        entries: [
          { name: 'overflow', files: ['overflow.ded'], eot: 2, eff: 1, crashes: 0, expect: 'certified' },
          { name: 'ok', files: ['ok.ded'], eot: 2, eff: 1, crashes: 0, expect: 'counterexample' },
        ],
      }),
    );
    const junit = join(dir, 'suite.xml');
    const r = await cli('suite', config, '--jobs', '1', '--quiet', '--junit', junit);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`FAIL  overflow (EOT 2, EFF 1, crashes 0)  error: ${overflow}:3:1: integer overflow: 9007199254740991 + 2 is outside the exact range ±9007199254740991`);
    expect(lines.slice(1, 4)).toEqual(expected.trimEnd().split('\n').map((l) => `        ${l}`));
    expect(r.out).toMatch(/FAIL {2}ok .*expected counterexample, got certified/);
    expect(readFileSync(junit, 'utf8')).toContain('type="BadInput"');
  });
});

describe('facts without an exact value', () => {
  it('are check errors at the operation: overflow, and division by zero (which would hold nothing)', async () => {
    const spec = file('facts.ded', ['v("a", 9007199254740991 + 2)@1;', 'u("a", 1 / 0);', 'w("a", 2 * 3);', 'pre(N, X) :- v(N, X);', 'post(N, X) :- v(N, X);', ''].join('\n'));
    const r = await cli('check', spec, '--quiet');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      [
        `${spec}:1:8: error: integer overflow: 9007199254740991 + 2 is outside the exact range ±9007199254740991 in a fact`,
        '  v("a", 9007199254740991 + 2)@1;',
        '         ^^^^^^^^^^^^^^^^^^^^',
        `${spec}:2:8: error: division by zero: 1 / 0 has no value in a fact`,
        '  u("a", 1 / 0);',
        '         ^^^^^',
        '',
      ].join('\n'),
    );
  });
});

describe('the run budget', () => {
  it('stops a run that holds too many tuples with an error at the rule deriving them', () => {
    const facts = ['r1', 'r2'].flatMap((r) => Array.from({ length: 20 }, (_, i) => `${r}("a", ${i});`));
    const spec = loadSpec([file('cart.ded', [...facts, 'q("a", A, B) :- r1("a", A), r2("a", B);', ''].join('\n'))]);
    if (!spec.ok) throw new Error('load');
    let caught: unknown = null;
    try {
      simulate(spec.compiled, { nodes: ['a'], eot: 1, faults: [], budget: { tuples: 100, firings: 10_000 } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RuleError);
    expect((caught as RuleError).span).toMatchObject({ line: 41, col: 1 });
    expect((caught as RuleError).message).toBe('the run holds more than 100 tuples (over all timesteps) at time 1 of 1; lower --eot or make this rule derive less');
    // The same program inside its budget runs: 40 facts and 400 joined tuples.
    expect(simulate(spec.compiled, { nodes: ['a'], eot: 1, faults: [], budget: { tuples: 1000, firings: 10_000 } }).tables[0]!.get('q')).toHaveLength(400);
  });

  it('stops a run that records too many firings, even when they derive one tuple', () => {
    const facts = ['r1', 'r2'].flatMap((r) => Array.from({ length: 20 }, (_, i) => `${r}("a", ${i});`));
    const spec = loadSpec([file('cart1.ded', [...facts, 'q("a") :- r1("a", A), r2("a", B);', ''].join('\n'))]);
    if (!spec.ok) throw new Error('load');
    expect(() => simulate(spec.compiled, { nodes: ['a'], eot: 1, faults: [], budget: { tuples: 1000, firings: 100 } })).toThrow(/more than 100 rule firings at time 1 of 1/);
  });

  it('names the fact when facts stated without a time fill the budget over the timesteps', () => {
    const spec = loadSpec([file('always.ded', ['p("a", 1);', 'p("a", 2);', ''].join('\n'))]);
    if (!spec.ok) throw new Error('load');
    let caught: unknown = null;
    try {
      simulate(spec.compiled, { nodes: ['a'], eot: 100, faults: [], budget: { tuples: 50, firings: 100 } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RuleError);
    expect((caught as RuleError).message).toMatch(/more than 50 tuples .* at time 26 of 100.*facts stated without a time hold, and count, at every timestep/);
  });
});

describe('limits of what the simulator evaluates', () => {
  it('refuses an expression nested deeper than 1,000 operators, at the expression, without overflowing', async () => {
    const chain = `X${' + 1'.repeat(9000)}`;
    const spec = file('chain.ded', `p("a", 1);\nq("a", ${chain}) :- p("a", X);\n`);
    const r = await cli('lint', spec);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${spec}:2:8: error: this expression nests 9,000 operators deep; ldfi evaluates at most 1,000 (split it with an intermediate relation)`);
    expect(r.err).not.toContain('internal error');
  });

  it('accepts a 1,000-deep expression and evaluates it', async () => {
    const spec = file('chain1k.ded', `p("a", 1);\nq("a", X${' + 1'.repeat(1000)}) :- p("a", X);\n`);
    const r = await cli('run', spec, '--eot', '1', '--json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).tables[0].relations.q).toEqual([['a', 1001]]);
  });

  it('refuses a body of more than 500 items at the rule', async () => {
    const spec = file('body.ded', `p("a", 1);\nq("a", Y) :- ${Array.from({ length: 7000 }, () => 'p("a", Y)').join(', ')};\n`);
    const r = await cli('lint', spec);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${spec}:2:1: error: this rule's body has 7,000 items; ldfi joins at most 500 (split it with intermediate relations)`);
  });
});
