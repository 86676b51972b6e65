/**
 * Clauses into one logic-solver `Solver`, with constants folded before they reach it.
 *
 * A literal is a non-zero variable number, negative when negated. `LIT_TRUE`/`LIT_FALSE` are
 * logic-solver's own always-true variable and its negation; `clause` drops them (a clause with a
 * true literal is not added, false literals are removed), so they never reach MiniSat.
 */
import Logic from 'logic-solver';

export type Lit = number;

export const LIT_TRUE: Lit = Logic.NUM_TRUE;
export const LIT_FALSE: Lit = -Logic.NUM_TRUE;

/** logic-solver's MiniSat has a fixed 64 MiB heap; exhausting it kills that solver. */
export class SolverMemoryError extends Error {
  constructor() {
    super(
      'the SAT solver ran out of its fixed 64 MiB heap (logic-solver: "Cannot enlarge memory arrays"); ' +
        'the lineage formula is too large for these bounds',
    );
    this.name = 'SolverMemoryError';
  }
}

/** Runs a call into logic-solver, turning its out-of-memory abort into a SolverMemoryError. */
export function guarded<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (/enlarge memory|out of memory|OOM/i.test(text)) throw new SolverMemoryError();
    throw e;
  }
}

export class Cnf {
  readonly solver: Logic.Solver;
  private vars = 0;
  private clauses = 0;

  constructor() {
    this.solver = guarded(() => new Logic.Solver());
  }

  get variableCount(): number {
    return this.vars;
  }

  get clauseCount(): number {
    return this.clauses;
  }

  /** A new variable. Names only help debugging; unnamed ones are numbered. */
  fresh(name?: string): Lit {
    this.vars++;
    // Names must not start with '$' or '-' (logic-solver reserves them): prefix everything.
    return this.solver.getVarNum(name === undefined ? `v${this.vars}` : `v${this.vars}:${name}`);
  }

  clause(lits: readonly Lit[]): void {
    const kept: Lit[] = [];
    for (const l of lits) {
      if (l === LIT_TRUE) return;
      if (l !== LIT_FALSE) kept.push(l);
    }
    this.clauses++;
    // Logic.or of plain literals is a single clause when required; an empty one is FALSE.
    guarded(() => Logic.disablingAssertions(() => this.solver.require(Logic.or(kept))));
  }

  /** a → b */
  implies(a: Lit, b: Lit): void {
    this.clause([-a, b]);
  }
}
