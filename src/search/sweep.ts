/**
 * A sweep: check the same spec at growing bounds (EOT up, EFF = EOT − gap, crashes fixed) until a
 * counterexample, a time budget or a largest EOT, and report the highest bound certified, as
 * Molly's paper did in its Figure 13 (the highest bounds each protocol certified in 120 s).
 *
 * Every row is one `checkFaultTolerance` call whose time limit is what is left of the budget, so a
 * row the budget cuts short ends `incomplete` and is reported as such, never as certified. The
 * limit is checked between the runs of a row: one run or one solve can overrun it.
 *
 * The EOTs follow a fixed schedule (`nextEot`), not one read off the clock, so two sweeps of the
 * same spec have the same rows, with the same verdicts and executions, as far as both got.
 */
import type { CompiledProgram } from '../sim/compile.js';
import { RuleError } from '../sim/errors.js';
import { MAX_EOT } from '../sim/limits.js';
import { defaultNodes } from '../sim/nodes.js';
import type { Bounds } from '../faults/types.js';
import { checkFaultTolerance, DEFAULT_MAX_RUNS, type CheckOptions } from './check.js';
import type { Progress } from './explorer.js';
import { DEFAULT_ORACLE, type Oracle } from './oracle.js';
import type { CheckResult, IncompleteReason } from './types.js';

export const DEFAULT_EFF_GAP = 1;
export const DEFAULT_BUDGET_MS = 120_000;

/** EOT grows by 1 up to this bound, then by a quarter of the current EOT. */
export const LINEAR_UP_TO = 8;

/**
 * The EOT after `eot`: +1 up to 8, then +⌊EOT/4⌋ (about 25 % per row), so the steps stay small
 * while rows are cheap and the sweep reaches bounds in the hundreds in a few dozen rows:
 * 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33, 41, 51, 63, 78, 97, 121, 151, …
 */
export function nextEot(eot: number): number {
  return eot < LINEAR_UP_TO ? eot + 1 : eot + Math.floor(eot / 4);
}

/** The EOTs a sweep from `start` visits, while they are at most `upTo`. */
export function scheduleFrom(start: number, upTo: number): number[] {
  const eots: number[] = [];
  for (let eot = start; eot <= upTo; eot = nextEot(eot)) eots.push(eot);
  return eots;
}

/** The first EOT when none is given: the first row lets messages be lost in its first two steps. */
export function defaultStartEot(effGap: number): number {
  return effGap + 2;
}

export interface SweepOptions {
  readonly crashes: number;
  /** EFF = EOT − effGap on every row (default 1, as in Figure 13). */
  readonly effGap?: number;
  /** Wall-clock budget of the whole sweep, ms (default 120 s). */
  readonly budgetMs?: number;
  /** The first row's EOT (default effGap + 2). */
  readonly startEot?: number;
  /** The last EOT tried: the schedule is clamped to it (default: the largest EOT a run accepts, MAX_EOT). */
  readonly maxEot?: number;
  /** The same nodes on every row; by default each row takes `check`'s default for its EOT. */
  readonly nodes?: readonly string[];
  readonly oracle?: Oracle;
  /** ldfi options passed to every row: symmetry reduction, rounds of hypotheses and their worker threads. */
  readonly search?: Pick<CheckOptions, 'symmetry' | 'batch' | 'parallel'>;
  /** Simulations allowed per row (default as `check`); a row that reaches it ends the sweep incomplete. */
  readonly maxRuns?: number;
  /** Called with each row as soon as it is checked. */
  readonly onRow?: (row: SweepRow) => void;
  /** Progress inside the row being checked. */
  readonly onProgress?: (bounds: Bounds, p: Progress) => void;
}

/** What the loop needs from the outside world; tests replace them to drive it row by row. */
export interface SweepDependencies {
  readonly check: (compiled: CompiledProgram, options: CheckOptions) => CheckResult;
  /** Milliseconds on a monotonic clock. */
  readonly now: () => number;
}

const REAL: SweepDependencies = { check: checkFaultTolerance, now: () => performance.now() };

export interface SweepRow {
  readonly bounds: Bounds;
  readonly check: CheckResult;
}

/**
 * Why the sweep ended:
 * - `counterexample`: the last row found one;
 * - `budget`: the last row ran out of the budget (it is `incomplete`), or none was left for another row;
 * - `max-runs`: the last row reached its run limit (`incomplete`);
 * - `solver-memory`: the last row ran out of the solver's memory (`incomplete`);
 * - `memory`: the last row's lineage formulas outgrew Node's heap (`incomplete`);
 * - `max-eot`: the row at the largest EOT was certified;
 * - `run-stopped`: the program itself stopped a run of the next row (a RuleError: arithmetic
 *   overflow at a rule, a run over its budget), so that bound and those above cannot be checked.
 */
export type SweepStop = 'counterexample' | 'budget' | 'max-runs' | 'solver-memory' | 'memory' | 'max-eot' | 'run-stopped';

