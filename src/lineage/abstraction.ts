/**
 * The lineage abstraction: what a run F that kept the invariant says about every fault set
 * G ≥ F (every omission of F, every crash of F at its time or earlier, possibly more faults).
 *
 * Two analyses, built as formulas over G's faults:
 *
 *   holds(x)  an UNDER-approximation, for a tuple x of F's run: if it is true under G, then x
 *             holds under G. Built from the firings F recorded.
 *   mayHold(y) an OVER-approximation, for any tuple y: if y holds under G, then it is true under
 *             G. Built from the possible run (every firing some run within the bounds could
 *             have), and from F's run for monotone relations.
 *
 * The search then needs "G may violate": some `pre` tuple may hold while its `post` tuple does
 * not certainly hold. Wrong in the pessimistic direction costs an execution; wrong in the other
 * would be a wrong certificate. The argument, construct by construction (G ≥ F throughout):
 *
 * - Fact. Holds at its time under every G: both analyses say TRUE.
 * - Positive atom. A firing of F holds under G when its positive body tuples, message and
 *   negations do (same binding, so the same comparisons and the same head): holds(x) is an OR
 *   over x's firings of the AND of holds(body), so it only claims derivations that exist.
 *   mayHold(y) is an OR over *every* possible firing of y; a firing under G is a firing of the
 *   possible run (it over-approximates every run), so nothing that happens is left out.
 * - Message. "Arrives" is exactly ¬(omitted ∨ sender crashed by the send time), for both.
 * - @next. A carried tuple is a firing like any other, one step later; both analyses follow it.
 * - Monotone relation (no `notin`, aggregate or `crash` below it). Under G ≥ F every message F
 *   lost is lost again, so by induction over time G's tuples and firings of such a relation are
 *   among F's. mayHold of such a tuple is therefore FALSE when F lacks it, and otherwise an OR
 *   over F's own firings; this is what keeps the formulas the size of a run.
 * - notin. A firing that read `notin z` survives only if no tuple matching z appears:
 *   holds uses ¬mayHold(z); mayHold uses ¬holds(z) (z certainly holding blocks the firing),
 *   where "z certainly holds" also counts z's possible firings that certainly fire (see New
 *   derivations): a z that only G derives blocks the firing as surely as one F had.
 *   Values in z are the ones the run evaluated after binding, so arithmetic (`notin p(T+1)`)
 *   is a constant here, never a wildcard; a `_` column is an OR over the matching tuples.
 * - Comparison. Evaluated on the firing's binding, which G does not change: nothing to encode.
 * - Aggregate. Its value depends on the whole group: holds asks that the value certainly stays
 *   where the reader needs it (every value it relies on certainly present, no value that would
 *   move it possibly present — see aggregate.ts), over the group's *possible* bindings, so a
 *   contributor that is lost, or one that appears because its own `notin` goes, is counted.
 *   mayHold asks the mirror question. A reader that uses the value only through thresholds
 *   (`N >= 2`) is read by range: the firing stands for any value in it. An @async aggregate
 *   leaves from its first binding's node; when the possible bindings sit at several nodes, G
 *   can move the send to any of them, so holds asks that none of those channels loses it.
 * - crash atom. crash(o, n, t) holds exactly when G crashes n at t (o a node): one fault
 *   formula, the same for both analyses, whatever the pattern (`_` is an OR over times). A
 *   positive crash atom whose columns are free (`_`, or read only through comparisons with
 *   constants) is read by holds as any crash those columns accept: same head, same other atoms.
 * - Same-time recursion. holds skips a firing whose same-time body tuple came after its head
 *   (dropping a disjunct only under-approximates). mayHold computes a cycle's tuples together,
 *   round by round as the evaluator would, which is the least fixpoint; a cycle too large to
 *   unroll is cut with TRUE. Every cut is on the safe side for the analysis it is in, and the
 *   two only meet through a negation, so a cut in one stays safe in the other.
 *
 * - New derivations. holds only knows F's firings, so a `post` that G derives another way (a
 *   coordinator that aborts where F's committed still decides) looks broken. holdsAnyway reads
 *   every possible firing instead: one certainly fires when its body certainly holds, its
 *   message certainly arrives and nothing it negated may appear, which is when the evaluator
 *   derives its head; an aggregate firing claims nothing, a cycle is cut with FALSE. The
 *   fault-free run's goal uses it for `post` (see goal.ts), and every mayHold uses it for what
 *   a `notin` reads. It is an under-approximation like holds, so an OR of the two is one too.
 *
 * Recursion follows time downwards; `DEPTH_LIMIT` bounds it, and a computation that goes deeper
 * restarts from the deep point (memoized), so the depth, and the answer, never depend on the
 * thread's stack size.
 */
