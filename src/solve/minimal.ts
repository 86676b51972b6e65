/**
 * Minimal fault sets that make a goal formula true, smallest first (DESIGN §7).
 *
 * Fault sets are ordered by effect (see fault-order.ts): A ≤ B when B has every omission of A
 * and crashes every node A crashes, at the same time or earlier. The size of a set is its
 * number of omissions plus its number of crashed nodes; A ≤ B implies |A| ≤ |B|.
 * Within the bounds and above the seed (every seed omission; seed crashes at their time or earlier), the
 * enumerator returns exactly the ≤-minimal fault sets that make the goal true, in nondecreasing
 * size, each once, and never one ≥ an earlier answer.
 *
 * How: one Solver holds the Tseitin encoding of the goal (required), the seed, the crash bound
 * and a unary counter over the size indicators. For k = |seed|, |seed|+1, … it solves assuming
 * "size ≤ k". A model is weakened to a minimal set (below), returned, and blocked with
 * OR(¬omit for its omissions, ¬c(n, t_n) for its crashes), which rules out every set ≥ it.
 * Why the sizes come out in order: when "size ≤ k" is first satisfiable, every set of size < k
 * is blocked; weakening a model keeps it unblocked and satisfying, so it keeps size k.
 *
 * Weakening: push each crash as late as possible (a crash after EOT is no crash), then drop
 * faults, keeping the goal true (checked with `evaluate`). When the goal is monotone in the
 * faults this reaches a minimal set. A goal with a fault atom under negation is not monotone,
 * so the result is then confirmed with the solver ("is there a satisfying set strictly below?")
 * and weakened again until there is none.
 *
 * `preferred` (which implies the goal) reorders answers of one size: before the plain search at
 * size k, the sets of size <= k that are minimal among those making `preferred` true are taken.
 * Such a set may sit above a smaller set that makes only the goal true (an earlier crash that
 * breaks the outcome through lost messages, above a later one that the lineage's conservative
 * negation already counts as breaking it). It is still returned: the search wants to run it first,
 * and the smaller set is not lost, since blocking only rules out sets at or above an answer. So
 * with `preferred`, the answers are every minimal set plus those preferred-minimal ones.
 */
import Logic from 'logic-solver';
import type { Fault, FaultSet } from '../faults/types.js';
import type { Bounds } from '../faults/types.js';
import { evaluate, isMonotone, omissionKey, type FaultIndex, type Formula } from './formula.js';
import { Cnf, guarded, LIT_FALSE, type Lit } from './cnf.js';
import { encodeFormula, FaultVars } from './encode.js';
import { UnaryCounter } from './counter.js';
import { SolverPool, SolverSession } from './session.js';
import { canonicalFaults } from '../faults/order.js';

export interface HypothesisQuery {
  /** nodes, eot, eff, crashes (max crashed nodes) */
  bounds: Bounds;
  /** Must be true in every answer (e.g. "some post tuple has no surviving derivation"). */
  goal: Formula;
  /** Faults forced on (the faults of the run the lineage came from); a seed crash at its time or earlier. */
  seed: FaultSet;
  /**
   * Optional, implies `goal`: among answers of one size, those that make it true come first
   * (e.g. "an outcome breaks through lost messages alone while its pre survives"). Only the
   * order changes: every answer of size k still comes before any of size k + 1.
   */
  preferred?: Formula;
}

export interface EncodingStats {
  readonly variables: number;
  readonly clauses: number;
  readonly omissionVariables: number;
  readonly crashNodes: number;
  /** Milliseconds spent building clauses (outside MiniSat's search). */
  readonly encodeMs: number;
}

export interface HypothesisEnumerator {
  /** Next minimal fault set, never a superset of an earlier answer, in nondecreasing size; null when none is left. */
  next(): FaultSet | null;
  /** Milliseconds spent inside the SAT solver's solve calls so far (for the bench's "solver share"). */
  readonly solverMs: number;
  readonly stats: EncodingStats;
  dispose(): void;
}

/** One fault set over the encoding's fault variables. */
interface Candidate {
  /** Parallel to FaultVars.omissions. */
  readonly omitted: boolean[];
  /** Parallel to FaultVars.crashes: crash time, or null for no crash. */
  readonly crashTime: (number | null)[];
}

/** With a pool, enumerators share solvers (see session.ts); without, each gets its own. */
export function enumerateMinimalFaultSets(q: HypothesisQuery, pool?: SolverPool): HypothesisEnumerator {
  return new MinimalFaultSets(q, pool ? pool.session(q.bounds) : new SolverSession(q.bounds));
}

class MinimalFaultSets implements HypothesisEnumerator {
  solverMs = 0;
  private readonly encodeMs: number;
  private cnf: Cnf | null;
  private readonly vars: FaultVars;
  private readonly monotone: boolean;
  private readonly seedOmissions = new Set<number>();
  private readonly seedCrashes = new Map<number, number>();
  private readonly size: UnaryCounter;
  private readonly maxSize: number;
  private bound: number;
  private done = false;
  /** Literal of `q.preferred`, and the size bound whose preferred answers are all taken. */
  private readonly preferredLit: Lit | null;
  private preferredDoneAt = -1;