export interface SweepResult {
  readonly crashes: number;
  readonly effGap: number;
  readonly budgetMs: number;
  readonly startEot: number;
  readonly maxEot: number | null;
  readonly oracle: Oracle;
  readonly rows: readonly SweepRow[];
  readonly stop: SweepStop;
  /** The bounds of the last certified row; every row before it was certified too. Null when none was. */
  readonly highestCertified: Bounds | null;
  /** The row that found a counterexample (the last row), or null. */
  readonly counterexample: SweepRow | null;
  /** With `run-stopped`: the EOT of the row the program stopped, and where and why. */
  readonly runStopped: { readonly eot: number; readonly error: RuleError } | null;
  readonly elapsedMs: number;
}

/** Options that cannot make a sweep, as messages for the user; empty when fine. */
export function sweepProblems(o: { crashes: number; effGap: number; budgetMs: number; startEot: number; maxEot: number | null }): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(o.crashes) || o.crashes < 0) problems.push(`--crashes must be a whole number ≥ 0, got ${o.crashes}`);
  if (!Number.isInteger(o.effGap) || o.effGap < 0) problems.push(`--eff-gap must be a whole number ≥ 0, got ${o.effGap}`);
  if (!(o.budgetMs > 0) || !Number.isFinite(o.budgetMs)) problems.push(`--budget must be a positive duration, got ${o.budgetMs} ms`);
  if (!Number.isInteger(o.startEot) || o.startEot < 1) problems.push(`--start-eot must be a whole number ≥ 1, got ${o.startEot}`);
  else if (o.effGap >= o.startEot) {
    problems.push(`--eff-gap (${o.effGap}) must be below --start-eot (${o.startEot}): the first row would have EFF = ${o.startEot - o.effGap}, no step where a message may be lost`);
  }
  if (o.maxEot !== null && o.maxEot < o.startEot) problems.push(`--max-eot (${o.maxEot}) is below --start-eot (${o.startEot}): no bound to check`);
  for (const [name, v] of [['--start-eot', o.startEot], ['--max-eot', o.maxEot]] as const) {
    if (v !== null && v > MAX_EOT) problems.push(`${name} must be at most ${MAX_EOT.toLocaleString('en-US')}, got ${v}`);
  }
  return problems;
}

/** The bounds of the row at `eot`. */
export function sweepBounds(compiled: CompiledProgram, options: SweepOptions, eot: number): Bounds {
  const effGap = options.effGap ?? DEFAULT_EFF_GAP;
  return { nodes: options.nodes ?? defaultNodes(compiled, eot), eot, eff: eot - effGap, crashes: options.crashes };
}

/**
 * Runs the sweep. A RuleError (the program stopped a run) in the first row is thrown, as `check`
 * would; in a later row it ends the sweep with stop `run-stopped`, the rows below it kept.
 */
export function sweep(compiled: CompiledProgram, options: SweepOptions, deps: SweepDependencies = REAL): SweepResult {
  const effGap = options.effGap ?? DEFAULT_EFF_GAP;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const startEot = options.startEot ?? defaultStartEot(effGap);
  const maxEot = options.maxEot ?? null;
  const problems = sweepProblems({ crashes: options.crashes, effGap, budgetMs, startEot, maxEot });
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  const started = deps.now();
  const rows: SweepRow[] = [];
  const lastEot = maxEot ?? MAX_EOT;
  let stop: SweepStop;
  let runStopped: SweepResult['runStopped'] = null;
  let eot = startEot;
  for (;;) {
    const remaining = budgetMs - (deps.now() - started);
    if (remaining <= 0) {
      stop = 'budget';
      break;
    }
    const onProgress = options.onProgress;
    let check: CheckResult;
    let bounds: Bounds;
    try {
      bounds = sweepBounds(compiled, options, eot);
      const rowBounds = bounds;
      check = deps.check(compiled, {
        bounds,
        maxRuns,
        timeLimitMs: remaining,
        ...(options.oracle ? { oracle: options.oracle } : {}),
        ...options.search,
        ...(onProgress ? { onProgress: (p: Progress) => onProgress(rowBounds, p) } : {}),
      });
    } catch (e) {
      if (!(e instanceof RuleError) || rows.length === 0) throw e;
      stop = 'run-stopped';
      runStopped = { eot, error: e };
      break;
    }
    const row: SweepRow = { bounds, check };
    rows.push(row);
    options.onRow?.(row);
    if (check.verdict === 'counterexample') {
      stop = 'counterexample';
      break;
    }
    if (check.verdict === 'incomplete') {
      // Each reason is the stop of the same name, except the row's time limit, which is the budget;
      // a row runs ldfi, which draws nothing at random.
      const reason = check.incompleteReason as Exclude<IncompleteReason, 'repeated-draws'> | null;
      stop = reason === null || reason === 'time-limit' ? 'budget' : reason;
      break;
    }
    if (eot >= lastEot) {
      stop = 'max-eot';
      break;
    }
    eot = Math.min(nextEot(eot), lastEot);
  }
  const certified = rows.filter((r) => r.check.verdict === 'certified');
  const last = rows.at(-1);
  return {
    crashes: options.crashes,
    effGap,
    budgetMs,
    startEot,
    maxEot,
    oracle: options.oracle ?? DEFAULT_ORACLE,
    rows,
    stop,
    highestCertified: certified.at(-1)?.bounds ?? null,
    counterexample: last && last.check.verdict === 'counterexample' ? last : null,
    runStopped,
    elapsedMs: deps.now() - started,
  };
}
