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
 * The goals are the big part of the solver's instance. When the clauses they added outgrow
 * `maxClauses` (and at least `MIN_RUNS_BETWEEN_REBUILDS` runs came since the last rebuild, so that
 * a budget too small for the program never means a rebuild per run), or when MiniSat's fixed heap
 * runs out, the session is rebuilt from the guards of every run (always kept: they are what
 * guarantees no set is run twice) and as many goals as fit in half the budget — the goals valid
 * everywhere first, since they prune every later hypothesis, newest first — and the others are
 * retired. Fewer clauses can only let more sets through, so a retired goal costs executions,
 * never a wrong certificate.
 *
 * The smallest sizes are tried without the solver: every set of at most `DIRECT_SIZE` faults
 * (while a size has at most `DIRECT_LIMIT` sets) is judged by evaluating the constraints, weakest
 * first: omissions (one lost message each) by time, then crashes, the latest first (a later crash
 * loses fewer messages), except that a set some run says violates for sure (its `certain`
 * formula) goes before all others. MiniSat's session (a 64 MiB heap, tens of ms to start) is
 * built only when the search gets past them, which on most counterexample rows it never does.
 */
import type { Crash, Fault, FaultSet, Bounds } from '../faults/types.js';
import { effectLeq, canonicalFaults } from '../faults/order.js';
import { FALSE, indexFaults, TRUE, type FaultIndex, type Formula, type FormulaStore } from '../faults/formula.js';
import { printCnf, SolverMemoryError, type CnfLimits, type Lit } from './cnf.js';
import { SolverSession } from './session.js';
import { PhaseClock } from './phase-clock.js';

/**
 * Below the ~800,000 clauses at which a 64 MiB MiniSat heap was seen to die; a heap that dies
 * sooner is recovered from, and the budget then stays below what failed. Retiring goals sooner
 * costs more than it saves: a retired goal lets its sets through again and sizes restart (at
 * 400,000, raft-log 8/7/1 took over 500 executions instead of 52, raft-election 10/9/1 over 700
 * instead of 168).
 */
export const DEFAULT_MAX_CLAUSES = 700_000;
const MIN_RUNS_BETWEEN_REBUILDS = 8;
/** Sets of at most this many faults are found by evaluation, before any solver is built… */
const DIRECT_SIZE = 2;
/** …as long as there are at most this many of a size (sets of two faults grow with the square). */
const DIRECT_LIMIT = 2000;
/** Sets of a size judged one by one before the rest are judged together (see `direct`). */
const BULK_AFTER = 8;

/** The session's limits: tests force rebuilds, recoveries and the move to MiniSat with them. */
export type SolverLimits = Pick<HypothesesOptions, 'maxClauses' | 'heapLimitClauses' | 'direct' | 'cdclMaxClauses' | 'cdclMaxConflicts'>;

export interface HypothesesOptions extends CnfLimits {
  /** Keep every clause for `cnfText` (`--show cnf`). */
  readonly record?: boolean;
  /** Rebuild the session, retiring old goals, past this many clauses. */
  readonly maxClauses?: number;
  /**
   * Act as if MiniSat's heap ran out whenever a solve starts with more clauses than this (tests
   * of the recovery; the real heap cannot be made smaller).
   */
  readonly heapLimitClauses?: number;
  /** Judge the smallest sizes by evaluation before building the solver (default true; tests of the session turn it off). */
  readonly direct?: boolean;
  /** Classes of interchangeable nodes: only one fault set of each symmetric pair is proposed. */
  readonly symmetry?: readonly (readonly string[])[];
  /** The clock the phases are timed by (tests give one that ticks on every reading). */
  readonly now?: () => number;
}

/** Even a session with no goal left ran out of memory: the search cannot go on. */
export class SolverExhausted extends Error {
  constructor() {
    super("the SAT solver ran out of its fixed 64 MiB heap even with every learned goal retired");
    this.name = 'SolverExhausted';
  }
}

/** A run's two goals: above its faults, and for every set. */
export interface RunGoals {
  readonly goal: Formula;
  readonly everywhere: Formula;
}

