/**
 * Hypotheses from every run at once (DESIGN §7–§8), the way the search uses them.
 *
 * A run under fault set F that did not violate the invariant says: any fault set G ≥ F (every
 * omission of F, every crash of F at its time or earlier) can violate only if it breaks one of
 * F's outcomes, i.e. makes F's goal true. So after each run one clause is added to a single
 * solver: ¬(G ≥ F) ∨ goal_F. The next hypothesis is a smallest G that satisfies every clause
 * so far. Every violating set satisfies all of them (the lineage formulas are sound), and a run's
 * own set falsifies its clause (its goal is false under its own faults), so each hypothesis is
 * new and the loop ends exactly when no unexplored set could violate: that is the certificate.
 *
 * A hypothesis must break the derivations revealed by *every* run below it, not only by the run
 * that suggested it, which is what keeps certification cheap. Sizes come out nondecreasing: clauses are only ever added.
 *
 * Within one size, sets that make some run's `preferred` formula true come first (an outcome
 * broken through lost messages alone while its pre survives: the likeliest counterexamples).
 */
import type { Crash, Fault, FaultSet } from '../faults/types.js';
import type { Bounds } from '../faults/types.js';
import { encodeFormula } from './encode.js';
import { effectLeq, canonicalFaults } from '../faults/order.js';
import { evaluateWith, indexFaults, omissionKey, type Formula } from './formula.js';
import { guarded, type Lit } from './cnf.js';
import { SolverSession } from './session.js';

/**
 * How many preferred sets of one size are compared by score before one is run, for the first
 * SAMPLED_HYPOTHESES hypotheses. The tie-break is what finds counterexamples early; past that
 * point the search is most likely certifying, and each extra solve costs more than it saves.
 */
const PREFERRED_SAMPLE = 6;
const SAMPLED_HYPOTHESES = 30;

interface RunConstraint {
  readonly faults: FaultSet;
  readonly goal: Formula;
  readonly preferred: Formula | null;
}

export class CumulativeHypotheses {
  solverMs = 0;
  private session: SolverSession;
  private readonly runs: RunConstraint[] = [];
  private readonly excluded: FaultSet[] = [];
  /** Per run with a preferred formula: a literal implying "G ≥ its faults and its preferred holds". */
  private preferredLits: Lit[] = [];
  private bound = 0;
  private preferredDoneAt = -1;
  private given = 0;

  /**
   * `score` breaks ties among preferred sets of one size (higher first); the search scores by
   * how many messages of the fault-free run a set loses, since a hypothesis that silences more of
   * what the protocol relied on is the likelier counterexample.
   */
  constructor(
    readonly bounds: Bounds,
    private readonly score: (faults: FaultSet) => number = () => 0,
  ) {
    this.session = new SolverSession(bounds);
  }

  /** Records a run that kept the invariant: sets above its faults must make its goal true. */
  addRun(faults: FaultSet, goal: Formula, preferred: Formula | null): void {
    const run = { faults, goal, preferred };
    this.runs.push(run);
    this.encodeRun(run);
    this.preferredDoneAt = -1; // a new preferred formula may hold at the current size
    if (this.session.full) this.rebuild();
  }

  /** Rules out `faults` and every set above it (a counterexample already found, with --all). */
  exclude(faults: FaultSet): void {
    this.excluded.push(faults);
    this.session.cnf.clause(this.atLeast(faults).map((l) => -l));
  }

  /** A smallest fault set that satisfies every constraint so far, or null when none is left. */
  next(): FaultSet | null {
    this.given++;
    const { session } = this;
    while (this.bound <= session.maxSize) {
      const atMost = this.bound < session.maxSize ? [session.size.atMost(this.bound)] : [];
      if (this.preferredDoneAt < this.bound) {
        const best = this.bestPreferred(atMost);
        if (best !== null) return best;
        this.preferredDoneAt = this.bound;
      }
      const model = this.solve(atMost);
      if (model !== null) return this.weaken(model, false);
      // Nothing of this size: before growing, check that anything is left at all.
      if (atMost.length === 0 || this.solve([]) === null) return null;
      this.bound++;
    }
    return null;
  }

  /** Up to PREFERRED_SAMPLE preferred sets within `atMost`, weakened; the highest scored. */
  private bestPreferred(atMost: readonly Lit[]): FaultSet | null {
    if (this.preferredLits.length === 0) return null;
    const { cnf } = this.session;
    const somePreferred = cnf.fresh();
    cnf.clause([-somePreferred, ...this.preferredLits]);
    let best: FaultSet | null = null;
    let bestScore = -Infinity;
    const others: Lit[] = [];
    const sample = this.given <= SAMPLED_HYPOTHESES ? PREFERRED_SAMPLE : 1;
    for (let i = 0; i < sample; i++) {
      const model = this.solve([...atMost, somePreferred, ...others]);
      if (model === null) break;
      const candidate = this.weaken(model, true);
      const score = this.score(candidate);
      if (score > bestScore) [best, bestScore] = [candidate, score];
      // Ask for a different one next: a literal that holds only away from both sets.
      const away = cnf.fresh();
      cnf.clause([-away, ...this.differs(model)]);
      const away2 = cnf.fresh();
      cnf.clause([-away2, ...this.differs(candidate)]);
      others.push(away, away2);
    }
    return best;
  }

