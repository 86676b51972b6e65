/**
 * Clauses into one logic-solver `Solver`, with constants folded before they reach it.
 *
 * A literal is a non-zero variable number, negative when negated. `LIT_TRUE`/`LIT_FALSE` are
 * logic-solver's own always-true variable and its negation; `clause` drops them (a clause with a
 * true literal is not added, false literals are removed), so they never reach MiniSat.
 */
import { createRequire } from 'node:module';
import type LogicModule from 'logic-solver';

type Logic = typeof LogicModule;

export type Lit = number;

/** logic-solver's always-true variable `$T` (variable 2; 1 is `$F`), checked when the solver loads. */
export const LIT_TRUE: Lit = 2;
export const LIT_FALSE: Lit = -2;

let loaded: Logic | null = null;

/**
 * logic-solver, loaded on first use: loading it (MiniSat compiled to JS) costs about 0.4 s, which
 * `lint` and `run` never need to pay.
 */
function logic(): Logic {
  if (loaded === null) {
    loaded = createRequire(import.meta.url)('logic-solver') as Logic;
    if (loaded.NUM_TRUE !== LIT_TRUE) throw new Error(`logic-solver numbers its true constant ${loaded.NUM_TRUE}, not ${LIT_TRUE}`);
  }
  return loaded;
}

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

/**
 * Runs a call into MiniSat (a solve or a new Solver). When MiniSat aborts it logs the reason
 * with console.log ("MINISAT-out: Cannot enlarge memory arrays…"), which would corrupt `--json`
 * on stdout, and throws a bare string "abort() at …". Both are turned into an Error here.
 */
export function guarded<T>(call: () => T): T {
  const log = console.log;
  const messages: string[] = [];
  console.log = (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && args[0].startsWith('MINISAT-')) messages.push(args.map(String).join(' '));
    else log(...args);
  };
  try {
    return call();
  } catch (e) {
    const text = [...messages, e instanceof Error ? e.message : String(e)].join('\n');
    if (/enlarge memory/i.test(text)) throw new SolverMemoryError();
    if (typeof e === 'string') throw new Error(`the SAT solver aborted: ${e.split('\n')[0]}`);
    throw e;
  } finally {
    console.log = log;
  }
}

export class Cnf {
  readonly solver: LogicModule.Solver;
  private vars = 0;
  private clauses = 0;
  /** Kept only when asked for (`--show cnf`): every clause, and the names of named variables. */
  readonly recorded: { readonly clauses: Lit[][]; readonly names: Map<number, string> } | null;

  /**
   * logic-solver's internal clause entry point. `require(Logic.or(...))` makes a Formula object,
   * a guid and a bookkeeping record per clause and took twice as long on 200k clauses; the
   * internal call takes a plain clause. Feature-detected, with the public API as the fallback.
   */
  private readonly addClause: ((clause: LogicModule.Clause) => void) | null;
  private readonly logic: Logic;

  /** `grew` is told of every clause (the memory limit of the formulas it encodes). */
  constructor(
    record = false,
    private readonly grew: () => void = () => {},
  ) {
    this.recorded = record ? { clauses: [], names: new Map() } : null;
    this.logic = logic();
    const Logic = this.logic;
    this.solver = guarded(() => new Logic.Solver());
    const internal = (this.solver as unknown as { _addClause?: unknown })._addClause;
    this.addClause = typeof internal === 'function' ? (internal as (clause: LogicModule.Clause) => void) : null;
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
    const v = this.solver.getVarNum(name === undefined ? `v${this.vars}` : `v${this.vars}:${name}`);
    if (name !== undefined) this.recorded?.names.set(v, name);
    return v;
  }

  clause(lits: readonly Lit[]): void {
    const kept: Lit[] = [];
    for (const l of lits) {
      if (l === LIT_TRUE) return;
      if (l !== LIT_FALSE) kept.push(l);
    }
    this.grew();
    this.clauses++;
    this.recorded?.clauses.push(kept);
    // Clauses only reach MiniSat's heap at the next solve, so this needs no guard.
    const Logic = this.logic;
    if (this.addClause !== null) this.addClause.call(this.solver, new Logic.Clause(kept));
    // Logic.or of plain literals is a single clause when required; an empty one is FALSE.
    else Logic.disablingAssertions(() => this.solver.require(Logic.or(kept)));
  }

  /** a → b */
  implies(a: Lit, b: Lit): void {
    this.clause([-a, b]);
  }
}

/**
 * DIMACS, with a comment line naming each fault variable: what the solver was given. Variable 1
 * is logic-solver's constant true; clauses never mention it.
 */
export function printCnf(cnf: Cnf): string {
  const rec = cnf.recorded;
  if (!rec) throw new Error('printCnf needs a Cnf built with record = true');
  const lines: string[] = [];
  for (const [v, name] of [...rec.names].sort((a, b) => a[0] - b[0])) lines.push(`c ${v} ${name}`);
  const maxVar = rec.clauses.reduce((m, c) => c.reduce((n, l) => Math.max(n, Math.abs(l)), m), 0);
  lines.push(`p cnf ${maxVar} ${rec.clauses.length}`);
  for (const c of rec.clauses) lines.push(`${c.join(' ')} 0`);
  return lines.join('\n') + '\n';
}