interface RunConstraint {
  readonly faults: FaultSet;
  /** The goals, or how to build them when first needed (see `addRunLazily`). */
  goals: RunGoals | (() => RunGoals);
  /** Sets above the run that make it true violate for sure (a preference, not a constraint). */
  readonly certain: Formula;
  /** Whether each goal is in the current session (a retired goal never comes back). */
  goalActive: boolean;
  everywhereActive: boolean;
}

interface DirectState {
  readonly candidates: FaultSet[];
  readonly indexes: FaultIndex[];
  /** The run whose `certain` formula a candidate makes true, or −1. */
  readonly sureBy: number[];
  readonly sureChecked: number[];
  readonly rejected: boolean[];
  readonly checked: number[];
  readonly excludedChecked: number[];
}

export class Hypotheses {
  /** Time per phase; a run's goal built on demand is charged to none of them (its lineage is the caller's). */
  private readonly clock: PhaseClock;
  /** Inside the SAT solver. */
  get solverMs(): number {
    return this.clock.ms('solve');
  }
  /** Encoding constraints into the solver's session. */
  get encodeMs(): number {
    return this.clock.ms('encode');
  }
  /** Judging candidate sets by evaluating the constraints (the direct path, and pushing crashes later). */
  get directMs(): number {
    return this.clock.ms('direct');
  }
  /** Questions put to the solver. */
  solves = 0;
  /** Sessions built after the first: rebuilds for size, and recoveries from a heap exhaustion. */
  rebuilds = 0;
  retired = 0;
  /** Built on first need (see the module comment). */
  private current: SolverSession | null = null;
  private readonly runs: RunConstraint[] = [];
  private readonly excluded: FaultSet[] = [];
  private bound = 0;
  /** The largest size bound reached in an earlier session. */
  private reached = 0;
  private sinceRebuild = 0;
  private maxClauses: number;
  /**
   * Clauses the current session's goals added: what a rebuild can retire. The budget is on these,
   * not on the whole session: the size counter and the guards stay whatever is retired, and where
   * they alone filled the budget every rebuild retired every goal and the search went exhaustive.
   */
  private goalClauses = 0;

  constructor(
    readonly bounds: Bounds,
    readonly store: FormulaStore,
    private readonly options: HypothesesOptions = {},
  ) {
    this.clock = new PhaseClock(options.now);
    this.maxClauses = options.maxClauses ?? DEFAULT_MAX_CLAUSES;
    // A symmetry or a recorded CNF needs the session's variables from the start.
    if (options.record || options.symmetry) this.current = this.newSession();
  }

  /** The session, built (with every constraint so far) when first asked for. */
  private get session(): SolverSession {
    if (this.current === null) {
      this.current = this.clock.time('encode', () => {
        const session = this.newSession();
        for (const r of this.runs) {
          this.addGuard(session, r);
          if (r.everywhereActive) this.addEverywhere(session, r);
          if (r.goalActive) this.addGoal(session, r);
        }
        for (const e of this.excluded) session.cnf.clause(session.atLeast(e).map((l) => -l));
        return session;
      });
    }
    return this.current;
  }

  /** The clauses given to the current session, in DIMACS (only with `record`). */
  cnfText(): string {
    return printCnf(this.session.cnf);
  }

  get clauseCount(): number {
    return this.current?.clauseCount ?? 0;
  }

  /** Clauses the session's goals added (what `maxClauses` bounds). */
  get goalClauseCount(): number {
    return this.goalClauses;
  }

  /** Every set of fewer faults than this that could violate has been run (the sizes come in order). */
  get coveredSize(): number {
    return Math.max(this.bound, this.reached);
  }

  /**
   * Records a run that kept the invariant: sets above its faults, itself excepted, must make
   * `goal` true; every set must make `everywhere` true (a weaker goal that holds for any G).
   */
  addRun(faults: FaultSet, goal: Formula, everywhere: Formula = TRUE, certain: Formula = FALSE): void {
    this.push({ faults, goals: { goal, everywhere }, certain, goalActive: true, everywhereActive: everywhere !== TRUE });
  }

