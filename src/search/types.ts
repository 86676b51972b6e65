/** What `check` produces (DESIGN §8–§9): the CLI prints it, `--json` serializes it, the report draws it. */
import type { Bounds, FaultSet } from '../faults/types.js';
import type { Tuple } from '../sim/types.js';
import type { Oracle } from './oracle.js';

export type Strategy = 'ldfi' | 'random' | 'exhaustive';
export type Verdict = 'counterexample' | 'certified' | 'incomplete';

export interface RunRecord {
  /** 1-based; run 1 is the fault-free run. */
  readonly index: number;
  readonly faults: FaultSet;
  /** A counterexample under the check's oracle (default: pre ⊆ post failed at EOT). */
  readonly violated: boolean;
  /** The `pre` tuples that make it one (left without `post`; under molly, only the fault-free run's posts), sorted. */
  readonly missing: readonly Tuple[];
  /** The outcome this fault set was proposed to break, e.g. `post("b", "nonce1")`; null for run 1 and random runs. */
  readonly target: string | null;
}

export interface Counterexample {
  readonly run: number;
  readonly faults: FaultSet;
  readonly missing: readonly Tuple[];
}

export interface CheckResult {
  readonly verdict: Verdict;
  readonly strategy: Strategy;
  /** Which runs count as counterexamples (search/oracle.ts). */
  readonly oracle: Oracle;
  readonly bounds: Bounds;
  /** Simulations run, the fault-free one included (the figure Molly's paper counts). */
  readonly executions: number;
  /** Fault sets proposed by the solver and run (ldfi), or drawn (random/exhaustive). */
  readonly hypotheses: number;
  /** Size of the fault space (DESIGN §5); a float, it can exceed 2^53. */
  readonly faultSpace: number;
  readonly elapsedMs: number;
  /** Time spent inside the SAT solver (ldfi only; 0 otherwise). */
  readonly solverMs: number;
  /** Where the search's time went: simulating, building lineage formulas, encoding them, solving (ms). */
  readonly phases: Phases;
  /** The first counterexample found; with `--all`, `counterexamples` lists every one. */
  readonly counterexample: Counterexample | null;
  readonly counterexamples: readonly Counterexample[];
  readonly runs: readonly RunRecord[];
}

export interface Phases {
  readonly simulateMs: number;
  readonly lineageMs: number;
  readonly encodeMs: number;
  readonly solveMs: number;
}
