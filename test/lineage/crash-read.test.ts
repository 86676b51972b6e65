/**
 * A rule that reads `crash` with a free column fires for any crash the column accepts, so a run
 * that kept its outcome under one crash also says it keeps it under an earlier crash of the same
 * node: the lineage must not ask for every crash time again (heartbeat's accuracy outcome reads
 * `crash(_, N, _)`), and must still ask where the column is bound (tests in test/cases/search).
 */
import { describe, expect, it } from 'vitest';
import { runLineage } from '../../src/lineage/goal.js';
import { FormulaStore, indexFaults } from '../../src/faults/formula.js';
import { parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import { loadBundled } from '../search/helpers.js';

describe('crash atoms read with free columns', () => {
  const { compiled, nodes } = loadBundled('heartbeat.ded');
  const bounds = { nodes, eot: 6, eff: 0, crashes: 1 };
  const faults = (text: string) => parseFaults(text, nodes, bounds.eot).faults;
  const run = simulate(compiled, { nodes, eot: bounds.eot, faults: faults('crash(a,5)') });
  const store = new FormulaStore(bounds);
  const lineage = runLineage(store, compiled, bounds, run);
  const broken = (g: string) => lineage.targets.filter((t) => store.evaluate(t.broken, indexFaults(faults(g)))).map((t) => t.label);

  it('an earlier crash of the same node keeps the outcomes read through crash(_, N, _)', () => {
    expect(run.invariant.holds).toBe(true);
    expect(broken('crash(a,4)')).toEqual([]);
    expect(broken('crash(a,1)')).toEqual([]);
  });

  it('a crash of another node is still a hypothesis', () => {
    expect(broken('crash(a,5) crash(b,5)').length).toBeGreaterThan(0);
  });
});