import type { AggregateFn, Value } from '../syntax/ast.js';
import type { CompiledProgram } from '../sim/compile.js';
import type { AggregateGroup, Firing, GroupBinding, NegatedGoal, RunResult, Tuple, TupleNode } from '../sim/types.js';
import type { Bounds } from '../faults/types.js';
import { FALSE, TRUE, type Formula, type FormulaStore } from '../faults/formula.js';
import { certainlyIn, mayBe, valuesOf, type ValueRange, type ValueSupport } from './aggregate.js';
import type { ProgramFacts } from './possible.js';
import { sameTimeComponents, type Components } from './cycles.js';
import { columnReading, type Reading } from './reading.js';
import { groupKey, patternKey, RunIndex, type Pattern } from './run-index.js';

/**
 * Levels of recursion before a question restarts from the deep point. Each level checks it inline
 * and makes its resume closure only when it throws: these are the analyses' hottest calls.
 */
const DEPTH_LIMIT = 250;
/** A same-time cycle of more tuples than this is cut with TRUE instead of unrolled. */
const MAX_UNROLLED = 64;

/** Per possible-run tuple (or message): 0 is "not yet"; runIds holds F's id + 1, or −1 when F lacks the tuple. */
interface PossibleScratch {
  readonly possibleMemo: Int32Array;
  readonly possibleVisiting: Uint8Array;
  readonly certainMemo: Int32Array;
  readonly certainVisiting: Uint8Array;
  readonly runIds: Int32Array;
  readonly possibleLostMemo: Int32Array;
}

class TooDeep {
  constructor(readonly resume: () => void) {}
}

/** What a group of the possible run gives under G (see `groupSupport`). */
interface GroupSupport {
  /** Per binding: it certainly fires. */
  readonly certain: readonly Formula[];
  /** Some binding may fire. */
  readonly mayFire: Formula;
  /** Per aggregate column: its values, each certain or possible. */
  readonly supports: readonly (readonly ValueSupport[])[];
  /** Per aggregate column: the values this run's group of the same key has; null when it has none. */
  readonly current: readonly (readonly Value[] | null)[];
}

interface AggregateColumn {
  readonly fn: AggregateFn;
  readonly col: number;
}

export class RunAbstraction {
  readonly index: RunIndex;
  private readonly tuples: readonly TupleNode[];
  private readonly firings: readonly Firing[];
  /** Memos by tuple id: 0 is "not yet" (no formula is 0); typed arrays, as these are the analyses' hottest reads. */
  private readonly holdsMemo: Int32Array;
  private readonly mayMemo: Int32Array;
  /** Tuples whose formula is being built (a cycle back to one reads TRUE); arrays, as this is asked per firing. */
  private readonly mayVisiting: Uint8Array;
  private readonly patternMemo = new Map<string, Formula>();
  private readonly readMemo = new Map<string, Formula>();
  private readonly aggregateMemo = new Map<string, Formula>();
  private readonly groupSupports = new Map<string, GroupSupport>();
  private readonly firesMemo = new Map<GroupBinding, boolean>();
  private readonly aggregates: readonly (readonly AggregateColumn[])[];
  private depth = 0;
  /**
   * Relations read from F's own run by mayHold. Above F (scope `above`): the monotone ones,
   * whose tuples under G ≥ F are among F's. Everywhere: none; every tuple's mayHold comes from
   * the possible run, and every formula holds for any G, not only for G ≥ F.
   */
  readonly monotone: ReadonlySet<string>;

  constructor(
    readonly store: FormulaStore,
    readonly compiled: CompiledProgram,
    readonly bounds: Bounds,
    readonly facts: ProgramFacts,
    readonly run: RunResult,
    readonly scope: 'above' | 'everywhere' = 'above',
    index?: RunIndex,
  ) {
    this.monotone = scope === 'above' ? facts.monotone : new Set();
    this.index = index ?? new RunIndex(run);
    this.tuples = run.lineage.tuples;
    this.firings = run.lineage.firings;
    this.holdsMemo = new Int32Array(this.tuples.length);
    this.mayMemo = new Int32Array(this.tuples.length);
    this.mayVisiting = new Uint8Array(this.tuples.length);
    this.lostMemo = new Int32Array(run.messages.length);
    this.aggregates = compiled.rules.map((r) => r.head.args.flatMap((a, col) => (a.kind === 'aggregate' ? [{ fn: a.fn, col }] : [])));
  }

