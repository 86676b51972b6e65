/**
 * Sections 2–3: one row = one ldfi check and (optionally) the random baseline over N seeds, each in
 * its own process under a time limit. Figures are what CheckResult reports: `executions` counts
 * the fault-free run (Molly's count), `elapsedMs` is the search after the spec was loaded.
 */
import { runTask, type TaskOutcome } from './child.js';
import type { CheckFigures } from './protocol.js';
import type { BenchRow } from './rows.js';
import { mean } from './stats.js';

export interface Limits {
  readonly ldfiMaxRuns: number;
  readonly randomMaxRuns: number;
  readonly seeds: number;
  /** ldfi checks per row (the first and its repetitions), and the time they may take together. */
  readonly ldfiRepeat: { readonly times: number; readonly budgetMs: number };
  /** Per process: the ldfi check, or the whole batch of random seeds of a row. */
  readonly timeoutMs: number;
}

/** The ldfi search repeated on fresh copies of the spec: the first check and the ones after it. */
export interface Repeats {
  /** Checks in all, the first included. */
  readonly count: number;
  readonly meanMs: number;
  readonly meanSolverMs: number;
  /** Mean phases over the checks (CheckResult.phases). */
  readonly meanPhases: CheckFigures['phases'];
}

export type LdfiFigures =
  /** `check` is the first search of its process; `repeats` its mean with the repetitions. */
  | { readonly status: 'done'; readonly check: CheckFigures; readonly repeats: Repeats }
  | { readonly status: 'timeout'; readonly reached: number; readonly timeoutMs: number }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'skipped'; readonly reason: string };

export interface RandomFigures {
  readonly seedsPlanned: number;
  /** Seeds whose check finished (all of them unless the batch timed out or failed). */
  readonly seedsRun: number;
  /** Seeds that stopped without a counterexample: the cap was hit (or a tiny space ran out). */
  readonly withoutCounterexample: number;
  readonly meanExecutions: number;
  readonly meanMs: number;
  readonly timedOut: boolean;
  readonly error: string | null;
}

export interface RowResult<R extends BenchRow> {
  readonly row: R;
  readonly ldfi: LdfiFigures;
  readonly random: RandomFigures | null;
  /** Largest peak resident set of the row's check processes, bytes (null if none reported). */
  readonly maxRssBytes: number | null;
  /** Peak resident set of the ldfi check's process alone. */
  readonly ldfiRssBytes: number | null;
  readonly peakHeapBytes: number | null;
  /** How long logic-solver took to load in the ldfi check's process, before its search (null: not measured). */
  readonly solverLoadMs: number | null;
}

export interface RowPlan {
  readonly file: string;
  readonly random: boolean;
  /** Non-null: do not run the row, say why. */
  readonly skip: string | null;
}

export async function measureRow<R extends BenchRow>(row: R, plan: RowPlan, limits: Limits, log: (line: string) => void): Promise<RowResult<R>> {
  if (plan.skip !== null) return { row, ldfi: { status: 'skipped', reason: plan.skip }, random: null, maxRssBytes: null, ldfiRssBytes: null, peakHeapBytes: null, solverLoadMs: null };
  const base = { file: plan.file, eot: row.eot, eff: row.eff, crashes: row.crashes };
  const ldfiOutcome = await runTask({ kind: 'check', ...base, strategy: 'ldfi', seeds: [], maxRuns: limits.ldfiMaxRuns, repeat: limits.ldfiRepeat }, limits.timeoutMs);
  const ldfi = ldfiFigures(ldfiOutcome, limits.timeoutMs);
  log(`  ldfi:   ${describeLdfi(ldfi)}`);
  const outcomes: TaskOutcome[] = [ldfiOutcome];
  let random: RandomFigures | null = null;
  if (plan.random) {
    const seeds = Array.from({ length: limits.seeds }, (_, i) => i + 1);
    const outcome = await runTask({ kind: 'check', ...base, strategy: 'random', seeds, maxRuns: limits.randomMaxRuns }, limits.timeoutMs);
    outcomes.push(outcome);
    random = randomFigures(outcome, limits.seeds);
    log(`  random: ${random.seedsRun}/${random.seedsPlanned} seeds, mean ${random.meanExecutions.toFixed(2)} executions, ${random.withoutCounterexample} without counterexample${random.timedOut ? ', timed out' : ''}`);
  }
  const most = (pick: (o: TaskOutcome) => number | null): number | null => {
    const xs = outcomes.map(pick).filter((x): x is number => x !== null);
    return xs.length ? Math.max(...xs) : null;
  };
  return { row, ldfi, random, maxRssBytes: most((o) => o.maxRssBytes), ldfiRssBytes: ldfiOutcome.maxRssBytes, peakHeapBytes: most((o) => o.peakHeapBytes), solverLoadMs: ldfiOutcome.solverLoadMs };
}

export function ldfiFigures(o: TaskOutcome, timeoutMs: number): LdfiFigures {
  const check = o.checks[0];
  if (check) {
    // The search is deterministic: a repetition that differs is a bug, not noise.
    const odd = o.checks.findIndex((c) => c.verdict !== check.verdict || c.executions !== check.executions || c.faults !== check.faults);
    if (odd > 0) return { status: 'error', message: `repetition ${odd + 1} gave ${o.checks[odd]!.verdict} after ${o.checks[odd]!.executions} executions, the first ${check.verdict} after ${check.executions}` };
    const phase = (k: keyof CheckFigures['phases']): number => mean(o.checks.map((c) => c.phases[k]));
    const meanPhases = { simulateMs: phase('simulateMs'), lineageMs: phase('lineageMs'), encodeMs: phase('encodeMs'), solveMs: phase('solveMs') };
    return { status: 'done', check, repeats: { count: o.checks.length, meanMs: mean(o.checks.map((c) => c.elapsedMs)), meanSolverMs: mean(o.checks.map((c) => c.solverMs)), meanPhases } };
  }
  if (o.timedOut) return { status: 'timeout', reached: o.lastExecutions, timeoutMs };
  return { status: 'error', message: o.error ?? 'no result' };
}

export function randomFigures(o: TaskOutcome, seedsPlanned: number): RandomFigures {
  return {
    seedsPlanned,
    seedsRun: o.checks.length,
    withoutCounterexample: o.checks.filter((c) => c.verdict !== 'counterexample').length,
    meanExecutions: mean(o.checks.map((c) => c.executions)),
    meanMs: mean(o.checks.map((c) => c.elapsedMs)),
    timedOut: o.timedOut,
    error: o.timedOut ? null : o.error,
  };
}

function describeLdfi(f: LdfiFigures): string {
  switch (f.status) {
    case 'done':
      return `${f.check.verdict}, ${f.check.executions} executions, ${(f.check.elapsedMs / 1000).toFixed(2)} s${f.check.faults ? `, faults: ${f.check.faults || '(none)'}` : ''}`;
    case 'timeout':
      return `timeout after ${f.timeoutMs / 1000} s (${f.reached} executions reached)`;
    case 'error':
      return `error: ${f.message}`;
    case 'skipped':
      return `skipped (${f.reason})`;
  }
}
