/**
 * What one run may use. A spec can ask for more than a machine has (`--eot 99999999999`, a rule
 * joining four unrelated 50-fact relations: 6.25 million firings), and the run would die in a V8
 * heap abort with nothing said. Past these limits the run stops with an error at the rule (or
 * fact) that crossed them, so the user learns which clause is to blame.
 */

/** The largest EOT any command accepts (documented in the README). */
export const MAX_EOT = 100_000;

export interface RunBudget {
  /** Tuples held over all timesteps (a tuple true at 100 steps counts 100 times). */
  readonly tuples: number;
  /** Rule firings recorded, messages waiting to be sent included. */
  readonly firings: number;
}

/** About 2 GB of lineage at most, well inside Node's default heap. */
export const DEFAULT_RUN_BUDGET: RunBudget = { tuples: 2_000_000, firings: 5_000_000 };

/** Thrown inside the simulator; the rule being evaluated turns it into a RuleError. */
export class BudgetExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceeded';
  }
}
