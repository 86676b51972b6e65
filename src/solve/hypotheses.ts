/**
 * Hypotheses from every run at once, the way the search uses them.
 *
 * A run under fault set F that kept the invariant teaches three clauses:
 *   everywhere_F             (a goal that every violating fault set makes true),
 *   ¬(G ≥ F) ∨ goal_F        (a sharper goal for the sets above F),
 *   ¬(G ≥ F) ∨ G ≠ F         (F itself is known not to violate).
 * The next hypothesis is a smallest G that satisfies every clause so far. Every violating set
 * satisfies all of them, and no set already run does, so each hypothesis is new and the loop
 * ends exactly when no unexplored set could violate: that is the certificate.
 *
 * The goals are the big part of the solver's instance. When they outgrow `maxClauses` (and at
 * least `MIN_RUNS_BETWEEN_REBUILDS` runs came since the last rebuild, so that a budget too small
 * for the program never means a rebuild per run), or when MiniSat's fixed heap runs out, the
 * session is rebuilt from the guards of every run (always kept: they are what guarantees no set
 * is run twice) and as many goals as fit in half the budget — the goals valid everywhere first,
 * since they prune every later hypothesis, newest first — and the others are retired. Fewer
 * clauses can only let more sets through, so a retired goal costs executions, never a wrong
 * certificate.
 */
import type { Crash, Fault, FaultSet, Bounds } from '../faults/types.js';
import { effectLeq, canonicalFaults } from '../faults/order.js';
import { indexFaults, TRUE, type Formula, type FormulaStore } from '../faults/formula.js';
import { guarded, printCnf, SolverMemoryError, type Lit } from './cnf.js';
import { SolverSession } from './session.js';

/** Below the ~800,000 clauses at which a 64 MiB MiniSat heap was seen to die. */
export const DEFAULT_MAX_CLAUSES = 400_000;
const MIN_RUNS_BETWEEN_REBUILDS = 8;

export interface HypothesesOptions {
  /** Keep every clause for `cnfText` (`--show cnf`). */
  readonly record?: boolean;
  /** Rebuild the session, retiring old goals, past this many clauses. */
  readonly maxClauses?: number;
  /**
   * Act as if MiniSat's heap ran out whenever a solve starts with more clauses than this (tests
   * of the recovery; the real heap cannot be made smaller).
   */
  readonly heapLimitClauses?: number;
  /** Classes of interchangeable nodes: only one fault set of each symmetric pair is proposed. */
  readonly symmetry?: readonly (readonly string[])[];
}

/** Even a session with no goal left ran out of memory: the search cannot go on. */
export class SolverExhausted extends Error {
  constructor() {
    super("the SAT solver ran out of its fixed 64 MiB heap even with every learned goal retired");
    this.name = 'SolverExhausted';
  }
}

interface RunConstraint {
  readonly faults: FaultSet;
  readonly goal: Formula;
  readonly everywhere: Formula;
  /** Whether each goal is in the current session (a retired goal never comes back). */
  goalActive: boolean;
  everywhereActive: boolean;
}

export class Hypotheses {
  solverMs = 0;
  /** Sessions built after the first: rebuilds for size, and recoveries from a heap exhaustion. */
  rebuilds = 0;
  retired = 0;
  private session: SolverSession;
  private readonly runs: RunConstraint[] = [];
  private readonly excluded: FaultSet[] = [];
  private bound = 0;
  /** The largest size bound reached in an earlier session. */
  private reached = 0;
  private sinceRebuild = 0;
  private maxClauses: number;

  constructor(
    readonly bounds: Bounds,
    readonly store: FormulaStore,
    private readonly options: HypothesesOptions = {},
  ) {
    this.maxClauses = options.maxClauses ?? DEFAULT_MAX_CLAUSES;
    this.session = this.newSession();
  }

  /** The clauses given to the current session, in DIMACS (only with `record`). */
  cnfText(): string {
    return printCnf(this.session.cnf);
  }

  get clauseCount(): number {
    return this.session.clauseCount;
  }

  /** Every set of fewer faults than this that could violate has been run (the sizes come in order). */
  get coveredSize(): number {
    return Math.max(this.bound, this.reached);
  }

  /**
   * Records a run that kept the invariant: sets above its faults, itself excepted, must make
   * `goal` true; every set must make `everywhere` true (a weaker goal that holds for any G).
   */
  addRun(faults: FaultSet, goal: Formula, everywhere: Formula = TRUE): void {
    const run: RunConstraint = { faults, goal, everywhere, goalActive: true, everywhereActive: everywhere !== TRUE };
    this.runs.push(run);
    this.addGuard(this.session, run);
    this.addEverywhere(this.session, run);
    this.addGoal(this.session, run);
    this.sinceRebuild++;
    if (this.session.clauseCount > this.maxClauses && this.sinceRebuild >= MIN_RUNS_BETWEEN_REBUILDS) this.rebuild(this.maxClauses / 2);
  }

  /** Rules out `faults` and every set above it (a counterexample already found, with --all). */
  exclude(faults: FaultSet): void {
    this.excluded.push(faults);
    this.session.cnf.clause(this.session.atLeast(faults).map((l) => -l));
  }

  /** A smallest fault set that satisfies every active constraint, or null when none is left. */
  next(): FaultSet | null {
    for (;;) {
      try {
        return this.nextInSession();
      } catch (e) {
        if (!(e instanceof SolverMemoryError)) throw e;
        this.recover();
      }
    }
  }