  /** Runs a question of the analyses to its end, whatever depth its recursion needs. */
  answer(question: () => Formula): Formula {
    const pending: (() => void)[] = [];
    for (;;) {
      while (pending.length > 0) {
        try {
          this.depth = 0;
          pending[pending.length - 1]!();
          pending.pop();
        } catch (e) {
          if (!(e instanceof TooDeep)) throw e;
          pending.push(e.resume);
        }
      }
      try {
        this.depth = 0;
        return question();
      } catch (e) {
        if (!(e instanceof TooDeep)) throw e;
        pending.push(e.resume);
      }
    }
  }

  /** Under-approximation: true under G only if F's tuple `id` still holds. */
  holds(id: number): Formula {
    const memo = this.holdsMemo[id]!;
    if (memo !== 0) return memo;
    const node = this.tuples[id]!;
    let f: Formula;
    if (node.relation === 'crash') f = this.crashPattern(node.tuple);
    else if (node.base) f = TRUE;
    else {
      if (this.depth >= DEPTH_LIMIT) throw new TooDeep(() => this.holds(id));
      this.depth++;
      try {
        const parts: Formula[] = [];
        for (const fid of node.firings) if (this.acyclic(this.firings[fid]!, node)) parts.push(this.holdsFiring(this.firings[fid]!, null));
        f = this.store.or(...parts);
      } finally {
        this.depth--;
      }
    }
    this.holdsMemo[id] = f;
    return f;
  }

  /** Over-approximation for any tuple: FALSE when no run within the bounds could have it. */
  mayHold(relation: string, tuple: Tuple, time: number): Formula {
    if (relation === 'crash') return this.crashPattern(tuple);
    if (this.monotone.has(relation)) {
      const id = this.index.find(relation, tuple, time);
      return id === undefined ? FALSE : this.mayMonotone(id);
    }
    const possible = this.facts.possible;
    if (!possible) return TRUE;
    const aid = possible.index.find(relation, tuple, time);
    return aid === undefined ? FALSE : this.mayPossible(aid);
  }

  /** Over-approximation for a tuple of F's run (any relation). */
  mayHoldInRun(id: number): Formula {
    const node = this.tuples[id]!;
    if (this.monotone.has(node.relation)) return this.mayMonotone(id);
    const possible = this.facts.possible;
    if (!possible) return TRUE;
    const aid = possible.index.find(node.relation, node.tuple, node.time);
    return aid === undefined ? TRUE : this.mayPossible(aid);
  }

  /** Over-approximation for a tuple of the possible run. */
  mayHoldPossible(aid: number): Formula {
    const node = this.facts.possible!.run.lineage.tuples[aid]!;
    if (this.monotone.has(node.relation)) {
      const id = this.runIdOf(aid);
      return id === undefined ? FALSE : this.mayMonotone(id);
    }
    return this.mayPossible(aid);
  }

  /**
   * Over-approximation of "`pre` tuple `aid` of the possible run holds through a firing that
   * `covered` does not vouch for" (see `coveredBy`): the OR over its other possible firings.
   */
  mayPossibleUncovered(aid: number, covered: (firing: Firing) => boolean): Formula {
    const possible = this.facts.possible!;
    const node = possible.run.lineage.tuples[aid]!;
    // A fact or a crash tuple has no firings to leave out.
    if (node.base || node.relation === 'crash') return this.mayHoldPossible(aid);
    const firings = possible.run.lineage.firings;
    const parts: Formula[] = [];
    for (const fid of node.firings) {
      const firing = firings[fid]!;
      if (!covered(firing)) parts.push(this.mayFiring(firing, node, null));
    }
    return this.store.or(...parts);
  }

  /** The same for a tuple of F's run of a monotone relation, over F's own firings. */
  mayMonotoneUncovered(id: number, covered: (firing: Firing) => boolean): Formula {
    const node = this.tuples[id]!;
    if (!this.monotone.has(node.relation) || node.base) return this.mayHoldInRun(id);
    const parts: Formula[] = [];
    for (const fid of node.firings) {
      const firing = this.firings[fid]!;
      if (!covered(firing)) parts.push(this.monotoneFiring(firing, null));
    }
    return this.store.or(...parts);
  }

  /** F's id of the possible run's tuple `aid`, or undefined when F lacks it (memoized: asked per firing). */
  private runIdOf(aid: number): number | undefined {
    let v = this.scratch.runIds[aid]!;
    if (v === 0) {
      const t = this.facts.possible!.run.lineage.tuples[aid]!;
      const id = this.index.find(t.relation, t.tuple, t.time);
      v = id === undefined ? -1 : id + 1;
      this.scratch.runIds[aid] = v;
    }
    return v < 0 ? undefined : v - 1;
  }