  /** This enumerator's activation literal: its goal, seed and blocking clauses hold only under it. */
  private readonly active: Lit;

  constructor(
    private readonly q: HypothesisQuery,
    private readonly session: SolverSession,
  ) {
    const started = performance.now();
    const cnf = session.cnf;
    this.cnf = cnf;
    this.vars = session.vars;
    this.size = session.size;
    this.maxSize = session.maxSize;
    this.monotone = isMonotone(q.goal);
    this.active = cnf.fresh('active');

    // Tseitin definitions hold for any assignment of the faults, so they need no guard.
    const memo = new Map<Formula, Lit>();
    this.require([encodeFormula(q.goal, cnf, this.vars, memo)]);
    this.preferredLit = q.preferred ? encodeFormula(q.preferred, cnf, this.vars, memo) : null;
    this.bound = this.requireSeed();

    this.encodeMs = performance.now() - started;
  }

  /** Adds a clause that holds only while this enumerator is active. */
  private require(lits: readonly Lit[]): void {
    this.cnf!.clause([...lits, -this.active]);
  }

  /** Solves with this enumerator active and `lits` assumed. */
  private solveWith(lits: readonly Lit[]): Candidate | null {
    const assumption = this.session.conjunction([this.active, ...lits]);
    return this.solve(() => this.cnf!.solver.solveAssuming(assumption));
  }

  get stats(): EncodingStats {
    return {
      variables: this.cnf?.variableCount ?? 0,
      clauses: this.cnf?.clauseCount ?? 0,
      omissionVariables: this.vars.omissions.length,
      crashNodes: this.vars.crashes.length,
      encodeMs: this.encodeMs,
    };
  }

  /** Forces the seed on; returns its size. A seed fault outside the bounds leaves nothing to find. */
  private requireSeed(): number {
    const crashedNodes = new Set<string>();
    for (const f of this.q.seed) {
      if (f.kind === 'omit') {
        const lit = this.vars.omission(f.from, f.to, f.time);
        this.require([lit]);
        if (lit !== LIT_FALSE) this.seedOmissions.add(this.vars.omissions.findIndex((o) => o.lit === lit));
        continue;
      }
      crashedNodes.add(f.node);
      const vars = this.vars.crashVars(f.node);
      const index = vars === null ? -1 : this.vars.crashes.indexOf(vars);
      const earlier = this.seedCrashes.get(index);
      if (vars === null || f.time < 1 || f.time > this.q.bounds.eot || (earlier !== undefined && earlier !== f.time)) {
        this.require([]);
        continue;
      }
      // Crashed by f.time: the same time or earlier. An earlier crash loses a superset of the
      // seed's messages, so the answers stay above the seed in the effect order; fixing the time
      // exactly would leave the earlier crashes of this node to no one (the seed's own run has
      // blocked them in the enumerator that proposed it).
      this.require([vars.byTime[f.time - 1]!]);
      this.seedCrashes.set(index, f.time);
    }
    return this.seedOmissions.size + crashedNodes.size;
  }

  next(): FaultSet | null {
    while (!this.done && this.cnf !== null) {
      const bounded = this.bound < this.maxSize;
      if (this.preferredLit !== null && this.preferredDoneAt < this.bound) {
        const answer = this.nextPreferred(this.preferredLit, bounded ? this.size.atMost(this.bound) : null);
        if (answer !== null) {
          this.require(this.blockingClause(answer));
          return this.toFaultSet(answer);
        }
        this.preferredDoneAt = this.bound;
      }
      const model = this.solveWith(bounded ? [this.size.atMost(this.bound)] : []);
      if (model !== null) {
        const answer = this.minimize(model);
        this.require(this.blockingClause(answer));
        return this.toFaultSet(answer);
      }
      // Nothing of size <= bound is left. Before trying bound + 1, check that anything is left
      // at all: proving "none of size <= k" for every k up to the maximum can be costly.
      if (!bounded || this.solveWith([]) === null) this.done = true;
      else this.bound++;
    }
    return null;
  }

  dispose(): void {
    // Switch this enumerator's clauses off for good, so the shared solver can drop them.
    if (this.cnf !== null) this.cnf.clause([-this.active]);
    this.cnf = null;
    this.done = true;
  }

  private solve(call: () => Logic.Solution | null): Candidate | null {
    const started = performance.now();
    try {
      const solution = guarded(call);
      return solution === null ? null : this.read(solution);
    } catch (e) {
      this.cnf = null; // a solver that ran out of memory is dead
      this.done = true;
      throw e;
    } finally {
      this.solverMs += performance.now() - started;
    }
  }

