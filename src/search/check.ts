/** `check`: validate the bounds, run the chosen strategy, and state the verdict. */
import { missingInvariant } from '../check/invariant.js';
import type { CompiledProgram } from '../sim/compile.js';
import { searchExhaustive, searchRandom, shrinkCounterexamples } from './baseline.js';
import type { Progress } from './explorer.js';
import { searchLdfi } from './ldfi.js';
import { programFacts } from '../lineage/possible.js';
import type { ParallelSpec } from './run-pool.js';
import { formatFaults } from '../faults/text.js';
import { printFormulas } from '../faults/print.js';
import { faultSpaceOf, formatCount, moreFaultSetsThan } from '../faults/space.js';
import type { Bounds } from '../faults/types.js';
import type { StoreMemory } from '../faults/formula.js';
import type { SolverLimits } from '../solve/hypotheses.js';
import type { CheckResult, Counterexample, RunRecord, Strategy, Verdict } from './types.js';
import { DEFAULT_ORACLE, type Oracle } from './oracle.js';

export interface CheckOptions {
  readonly bounds: Bounds;
  readonly strategy?: Strategy;
  /** Which runs are counterexamples: `default` (pre ⊆ post at EOT) or `molly` (see oracle.ts). */
  readonly oracle?: Oracle;
  /** Simulations allowed before giving up with verdict "incomplete" (default 10,000; for exhaustive, its space limit). */
  readonly maxRuns?: number;
  readonly all?: boolean;
  /** Seed of the random strategy (default 1). */
  readonly seed?: number;
  /** `exhaustive` refuses spaces with more fault sets than this (default 100,000). */
  readonly exhaustiveLimit?: number;
  readonly onProgress?: (p: Progress) => void;
  /** The solver session's clause budget, and a simulated heap limit (tests). */
  readonly solverLimits?: SolverLimits;
  /** When the lineage formulas stop growing (default: 80 % of the heap limit); tests make it small. */
  readonly lineageMemory?: StoreMemory;
  /** ldfi: hypotheses chosen per round, all of one size, before any of them runs (default 1). */
  readonly batch?: number;
  /** ldfi with batch > 1: analyse each round's sets on this many worker threads, loading `files` there. */
  readonly parallel?: ParallelSpec;
  /** ldfi: run one fault set of each pair that differ by a swap of interchangeable nodes. */
  readonly symmetry?: boolean;
  /** Shrink a counterexample found by `random` to a 1-minimal one by simulating subsets (default true). */
  readonly shrink?: boolean;
  /** Give up with verdict "incomplete" after this many ms (checked between runs). */
  readonly timeLimitMs?: number;
  /** Dump an intermediate form of the ldfi search: each learned run's lineage formula, or the final CNF. */
  readonly show?: 'lineage' | 'cnf';
  /** Receives the dump (text), piece by piece. */
  readonly onShow?: (text: string) => void;
}

export const DEFAULT_MAX_RUNS = 10_000;
export const DEFAULT_EXHAUSTIVE_LIMIT = 100_000;

/** Bounds that make no sense, as messages for the user; empty when fine. */
export function boundsProblems(b: Bounds, programNodes: readonly string[]): string[] {
  const problems: string[] = [];
  const whole = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) problems.push(`${name} must be a whole number ≥ ${min}, got ${v}`);
  };
  whole('--eot', b.eot, 1);
  whole('--eff', b.eff, 0);
  whole('--crashes', b.crashes, 0);
  if (b.eff > b.eot) problems.push(`--eff (${b.eff}) cannot exceed --eot (${b.eot}): messages sent after EOT are never seen`);
  if (b.nodes.length === 0) problems.push('no nodes: give --nodes or state facts whose first column names the nodes');
  if (b.crashes > b.nodes.length) problems.push(`--crashes (${b.crashes}) exceeds the number of nodes (${b.nodes.length})`);
  const known = new Set(programNodes);
  for (const n of b.nodes) if (!known.has(n)) problems.push(`node '${n}' never appears in the program`);
  return problems;
}

/** Why `exhaustive` refuses these bounds (too many fault sets), or null when it can run. */
export function exhaustiveRefusal(b: Bounds, limit = DEFAULT_EXHAUSTIVE_LIMIT): string | null {
  if (!moreFaultSetsThan(b, limit)) return null;
  return `the fault space has ${formatCount(faultSpaceOf(b).faultSets)} fault sets, more than the exhaustive strategy's limit of ${limit.toLocaleString('en-US')}; use --strategy ldfi or smaller bounds`;
}

