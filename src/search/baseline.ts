/** The strategies LDFI is measured against: random fault sets, and every fault set (the oracle). */
import type { CompiledProgram } from '../sim/compile.js';
import { Explorer, type ExploreOptions } from './explorer.js';
import { allFaultSets, prng, randomFaultSet } from '../faults/space.js';

/** Random fault sets within the bounds until a counterexample or --max-runs. Never certifies. */
export function searchRandom(compiled: CompiledProgram, options: ExploreOptions, seed: number): Explorer {
  const explorer = new Explorer(compiled, options);
  const random = prng(seed);
  explorer.execute([], null);
  // Draws repeat in small spaces; a repeat is not re-run, but bounded so a tiny space cannot spin forever.
  let misses = 0;
  while (!explorer.done && misses < 10_000) {
    const faults = randomFaultSet(options.bounds, random);
    if (explorer.explored(faults)) {
      misses++;
      continue;
    }
    misses = 0;
    explorer.execute(faults, null);
  }
  return explorer;
}

/** Every fault set, fault-free first. Returns whether the whole space was covered. */
export function searchExhaustive(compiled: CompiledProgram, options: ExploreOptions): { explorer: Explorer; covered: boolean } {
  const explorer = new Explorer(compiled, options);
  for (const faults of allFaultSets(options.bounds)) {
    if (explorer.done) return { explorer, covered: false };
    explorer.execute(faults, null);
  }
  return { explorer, covered: true };
}