  private read(solution: Logic.Solution): Candidate {
    return {
      omitted: this.vars.omissions.map((o) => solution.evaluate(o.lit)),
      crashTime: this.vars.crashes.map((c) => {
        const t = c.byTime.findIndex((lit) => solution.evaluate(lit));
        return t < 0 ? null : t + 1;
      }),
    };
  }

  private minimize(model: Candidate): Candidate {
    const answer = this.weaken(model, this.q.goal);
    return this.monotone ? answer : this.refine(answer, this.q.goal, null);
  }

  /** A set of size <= bound, minimal among those that make `preferred` true; null when none is left. */
  private nextPreferred(preferredLit: Lit, atMost: Lit | null): Candidate | null {
    const model = this.solveWith(atMost === null ? [preferredLit] : [atMost, preferredLit]);
    if (model === null) return null;
    return this.refine(this.weaken(model, this.q.preferred!), this.q.preferred!, preferredLit);
  }

  /**
   * Walks down from c to a set minimal among those that make `formula` true (`lit` its literal,
   * null for the goal, which is required anyway), asking the solver for a strictly smaller one.
   */
  private refine(c: Candidate, formula: Formula, lit: Lit | null): Candidate {
    for (let answer = c; ; ) {
      const smaller = this.strictlyBelow(answer, lit);
      if (smaller === null) return answer;
      answer = this.weaken(smaller, formula);
    }
  }

  /** A model strictly below c in the effect order (also making `lit` true), or null. */
  private strictlyBelow(c: Candidate, lit: Lit | null): Candidate | null {
    const below = this.blockingClause(c);
    if (below.length === 0) return null;
    const someBelow = this.cnf!.fresh();
    this.cnf!.clause([-someBelow, ...below]);
    return this.solveWith([...this.atMostLits(c), ...(lit === null ? [] : [lit]), someBelow]);
  }

  /** Greedy weakening that keeps the goal true and the seed as it is. */
  private weaken(model: Candidate, goal: Formula): Candidate {
    const c: Candidate = { omitted: [...model.omitted], crashTime: [...model.crashTime] };
    const eot = this.q.bounds.eot;
    const holds = (): boolean => evaluate(goal, this.faultIndex(c));
    c.crashTime.forEach((time, j) => {
      if (time === null) return;
      // Later crashes lose fewer messages; one step past EOT means no crash at all. A seed crash
      // may only move back up to the seed's own time.
      const latest = this.seedCrashes.get(j);
      for (let t: number | null = time; t !== null; ) {
        const later: number | null = latest !== undefined ? (t < latest ? t + 1 : null) : t < eot ? t + 1 : null;
        if (later === null && latest !== undefined) break;
        c.crashTime[j] = later;
        if (!holds()) {
          c.crashTime[j] = t;
          break;
        }
        t = later;
      }
    });
    c.omitted.forEach((on, i) => {
      if (!on || this.seedOmissions.has(i)) return;
      c.omitted[i] = false;
      if (!holds()) c.omitted[i] = true;
    });
    return c;
  }

  /** Literals saying "at most the effects of c": no other omission, no crash earlier than c's. */
  private atMostLits(c: Candidate): Lit[] {
    const lits: Lit[] = [];
    this.vars.omissions.forEach((o, i) => {
      if (!c.omitted[i]) lits.push(-o.lit);
    });
    this.vars.crashes.forEach((v, j) => {
      const t = c.crashTime[j] ?? null;
      if (t === null) lits.push(-v.byTime[v.byTime.length - 1]!);
      else if (t > 1) lits.push(-v.byTime[t - 2]!);
    });
    return lits;
  }

  /** False exactly on the fault sets ≥ c (every omission of c, every crash of c at that time or earlier). */
  private blockingClause(c: Candidate): Lit[] {
    const lits: Lit[] = [];
    this.vars.omissions.forEach((o, i) => {
      if (c.omitted[i]) lits.push(-o.lit);
    });
    this.vars.crashes.forEach((v, j) => {
      const t = c.crashTime[j];
      if (t !== null && t !== undefined) lits.push(-v.byTime[t - 1]!);
    });
    return lits;
  }

  private faultIndex(c: Candidate): FaultIndex {
    const omissions = new Set<string>();
    const crashTimes = new Map<string, number>();
    this.vars.omissions.forEach((o, i) => {
      if (c.omitted[i]) omissions.add(omissionKey(o.from, o.to, o.time));
    });
    this.vars.crashes.forEach((v, j) => {
      const t = c.crashTime[j];
      if (t !== null && t !== undefined) crashTimes.set(v.node, t);
    });
    return { omissions, crashTimes };
  }

  private toFaultSet(c: Candidate): FaultSet {
    const faults: Fault[] = [];
    this.vars.omissions.forEach((o, i) => {
      if (c.omitted[i]) faults.push({ kind: 'omit', from: o.from, to: o.to, time: o.time });
    });
    this.vars.crashes.forEach((v, j) => {
      const t = c.crashTime[j];
      if (t !== null && t !== undefined) faults.push({ kind: 'crash', node: v.node, time: t });
    });
    return canonicalFaults(faults);
  }
}
