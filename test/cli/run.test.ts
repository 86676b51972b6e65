import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli, scratchDir, type CliOutcome } from './helpers.js';

const { dir, write: spec } = scratchDir('ldfi-run-');

const run = (...args: string[]): Promise<CliOutcome> => captureCli(['run', ...args]);

// a broadcasts once; the invariant: every node that logged m is matched by b having logged it.
const bcast = spec(
  'bcast.ded',
  [
    'node("a", "b")@1; node("a", "c")@1; node("b", "a")@1; node("c", "a")@1;',
    'bcast("a", "m")@1;',
    'node(N, X)@next :- node(N, X);',
    'log(N, M) :- bcast(N, M);',
    'log(N, M)@next :- log(N, M);',
    'bcast(X, M)@async :- bcast(N, M), node(N, X);',
    'pre(N, M) :- log(N, M);',
    'post(N, M) :- log(N, M), log("b", M);',
    '',
  ].join('\n'),
);

describe('ldfi run', () => {
  it('prints the header, the tables per time, the messages and the invariant', async () => {
    const r = await run(bcast, '--eot', '2');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        `files:  ${bcast}`,
        'nodes:  a, b, c',
        'EOT:    2',
        'faults: none',
        '',
        'time 1',
        '  bcast("a", "m")',
        '  log("a", "m")',
        '  node("a", "b")',
        '  node("a", "c")',
        '  node("b", "a")',
        '  node("c", "a")',
        '  pre("a", "m")',
        '',
        'time 2 (EOT)',
        '  bcast("b", "m")',
        '  bcast("c", "m")',
        '  log("a", "m")',
        '  log("b", "m")',
        '  log("c", "m")',
        '  node("a", "b")',
        '  node("a", "c")',
        '  node("b", "a")',
        '  node("c", "a")',
        '  post("a", "m")',
        '  post("b", "m")',
        '  post("c", "m")',
        '  pre("a", "m")',
        '  pre("b", "m")',
        '  pre("c", "m")',
        '',
        'messages: 2',
        '  t=1  a → b  bcast("b", "m")  delivered at 2',
        '  t=1  a → c  bcast("c", "m")  delivered at 2',
        '  (2 delivered, 0 lost)',
        '',
        'invariant holds at EOT=2: pre ⊆ post',
        '',
      ].join('\n'),
    );
  });

  it('marks lost messages and lists the pre tuples without post; still exit 0', async () => {
    const r = await run(bcast, '--eot', '2', '--faults', 'omit(a,b,1)');
    expect(r.code).toBe(0);
    expect(r.out).toContain('faults: omit(a,b,1)\n');
    expect(r.out).toContain('  t=1  a → b  bcast("b", "m")  LOST by omit(a,b,1)\n');
    expect(r.out).toContain('  (1 delivered, 1 lost)\n');
    expect(r.out.endsWith('invariant VIOLATED at EOT=2: 2 pre tuples without post\n  pre("a", "m")\n  pre("c", "m")\n')).toBe(true);
  });

  it('names the crash that lost a message', async () => {
    const r = await run(bcast, '--eot', '3', '--faults', 'crash(c,2)');
    expect(r.code).toBe(0);
    expect(r.out).toContain('  t=2  c → a  bcast("a", "m")  LOST by crash(c,2)\n');
    expect(r.out).toContain('  crash("b", "c", 2)\n');
  });

  it('--final prints only the tables at EOT', async () => {
    const r = await run(bcast, '--eot', '2', '--final');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('time 1');
    expect(r.out).toContain('\ntime 2 (EOT)\n');
  });

  it('--json prints one deterministic document', async () => {
    const a = await run(bcast, '--eot', '2', '--faults', 'omit(a,c,1)', '--json');
    const b = await run(bcast, '--json', '--faults', 'omit(a,c,1)', '--eot', '2');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const doc = JSON.parse(a.out);
    expect(doc.files).toEqual([bcast]);
    expect(doc.nodes).toEqual(['a', 'b', 'c']);
    expect(doc.eot).toBe(2);
    expect(doc.faults).toEqual({ text: 'omit(a,c,1)', list: [{ kind: 'omit', from: 'a', to: 'c', time: 1 }] });
    expect(doc.tables.map((t: { time: number }) => t.time)).toEqual([1, 2]);
    expect(Object.keys(doc.tables[1].relations)).toEqual(['bcast', 'log', 'node', 'post', 'pre']);
    expect(doc.tables[1].relations.log).toEqual([
      ['a', 'm'],
      ['b', 'm'],
    ]);
    expect(doc.messages).toEqual([
      { sendTime: 1, from: 'a', to: 'b', relation: 'bcast', tuple: ['b', 'm'], delivered: true, arrival: 2, lostBy: null },
      { sendTime: 1, from: 'a', to: 'c', relation: 'bcast', tuple: ['c', 'm'], delivered: false, arrival: 2, lostBy: 'omit(a,c,1)' },
    ]);
    expect(doc.invariant).toEqual({ checked: true, holds: true, missing: [] });
  });

  it('--json --final keeps only EOT', async () => {
    const doc = JSON.parse((await run(bcast, '--eot', '3', '--final', '--json')).out);
    expect(doc.tables.map((t: { time: number }) => t.time)).toEqual([3]);
  });

  it('bad --faults: exit 2, the error with the option text and a caret, nothing on stdout', async () => {
    const r = await run(bcast, '--eot', '2', '--faults', 'omit(a,b,1) crash(z,3)');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      [
        '--faults:1:19: error: unknown node "z" (nodes: a, b, c)',
        '  omit(a,b,1) crash(z,3)',
        '                    ^',
        '--faults:1:21: error: time 3 is outside 1..2 (EOT)',
        '  omit(a,b,1) crash(z,3)',
        '                      ^',
        '',
      ].join('\n'),
    );
  });

  it('bad --eot and unknown --nodes: exit 2, nothing on stdout', async () => {
    for (const eot of ['0', 'abc', '-1', '2.5']) {
      const r = await run(bcast, '--eot', eot);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/--eot (expects a whole number|must be at least 1)/);
    }
    const r = await run(bcast, '--nodes', 'a,b,zed');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('ldfi: error: --nodes: "zed" never appears in the program (its nodes are a, b, c)\n');
  });

  it('--nodes sets the observers of the crash relation', async () => {
    const r = await run(bcast, '--eot', '1', '--nodes', 'a,c', '--faults', 'crash(c,1)');
    expect(r.code).toBe(0);
    expect(r.out).toContain('nodes:  a, c\n');
    expect(r.out).toContain('  crash("a", "c", 1)\n  crash("c", "c", 1)\n');
    expect(r.out).not.toContain('crash("b"');
  });

  it('a spec with errors: diagnostics on stderr, exit 2, nothing on stdout', async () => {
    const bad = spec('bad.ded', 'p("a")@1;\nq(X) :- p(Y);\n');
    const r = await run(bad);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${bad}:2:3: error:`);
    expect(r.err).toContain('  q(X) :- p(Y);\n');
    const missing = await run(join(dir, 'nope.ded'));
    expect(missing.code).toBe(2);
    expect(missing.out).toBe('');
  });

  it('a spec without pre/post runs and says so', async () => {
    const plain = spec('plain.ded', 'p("a")@1;\n');
    const r = await run(plain, '--eot', '1');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`files:  ${plain}\nnodes:  a\nEOT:    1\nfaults: none\n\ntime 1 (EOT)\n  p("a")\n\nmessages: none\n\nno invariant (pre/post not defined)\n`);
  });
});
