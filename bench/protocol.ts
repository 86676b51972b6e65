/** What the bench and its check processes say to each other over IPC (bench/task.ts runs the tasks). */
import type { Phases, Verdict } from '../src/search/types.js';
import type { SweepStop } from '../src/search/sweep.js';

/** Fault-free runs before the measured check, so the simulator's code is compiled (the solver's is not). */
export const WARM_UP_RUNS = 3;

/** Checks of one spec at one bound: the ldfi search once, or the random baseline once per seed. */
export interface CheckTask {
  readonly kind: 'check';
  /** Path of the spec file. */
  readonly file: string;
  readonly eot: number;
  readonly eff: number;
  readonly crashes: number;
  readonly strategy: 'ldfi' | 'random';
  /** One check per seed for `random`; `ldfi` ignores them. */
  readonly seeds: readonly number[];
  readonly maxRuns: number;
  /**
   * `ldfi`: after the first check, the same search again on freshly loaded copies of the spec (no
   * per-program cache carried over) up to `times` checks in all, while their total time stays under
   * `budgetMs`; their mean is what the race with random's mean over its seeds compares.
   */
  readonly repeat?: { readonly times: number; readonly budgetMs: number };
}

/** One `sweep` of a spec (src/search/sweep.ts) under a budget. */
export interface SweepTask {
  readonly kind: 'sweep';
  readonly file: string;
  readonly crashes: number;
  readonly effGap: number;
  readonly budgetMs: number;
}

export type BenchTask = CheckTask | SweepTask;

/** One finished check. */
export interface CheckFigures {
  readonly seed: number | null;
  readonly verdict: Verdict;
  readonly executions: number;
  readonly elapsedMs: number;
  readonly solverMs: number;
  /** Where the search's time went (CheckResult.phases). */
  readonly phases: Phases;
  /** CPU time of the process (user + system, all its threads) during the check: less sensitive than wall time to other load on the machine. */
  readonly cpuMs: number;
  /** The counterexample's fault set, in `ldfi run --faults` syntax; null without one. */
  readonly faults: string | null;
}

/** One row of a sweep: a check at EOT/EFF/crashes. */
export interface SweepRowFigures {
  readonly eot: number;
  readonly eff: number;
  readonly crashes: number;
  readonly nodes: number;
  readonly verdict: Verdict;
  readonly executions: number;
  readonly elapsedMs: number;
  readonly phases: Phases;
}

export interface SweepEndFigures {
  readonly stop: SweepStop;
  /** EOT of the highest certified row, null when none was. */
  readonly highestCertified: number | null;
  readonly elapsedMs: number;
}

export type TaskMessage =
  /** Sent about once a second while a check runs, with the process's resident set then. */
  | { readonly type: 'progress'; readonly executions: number; readonly elapsedMs: number; readonly rssBytes: number }
  | { readonly type: 'check'; readonly figures: CheckFigures }
  | { readonly type: 'sweep-row'; readonly row: SweepRowFigures }
  | { readonly type: 'sweep-end'; readonly end: SweepEndFigures }
  | { readonly type: 'error'; readonly message: string }
  /** The process's peak resident set (process.resourceUsage().maxRSS), sampled peak heap, and the time logic-solver took to load (null if not loaded). */
  | { readonly type: 'done'; readonly maxRssBytes: number; readonly peakHeapBytes: number; readonly solverLoadMs: number | null };
