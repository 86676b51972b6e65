/**
 * `ldfi check --show lineage|cnf`: the formula each learned run contributes and the clauses the
 * solver is given, printed before the verdict, and what they say checked against the spec.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCli, type CliOutcome } from './helpers.js';

const QUORUM = join(import.meta.dirname, '..', 'cases', 'search', 'quorum-threshold.ded');
const RETRY = join(import.meta.dirname, '..', '..', 'specs', 'retry-broadcast.ded');

const cli = (...args: string[]): Promise<CliOutcome> => captureCli(args);

describe('ldfi check --show', () => {
  it('lineage: one section per learned run, gates before use, the goal last, then the verdict', async () => {
    const r = await cli('check', QUORUM, '--eot', '4', '--eff', '3', '--show', 'lineage', '-q');
    expect(r.code).toBe(1);
    const [dump, verdict] = r.out.split(/\n(?=counterexample in run)/);
    expect(verdict).toMatch(/^counterexample in run 2 /);
    expect(dump).toMatch(/^# lineage learned from run 1 \(no faults\): what a fault set above it must make true\n/);
    // Both votes travel c→agent→c: the quorum of two dies when any of those four messages is lost.
    for (const m of ['omit(c,a,1)', 'omit(a,c,2)', 'omit(c,b,1)', 'omit(b,c,2)']) expect(dump).toContain(`¬${m}`);
    expect(dump).toMatch(/^broken post\("c"\) = \S+$/m);
    expect(dump).toMatch(/^goal = \S+$/m);
    // Every name is defined before it is used.
    const defined = new Set<string>();
    for (const line of dump!.trim().split('\n').slice(1)) {
      const [name, rhs] = line.split(' = ');
      for (const used of rhs!.matchAll(/\b([ao]\d+)\b/g)) expect(defined.has(used[1]!), `${used[1]} in ${line}`).toBe(true);
      if (/^[ao]\d+$/.test(name!)) defined.add(name!);
    }
  });

  it('lineage: later runs print only gates not printed before, and refer back to the others', async () => {
    const r = await cli('check', RETRY, '--eot', '5', '--eff', '3', '--crashes', '1', '--show', 'lineage', '-q');
    const sections = r.out.split(/^# /m).filter((s) => s.startsWith('lineage'));
    expect(sections.length).toBeGreaterThanOrEqual(1);
    const names = sections.map((s) => [...s.matchAll(/^([ao]\d+) = /gm)].map((m) => m[1]!));
    const all = names.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('cnf: DIMACS with the fault variables named, then the verdict', async () => {
    const r = await cli('check', QUORUM, '--eot', '4', '--eff', '3', '--show', 'cnf', '-q');
    const lines = r.out.split('\n');
    const header = lines.findIndex((l) => l.startsWith('p cnf '));
    expect(header).toBeGreaterThan(0);
    // 3 nodes, 6 channels, omissions at t = 1, 2: twelve named fault variables.
    expect(lines.slice(0, header).filter((l) => /^c \d+ omit\([abc],[abc],[12]\)$/.test(l))).toHaveLength(12);
    const [, , vars, count] = lines[header]!.split(' ');
    const clauses = lines.slice(header + 1).filter((l) => /^-?\d/.test(l));
    expect(clauses).toHaveLength(Number(count));
    for (const c of clauses) {
      expect(c.endsWith(' 0')).toBe(true);
      for (const lit of c.split(' ').slice(0, -1)) expect(Math.abs(Number(lit))).toBeLessThanOrEqual(Number(vars));
    }
    expect(r.out).toMatch(/\ncounterexample in run 2 /);
  });

  it('refuses to mix with JSON on stdout or with a strategy that builds no formula', async () => {
    const json = await cli('check', QUORUM, '--show', 'cnf', '--json');
    expect(json.code).toBe(2);
    expect(json.out).toBe('');
    expect(json.err).toMatch(/--show prints text on stdout/);
    const random = await cli('check', QUORUM, '--show', 'lineage', '--strategy', 'random');
    expect(random.code).toBe(2);
    expect(random.err).toMatch(/builds no formula/);
  });
});