  /** Literals one of which holds exactly when the fault set differs from `faults`. */
  private differs(faults: FaultSet): Lit[] {
    const { vars } = this.session;
    const lits: Lit[] = [];
    const omitted = new Set(faults.flatMap((f) => (f.kind === 'omit' ? [omissionKey(f.from, f.to, f.time)] : [])));
    for (const o of vars.omissions) lits.push(omitted.has(omissionKey(o.from, o.to, o.time)) ? -o.lit : o.lit);
    for (const c of vars.crashes) {
      const crash = faults.find((f): f is Crash => f.kind === 'crash' && f.node === c.node);
      if (!crash) lits.push(c.byTime[c.byTime.length - 1]!);
      else {
        lits.push(-c.byTime[crash.time - 1]!);
        if (crash.time > 1) lits.push(c.byTime[crash.time - 2]!);
      }
    }
    return lits;
  }

  /** Every constraint holds at `g` (and, when asked, some preferred formula of a run below it). */
  satisfies(g: FaultSet, preferred: boolean): boolean {
    const index = indexFaults(g);
    const memo = new Map<Formula, boolean>(); // a node's value depends only on it and on g
    let anyPreferred = false;
    for (const r of this.runs) {
      if (!effectLeq(r.faults, g)) continue;
      if (!evaluateWith(r.goal, index, memo)) return false;
      if (preferred && !anyPreferred && r.preferred) anyPreferred = evaluateWith(r.preferred, index, memo);
    }
    if (this.excluded.some((e) => effectLeq(e, g))) return false;
    return !preferred || anyPreferred;
  }

  /** Pushes each crash as late as the constraints allow: a later crash loses fewer messages. */
  private weaken(model: FaultSet, preferred: boolean): FaultSet {
    let current = model;
    for (const crash of model.filter((f): f is Crash => f.kind === 'crash')) {
      for (let t = crash.time + 1; t <= this.bounds.eot; t++) {
        const later = canonicalFaults(current.map((f) => (f.kind === 'crash' && f.node === crash.node ? { ...f, time: t } : f)));
        if (!this.satisfies(later, preferred)) break;
        current = later;
      }
    }
    return current;
  }

  /** Literals that together say "G ≥ faults". */
  private atLeast(faults: FaultSet): Lit[] {
    const { vars } = this.session;
    return faults.map((f) => (f.kind === 'omit' ? vars.omission(f.from, f.to, f.time) : vars.crashedBy(f.node, f.time)));
  }

  private encodeRun(run: RunConstraint): void {
    const { cnf, vars } = this.session;
    const memo = new Map<Formula, Lit>();
    const goal = encodeFormula(run.goal, cnf, vars, memo);
    cnf.clause([...this.atLeast(run.faults).map((l) => -l), goal]);
    if (run.preferred) {
      const preferred = encodeFormula(run.preferred, cnf, vars, memo);
      this.preferredLits.push(this.session.conjunction([...this.atLeast(run.faults), preferred]));
    }
  }

  /** The solver is full of retired assumptions: start a fresh one with the same constraints. */
  private rebuild(): void {
    this.session = new SolverSession(this.bounds);
    this.preferredLits = [];
    for (const run of this.runs) this.encodeRun(run);
    for (const e of this.excluded) this.session.cnf.clause(this.atLeast(e).map((l) => -l));
  }

  private solve(assumed: readonly Lit[]): FaultSet | null {
    const { session } = this;
    const started = performance.now();
    try {
      const assumption = session.conjunction(assumed);
      const solution = guarded(() => session.cnf.solver.solveAssuming(assumption));
      if (solution === null) return null;
      const faults: Fault[] = [];
      for (const o of session.vars.omissions) if (solution.evaluate(o.lit)) faults.push({ kind: 'omit', from: o.from, to: o.to, time: o.time });
      for (const c of session.vars.crashes) {
        const t = c.byTime.findIndex((lit) => solution.evaluate(lit));
        if (t >= 0) faults.push({ kind: 'crash', node: c.node, time: t + 1 });
      }
      return canonicalFaults(faults);
    } finally {
      this.solverMs += performance.now() - started;
    }
  }
}