  /**
   * `addRun` with goals built only when a question needs them. A set that makes the run's
   * `certain` formula true violates, so it makes every sound goal of that run true as well: the
   * direct path proposes it without them, and a search whose first sure set violates never
   * builds them (on two-phase commit, most of the fault-free run's lineage).
   */
  addRunLazily(faults: FaultSet, goals: () => RunGoals, certain: Formula): void {
    this.push({ faults, goals, certain, goalActive: true, everywhereActive: true });
  }

  private goalsOf(run: RunConstraint): RunGoals {
    if (typeof run.goals === 'function') {
      const build = run.goals;
      run.goals = this.clock.time('goals', build);
      if (run.goals.everywhere === TRUE) run.everywhereActive = false;
      this.noteRefuting(run);
    }
    return run.goals;
  }

  /**
   * A run whose goal valid everywhere is FALSE says that no fault set violates: while that goal
   * is active, nothing is left to propose, at any size, and neither the direct path nor a solver
   * session need look (when the fault-free run's goal simplifies to FALSE, MiniSat is never loaded).
   */
  private refuting: RunConstraint | null = null;

  private noteRefuting(run: RunConstraint): void {
    if (typeof run.goals !== 'function' && run.everywhereActive && run.goals.everywhere === FALSE && !this.nothingLeft) this.refuting = run;
  }

  private get nothingLeft(): boolean {
    return this.refuting !== null && this.refuting.everywhereActive;
  }

  private push(run: RunConstraint): void {
    this.runs.push(run);
    this.sinceRebuild++;
    this.noteRefuting(run);
    const session = this.current;
    if (session === null) return;
    this.clock.time('encode', () => {
      this.addGuard(session, run);
      this.addEverywhere(session, run);
      this.addGoal(session, run);
    });
    if (this.goalClauses > this.maxClauses && this.sinceRebuild >= MIN_RUNS_BETWEEN_REBUILDS) this.rebuild(this.maxClauses / 2);
  }

  /** Rules out `faults` and every set above it (a counterexample already found, with --all). */
  exclude(faults: FaultSet): void {
    this.excluded.push(faults);
    const session = this.current;
    if (session) this.clock.time('encode', () => session.cnf.clause(session.atLeast(faults).map((l) => -l)));
  }

  /** A smallest fault set that satisfies every active constraint, or null when none is left. */
  next(): FaultSet | null {
    for (;;) {
      if (this.nothingLeft) return null;
      if (this.current === null && this.directAllowed(this.bound)) {
        const found = this.clock.time('direct', () => this.direct(this.bound, 1))[0];
        if (found) return found;
        if (this.bound >= this.maxSize) return null;
        this.bound++;
        continue;
      }
      try {
        return this.nextInSession();
      } catch (e) {
        if (!(e instanceof SolverMemoryError)) throw e;
        this.recover();
      }
    }
  }

  /**
   * Up to `count` distinct fault sets of the smallest size left, each satisfying every active
   * constraint (the first is what `next` gives). Which sets, and in which order, depends only on
   * the constraints, so a batch is the same however many threads then run it.
   */
  nextBatch(count: number): FaultSet[] {
    if (this.current === null) {
      while (!this.nothingLeft && this.directAllowed(this.bound)) {
        const found = this.clock.time('direct', () => this.direct(this.bound, count));
        if (found.length > 0) return found;
        if (this.bound >= this.maxSize) return [];
        this.bound++;
      }
    }
    const first = this.next();
    if (first === null) return [];
    const batch = [first];
    const { session } = this;
    while (batch.length < count && this.session === session) {
      const atMost = this.bound < session.maxSize ? [session.size.atMost(this.bound)] : [];
      // Only for this question: differ from every set already in the batch.
      const apart = session.cnf.fresh();
      this.clock.time('encode', () => {
        for (const b of batch) session.cnf.clause([-apart, ...session.differs(b)]);
      });
      let model: FaultSet | null;
      try {
        model = this.solve([...atMost, apart]);
      } catch (e) {
        if (!(e instanceof SolverMemoryError)) throw e;
        break;
      } finally {
        session.cnf.clause([-apart]);
      }
      if (model === null) break;
      const weak = this.weaken(model);
      if (batch.some((b) => effectLeq(b, weak) && effectLeq(weak, b))) break;
      batch.push(weak);
    }
    return batch;
  }

