/**
 * The LDFI loop. Every run that keeps the invariant contributes its lineage as a constraint on
 * the sets above its faults (solve/hypotheses.ts); the next hypothesis is a smallest fault set
 * that may break the outcomes of every run below it. When none is left, the bounds are certified.
 */
import { lazyRunLineage, runLineage, type Oracle, type RunLineage, type Target } from '../lineage/goal.js';
import type { CompiledProgram } from '../sim/compile.js';
import type { RunResult, Tuple } from '../sim/types.js';
import type { FaultSet } from '../faults/types.js';
import { formatFaults } from '../faults/text.js';
import { effectLeq } from '../faults/order.js';
import { FormulaStore, indexFaults, LineageMemoryExceeded, type StoreMemory } from '../faults/formula.js';
import { Hypotheses, SolverExhausted, type RunGoals, type SolverLimits } from '../solve/hypotheses.js';
import { RunIndex } from '../lineage/run-index.js';
import { Explorer, type ExploreOptions } from './explorer.js';
import { interchangeableClasses } from './symmetry.js';
import { RunPool, type AnalysedRun, type ParallelSpec } from './run-pool.js';

export interface LdfiOptions extends ExploreOptions {
  readonly oracle?: Oracle;
  /** Called with each learned run's lineages, above its faults and everywhere (for `--show lineage`). */
  readonly onLearn?: (faults: FaultSet, lineage: RunLineage, store: FormulaStore, everywhere: RunLineage) => void;
  /** Keep the solver's clauses, returned as `cnf` (for `--show cnf`). */
  readonly recordCnf?: boolean;
  /** Hypotheses chosen at a time (all of one size), before any of them runs (default 1). */
  readonly batch?: number;
  /** Analyse the sets of a batch on worker threads (only with `batch` > 1; the result is the same). */
  readonly parallel?: ParallelSpec;
  /** Propose one fault set of each pair that differ by a swap of interchangeable nodes. */
  readonly symmetry?: boolean;
  /** The solver session's clause budget and a simulated heap limit (tests of retirement and recovery). */
  readonly solverLimits?: SolverLimits;
  /** When the formula store stops growing (default: 80 % of the heap limit); tests make it small. */
  readonly memory?: StoreMemory;
}

export interface LdfiOutcome {
  readonly explorer: Explorer;
  readonly lineageMs: number;
  readonly encodeMs: number;
  readonly hypotheses: number;
  readonly solverMs: number;
  /** Judging candidate sets by evaluating the constraints, without the solver. */
  readonly directMs: number;
  /** No hypothesis was left: every fault set that could violate was tried. */
  readonly exhausted: boolean;
  /** The solver's heap ran out even with every goal retired: the search stopped there. */
  readonly solverExhausted: boolean;
  /** The formulas outgrew the memory limit; the search stopped there. */
  readonly memoryExhausted: LineageMemoryExceeded | null;
  /** Sets of fewer faults than this were all covered. */
  readonly coveredSize: number;
  readonly rebuilds: number;
  /** Clauses in the solver's session at the end. */
  readonly clauses: number;
  /** Of them, the clauses its goals added (what the clause budget bounds). */
  readonly goalClauses: number;
  /** Runs simulated and analysed on worker threads. */
  readonly inWorkers: number;
  readonly store: FormulaStore;
  /** The clauses the solver was given, in DIMACS, when `recordCnf` was set. */
  readonly cnf: string | null;
}

interface Learned {
  readonly faults: FaultSet;
  /** The run's targets; a function while its goal is not built yet (see `addRunLazily`). */
  targets: readonly Target[] | (() => readonly Target[]);
  /** Parts of its `certain` formula, when its goal is built lazily. */
  readonly certainTargets?: readonly Target[];
}