  /** Over-approximation: some tuple matching the pattern may hold at `time`. */
  mayMatch(relation: string, pattern: Pattern, time: number): Formula {
    if (relation === 'crash') return this.crashPattern(pattern);
    const key = `m${relation}@${time}:${patternKey(pattern)}`;
    const memo = this.patternMemo.get(key);
    if (memo !== undefined) return memo;
    let f: Formula;
    if (this.monotone.has(relation)) f = this.store.or(...this.index.matching(relation, pattern, time).map((id) => this.mayMonotone(id)));
    else if (!this.facts.possible) f = TRUE;
    else f = this.store.or(...this.facts.possible.index.matching(relation, pattern, time).map((aid) => this.mayPossible(aid)));
    this.patternMemo.set(key, f);
    return f;
  }

  /**
   * Under-approximation: some tuple matching the pattern certainly holds at `time`, through F's
   * firings or through a possible firing that certainly fires (holdsPossible). The second part is
   * what lets a `notin` block a firing under G when G itself derives the negated tuple: a
   * fallback taken after a loss, a retry that follows a missing ack.
   */
  holdsMatch(relation: string, pattern: Pattern, time: number): Formula {
    if (relation === 'crash') return this.crashPattern(pattern);
    const key = `h${relation}@${time}:${patternKey(pattern)}`;
    const memo = this.patternMemo.get(key);
    if (memo !== undefined) return memo;
    const parts = this.index.matching(relation, pattern, time).map((id) => this.holds(id));
    // A monotone relation's tuples and firings under G ≥ F are among F's: nothing new to find.
    const possible = this.facts.possible;
    if (!parts.includes(TRUE) && possible && !this.monotone.has(relation)) {
      for (const aid of possible.index.matching(relation, pattern, time)) parts.push(this.holdsPossible(aid));
    }
    const f = this.store.or(...parts);
    this.patternMemo.set(key, f);
    return f;
  }

  /**
   * crash(o, n, t) holds exactly when o is a node and G crashes n at t; a null column is any
   * value (an OR over nodes, or "crashes at all" for the time).
   */
  crashPattern(pattern: Pattern): Formula {
    if (pattern.length !== 3) return FALSE;
    const [o, n, t] = pattern;
    const nodes = this.bounds.nodes;
    if (o !== null && (typeof o !== 'string' || !nodes.includes(o))) return FALSE;
    if (t !== null && typeof t !== 'number') return FALSE;
    const crashed = (node: string): Formula => (t === null ? this.store.crashedBy(node, this.bounds.eot) : this.store.crashedAt(node, t!));
    if (n === null) return this.store.or(...nodes.map(crashed));
    return typeof n === 'string' && nodes.includes(n) ? crashed(n) : FALSE;
  }

  // ---- holds ---------------------------------------------------------------------------------

  /**
   * Under-approximation for any tuple, from the possible run rather than F's: true under G only
   * if some possible firing of it certainly fires (its body certainly holds, its message arrives,
   * nothing it negated may appear). It finds derivations F never had: a coordinator that aborts
   * where F's committed still decides. An aggregate firing claims nothing; a cycle is cut with FALSE.
   */
  holdsAnyway(relation: string, tuple: Tuple, time: number): Formula {
    if (relation === 'crash') return this.crashPattern(tuple);
    const possible = this.facts.possible;
    if (!possible) return FALSE;
    const aid = possible.index.find(relation, tuple, time);
    return aid === undefined ? FALSE : this.holdsPossible(aid);
  }

  private holdsPossible(aid: number): Formula {
    const memo = this.scratch.certainMemo[aid]!;
    if (memo !== 0) return memo;
    const possible = this.facts.possible!;
    const node = possible.run.lineage.tuples[aid]!;
    if (node.relation === 'crash') return this.crashPattern(node.tuple);
    if (node.base) return TRUE;
    if (this.scratch.certainVisiting[aid]) return FALSE;
    this.scratch.certainVisiting[aid] = 1;
    let f: Formula;
    try {
      if (this.depth >= DEPTH_LIMIT) throw new TooDeep(() => this.holdsPossible(aid));
      this.depth++;
      try {
        const firings = possible.run.lineage.firings;
        const parts: Formula[] = [];
        for (const fid of node.firings) {
          const firing = firings[fid]!;
          if (firing.group !== null) continue;
          const all: Formula[] = [];
          for (const b of firing.body) all.push(this.holdsPossible(b));
          if (firing.message !== null) all.push(-this.possibleLost(firing.message));
          for (const g of firing.negated) all.push(-this.mayMatch(g.relation, g.args, g.time));
          parts.push(this.store.and(...all));
        }
        f = this.store.or(...parts);
      } finally {
        this.depth--;
      }
    } finally {
      this.scratch.certainVisiting[aid] = 0;
    }
    this.scratch.certainMemo[aid] = f;
    return f;
  }