  /** Every active constraint holds at `g`. */
  satisfies(g: FaultSet): boolean {
    return this.satisfiesFrom(g, indexFaults(g), 0, 0, -1);
  }

  /**
   * `satisfies`, asking only the runs from `fromRun` on and the exclusions from `fromExcluded` on.
   * `sureBy`: a run whose `certain` formula g makes true; its goals are then true too, and not asked.
   */
  private satisfiesFrom(g: FaultSet, index: FaultIndex, fromRun: number, fromExcluded: number, sureBy: number): boolean {
    const memo = new Map<number, boolean>();
    for (let k = fromRun; k < this.runs.length; k++) {
      const r = this.runs[k]!;
      const above = effectLeq(r.faults, g);
      if (above && effectLeq(g, r.faults)) return false; // g is that run's own set
      if (k === sureBy) continue;
      if (r.everywhereActive && !this.store.evaluate(this.goalsOf(r).everywhere, index, memo)) return false;
      if (above && r.goalActive && !this.store.evaluate(this.goalsOf(r).goal, index, memo)) return false;
    }
    for (let k = fromExcluded; k < this.excluded.length; k++) if (effectLeq(this.excluded[k]!, g)) return false;
    return !this.options.symmetry || this.session.isLeader(g, this.options.symmetry);
  }

  /**
   * A literal that holds when some run's `certain` formula does above that run, over the runs from
   * `from` on; null when none of them has one.
   */
  private sureLiteral(session: SolverSession, from: number): Lit | null {
    if (this.sure?.session === session && this.sure.runs === this.runs.length && this.sure.from === from) return this.sure.lit;
    if (this.sure?.session !== session) this.sureOfRun.clear();
    const parts: Lit[] = [];
    for (let k = from; k < this.runs.length; k++) {
      const r = this.runs[k]!;
      if (r.certain === FALSE || !r.goalActive) continue;
      let lit = this.sureOfRun.get(r);
      if (lit === undefined) {
        lit = session.conjunctionOf([...session.atLeast(r.faults), session.encode(r.certain)]);
        this.sureOfRun.set(r, lit);
      }
      parts.push(lit);
    }
    let lit: Lit | null = null;
    if (parts.length > 0) {
      lit = session.cnf.fresh();
      session.cnf.clause([-lit, ...parts]);
    }
    this.sure = { session, runs: this.runs.length, from, lit };
    return lit;
  }

  /** The last "some run's certain formula holds" literal, and each run's part of it, for the current session. */
  private sure: { readonly session: SolverSession; readonly runs: number; readonly from: number; readonly lit: Lit | null } | null = null;
  /**
   * In `session`, no set of at most `bound` faults makes the certain formula of any of the first
   * `runs` runs true. Clauses are only ever added to a session, so that stays so: the next sure
   * question at that bound need only ask about the runs after them.
   */
  private sureRefuted: { readonly session: SolverSession; readonly bound: number; readonly runs: number } | null = null;
  private readonly sureOfRun = new Map<RunConstraint, Lit>();

  /** Sets of every omission and at most `crashes` crashed nodes: the largest size there is. */
  private get maxSize(): number {
    const { nodes, eff, eot, crashes } = this.bounds;
    return nodes.length * (nodes.length - 1) * Math.max(0, Math.min(eff - 1, eot)) + Math.min(crashes, nodes.length);
  }

  /** Whether sets of `size` faults are judged directly: counted, not built, since callers ask on every proposal. */
  private directAllowed(size: number): boolean {
    if (this.options.direct === false || size > DIRECT_SIZE) return false;
    if (size <= 1) return true;
    const { nodes, eff, eot, crashes } = this.bounds;
    const singles = nodes.length * (nodes.length - 1) * Math.max(0, Math.min(eff, eot + 1) - 1) + (crashes > 0 ? nodes.length * eot : 0);
    return size === 2 && (singles * (singles - 1)) / 2 <= DIRECT_LIMIT;
  }

