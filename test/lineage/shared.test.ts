/**
 * What the analyses share: the per-program facts are made once per program and bounds, and the
 * fault-free run's lineage (every G is above no faults) stands for its "everywhere" lineage too.
 */
import { describe, expect, it } from 'vitest';
import { holdsProgramFacts, observerBlind, programFacts } from '../../src/lineage/possible.js';
import { compileText } from './soundness.js';
import { searchLdfi } from '../../src/search/ldfi.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { loadBundled } from '../search/helpers.js';

describe('shared lineage parts', () => {
  it('programFacts is one object per program and bounds, with one possible run', () => {
    const { compiled, nodes } = loadBundled('2pc.ded');
    const bounds = { nodes, eot: 6, eff: 0, crashes: 1 };
    const facts = programFacts(compiled, bounds);
    expect(programFacts(compiled, { ...bounds })).toBe(facts);
    const possible = facts.possible;
    expect(possible).not.toBeNull();
    expect(facts.possible).toBe(possible);
    expect(programFacts(compiled, { ...bounds, eot: 7 })).not.toBe(facts);
  });

  it('programFacts keeps the last program and bounds only (a sweep or a suite does not hold every possible run it built)', () => {
    const { compiled, nodes } = loadBundled('2pc.ded');
    const other = loadBundled('2pc.ded').compiled;
    const bounds = { nodes, eot: 6, eff: 0, crashes: 1 };
    const facts = programFacts(compiled, bounds);
    expect(facts.possible).not.toBeNull();
    programFacts(compiled, { ...bounds, eot: 7 });
    expect(holdsProgramFacts(compiled)).toBe(true);
    const again = programFacts(compiled, bounds);
    expect(again).not.toBe(facts);
    programFacts(other, bounds);
    expect(holdsProgramFacts(compiled)).toBe(false);
    expect(holdsProgramFacts(other)).toBe(true);
    expect(programFacts(compiled, bounds)).not.toBe(again);
  });

  it('the possible run writes crash tuples for one observer when no rule can tell observers apart', () => {
    const { compiled, nodes } = loadBundled('2pc.ded');
    const possible = programFacts(compiled, { nodes, eot: 6, eff: 0, crashes: 1 }).possible!;
    const observers = new Set(possible.run.lineage.tuples.filter((t) => t.relation === 'crash').map((t) => t.tuple[0]));
    expect(observerBlind(compiled.rules)).toBe(true);
    expect([...observers]).toEqual([nodes[0]]);
    const blind = (text: string) => observerBlind(compileText(`node("a"); node("b");\n${text}\npre(N) :- node(N);\npost(N) :- node(N);`).rules);
    expect(blind('x(N) :- node(N), crash(_, N, _);')).toBe(true);
    expect(blind('x(N) :- node(N), crash(O, N, T), T > 2;')).toBe(true);
    expect(blind('x(O, N) :- node(N), crash(O, N, _);')).toBe(false);
    expect(blind('x(N) :- node(N), crash("a", N, _);')).toBe(false);
    expect(blind('x(N) :- node(N), crash(O, N, _), O != "a";')).toBe(false);
    expect(blind('x(N)@async :- crash(_, N, _), node(N);')).toBe(false);
    expect(blind('x(N)@async :- node(N), crash(_, N, _);')).toBe(true);
    expect(blind('x(N) :- node(N), notin crash(N, N, _);')).toBe(true);
  });

  it('a possible run that overflows (arithmetic no real run does) is given up, not an error', () => {
    const text = `node("a"); node("b"); big("a", 9007199254740991); block("a");\nx(N, V + 1) :- big(N, V), notin block(N);\npre(N) :- node(N);\npost(N) :- node(N);`;
    const compiled = compileText(text);
    const bounds = { nodes: ['a', 'b'], eot: 3, eff: 1, crashes: 0 };
    expect(programFacts(compiled, bounds).possible).toBeNull();
    expect(checkFaultTolerance(compiled, { bounds }).verdict).toBe('certified');
  });

  it('the fault-free run learns one lineage for above and everywhere; later runs learn both', () => {
    const { compiled, nodes } = loadBundled('raft-election.ded');
    const seen: { faults: number; same: boolean; scope: string }[] = [];
    searchLdfi(compiled, {
      bounds: { nodes, eot: 6, eff: 5, crashes: 1 },
      maxRuns: 50,
      onLearn: (faults, lineage, _store, everywhere) => seen.push({ faults: faults.length, same: lineage === everywhere, scope: everywhere.abstraction.scope }),
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).toEqual({ faults: 0, same: true, scope: 'above' });
    for (const s of seen.slice(1)) expect(s).toMatchObject({ same: false, scope: 'everywhere' });
  });
});
