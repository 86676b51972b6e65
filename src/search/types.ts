/** What `check` produces: the CLI prints it, `--json` serializes it, the report draws it. */
import type { FaultSpace } from '../faults/space.js';
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
  /** A random draw shrunk to this 1-minimal set: no single fault of it can be removed. */
  readonly shrunk?: {
    /** The run that found the drawn set, and the set itself. */
    readonly fromRun: number;
    readonly from: FaultSet;
    /** Simulations spent shrinking (counted in `executions`). */
    readonly runs: number;
  };
}

export interface CheckResult {
  readonly verdict: Verdict;
  readonly strategy: Strategy;
  /** Which runs count as counterexamples (search/oracle.ts). */
  readonly oracle: Oracle;
  readonly bounds: Bounds;
  /** Simulations run, the fault-free one included (the figure Molly's paper counts). */
  readonly executions: number;
  /** Fault sets proposed by the solver and run; null for random and exhaustive, which test no hypotheses. */
  readonly hypotheses: number | null;
  /** Size of the fault space: the exact count of admissible fault sets and Molly's estimate (her paper's formula). */
  readonly faultSpace: FaultSpace;
  readonly elapsedMs: number;
  /** Time spent inside the SAT solver (ldfi only; 0 otherwise). */
  readonly solverMs: number;
  /** Why an `incomplete` search stopped; null otherwise. */
  readonly incompleteReason: IncompleteReason | null;
  /** ldfi: every fault set of fewer faults than this that could violate was run (null for other strategies). */
  readonly coveredSize: number | null;
  /** Where the search's time went: simulating, building lineage formulas, encoding them, solving (ms). */
  readonly phases: Phases;
  /** The first counterexample found; with `--all`, `counterexamples` lists every one. */
  readonly counterexample: Counterexample | null;
  readonly counterexamples: readonly Counterexample[];
  readonly runs: readonly RunRecord[];
  /**
   * Whether some run within the bounds may hold a `pre` tuple at EOT, from ldfi's possible run
   * (false: none can, whatever the faults); null or absent when unknown. A certificate from the
   * fault-free run alone cannot otherwise tell a vacuous invariant from one only faults trigger.
   */
  readonly preMayAppear?: boolean | null;
  /**
   * Why ldfi's possible run could not be built (too many tuples, an overflow), when the search
   * needed it; its analyses then assume the worst of every `notin`, aggregate and crash read.
   */
  readonly possibleRunUnavailable?: string | null;
}

export interface Phases {
  readonly simulateMs: number;
  /** Building lineage formulas: the possible run, each run's abstraction and goals. */
  readonly lineageMs: number;
  /** Encoding constraints into the solver's session. */
  readonly encodeMs: number;
  /** Choosing hypotheses: judging the smallest sets by evaluation, and the SAT solver (`solverMs`). */
  readonly solveMs: number;
}

/**
 * `max-runs` and `time-limit` are the user's limits; `solver-memory`: MiniSat's fixed heap ran
 * out; `memory`: the lineage formulas outgrew Node's heap; `repeated-draws`: random's draws kept
 * giving fault sets it had already run (in a small space, every set was drawn).
 */
export type IncompleteReason = 'max-runs' | 'time-limit' | 'solver-memory' | 'memory' | 'repeated-draws';