  /** Every active constraint holds at `g`. */
  satisfies(g: FaultSet): boolean {
    const index = indexFaults(g);
    const memo = new Map<number, boolean>();
    for (const r of this.runs) {
      const above = effectLeq(r.faults, g);
      if (above && effectLeq(g, r.faults)) return false; // g is that run's own set
      if (r.everywhereActive && !this.store.evaluate(r.everywhere, index, memo)) return false;
      if (above && r.goalActive && !this.store.evaluate(r.goal, index, memo)) return false;
    }
    if (this.excluded.some((e) => effectLeq(e, g))) return false;
    return !this.options.symmetry || this.session.isLeader(g, this.options.symmetry);
  }

  private nextInSession(): FaultSet | null {
    const { session } = this;
    while (this.bound <= session.maxSize) {
      const atMost = this.bound < session.maxSize ? [session.size.atMost(this.bound)] : [];
      const model = this.solve(atMost);
      if (model !== null) return this.weaken(model);
      // Nothing of this size: before growing, check that anything is left at all.
      if (atMost.length === 0 || this.solve([]) === null) return null;
      this.bound++;
    }
    return null;
  }

  /**
   * MiniSat's heap ran out: from now on the budget stays well below the size that failed, and the
   * session is rebuilt with at most half the goals that were active, down to none.
   */
  private recover(): void {
    const active = this.runs.reduce((n, r) => n + (r.goalActive ? 1 : 0) + (r.everywhereActive ? 1 : 0), 0);
    if (active === 0) throw new SolverExhausted();
    this.maxClauses = Math.min(this.maxClauses, Math.floor(this.session.clauseCount * 0.75));
    this.rebuild(this.maxClauses * 0.75, Math.floor(active / 2));
  }

  /**
   * A fresh session with every guard and the goals that fit within `budget` clauses (and at most
   * `maxGoals` of them): first the goals valid everywhere, then the ones above their run, newest
   * first; the rest retire for good. Sizes restart from 0: with fewer constraints, a smaller set
   * may be allowed again.
   */
  private rebuild(budget: number, maxGoals = Infinity): void {
    this.rebuilds++;
    this.sinceRebuild = 0;
    const session = this.newSession();
    for (const r of this.runs) this.addGuard(session, r);
    for (const e of this.excluded) session.cnf.clause(session.atLeast(e).map((l) => -l));
    let kept = 0;
    const keep = (): boolean => kept < maxGoals && session.clauseCount < budget;
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const r = this.runs[i]!;
      if (!r.everywhereActive) continue;
      if (keep()) {
        this.addEverywhere(session, r);
        kept++;
      } else {
        r.everywhereActive = false;
        this.retired++;
      }
    }
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const r = this.runs[i]!;
      if (!r.goalActive) continue;
      if (keep()) {
        this.addGoal(session, r);
        kept++;
      } else {
        r.goalActive = false;
        this.retired++;
      }
    }
    this.session = session;
    this.reached = Math.max(this.reached, this.bound);
    this.bound = 0;
  }

  private newSession(): SolverSession {
    const session = new SolverSession(this.bounds, this.store, this.options.record ?? false);
    if (this.options.symmetry) session.breakSymmetry(this.options.symmetry);
    return session;
  }

  private addGuard(session: SolverSession, run: RunConstraint): void {
    session.cnf.clause([...session.atLeast(run.faults).map((l) => -l), ...session.beyond(run.faults)]);
  }

  private addGoal(session: SolverSession, run: RunConstraint): void {
    session.cnf.clause([...session.atLeast(run.faults).map((l) => -l), session.encode(run.goal)]);
  }

  private addEverywhere(session: SolverSession, run: RunConstraint): void {
    if (run.everywhere !== TRUE) session.cnf.clause([session.encode(run.everywhere)]);
  }

  /** Pushes each crash as late as the constraints allow: a later crash loses fewer messages. */
  private weaken(model: FaultSet): FaultSet {
    let current = model;
    for (const crash of model.filter((f): f is Crash => f.kind === 'crash')) {
      for (let t = crash.time + 1; t <= this.bounds.eot; t++) {
        const later = canonicalFaults(current.map((f) => (f.kind === 'crash' && f.node === crash.node ? { ...f, time: t } : f)));
        if (!this.satisfies(later)) break;
        current = later;
      }
    }
    return current;
  }

  private solve(assumed: readonly Lit[]): FaultSet | null {
    const { session } = this;
    const started = performance.now();
    try {
      const limit = this.options.heapLimitClauses;
      if (limit !== undefined && session.clauseCount > limit) throw new SolverMemoryError();
      const assumption = session.conjunctionOf(assumed);
      const solution = guarded(() => session.cnf.solver.solveAssuming(assumption));
      if (solution === null) return null;
      const faults: Fault[] = [];
      for (const o of session.omissions) if (solution.evaluate(o.lit)) faults.push({ kind: 'omit', from: o.from, to: o.to, time: o.time });
      for (const c of session.crashes) {
        const t = c.byTime.findIndex((lit) => solution.evaluate(lit));
        if (t >= 0) faults.push({ kind: 'crash', node: c.node, time: t + 1 });
      }
      return canonicalFaults(faults);
    } finally {
      this.solverMs += performance.now() - started;
    }
  }
}
