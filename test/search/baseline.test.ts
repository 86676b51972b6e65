/**
 * Honest figures from the baselines: a counterexample random draws is shrunk to a 1-minimal one
 * by simulating (and says so, every simulation counted); random and exhaustive test no
 * hypotheses; exhaustive's default run limit is its space limit, so a space it accepts is covered.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { formatFaults } from '../../src/faults/text.js';
import { checkFaultTolerance, DEFAULT_EXHAUSTIVE_LIMIT, defaultMaxRuns } from '../../src/search/check.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundled, SPECS, violates } from './helpers.js';

const simple = loadBundled('simple-broadcast.ded');
const bounds = { nodes: simple.nodes, eot: 6, eff: 3, crashes: 1 };

describe('random', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const results = seeds.map((seed) => checkFaultTolerance(simple.compiled, { bounds, strategy: 'random', seed }));

  it('shrinks each counterexample to a subset of its draw from which no single fault can be removed', () => {
    let shrunkSomething = false;
    for (const r of results) {
      expect(r.verdict).toBe('counterexample');
      const c = r.counterexample!;
      expect(c.shrunk).toBeDefined();
      const drawn = new Set(c.shrunk!.from.map((f) => formatFaults([f])));
      for (const f of c.faults) expect(drawn.has(formatFaults([f]))).toBe(true);
      expect(violates(simple.compiled, bounds, c.faults)).toBe(true);
      for (let i = 0; i < c.faults.length; i++) expect(violates(simple.compiled, bounds, c.faults.filter((_, j) => j !== i))).toBe(false);
      if (c.faults.length < c.shrunk!.from.length) shrunkSomething = true;
    }
    expect(shrunkSomething).toBe(true);
  });

  it('counts every shrinking simulation as an execution and lists it as a run', () => {
    for (const r of results) {
      const c = r.counterexample!;
      expect(r.executions).toBe(r.runs.length);
      expect(r.executions).toBe(c.shrunk!.fromRun + c.shrunk!.runs);
      expect(r.runs[c.run - 1]!.faults).toEqual(c.faults);
      for (const run of r.runs.slice(c.shrunk!.fromRun)) expect(run.target).toBe(`shrinking the counterexample of run ${c.shrunk!.fromRun}`);
    }
  });

  it('tests no hypotheses, and can be asked not to shrink', () => {
    expect(results.every((r) => r.hypotheses === null)).toBe(true);
    const raw = checkFaultTolerance(simple.compiled, { bounds, strategy: 'random', seed: 1, shrink: false });
    expect(raw.counterexample!.shrunk).toBeUndefined();
    expect(raw.counterexample!.faults).toEqual(results[0]!.counterexample!.shrunk!.from);
  });

  it('says so in the text, without "hypotheses tested"', async () => {
    let out = '';
    await runCli(['check', join(SPECS, 'simple-broadcast.ded'), '--crashes', '1', '--strategy', 'random', '--seed', '3', '--quiet'], { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: 'ldfi' });
    const c = results[2]!.counterexample!;
    expect(out).toContain(`  faults: ${formatFaults(c.faults)}\n`);
    expect(out).toMatch(new RegExp(`  shrunk: run ${c.shrunk!.fromRun} drew .*; \\d+ more simulations? removed \\d+ faults? the violation does not need, and none of these can go\\n`));
    expect(out).not.toContain('hypotheses');
    expect(out).toMatch(/^ {2}executions: \d+, fault space: /m);
  });

  it('says plainly when the drawn set was already minimal', async () => {
    // One crash of at most one: nothing to remove, and no simulation spent on it.
    let out = '';
    await runCli(['check', join(SPECS, '2pc.ded'), '--eot', '5', '--eff', '0', '--crashes', '1', '--strategy', 'random', '--seed', '1', '--quiet'], { stdout: (s) => (out += s), stderr: () => {}, ldfiCommand: 'ldfi' });
    expect(out).toMatch(/^ {2}shrunk: run \d+ drew crash\(\w+,\d\); its one fault is needed$/m);
    expect(out).not.toContain('0 more simulations');
  });
});

describe('exhaustive', () => {
  it('runs up to its space limit by default, so every space it accepts is covered', () => {
    expect(defaultMaxRuns('exhaustive')).toBe(DEFAULT_EXHAUSTIVE_LIMIT);
    expect(defaultMaxRuns('ldfi')).toBe(10_000);
    // 3 nodes, omissions at t = 1..4 on 6 channels: 2^24 sets, over the limit; t = 1..2: 4,096 sets.
    const retry = loadBundled('retry-broadcast.ded');
    const r = checkFaultTolerance(retry.compiled, { bounds: { nodes: retry.nodes, eot: 6, eff: 3, crashes: 0 }, strategy: 'exhaustive' });
    expect(r.verdict).toBe('certified');
    expect(r.executions).toBe(4096);
    expect(r.hypotheses).toBeNull();
  });

  it('covers a space of more than 10,000 sets from the CLI without --max-runs', async () => {
    // Three nodes that message each other and an invariant nothing can break: 20,224 fault sets at 3/3/1.
    const dir = mkdtempSync(join(tmpdir(), 'ldfi-exhaustive-'));
    const spec = join(dir, 'holds.ded');
    writeFileSync(spec, 'node("a", "b")@1;\nnode("b", "c")@1;\nnode("c", "a")@1;\nping(M)@async :- node(N, M);\npre(N) :- node(N, _);\npost(N) :- node(N, _);\n');
    let out = '';
    const code = await runCli(['check', spec, '--eot', '3', '--eff', '3', '--crashes', '1', '--strategy', 'exhaustive', '--quiet'], {
      stdout: (s) => (out += s),
      stderr: () => {},
      ldfiCommand: 'ldfi',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(out).toContain('certified: no counterexample within EOT=3, EFF=3, crashes=1 (nodes a,b,c, strategy exhaustive)');
    expect(out).toContain("executions: 20224, fault space: 20,224 fault sets (Molly's estimate 1.04e6)");
  });
});
