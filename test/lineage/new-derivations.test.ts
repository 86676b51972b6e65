/**
 * A `post` that G derives by firings the fault-free run never had. In 3pc, losing the coordinator's
 * first request to agent a makes everyone abort: agreement still holds, through abort decisions
 * the fault-free run (where all commit) has no firing of. Only holdsAnyway sees that; without it
 * that loss is a hypothesis the search has to run.
 */
import { describe, expect, it } from 'vitest';
import { runLineage } from '../../src/lineage/goal.js';
import { FormulaStore, indexFaults } from '../../src/faults/formula.js';
import { parseFaults } from '../../src/faults/text.js';
import { simulate } from '../../src/sim/simulate.js';
import { loadBundled } from '../search/helpers.js';

describe('post through derivations the run never had', () => {
  const { compiled, nodes } = loadBundled('3pc.ded');
  const bounds = { nodes, eot: 9, eff: 7, crashes: 1 };
  const faults = (text: string) => parseFaults(text, nodes, bounds.eot).faults;
  const run = simulate(compiled, { nodes, eot: bounds.eot, faults: [] });
  const goalUnder = (newDerivations: boolean, g: string): boolean => {
    const store = new FormulaStore(bounds);
    const lineage = runLineage(store, compiled, bounds, run, { newDerivations });
    return store.evaluate(lineage.goal, indexFaults(faults(g)));
  };

  it('a lost first request keeps agreement (everyone aborts), and the goal says so only with new derivations', () => {
    const lost = simulate(compiled, { nodes, eot: bounds.eot, faults: faults('omit(C,a,1)') });
    expect(lost.invariant.holds).toBe(true);
    expect(lost.lineage.tuples.some((t) => t.relation === 'decision' && t.tuple[2] === 'abort')).toBe(true);
    expect(goalUnder(false, 'omit(C,a,1)')).toBe(true);
    expect(goalUnder(true, 'omit(C,a,1)')).toBe(false);
  });

  it('a set that does violate stays in the goal', () => {
    const g = 'omit(C,a,3)';
    expect(simulate(compiled, { nodes, eot: bounds.eot, faults: faults(g) }).invariant.holds).toBe(false);
    expect(goalUnder(true, g)).toBe(true);
  });
});