  /** A firing of F survives: its body holds (read by range where the rule allows), its message arrives, nothing it negated appears. */
  private holdsFiring(firing: Firing, ranges: readonly Reading[] | null): Formula {
    if (firing.group !== null) return this.holdsAggregate(firing, ranges);
    const parts: Formula[] = [];
    const rule = this.compiled.rules[firing.rule]!;
    for (let i = 0; i < firing.body.length; i++) parts.push(this.holdsRead(rule, i, firing.body[i]!));
    if (firing.message !== null) parts.push(-this.lost(firing.message));
    for (const g of firing.negated) parts.push(-this.mayMatch(g.relation, g.args, g.time));
    return this.store.and(...parts);
  }

  /**
   * Body tuple `id` read by the `atom`-th positive atom of `rule`. When it is an aggregate's tuple
   * and the rule accepts a range of values for the aggregate, any value in the range will do.
   */
  private holdsRead(rule: CompiledProgram['rules'][number], atom: number, id: number): Formula {
    const node = this.tuples[id]!;
    if (node.relation === 'crash') return this.holdsCrashRead(rule, atom, node.tuple);
    const aggregateFiring = node.firings.find((fid) => this.firings[fid]!.group !== null);
    if (aggregateFiring === undefined) return this.holds(id);
    const columns = this.aggregates[this.firings[aggregateFiring]!.rule]!;
    const readings = columns.map((c) => columnReading(rule, atom, c.col));
    if (readings.every((r) => r.kind === 'exact')) return this.holds(id);
    const key = `${id}|${readings.map((r) => (r.kind === 'exact' ? 'x' : `${r.lo ?? ''}:${r.hi ?? ''}`)).join(',')}`;
    const memo = this.readMemo.get(key);
    if (memo !== undefined) return memo;
    if (this.depth >= DEPTH_LIMIT) throw new TooDeep(() => this.holdsRead(rule, atom, id));
    this.depth++;
    let f: Formula;
    try {
      const parts: Formula[] = [];
      for (const fid of node.firings) {
        const firing = this.firings[fid]!;
        if (!this.acyclic(firing, node)) continue;
        parts.push(firing.group !== null && firing.rule === this.firings[aggregateFiring]!.rule ? this.holdsFiring(firing, readings) : this.holdsFiring(firing, null));
      }
      f = this.store.or(...parts);
    } finally {
      this.depth--;
    }
    this.readMemo.set(key, f);
    return f;
  }

  /**
   * A crash tuple read by the `atom`-th positive atom of `rule`. Crash tuples are exact facts of
   * G, so where a column is free (`_`, or a variable used nowhere else but in comparisons with
   * constants) any crash in the accepted range gives the same head and the same other atoms:
   * `suspects(X, N), crash(_, N, _)` still fires when G crashes N at another time than F did.
   */
  private holdsCrashRead(rule: CompiledProgram['rules'][number], atom: number, tuple: Tuple): Formula {
    if (tuple.length !== 3) return this.crashPattern(tuple);
    const pattern: (Value | null)[] = [...tuple];
    let times: { lo: number; hi: number } | null = null;
    for (let col = 0; col < 3; col++) {
      const r = columnReading(rule, atom, col);
      if (r.kind === 'exact') continue;
      if (col === 2) {
        pattern[2] = null;
        times = { lo: Math.max(1, r.lo ?? 1), hi: Math.min(this.bounds.eot, r.hi ?? this.bounds.eot) };
      } else if (r.lo === null && r.hi === null) pattern[col] = null;
    }
    if (times === null || (times.lo === 1 && times.hi === this.bounds.eot)) return this.crashPattern(pattern);
    const parts: Formula[] = [];
    for (let t = times.lo; t <= times.hi; t++) parts.push(this.crashPattern([pattern[0] ?? null, pattern[1] ?? null, t]));
    return this.store.or(...parts);
  }

