/**
 * A fault the cause trees never name: the trees compare with the fault-free run, so a lost message
 * whose effect that run shares (an answer not due there either) is invisible in them. The run
 * without that fault shows what it did.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCounterexample } from '../../src/explain/explain.js';
import { explanationLines, neededHeading, neededJson } from '../../src/explain/print.js';
import type { Cause, Explanation } from '../../src/explain/types.js';
import { faultKey, formatFaults, parseFaults } from '../../src/faults/text.js';
import type { FaultSet } from '../../src/faults/types.js';
import { RuleError } from '../../src/sim/errors.js';
import { simulate } from '../../src/sim/simulate.js';
import { defaultNodes } from '../../src/sim/nodes.js';
import { causes, load, ROOT } from './helpers.js';

const named = (e: Explanation['outcomes']): string[] => [...new Set(e.flatMap((o) => causes(o.cause)).flatMap((c: Cause) => (c.fault ? [faultKey(c.fault)] : [])))].sort();

function explainWith(spec: ReturnType<typeof load>, faults: string, eot: number, run?: (f: FaultSet) => ReturnType<typeof simulate>): Explanation {
  const nodes = defaultNodes(spec.compiled, eot);
  const sim = run ?? ((f: FaultSet) => simulate(spec.compiled, { nodes, eot, faults: f }));
  const bad = sim(parseFaults(faults, nodes, eot).faults);
  expect(bad.invariant.holds).toBe(false);
  return explainCounterexample(spec.compiled.rules, sim([]), bad, { displayPath: (p) => relative(ROOT, p) || p, simulate: sim });
}

describe('faults the cause trees never name', () => {
  const bully = load('specs/bully.ded');

  it('bully: omit(a,b,1) kept a from hearing b answer; the run of crash(c,1) alone shows it', () => {
    const e = explainWith(bully, 'omit(a,b,1) crash(c,1)', 3);
    // Against the fault-free run only the crash shows: c's coordinator message never came.
    expect(named(e.outcomes)).toEqual(['crash(c,1)']);
    expect(e.needed).toHaveLength(1);
    const [n] = e.needed;
    expect(faultKey(n!.fault)).toBe('omit(a,b,1)');
    expect(formatFaults(n!.without)).toBe('crash(c,1)');
    expect(named(n!.outcomes)).toEqual(['omit(a,b,1)']);
    // The chain a reader would draw: a declared itself because b's answer never came.
    const chain = n!.outcomes.flatMap((o) => causes(o.cause)).map((c) => `${c.kind} ${c.relation}`);
    expect(chain).toEqual(expect.arrayContaining(['appeared declare', 'not-derived answered', 'lost-message election']));
    const lines = explanationLines(e);
    const heading = lines.findIndex((l) => l === '  omit(a,b,1) is needed too: with crash(c,1) alone, pre("agreement", "a", "a") and pre("agreement", "b", "b") keep the invariant; with omit(a,b,1) as well:');
    expect(heading).toBeGreaterThan(0);
    expect(lines.slice(heading + 1).some((l) => l.includes('was lost: omit(a,b,1)'))).toBe(true);
    expect(lines.slice(heading + 1).some((l) => l.includes('not even in the run without omit(a,b,1); omit(a,b,1) created the pre tuple'))).toBe(true);
    // Both outcomes hold without it; the tree of the first shows how it broke them.
    expect(neededJson(e).map((j) => [j.fault, j.without, j.kept, j.explanation.map((x) => x.pre)])).toEqual([
      ['omit(a,b,1)', 'crash(c,1)', ['pre("agreement", "a", "a")', 'pre("agreement", "b", "b")'], ['pre("agreement", "a", "a")']],
    ]);
  });

  it('a fault the violation does not need is not explained as needed', () => {
    // omit(a,c,4) is sent after every broadcast: without it the run still breaks the same way.
    const e = explainWith(load('specs/simple-broadcast.ded'), 'omit(a,b,1) omit(a,c,4)', 6);
    expect(named(e.outcomes)).toEqual(['omit(a,b,1)']);
    expect(e.needed).toEqual([]);
  });

  it('faults the trees already name need nothing more, and without a simulator nothing is re-run', () => {
    const classic = load('specs/classic-broadcast.ded');
    const e = explainWith(classic, 'omit(a,b,1) omit(c,b,2)', 6);
    expect(named(e.outcomes)).toEqual(['omit(a,b,1)', 'omit(c,b,2)']);
    expect(e.needed).toEqual([]);
    const nodes = defaultNodes(bully.compiled, 3);
    const bad = simulate(bully.compiled, { nodes, eot: 3, faults: parseFaults('omit(a,b,1) crash(c,1)', nodes, 3).faults });
    expect(explainCounterexample(bully.compiled.rules, simulate(bully.compiled, { nodes, eot: 3, faults: [] }), bad).needed).toEqual([]);
  });

  it('a needed fault no tree reaches is still named, without trees that would only repeat the others', () => {
    const e = explainWith(bully, 'omit(a,b,1) crash(c,1)', 3);
    const n = { ...e.needed[0]!, outcomes: [] };
    expect(neededHeading(n)).toBe('omit(a,b,1) is needed too: with crash(c,1) alone, pre("agreement", "a", "a") and pre("agreement", "b", "b") keep the invariant (the cause trees do not reach omit(a,b,1))');
    const lines = explanationLines({ ...e, needed: [n] });
    expect(lines.filter((l) => l.includes('is needed too'))).toEqual([`  ${neededHeading(n)}`]);
    expect(lines.filter((l) => l.includes('the run without'))).toEqual([]);
  });

  it('a run the program stops (overflow, a budget) leaves that fault unexplained instead of failing the explanation', () => {
    const nodes = defaultNodes(bully.compiled, 3);
    const full = parseFaults('omit(a,b,1) crash(c,1)', nodes, 3).faults;
    const span = bully.compiled.rules[0]!.span;
    const sim = (f: FaultSet) => {
      if (f.length === 1) throw new RuleError(span, 'integer overflow');
      return simulate(bully.compiled, { nodes, eot: 3, faults: f });
    };
    const e = explainWith(bully, formatFaults(full), 3, sim);
    expect(e.needed).toEqual([]);
    expect(e.outcomes.length).toBeGreaterThan(0);
  });
});