export function checkFaultTolerance(compiled: CompiledProgram, options: CheckOptions): CheckResult {
  // Without both relations no run is ever judged, so every search would "certify": refuse instead
  // (the CLI and the suite report this as the user's error before they get here).
  const missing = missingInvariant(compiled.program);
  if (missing !== null) throw new RangeError(`the program ${missing}: the invariant needs both, nothing to check`);
  const strategy = options.strategy ?? 'ldfi';
  const oracle = options.oracle ?? DEFAULT_ORACLE;
  const explore = {
    bounds: options.bounds,
    oracle,
    maxRuns: options.maxRuns ?? defaultMaxRuns(strategy, options.exhaustiveLimit),
    all: options.all ?? false,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
  };
  let verdictIfClean: Verdict;
  let hypotheses: number | null = null;
  let solverMs = 0;
  let solverMemory = false;
  let lineageMemory = false;
  let repeatedDraws = false;
  let coveredSize: number | null = null;
  let lineageMs = 0;
  let encodeMs = 0;
  let directMs = 0;
  let explorer;
  if (strategy === 'ldfi') {
    const printed = new Set<number>();
    let learned = 0;
    const out = searchLdfi(compiled, {
      ...explore,
      recordCnf: options.show === 'cnf',
      ...(options.solverLimits ? { solverLimits: options.solverLimits } : {}),
      ...(options.lineageMemory ? { memory: options.lineageMemory } : {}),
      ...(options.symmetry ? { symmetry: true } : {}),
      ...(options.batch !== undefined ? { batch: options.batch } : {}),
      ...(options.parallel ? { parallel: options.parallel } : {}),
      ...(options.show === 'lineage'
        ? {
            onLearn: (faults, lineage, store) => {
              learned++;
              const roots = [...lineage.targets.map((t) => ({ name: `broken ${t.label}`, formula: t.broken })), { name: 'goal', formula: lineage.goal }];
              options.onShow?.(`# lineage learned from run ${learned === 1 ? '1 (no faults)' : `with ${formatFaults(faults)}`}: what a fault set above it must make true\n${printFormulas(store, roots, printed)}\n`);
            },
          }
        : {}),
    });
    if (out.cnf !== null) options.onShow?.(out.cnf);
    explorer = out.explorer;
    hypotheses = out.hypotheses;
    solverMs = out.solverMs;
    directMs = out.directMs;
    lineageMs = out.lineageMs;
    solverMemory = out.solverExhausted;
    lineageMemory = out.memoryExhausted !== null;
    coveredSize = out.coveredSize;
    encodeMs = out.encodeMs;
    verdictIfClean = out.exhausted ? 'certified' : 'incomplete';
  } else if (strategy === 'random') {
    explorer = searchRandom(compiled, explore, options.seed ?? 1);
    verdictIfClean = 'incomplete';
    // Random stops on its own only when its draws keep repeating runs: no limit was reached.
    repeatedDraws = !explorer.done;
  } else {
    const limit = options.exhaustiveLimit ?? DEFAULT_EXHAUSTIVE_LIMIT;
    // Callers ask exhaustiveRefusal first (the CLI turns it into a usage error); this is the guard.
    const refusal = exhaustiveRefusal(options.bounds, limit);
    if (refusal !== null) throw new RangeError(refusal);
    const out = searchExhaustive(compiled, explore);
    explorer = out.explorer;
    verdictIfClean = out.covered ? 'certified' : 'incomplete';
  }
  let counterexamples: readonly Counterexample[] = explorer.counterexamples;
  let runs: readonly RunRecord[] = explorer.runs;
  if (strategy === 'random' && (options.shrink ?? true) && counterexamples.length > 0) {
    ({ counterexamples, runs } = shrinkCounterexamples(compiled, explorer, options.bounds, oracle));
  }
  const counterexample = counterexamples[0] ?? null;
  const verdict: Verdict = counterexample ? 'counterexample' : verdictIfClean;
  const preMayAppear = strategy === 'ldfi' && verdict !== 'counterexample' ? prePossible(compiled, options.bounds) : null;
  const possibleRunUnavailable = strategy === 'ldfi' ? programFacts(compiled, options.bounds).unavailable : null;
  return {
    preMayAppear,
    possibleRunUnavailable,
    verdict,
    incompleteReason: verdict !== 'incomplete' ? null : solverMemory ? 'solver-memory' : lineageMemory ? 'memory' : explorer.outOfTime ? 'time-limit' : repeatedDraws ? 'repeated-draws' : 'max-runs',
    coveredSize,
    strategy,
    oracle,
    bounds: options.bounds,
    executions: runs.length,
    hypotheses,
    faultSpace: faultSpaceOf(options.bounds),
    elapsedMs: explorer.elapsedMs,
    solverMs,
    // Choosing the next hypothesis: the smallest sets judged directly, then the SAT solver.
    phases: { simulateMs: explorer.simulateMs, lineageMs, encodeMs, solveMs: solverMs + directMs },
    counterexample,
    counterexamples,
    runs,
  };
}

/**
 * Some run within the bounds may hold `pre` at EOT: the possible run has such a tuple. Null for
 * a monotone `pre` (its tuples under faults are among the fault-free run's, which the caller
 * has) or when the possible run was too large; reading it costs nothing once the search built it.
 */
function prePossible(compiled: CompiledProgram, bounds: Bounds): boolean | null {
  const facts = programFacts(compiled, bounds);
  if (facts.monotone.has('pre')) return null;
  const possible = facts.possible;
  return possible === null ? null : possible.run.lineage.tuples.some((t) => t.relation === 'pre' && t.time === bounds.eot);
}

/** `--max-runs` when none is given: exhaustive may run every set its space limit admits. */
export function defaultMaxRuns(strategy: Strategy, exhaustiveLimit = DEFAULT_EXHAUSTIVE_LIMIT): number {
  return strategy === 'exhaustive' ? exhaustiveLimit : DEFAULT_MAX_RUNS;
}