  /**
   * An aggregate firing of F survives when its group stays non-empty and each aggregate
   * certainly lands in the range the reader accepts (exactly F's value by default), judged over
   * every possible binding of the group.
   */
  private holdsAggregate(firing: Firing, ranges: readonly Reading[] | null): Formula {
    const possible = this.facts.possible;
    if (!possible) return FALSE;
    const group = this.run.lineage.groups[firing.group!]!;
    const all = possible.index.group(groupKey(group));
    if (!all) return FALSE;
    const parts: Formula[] = [];
    const head = this.tuples[firing.head]!.tuple;
    if (this.compiled.rules[firing.rule]!.headTime === 'async') {
      // An @async aggregate is sent from its first binding's node: with possible bindings at
      // several nodes, G can move the send to any of them, even where F's went from a node to
      // itself (no message at all). The tuple and its send time stay F's, so it arrives when no
      // node that can send it loses it. An aggregate as the destination may move it anywhere.
      if (this.aggregates[firing.rule]!.some((c) => c.col === 0)) return FALSE;
      if (all.locations.length > 1) {
        const to = head[0] === undefined ? '' : String(head[0]);
        for (const from of all.locations) parts.push(-this.store.messageLost(from, to, firing.time));
      } else if (firing.message !== null) parts.push(-this.lost(firing.message));
    }
    const g = this.groupSupport(all);
    parts.push(this.store.or(...g.certain));
    const columns = this.aggregates[firing.rule]!;
    columns.forEach((c, i) => {
      const support = g.supports[i]!;
      const reading = ranges?.[i] ?? { kind: 'exact' };
      const numeric = support.every((s) => typeof s.value === 'number');
      const range: ValueRange = reading.kind === 'range' && numeric ? { lo: reading.lo, hi: reading.hi } : { lo: head[c.col]!, hi: head[c.col]! };
      // This run's group has this key: g.current holds its values.
      parts.push(certainIn(this.store, c.fn, support, range, g.current[i]!));
    });
    return this.store.and(...parts);
  }

  /** A binding of the possible group certainly fires under G: only one that fired in F can. */
  private certainBinding(b: GroupBinding): Formula {
    if (!this.firesInRun(b)) return FALSE;
    const parts: Formula[] = [];
    for (const aid of b.body) parts.push(this.holds(this.runIdOf(aid)!));
    for (const g of b.negated) parts.push(-this.mayMatch(g.relation, g.args, g.time));
    return this.store.and(...parts);
  }

  /** A binding of the possible group may fire under G. */
  private possibleBinding(b: GroupBinding): Formula {
    const parts: Formula[] = [];
    for (const aid of b.body) parts.push(this.mayHoldPossible(aid));
    for (const g of b.negated) parts.push(-this.holdsMatch(g.relation, g.args, g.time));
    return this.store.and(...parts);
  }

  /** The binding (of the possible run) also fired in F: its body is there and nothing it negated is. */
  private firesInRun(b: GroupBinding): boolean {
    let fires = this.firesMemo.get(b);
    if (fires === undefined) {
      fires = b.body.every((aid) => this.runIdOf(aid) !== undefined) && b.negated.every((g) => !this.presentInRun(g));
      this.firesMemo.set(b, fires);
    }
    return fires;
  }

  private presentInRun(g: NegatedGoal): boolean {
    if (g.relation === 'crash') {
      const [o, n, t] = g.args;
      return this.run.faults.some((f) => f.kind === 'crash' && (n === null || f.node === n) && (t === null || f.time === t)) && (o === null || this.bounds.nodes.includes(String(o)));
    }
    return this.index.matching(g.relation, g.args, g.time).length > 0;
  }

  private support(bindings: readonly GroupBinding[], column: number, certain: ReadonlyMap<GroupBinding, Formula>, possible: ReadonlyMap<GroupBinding, Formula>): ValueSupport[] {
    return valuesOf(bindings, column).map((v) => ({
      value: v.value,
      certain: this.store.or(...v.bindings.map((b) => certain.get(b)!)),
      possible: this.store.or(...v.bindings.map((b) => possible.get(b)!)),
    }));
  }

  // ---- mayHold ---------------------------------------------------------------------------------

  /** A monotone tuple of F: an OR over F's own firings (a same-time cycle is unrolled). */
  private mayMonotone(id: number): Formula {
    const memo = this.mayMemo[id]!;
    if (memo !== 0) return memo;
    const node = this.tuples[id]!;
    if (node.base) return TRUE;
    const comp = this.runComponents().of[id]!;
    if (comp >= 0 && this.runComponents().members[comp]!.length <= MAX_UNROLLED) {
      if (this.depth >= DEPTH_LIMIT) throw new TooDeep(() => this.mayMonotone(id));
      this.depth++;
      try {
        this.unroll(this.runComponents().members[comp]!, this.mayMemo, (m, level) =>
          this.store.or(...this.tuples[m]!.firings.map((fid) => this.monotoneFiring(this.firings[fid]!, level))),
        );
      } finally {
        this.depth--;
      }
      return this.mayMemo[id]!;
    }
    if (this.mayVisiting[id]) return TRUE;
    this.mayVisiting[id] = 1;
    let f: Formula;
    try {
      if (this.depth >= DEPTH_LIMIT) throw new TooDeep(() => this.mayMonotone(id));
      this.depth++;
      try {
        const parts: Formula[] = [];
        for (const fid of node.firings) parts.push(this.monotoneFiring(this.firings[fid]!, null));
        f = this.store.or(...parts);
      } finally {
        this.depth--;
      }
    } finally {
      this.mayVisiting[id] = 0;
    }
    this.mayMemo[id] = f;
    return f;
  }

