/** What the bench and its check processes say to each other over IPC (bench/task.ts runs the checks). */
import type { Verdict } from '../src/search/types.js';

/** Fault-free runs before the measured check, so the simulator's code is compiled (the solver's is not). */
export const WARM_UP_RUNS = 3;

export interface CheckTask {
  /** Path of the spec file. */
  readonly file: string;
  readonly eot: number;
  readonly eff: number;
  readonly crashes: number;
  readonly strategy: 'ldfi' | 'random';
  /** One check per seed for `random`; `ldfi` ignores them and runs once. */
  readonly seeds: readonly number[];
  readonly maxRuns: number;
}

/** One finished check. */
export interface CheckFigures {
  readonly seed: number | null;
  readonly verdict: Verdict;
  readonly executions: number;
  readonly elapsedMs: number;
  readonly solverMs: number;
  /** CPU time of the process (user + system, all its threads) during the check: less sensitive than wall time to other load on the machine. */
  readonly cpuMs: number;
  /** The counterexample's fault set, in `ldfi run --faults` syntax; null without one. */
  readonly faults: string | null;
}

export type TaskMessage =
  | { readonly type: 'progress'; readonly executions: number; readonly elapsedMs: number }
  | { readonly type: 'check'; readonly figures: CheckFigures }
  | { readonly type: 'error'; readonly message: string }
  /** The process's peak resident set (process.resourceUsage().maxRSS) and sampled peak heap. */
  | { readonly type: 'done'; readonly maxRssBytes: number; readonly peakHeapBytes: number };