  /** Every set of exactly `size` faults (0, 1 or 2) in the weakest-first order; null when there are too many. */
  private directCandidates(size: number): FaultSet[] | null {
    if (!this.directAllowed(size)) return null;
    if (size === 0) return [[]];
    const { nodes, eff, eot, crashes } = this.bounds;
    const singles: Fault[] = [];
    for (let t = 1; t < Math.min(eff, eot + 1); t++) for (const from of nodes) for (const to of nodes) if (from !== to) singles.push({ kind: 'omit', from, to, time: t });
    if (crashes > 0) for (const node of nodes) for (let t = eot; t >= 1; t--) singles.push({ kind: 'crash', node, time: t });
    if (size === 1) return singles.map((f) => [f]);
    const pairs: FaultSet[] = [];
    for (let i = 0; i < singles.length; i++) {
      for (let j = i + 1; j < singles.length; j++) {
        const a = singles[i]!;
        const b = singles[j]!;
        if (a.kind === 'crash' && b.kind === 'crash' && (a.node === b.node || crashes < 2)) continue;
        // An omission from a node at or after its crash adds nothing (the solver forbids it too).
        const crash = a.kind === 'crash' ? a : b.kind === 'crash' ? b : null;
        const omit = a.kind === 'omit' ? a : b.kind === 'omit' ? b : null;
        if (crash && omit && omit.from === crash.node && omit.time >= crash.time) continue;
        pairs.push(canonicalFaults([a, b]));
      }
    }
    return pairs;
  }

  /**
   * Up to `count` sets of `size` faults that satisfy every constraint: the ones some run says
   * violate for sure first, then the weakest-first order. Before any session exists constraints
   * only accumulate (nothing is retired), so a rejected set stays rejected and a sure one stays
   * sure: each set is judged once against each run, however many calls there are.
   */
  private direct(size: number, count: number): FaultSet[] {
    let st = this.directState.get(size);
    if (!st) {
      const candidates = this.directCandidates(size) ?? [];
      st = { candidates, indexes: candidates.map(indexFaults), sureBy: candidates.map(() => -1), sureChecked: candidates.map(() => 0), rejected: candidates.map(() => false), checked: candidates.map(() => 0), excludedChecked: candidates.map(() => 0) };
      this.directState.set(size, st);
    }
    const { candidates, indexes, sureBy, sureChecked, rejected } = st;
    const sure = (i: number): boolean => sureBy[i]! >= 0;
    const runs = this.runs;
    // Each run's `certain` is asked of every candidate above it that no earlier run made sure, all at once.
    // A loop, not Math.min(...): at large bounds a size has more sets than a call has room for arguments.
    let first = runs.length;
    for (let i = 0; i < candidates.length; i++) if (!rejected[i] && !sure(i)) first = Math.min(first, sureChecked[i]!);
    for (let k = first; k < runs.length; k++) {
      const r = runs[k]!;
      if (r.certain === FALSE) continue;
      const asked: number[] = [];
      for (let i = 0; i < candidates.length; i++) if (!rejected[i] && !sure(i) && sureChecked[i]! <= k && effectLeq(r.faults, candidates[i]!)) asked.push(i);
      const values = this.store.evaluateMany(
        r.certain,
        asked.map((i) => indexes[i]!),
      );
      for (let j = 0; j < asked.length; j++) if (values[j]) sureBy[asked[j]!] = k;
    }
    for (let i = 0; i < candidates.length; i++) if (!rejected[i] && !sure(i)) sureChecked[i] = runs.length;
    const order: number[] = [];
    for (let i = 0; i < candidates.length; i++) if (!rejected[i] && sure(i)) order.push(i);
    for (let i = 0; i < candidates.length; i++) if (!rejected[i] && !sure(i)) order.push(i);
    const out: FaultSet[] = [];
    let refused = 0;
    let judged = false;
    for (let k = 0; k < order.length && out.length < count; k++) {
      const i = order[k]!;
      // A search that certifies rejects every set of a size: after the first few, the rest are
      // judged against the runs' goals all at once. One that finds a set early pays one walk.
      if (!judged && refused === BULK_AFTER && !sure(i)) {
        judged = true;
        this.judgeAtOnce(st, order.slice(k).filter((j) => !sure(j)));
      }
      if (!rejected[i] && this.stillSatisfies(st, i)) out.push(candidates[i]!);
      else {
        rejected[i] = true;
        if (!sure(i)) refused++;
      }
    }
    return out;
  }

