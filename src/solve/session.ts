/**
 * A logic-solver instance with what every question about one bounds needs: a variable for each
 * allowed fault (omissions before EFF, monotone "crashed by t" per node), the crash bound, and a
 * unary counter over the fault count. Every new `Solver` costs a fresh 64 MiB heap and MiniSat's
 * start-up, so it is built once and reused: by the search's CumulativeHypotheses for all its
 * runs, and by minimal.ts's enumerators when they share a SolverPool (each enumerator guards its
 * own clauses with an activation literal).
 *
 * Clauses are never removed, so a session is `full` once it holds `MAX_CLAUSES`; its owner then
 * starts a fresh one.
 */
import { Cnf, type Lit } from './cnf.js';
import { UnaryCounter } from './counter.js';
import { FaultVars } from './encode.js';
import type { Bounds } from '../faults/types.js';

const MAX_CLAUSES = 400_000;

export class SolverSession {
  readonly cnf = new Cnf();
  readonly vars: FaultVars;
  readonly size: UnaryCounter;
  readonly maxSize: number;

  constructor(readonly bounds: Bounds) {
    const { cnf } = this;
    this.vars = new FaultVars(cnf, bounds);
    // Every fault variable up front, so the counter below counts them all whichever goals come.
    for (const from of bounds.nodes) {
      for (const to of bounds.nodes) for (let t = 1; t < Math.min(bounds.eff, bounds.eot + 1); t++) this.vars.omission(from, to, t);
      this.vars.crashVars(from);
    }
    const crashedAtAll = this.vars.crashes.map((c) => c.byTime[c.byTime.length - 1]!);
    if (this.vars.crashes.length > bounds.crashes) cnf.clause([new UnaryCounter(cnf, crashedAtAll).atMost(bounds.crashes)]);
    this.size = new UnaryCounter(cnf, [...this.vars.omissions.map((o) => o.lit), ...crashedAtAll]);
    this.maxSize = this.vars.omissions.length + Math.min(bounds.crashes, this.vars.crashes.length);
  }

  get full(): boolean {
    return this.cnf.clauseCount > MAX_CLAUSES;
  }

  /** A fresh literal that implies every one of `lits` (to solve assuming all of them at once). */
  conjunction(lits: readonly Lit[]): Lit {
    const a = this.cnf.fresh();
    for (const l of lits) this.cnf.clause([-a, l]);
    return a;
  }
}

/** Hands out the current session for a bounds, starting a new one when it is full. */
export class SolverPool {
  private current: SolverSession | null = null;

  session(bounds: Bounds): SolverSession {
    if (this.current === null || this.current.full || this.current.bounds !== bounds) this.current = new SolverSession(bounds);
    return this.current;
  }
}