  private monotoneFiring(firing: Firing, level: ReadonlyMap<number, Formula> | null): Formula {
    const parts = firing.body.map((b) => level?.get(b) ?? this.mayMonotone(b));
    if (firing.message !== null) parts.push(-this.lost(firing.message));
    return this.store.and(...parts);
  }

  /** A tuple of the possible run: an OR over its possible firings (a same-time cycle is unrolled). */
  private mayPossible(aid: number): Formula {
    const memo = this.scratch.possibleMemo[aid]!;
    if (memo !== 0) return memo;
    const possible = this.facts.possible!;
    const node = possible.run.lineage.tuples[aid]!;
    if (node.relation === 'crash') return this.crashPattern(node.tuple);
    if (node.base) return TRUE;
    const comp = possible.components.of[aid]!;
    if (comp >= 0 && possible.components.members[comp]!.length <= MAX_UNROLLED) {
      const lineage = possible.run.lineage;
      if (this.depth >= DEPTH_LIMIT) throw new TooDeep(() => this.mayPossible(aid));
      this.depth++;
      try {
        this.unroll(possible.components.members[comp]!, this.scratch.possibleMemo, (m, level) =>
          this.store.or(...lineage.tuples[m]!.firings.map((fid) => this.mayFiring(lineage.firings[fid]!, lineage.tuples[m]!, level))),
        );
      } finally {
        this.depth--;
      }
      return this.scratch.possibleMemo[aid]!;
    }
    if (this.scratch.possibleVisiting[aid]) return TRUE;
    this.scratch.possibleVisiting[aid] = 1;
    let f: Formula;
    try {
      if (this.depth >= DEPTH_LIMIT) throw new TooDeep(() => this.mayPossible(aid));
      this.depth++;
      try {
        const firings = possible.run.lineage.firings;
        const parts: Formula[] = [];
        for (const fid of node.firings) parts.push(this.mayFiring(firings[fid]!, node, null));
        f = this.store.or(...parts);
      } finally {
        this.depth--;
      }
    } finally {
      this.scratch.possibleVisiting[aid] = 0;
    }
    this.scratch.possibleMemo[aid] = f;
    return f;
  }

  private mayFiring(firing: Firing, head: TupleNode, level: ReadonlyMap<number, Formula> | null): Formula {
    const possible = this.facts.possible!.run;
    if (firing.group !== null) return this.mayAggregate(possible.lineage.groups[firing.group]!, firing, head);
    const parts: Formula[] = [];
    for (const b of firing.body) parts.push(level?.get(b) ?? this.mayHoldPossible(b));
    if (firing.message !== null) parts.push(-this.possibleLost(firing.message));
    for (const g of firing.negated) parts.push(-this.holdsMatch(g.relation, g.args, g.time));
    return this.store.and(...parts);
  }

  /** A possible aggregate tuple may hold: its group may be non-empty and each aggregate may take its value. */
  private mayAggregate(group: AggregateGroup, firing: Firing, head: TupleNode): Formula {
    const key = `${groupKey(group)}|${head.id}`;
    const memo = this.aggregateMemo.get(key);
    if (memo !== undefined) return memo;
    const parts: Formula[] = [];
    if (this.compiled.rules[firing.rule]!.headTime === 'async' && group.locations.length > 1) {
      // Sent from whichever of these nodes has the first binding under G: it arrives only if that node's copy does.
      const to = head.tuple[0] === undefined ? '' : String(head.tuple[0]);
      parts.push(this.store.or(...group.locations.map((from) => -this.store.messageLost(from, to, firing.time))));
    } else if (firing.message !== null) parts.push(-this.possibleLost(firing.message));
    // The group's part is the same for every value its heads may take: built for the first head only.
    const g = this.groupSupport(group);
    parts.push(g.mayFire);
    this.aggregates[firing.rule]!.forEach((c, i) => parts.push(mayBe(this.store, c.fn, g.supports[i]!, head.tuple[c.col]!, g.current[i] ?? null)));
    const f = this.store.and(...parts);
    this.aggregateMemo.set(key, f);
    return f;
  }