  /**
   * `stillSatisfies` against the runs, for many candidates at once: each run's goals are
   * evaluated over all the candidates it concerns in one pass (`evaluateMany`), not once per
   * candidate. A candidate that fails is rejected; one that passes is marked as judged against
   * every run, so `stillSatisfies` then asks only the exclusions and the symmetry. The verdicts
   * are the ones `satisfiesFrom` gives, candidate by candidate (none of these is sure by a run).
   */
  private judgeAtOnce(st: DirectState, asked: readonly number[]): void {
    const { candidates, indexes, checked, rejected } = st;
    let live = asked.filter((i) => !rejected[i] && checked[i]! < this.runs.length);
    if (live.length < 2) return;
    let first = this.runs.length;
    for (const i of live) first = Math.min(first, checked[i]!);
    const reject = (values: readonly boolean[], of: readonly number[]): void => {
      for (let j = 0; j < of.length; j++) if (!values[j]) rejected[of[j]!] = true;
    };
    for (let k = first; k < this.runs.length && live.length > 0; k++) {
      const r = this.runs[k]!;
      const here = live.filter((i) => checked[i]! <= k);
      const above: number[] = [];
      for (const i of here) {
        const g = candidates[i]!;
        if (!effectLeq(r.faults, g)) continue;
        if (effectLeq(g, r.faults)) rejected[i] = true; // that run's own set
        else above.push(i);
      }
      // Goals are read (and a lazy run's built) only when some candidate is asked of them.
      const left = here.filter((i) => !rejected[i]);
      if (r.everywhereActive && left.length > 0) reject(this.store.evaluateMany(this.goalsOf(r).everywhere, left.map((i) => indexes[i]!)), left);
      if (r.goalActive) {
        const of = above.filter((i) => !rejected[i]);
        if (of.length > 0) reject(this.store.evaluateMany(this.goalsOf(r).goal, of.map((i) => indexes[i]!)), of);
      }
      live = live.filter((i) => !rejected[i]);
    }
    for (const i of live) checked[i] = this.runs.length;
  }

  /** `satisfies` for a direct candidate, against only the runs and exclusions added since it was last judged. */
  private stillSatisfies(st: DirectState, i: number): boolean {
    if (!this.satisfiesFrom(st.candidates[i]!, st.indexes[i]!, st.checked[i]!, st.excludedChecked[i]!, st.sureBy[i]!)) return false;
    st.checked[i] = this.runs.length;
    st.excludedChecked[i] = this.excluded.length;
    return true;
  }

  /** The session whose first question has been put (the only one that may ask "is any set left?"). */
  private anyAsked: SolverSession | null = null;

  /** The direct path's judgements so far, per size (valid while no session exists: see `direct`). */
  private readonly directState = new Map<number, DirectState>();

