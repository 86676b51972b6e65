/**
 * Clauses into one SAT solver, with constants folded before they reach it.
 *
 * A literal is a non-zero variable number, negative when negated. `LIT_TRUE`/`LIT_FALSE` are
 * logic-solver's own always-true variable and its negation; `clause` drops them (a clause with a
 * true literal is not added, false literals are removed), so they never reach MiniSat.
 */
import { createRequire } from 'node:module';
import type LogicModule from 'logic-solver';
import { Cdcl } from './cdcl.js';

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

/** A satisfying assignment: the value of each literal. */
export interface Model {
  evaluate(lit: Lit): boolean;
}

/**
 * Past this many clauses a session's clauses move to MiniSat: there its tuned C code beats the
 * JS solver's per-conflict cost, and its fixed start-up is small beside the session's encoding.
 * Which solver answers also decides which of several same-size sets comes first, and so the
 * search's path: sessions this large keep the path MiniSat gave them before the JS solver existed.
 */
export const CDCL_MAX_CLAUSES = 10_000;
/** A solve that takes more conflicts than this in the JS solver is finished by MiniSat. */
export const CDCL_MAX_CONFLICTS = 20_000;

export interface CnfLimits {
  readonly cdclMaxClauses?: number;
  readonly cdclMaxConflicts?: number;
}

/**
 * The clauses of one session, and the solver that answers them: the JS CDCL solver (cdcl.ts)
 * while the session is small, logic-solver's MiniSat once it is not (or once a solve is hard).
 * Variables 1 and 2 are logic-solver's false and true constants in both; the move replays the
 * clauses as they came.
 */
export class Cnf {
  private vars = 2;
  private clauses = 0;
  /** Kept only when asked for (`--show cnf`): every clause, and the names of named variables. */
  readonly recorded: { readonly clauses: Lit[][]; readonly names: Map<number, string> } | null;
  private cdcl: Cdcl | null = new Cdcl();
  /** Every clause given while the CDCL solver answers, for the move to MiniSat. */
  private given: Lit[][] | null = [];
  private mini: LogicModule.Solver | null = null;
  /** How clauses reach MiniSat, chosen when the session moves there (see `toMiniSat`). */
  private miniAdd: ((lits: readonly number[]) => void) | null = null;
  private readonly limits: Required<CnfLimits>;

  /** `grew` is told of every clause (the memory limit of the formulas it encodes). */
  constructor(
    record = false,
    private readonly grew: () => void = () => {},
    limits: CnfLimits = {},
  ) {
    this.recorded = record ? { clauses: [], names: new Map() } : null;
    this.limits = { cdclMaxClauses: limits.cdclMaxClauses ?? CDCL_MAX_CLAUSES, cdclMaxConflicts: limits.cdclMaxConflicts ?? CDCL_MAX_CONFLICTS };
    this.cdcl!.newVar();
    this.cdcl!.newVar();
    this.cdcl!.addClause([-1]);
    this.cdcl!.addClause([LIT_TRUE]);
  }

  get clauseCount(): number {
    return this.clauses;
  }

  /** A new variable. Names only help debugging (`--show cnf`). */
  fresh(name?: string): Lit {
    const v = ++this.vars;
    if (this.mini !== null) this.miniVar(v);
    else this.cdcl!.newVar();
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
    if (this.mini !== null) this.miniClause(kept);
    else {
      this.cdcl!.addClause(kept);
      this.given!.push(kept);
      // A session that outgrows the JS solver moves at once, so the clauses are never held twice for long.
      if (this.clauses > this.limits.cdclMaxClauses) this.toMiniSat();
    }
  }

  /** a → b */
  implies(a: Lit, b: Lit): void {
    this.clause([-a, b]);
  }

  /** A model of every clause with `assumption` true, or null when there is none. */
  solveAssuming(assumption: Lit): Model | null {
    if (assumption === LIT_FALSE) return null;
    if (this.mini === null) {
      const cdcl = this.cdcl!;
      const result = cdcl.solve(assumption === LIT_TRUE ? [] : [assumption], this.limits.cdclMaxConflicts);
      if (result === 'sat') {
        // A model is cheap to check against every clause: a wrong one would be a bug in the solver.
        const holds = (lit: Lit): boolean => cdcl.modelValue(lit);
        if (!holds(assumption) || !this.given!.every((c) => c.some(holds))) throw new Error('the JS SAT solver returned an assignment that violates a clause');
        return { evaluate: holds };
      }
      if (result === 'unsat') return null;
      this.toMiniSat();
    }
    const mini = this.mini!;
    const solution = guarded(() => mini.solveAssuming(this.toMini(assumption)));
    return solution === null ? null : { evaluate: (lit) => solution.evaluate(this.toMini(lit)) };
  }

  /**
   * The clauses so far into a fresh MiniSat, which answers from now on. Clauses go through
   * logic-solver's internal entry point: `require(Logic.or(...))` makes a Formula object, a guid
   * and a bookkeeping record per clause and took twice as long on 200k clauses. It is
   * feature-detected, with the public API as the fallback. Clauses reach MiniSat's heap only at
   * the next solve, so adding them needs no guard.
   */
  private toMiniSat(): void {
    const Logic = logic();
    const mini = guarded(() => new Logic.Solver());
    const internal = (mini as unknown as { _addClause?: (clause: LogicModule.Clause) => void })._addClause;
    this.miniAdd =
      typeof internal === 'function'
        ? (lits) => internal.call(mini, new Logic.Clause(lits))
        : // Logic.or of plain literals is a single clause when required; an empty one is FALSE.
          (lits) => Logic.disablingAssertions(() => mini.require(Logic.or(lits)));
    this.mini = mini;
    for (let v = 3; v <= this.vars; v++) this.miniVar(v);
    for (const c of this.given!) this.miniClause(c);
    this.given = null;
    this.cdcl = null;
  }

  /** MiniSat's number of each of our variables (logic-solver makes variables of its own for each solve's assumption). */
  private readonly miniOf: number[] = [0, 1, 2];

  private miniVar(v: number): void {
    // Names must not start with '$' or '-' (logic-solver reserves them).
    this.miniOf[v] = this.mini!.getVarNum(`v${v}`);
  }

  private toMini(l: Lit): number {
    return l > 0 ? this.miniOf[l]! : -this.miniOf[-l]!;
  }

  private miniClause(kept: readonly Lit[]): void {
    this.miniAdd!(kept.map((l) => this.toMini(l)));
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