  /**
   * A group of the possible run, the same whatever head or reader asks: per binding "certainly
   * fires" and "may fire", "some binding may fire", and per aggregate column its value support.
   */
  private groupSupport(group: AggregateGroup): GroupSupport {
    const key = groupKey(group);
    const memo = this.groupSupports.get(key);
    if (memo) return memo;
    const certainOf = new Map(group.bindings.map((b) => [b, this.certainBinding(b)]));
    const possibleOf = new Map(group.bindings.map((b) => [b, this.possibleBinding(b)]));
    const inRun = this.index.group(key);
    const columns = this.aggregates[group.rule]!;
    const g: GroupSupport = {
      certain: [...certainOf.values()],
      mayFire: this.store.or(...possibleOf.values()),
      supports: columns.map((_, i) => this.support(group.bindings, i, certainOf, possibleOf)),
      current: columns.map((_, i) => (inRun ? valuesOf(inRun.bindings, i).map((v) => v.value) : null)),
    };
    this.groupSupports.set(key, g);
    return g;
  }

  // ---- shared ----------------------------------------------------------------------------------

  /**
   * The tuples of one same-time cycle, by rounds of evaluation: in round k a tuple may hold if
   * one of its firings may fire with the cycle's own tuples as they may hold after round k − 1
   * (none in round 0). A positive cycle reaches its fixpoint within as many rounds as it has
   * tuples, so this is the least fixpoint, not a guess; it stops early when a round changes no
   * formula (hash-consing makes that an identity test).
   */
  private unroll(members: readonly number[], memo: Int32Array, round: (member: number, level: ReadonlyMap<number, Formula>) => Formula): void {
    let level = new Map<number, Formula>(members.map((m) => [m, FALSE]));
    for (let k = 0; k < members.length; k++) {
      const next = new Map<number, Formula>();
      let changed = false;
      for (const m of members) {
        const f = round(m, level);
        if (f !== level.get(m)) changed = true;
        next.set(m, f);
      }
      level = next;
      if (!changed) break;
    }
    for (const m of members) memo[m] = level.get(m)!;
  }

  private componentsOfRun: Components | null = null;
  private runComponents(): Components {
    this.componentsOfRun ??= sameTimeComponents(this.run.lineage, this.compiled);
    return this.componentsOfRun;
  }

  private lost(message: number): Formula {
    let f = this.lostMemo[message]!;
    if (f === 0) {
      const m = this.run.messages[message]!;
      f = this.store.messageLost(m.from, m.to, m.sendTime);
      this.lostMemo[message] = f;
    }
    return f;
  }

  /** The possible run's message is lost under G. */
  private possibleLost(message: number): Formula {
    let f = this.scratch.possibleLostMemo[message]!;
    if (f === 0) {
      const m = this.facts.possible!.run.messages[message]!;
      f = this.store.messageLost(m.from, m.to, m.sendTime);
      this.scratch.possibleLostMemo[message] = f;
    }
    return f;
  }

  private readonly lostMemo: Int32Array;

  /** Memos by possible-run tuple or message id, made when the possible run is first read. */
  private scratchOfPossible: PossibleScratch | null = null;
  private get scratch(): PossibleScratch {
    if (this.scratchOfPossible === null) {
      const run = this.facts.possible!.run;
      const n = run.lineage.tuples.length;
      this.scratchOfPossible = {
        possibleMemo: new Int32Array(n),
        possibleVisiting: new Uint8Array(n),
        certainMemo: new Int32Array(n),
        certainVisiting: new Uint8Array(n),
        runIds: new Int32Array(n),
        possibleLostMemo: new Int32Array(run.messages.length),
      };
    }
    return this.scratchOfPossible;
  }

  /**
   * A firing whose same-time body tuple came after its head could support itself through a
   * cycle; it is kept only when that tuple holds through earlier times alone.
   */
  private acyclic(firing: Firing, head: TupleNode): boolean {
    for (const b of firing.body) {
      if (b < head.id) continue;
      const t = this.tuples[b]!;
      if (t.time < head.time || t.base || t.relation === 'crash') continue;
      if (t.firings.every((f) => this.firings[f]!.time < t.time)) continue;
      return false;
    }
    return true;
  }
}

function certainIn(store: FormulaStore, fn: AggregateFn, support: readonly ValueSupport[], range: ValueRange, current: readonly Value[]): Formula {
  return certainlyIn(store, fn, support, range, current);
}