  private nextInSession(): FaultSet | null {
    const { session } = this;
    // Building the session builds every goal still unbuilt: one of them may leave nothing.
    if (this.nothingLeft) return null;
    // A first session built once the smallest sizes were judged without it first asks whether
    // any set is left at all: a search that certifies from the runs it has then needs one solve,
    // not a refutation per question at the current size. A session there from the start (symmetry,
    // --show cnf) or rebuilt after goals retired nearly always has sets left: the solve would be
    // wasted, and would change which set of a size the solver gives next.
    if (this.anyAsked !== session) {
      this.anyAsked = session;
      if (this.rebuilds === 0 && this.bound > 0 && this.bound < session.maxSize && this.solve([]) === null) return null;
    }
    while (this.bound <= session.maxSize) {
      const atMost = this.bound < session.maxSize ? [session.size.atMost(this.bound)] : [];
      // First a set of this size that some run says violates for sure, if there is one. Runs
      // already refuted at this size stay refuted (the session only gains clauses): ask the rest.
      const refuted = this.sureRefuted;
      const from = refuted !== null && refuted.session === session && refuted.bound === this.bound ? refuted.runs : 0;
      const sure = this.clock.time('encode', () => this.sureLiteral(session, from));
      if (sure !== null) {
        const model = this.solve([...atMost, sure]);
        if (model !== null) return this.weaken(model);
      }
      this.sureRefuted = { session, bound: this.bound, runs: this.runs.length };
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
    this.maxClauses = Math.min(this.maxClauses, Math.floor(this.goalClauses * 0.75));
    this.rebuild(this.maxClauses * 0.75, Math.floor(active / 2));
  }

  /**
   * A fresh session with every guard and the goals that fit within `budget` clauses (and at most
   * `maxGoals` of them): first the goals valid everywhere, then the ones above their run, newest
   * first; the rest retire for good. Sizes restart from 0: with fewer constraints, a smaller set
   * may be allowed again.
   */
  private rebuild(budget: number, maxGoals = Infinity): void {
    this.clock.time('encode', () => this.rebuildNow(budget, maxGoals));
  }

  private rebuildNow(budget: number, maxGoals: number): void {
    this.rebuilds++;
    this.sinceRebuild = 0;
    const session = this.newSession();
    this.current = session;
    this.goalClauses = 0;
    for (const r of this.runs) this.addGuard(session, r);
    for (const e of this.excluded) session.cnf.clause(session.atLeast(e).map((l) => -l));
    let kept = 0;
    const keep = (): boolean => kept < maxGoals && this.goalClauses < budget;
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
    this.reached = Math.max(this.reached, this.bound);
    this.bound = 0;
  }

  private newSession(): SolverSession {
    const session = new SolverSession(this.bounds, this.store, this.options.record ?? false, this.options);
    if (this.options.symmetry) session.breakSymmetry(this.options.symmetry);
    return session;
  }

  private addGuard(session: SolverSession, run: RunConstraint): void {
    session.cnf.clause([...session.atLeast(run.faults).map((l) => -l), ...session.beyond(run.faults)]);
  }

  private addGoal(session: SolverSession, run: RunConstraint): void {
    const before = session.clauseCount;
    session.cnf.clause([...session.atLeast(run.faults).map((l) => -l), session.encode(this.goalsOf(run).goal)]);
    this.goalClauses += session.clauseCount - before;
  }

  private addEverywhere(session: SolverSession, run: RunConstraint): void {
    const { everywhere } = this.goalsOf(run);
    const before = session.clauseCount;
    if (everywhere !== TRUE) session.cnf.clause([session.encode(everywhere)]);
    this.goalClauses += session.clauseCount - before;
  }

  /** Pushes each crash as late as the constraints allow: a later crash loses fewer messages. */
  private weaken(model: FaultSet): FaultSet {
    return this.clock.time('direct', () => this.weakenNow(model));
  }

  private weakenNow(model: FaultSet): FaultSet {
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
    return this.clock.time('solve', () => this.solveNow(assumed));
  }

  private solveNow(assumed: readonly Lit[]): FaultSet | null {
    const { session } = this;
    this.solves++;
    const limit = this.options.heapLimitClauses;
    if (limit !== undefined && session.clauseCount > limit) throw new SolverMemoryError();
    const assumption = session.conjunctionOf(assumed);
    const solution = session.cnf.solveAssuming(assumption);
    if (solution === null) return null;
    const faults: Fault[] = [];
    for (const o of session.omissions) if (solution.evaluate(o.lit)) faults.push({ kind: 'omit', from: o.from, to: o.to, time: o.time });
    for (const c of session.crashes) {
      const t = c.byTime.findIndex((lit) => solution.evaluate(lit));
      if (t >= 0) faults.push({ kind: 'crash', node: c.node, time: t + 1 });
    }
    return canonicalFaults(faults);
  }
}
