/** The strategies LDFI is measured against: random fault sets, and every fault set (the oracle). */
import type { CompiledProgram } from '../sim/compile.js';
import { simulate } from '../sim/simulate.js';
import { Explorer, setKey, type ExploreOptions } from './explorer.js';
import { allFaultSets, prng, randomFaultSet } from '../faults/space.js';
import type { FaultSet } from '../faults/types.js';
import { DEFAULT_ORACLE, postAtEot, violations, type Oracle } from './oracle.js';
import type { Counterexample, RunRecord } from './types.js';

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

export interface Shrunk {
  readonly counterexamples: readonly Counterexample[];
  /** The search's runs followed by the shrinking runs, numbered on. */
  readonly runs: readonly RunRecord[];
}

/**
 * A random draw carries faults the violation does not need. Each counterexample is shrunk by
 * simulating it with one fault removed, keeping any removal that still violates, until no single
 * fault can go: a 1-minimal fault set (every fault left is needed; protocols with timeouts can
 * make a smaller set that is no subset of it violate too, so "minimal", not "minimum").
 * Shrinking runs are real simulations: they are appended to the runs and counted.
 */
export function shrinkCounterexamples(compiled: CompiledProgram, explorer: Explorer, bounds: ExploreOptions['bounds'], oracle: Oracle = DEFAULT_ORACLE): Shrunk {
  const runs: RunRecord[] = [...explorer.runs];
  // Judged as the search judged: molly compares with the fault-free run's outcomes.
  const faultFreePost = oracle === 'molly' ? postAtEot(simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: [] })) : new Set<string>();
  const known = new Map<string, RunRecord>(runs.map((r) => [setKey(r.faults), r]));
  const run = (faults: FaultSet, target: string): RunRecord => {
    const key = setKey(faults);
    const seen = known.get(key);
    if (seen) return seen;
    const result = simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults });
    const missing = violations(result, oracle, faultFreePost);
    const record: RunRecord = { index: runs.length + 1, faults, violated: missing.length > 0, missing, target };
    runs.push(record);
    known.set(key, record);
    return record;
  };
  const out: Counterexample[] = [];
  const emitted = new Set<string>();
  for (const found of explorer.counterexamples) {
    let current: RunRecord = runs[found.run - 1]!;
    const before = runs.length;
    for (let i = 0; i < current.faults.length; ) {
      const candidate = current.faults.filter((_, j) => j !== i);
      const r = run(candidate, `shrinking the counterexample of run ${found.run}`);
      if (r.violated) current = r;
      else i++;
    }
    const key = setKey(current.faults);
    if (emitted.has(key)) continue;
    emitted.add(key);
    if (found.faults.length === 0) out.push(found);
    else out.push({ run: current.index, faults: current.faults, missing: current.missing, shrunk: { fromRun: found.run, from: found.faults, runs: runs.length - before } });
  }
  return { counterexamples: out, runs };
}
