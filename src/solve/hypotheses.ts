/**
 * Hypotheses from every run at once, the way the search uses them.
 *
 * A run under fault set F that kept the invariant says: a fault set G ≥ F can violate only if it
 * makes F's goal true (the lineage abstraction is sound for every G ≥ F). So after each run one
 * clause goes into a single solver: ¬(G ≥ F) ∨ goal_F, and one more: ¬(G ≥ F) ∨ G ≠ F (F itself
 * is known not to violate). The next hypothesis is a smallest G that satisfies every clause so
 * far. Every violating set satisfies all of them, and no set already run does, so each hypothesis
 * is new and the loop ends exactly when no unexplored set could violate: that is the certificate.
 */
import type { Crash, Fault, FaultSet, Bounds } from '../faults/types.js';
import { effectLeq, canonicalFaults } from '../faults/order.js';
import { indexFaults, type Formula, type FormulaStore } from '../faults/formula.js';
import { guarded, printCnf, type Lit } from './cnf.js';
import { SolverSession } from './session.js';

interface RunConstraint {
  readonly faults: FaultSet;
  readonly goal: Formula;
  readonly everywhere: Formula;
}

export class Hypotheses {
  solverMs = 0;
  private readonly session: SolverSession;
  private readonly runs: RunConstraint[] = [];
  private readonly excluded: FaultSet[] = [];
  private bound = 0;

  /** `record` keeps every clause for `cnfText` (`--show cnf`). */
  constructor(
    readonly bounds: Bounds,
    readonly store: FormulaStore,
    record = false,
  ) {
    this.session = new SolverSession(bounds, store, record);
  }

  /** The clauses given to the solver so far, in DIMACS (only when built with `record`). */
  cnfText(): string {
    return printCnf(this.session.cnf);
  }

  get clauseCount(): number {
    return this.session.clauseCount;
  }

  /**
   * Records a run that kept the invariant: sets above its faults, itself excepted, must make
   * `goal` true; every set must make `everywhere` true (a weaker goal that holds for any G).
   */
  addRun(faults: FaultSet, goal: Formula, everywhere: Formula = 1): void {
    this.runs.push({ faults, goal, everywhere });
    const { session } = this;
    const below = session.atLeast(faults).map((l) => -l);
    session.cnf.clause([...below, session.encode(goal)]);
    session.cnf.clause([...below, ...session.beyond(faults)]);
    if (everywhere !== 1) session.cnf.clause([session.encode(everywhere)]);
  }

  /** Rules out `faults` and every set above it (a counterexample already found, with --all). */
  exclude(faults: FaultSet): void {
    this.excluded.push(faults);
    this.session.cnf.clause(this.session.atLeast(faults).map((l) => -l));
  }

  /** A smallest fault set that satisfies every constraint so far, or null when none is left. */
  next(): FaultSet | null {
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

  /** Every constraint holds at `g`. */
  satisfies(g: FaultSet): boolean {
    const index = indexFaults(g);
    const memo = new Map<number, boolean>();
    for (const r of this.runs) {
      if (!this.store.evaluate(r.everywhere, index, memo)) return false;
      if (!effectLeq(r.faults, g)) continue;
      if (effectLeq(g, r.faults)) return false; // g is that run's own set
      if (!this.store.evaluate(r.goal, index, memo)) return false;
    }
    return !this.excluded.some((e) => effectLeq(e, g));
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