export function searchLdfi(compiled: CompiledProgram, options: LdfiOptions): LdfiOutcome {
  const { bounds } = options;
  const explorer = new Explorer(compiled, options);
  const store = new FormulaStore(bounds, options.memory);
  const symmetry = options.symmetry ? interchangeableClasses(compiled, bounds) : [];
  const hypotheses = new Hypotheses(bounds, store, { record: options.recordCnf ?? false, ...options.solverLimits, ...(symmetry.length > 0 ? { symmetry } : {}) });
  const learned: Learned[] = [];
  let outcomes: readonly Tuple[] = [];
  let tested = 0;
  let lineageMs = 0;

  const learn = (faults: FaultSet, violated: boolean, run: RunResult): void => {
    if (violated) {
      hypotheses.exclude(faults); // only reached with --all: sets above a counterexample add nothing
      return;
    }
    const started = performance.now();
    const oracle = { ...(options.oracle ? { oracle: options.oracle } : {}), outcomes, index: new RunIndex(run) };
    if (faults.length === 0 && !options.onLearn) {
      // Every G is above the fault-free run, so its goal above F is its goal everywhere too.
      const lazy = lazyRunLineage(store, compiled, bounds, run, { ...oracle, newDerivations: true });
      const goals = (): RunGoals => {
        const t0 = performance.now();
        const { goal } = lazy.lineage();
        lineageMs += performance.now() - t0;
        return { goal, everywhere: goal };
      };
      lineageMs += performance.now() - started;
      learned.push({ faults, targets: () => lazy.lineage().targets, certainTargets: lazy.certainTargets });
      // A session that exists already (symmetry, --show cnf) builds the goals here, as lineage time.
      hypotheses.addRunLazily(faults, goals, lazy.certain);
      return;
    }
    const lineage = runLineage(store, compiled, bounds, run, { ...oracle, certain: true, newDerivations: faults.length === 0 });
    // Every G is above the fault-free run, so its lineage above F already holds everywhere.
    const everywhere = faults.length === 0 ? lineage : runLineage(store, compiled, bounds, run, { ...oracle, scope: 'everywhere' });
    lineageMs += performance.now() - started;
    options.onLearn?.(faults, lineage, store, everywhere);
    learned.push({ faults, targets: lineage.targets });
    hypotheses.addRun(faults, lineage.goal, everywhere.goal, lineage.certain);
  };
  /** A run a worker analysed: its goals are already in the store. */
  const learnAnalysed = (run: AnalysedRun): void => {
    if (run.lineage === null) {
      hypotheses.exclude(run.faults);
      return;
    }
    learned.push({ faults: run.faults, targets: run.lineage.targets });
    hypotheses.addRun(run.faults, run.lineage.goal, run.lineage.everywhere, run.lineage.certain);
  };
  /** The outcome a hypothesis breaks, read from the latest run below it. */
  const targetOf = (faults: FaultSet): string => {
    const index = indexFaults(faults);
    for (let i = learned.length - 1; i >= 0; i--) {
      const entry = learned[i]!;
      if (!effectLeq(entry.faults, faults)) continue;
      const memo = new Map<number, boolean>();
      // A set the unbuilt goal's run says violates for sure breaks that outcome: no need to build it.
      if (typeof entry.targets === 'function') {
        const sure = entry.certainTargets?.find((t) => store.evaluate(t.broken, index, memo));
        if (sure) return sure.label;
        entry.targets = entry.targets();
      }
      const hit = entry.targets.find((t) => store.evaluate(t.broken, index, memo));
      if (hit) return hit.label;
    }
    return 'a new pre tuple';
  };

  let exhausted = false;
  let solverExhausted = false;
  let memoryExhausted: LineageMemoryExceeded | null = null;
  const batchSize = Math.max(1, options.batch ?? 1);
  let pool: RunPool | undefined;
  let inWorkers = 0;
  try {
    const first = explorer.execute([], null);
    outcomes = first.tables[first.eot - 1]?.get('post') ?? [];
    learn([], explorer.runs[0]!.violated, first);
    while (!explorer.done) {
      let batch: FaultSet[];
      try {
        batch = batchSize === 1 ? [hypotheses.next()].filter((f): f is FaultSet => f !== null) : hypotheses.nextBatch(batchSize);
      } catch (e) {
        if (!(e instanceof SolverExhausted)) throw e;
        solverExhausted = true;
        break;
      }
      if (batch.length === 0) {
        exhausted = true;
        break;
      }
      // The whole batch is chosen before any of it runs; results are taken in batch order.
      const targets = batch.map(targetOf);
      pool ??= batchSize > 1 && options.parallel && !options.onLearn ? (RunPool.start({ ...options.parallel, jobs: Math.min(options.parallel.jobs, batchSize) }, bounds, options.oracle ?? 'default', outcomes, store) ?? undefined) : undefined;
      const analysed = pool && batch.length > 1 ? pool.analyse(batch) : batch.map(() => null);
      for (let i = 0; i < batch.length && !explorer.done; i++) {
        const faults = batch[i]!;
        // The solver never proposes a set it has seen (each run's clauses exclude it): a repeat is a bug.
        if (explorer.explored(faults)) throw new Error(`the search proposed ${formatFaults(faults) || 'no faults'} twice`);
        tested++;
        const done = analysed[i];
        if (done) {
          inWorkers++;
          explorer.record(faults, targets[i]!, done.missing);
          learnAnalysed(done);
          continue;
        }
        const result = explorer.execute(faults, targets[i]!);
        learn(faults, explorer.runs[explorer.runs.length - 1]!.violated, result);
      }
    }
  } catch (e) {
    // The run that was being analysed counts as executed; what the search covered stands.
    if (!(e instanceof LineageMemoryExceeded)) throw e;
    memoryExhausted = e;
  } finally {
    pool?.close();
  }
  // The session's encoding (most of it done when a question first needs the session) is timed by the hypotheses.
  return { explorer, lineageMs, encodeMs: hypotheses.encodeMs, directMs: hypotheses.directMs, solverExhausted, memoryExhausted, coveredSize: hypotheses.coveredSize, rebuilds: hypotheses.rebuilds, clauses: hypotheses.clauseCount, goalClauses: hypotheses.goalClauseCount, inWorkers, hypotheses: tested, solverMs: hypotheses.solverMs, exhausted, store, cnf: options.recordCnf ? hypotheses.cnfText() : null };
}
