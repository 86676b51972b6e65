/**
 * Size and depth cases: each must end in a located error or a result, with bounded memory,
 * whatever the stack size. The CLI runs in a fresh process (the main thread's stack, as a user
 * gets it), from source through tsx. Nothing here asserts on time; the timeout is only a cap.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = createRequire(import.meta.url).resolve('tsx');
const dir = mkdtempSync(join(tmpdir(), 'ldfi-stress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ldfi(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, PATH: '/usr/bin:/bin' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const noStack = (err: string): void => {
  expect(err).not.toMatch(/internal error|Maximum call stack|\n\s+at |heap out of memory|bad_alloc/);
};

describe('long runs', () => {
  it('run --eot 100000 --final with 200,000 messages', () => {
    const spec = file('ping.ded', 'node("a", "b")@1;\nnode("b", "a")@1;\nnode(N, M)@next :- node(N, M);\nping(M, N)@async :- node(N, M);\n');
    const r = ldfi('run', spec, '--eot', '100000', '--final');
    noStack(r.err);
    expect(r.code).toBe(0);
    expect(r.out).toContain('messages: 199998\n');
    expect(r.out).toContain('(199998 delivered, 0 lost)');
  });

  it('--eot past the documented maximum is refused before anything runs', () => {
    const r = ldfi('run', join(ROOT, 'specs', 'simple-broadcast.ded'), '--eot', '99999999999');
    expect(r).toEqual({ code: 2, out: '', err: 'ldfi: error: --eot must be at most 100,000, got 99999999999\n' });
  });

  it('a cartesian join of four 50-fact relations stops at the run budget, at its rule', () => {
    const facts = ['r1', 'r2', 'r3', 'r4'].flatMap((r) => Array.from({ length: 50 }, (_, i) => `${r}("a", ${i});`));
    const spec = file('cartesian.ded', `${facts.join('\n')}\nq("a", A, B, C, D) :- r1("a", A), r2("a", B), r3("a", C), r4("a", D);\n`);
    const r = ldfi('run', spec, '--eot', '1', '--final');
    noStack(r.err);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe(`${spec}:201:1: error: the run holds more than 2,000,000 tuples (over all timesteps) at time 1 of 1; lower --eot or make this rule derive less`);
  });
});

describe('many and long diagnostics', () => {
  it('262,144 syntax errors, every one reported', () => {
    const spec = file('errors.ded', 'p(;\n'.repeat(262_144));
    const r = ldfi('lint', spec);
    noStack(r.err);
    expect(r.code).toBe(2);
    expect(r.err.match(/: error: expected a term but found ';'\n/g)).toHaveLength(262_144);
    expect(r.out).toBe('262144 errors, 0 warnings\n');
  });

  it('did-you-mean between two 1 MB identifiers', () => {
    const name = 'a'.repeat(1_000_000);
    const spec = file('long-names.ded', `${name}("a");\nq("a") :- ${name.slice(0, -1)}b("a");\n`);
    const r = ldfi('lint', spec);
    noStack(r.err);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`— did you mean \`${name}\`?`);
  });

  it('a 9,000-term arithmetic chain is a located error, through lint, run and check', () => {
    const spec = file('chain.ded', `p("a", 1);\nq("a", X${' + 1'.repeat(9000)}) :- p("a", X);\npre(N, X) :- q(N, X);\npost(N, X) :- q(N, X);\n`);
    for (const command of ['lint', 'run', 'check']) {
      const r = ldfi(command, spec, ...(command === 'lint' ? [] : ['--eot', '2']), ...(command === 'check' ? ['-q'] : []));
      noStack(r.err);
      expect(r.code, command).toBe(2);
      expect(r.err, command).toContain(`${spec}:2:8: error: this expression nests 9,000 operators deep; ldfi evaluates at most 1,000`);
    }
  });

  it('a chain of 10,000 relations stratifies without recursion', () => {
    const rules = Array.from({ length: 10_000 }, (_, i) => `r${i + 1}(N) :- r${i}(N);`);
    const spec = file('relations.ded', `r0("a");\n${rules.join('\n')}\n`);
    const r = ldfi('run', spec, '--eot', '1', '--final');
    noStack(r.err);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  r10000("a")\n');
  });

  it('a chain of 5,000 includes loads without recursion', () => {
    for (let i = 0; i < 5000; i++) file(`inc${i}.ded`, `${i + 1 < 5000 ? `include "inc${i + 1}.ded";\n` : ''}f${i}("a");\n`);
    const r = ldfi('lint', join(dir, 'inc0.ded'));
    noStack(r.err);
    expect(r.code).toBe(0);
  });
});

describe('the suite does not depend on the stack size', () => {
  it('--jobs 1 (main thread) and --jobs 2 (worker threads) give the same results at a large EOT', () => {
    const config = file(
      'large.json',
      JSON.stringify({
        entries: [
          { name: 'simple-1000', files: [join(ROOT, 'specs', 'simple-broadcast.ded')], eot: 1000, eff: 3, crashes: 0, expect: 'counterexample' },
          { name: 'retry-600', files: [join(ROOT, 'specs', 'retry-broadcast.ded')], eot: 600, eff: 3, crashes: 0, expect: 'certified' },
          { name: 'relay-300', files: [join(ROOT, 'specs', 'relay-broadcast.ded')], eot: 300, eff: 3, crashes: 1, expect: 'certified' },
        ],
      }),
    );
    const strip = (json: string): unknown => {
      const doc = JSON.parse(json) as { entries: Record<string, unknown>[] };
      for (const e of doc.entries) delete e['elapsedMs'];
      return doc;
    };
    const one = ldfi('suite', config, '--jobs', '1', '--json', '--no-report', '--allow-outside', '-q');
    const two = ldfi('suite', config, '--jobs', '2', '--json', '--no-report', '--allow-outside', '-q');
    noStack(one.err + two.err);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(strip(two.out)).toEqual(strip(one.out));
  });
});

describe('the parser fuzz, at length', () => {
  it('20,000 mutants', () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/syntax/parse.fuzz.test.ts'], {
      cwd: ROOT,
      env: { ...process.env, LDFI_FUZZ_MUTANTS: '20000' },
      stdio: 'pipe',
    });
  });
});
