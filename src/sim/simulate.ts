/**
 * One run of a Dedalus program under a fault set, recording the lineage of every tuple.
 *
 * Life of a tuple. A tuple enters the database of time t in one of four ways: it is stated as a
 * fact at t (or without a time), it is a `crash` tuple of the fault set, an `@next` rule carried it
 * from t−1, or a message delivered it at t. Those arrive before t starts and form the first
 * *delta* of their relation. The strata then run in order. In a stratum each rule first fires on
 * the whole database once; after that every round joins at least one *delta* tuple (positions
 * `oldEnd..deltaEnd` of the relation's append-only array) with *old* tuples (before `oldEnd`) on
 * the atoms to its left and *total* tuples (before `deltaEnd`) on the atoms to its right, so every
 * binding fires exactly once. A tuple derived during a round is appended past `deltaEnd`, invisible
 * until the round ends; then it becomes delta, and one round later old — *stable*. The stratum is
 * done when a round adds nothing. Over the final database of t, `@next` heads are added to t+1 and
 * `@async` heads become messages that the fault set delivers to t+1 or loses. Every firing, even one
 * that re-derives a tuple already there, is recorded against the head's lineage node.
 */
import type { Value } from '../syntax/ast.js';
import type { CompiledProgram, CompiledRule, CompiledStratum, GroundFact } from './compile.js';
import { appendTuple, newRelation, type Database, type Relation, type TupleNodeRecord } from './database.js';
import { canonicalFaults } from '../faults/text.js';
import { ArithmeticOverflow, evalTerm, exactInteger, exactSum } from '../terms/eval.js';
import { RuleError } from './errors.js';
import { BudgetExceeded, DEFAULT_RUN_BUDGET, type RunBudget } from './limits.js';
import { join, newJoinState, type JoinSink, type JoinState } from './join.js';
import type { Crash, Fault, FaultSet, Omission } from '../faults/types.js';
import type { AggregateGroup, Firing, GroupBinding, InvariantStatus, Message, NegatedGoal, RunResult, Tuple } from './types.js';
import { compareStrings, compareTuples, compareValues, tupleKey, valueKey } from '../terms/values.js';

export interface SimConfig {
  readonly nodes: readonly string[];
  readonly eot: number;
  readonly faults: FaultSet;
  /** Stop with a RuleError past these sizes (default DEFAULT_RUN_BUDGET). */
  readonly budget?: RunBudget;
  /**
   * Make the *possible* run instead (faults are then ignored): every message arrives, every
   * `notin` is read as satisfied (its goal is still recorded on the firing), every crash tuple
   * the bounds allow holds when `crashes` > 0, and an aggregate group yields every value some
   * subset of its bindings could give. By induction over time and strata, every tuple and every
   * firing of a real run under any fault set within the bounds is among its tuples and firings.
   * `crashObservers`, when given, are the only observers its crash tuples are written for: the
   * caller's promise that no rule's result depends on which node observes a crash.
   */
  readonly possible?: { readonly crashes: number; readonly maxTuples: number; readonly crashObservers?: readonly string[] };
}

/** The possible run cannot be built; callers fall back to an analysis that needs none. */
export class PossibleRunUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PossibleRunUnavailable';
  }
}

/** The possible run outgrew its budget. */
export class PossibleRunTooLarge extends PossibleRunUnavailable {
  constructor(readonly limit: number) {
    super(`the possible run of this program exceeds ${limit.toLocaleString('en-US')} tuples`);
    this.name = 'PossibleRunTooLarge';
  }
}

/** A sum over more distinct values than this has too many possible results to list. */
const MAX_SUM_TERMS = 16;
const MAX_AGGREGATE_RESULTS = 4096;

/** An @async firing waiting for the end of its time step, when messages are numbered in sorted order. */
interface PendingSend {
  readonly rule: number;
  readonly relation: number;
  readonly tuple: Tuple;
  readonly from: string;
  readonly to: string;
  readonly body: number[];
  readonly negated: NegatedGoal[];
  readonly group: number | null;
}

/** The bindings of one aggregate group: distinct aggregated values and every contributing tuple. */
interface Group {
  readonly head: Value[];
  readonly values: Map<string, Value>[];
  readonly body: number[];
  readonly bodySeen: Set<number>;
  readonly negated: NegatedGoal[];
  readonly negatedSeen: Set<string>;
  readonly from: string;
  readonly locations: Set<string>;
  readonly bindings: GroupBinding[];
}

export function simulate(compiled: CompiledProgram, config: SimConfig): RunResult {
  return new Run(compiled, config).result();
}

class Run implements JoinSink {
  private readonly dbs: Database[] = [];
  private readonly tupleNodes: TupleNodeRecord[] = [];
  private readonly firings: Firing[] = [];
  private readonly groupRecords: AggregateGroup[] = [];
  private readonly possible: SimConfig['possible'];
  private readonly messages: Message[] = [];
  private readonly faults: FaultSet;
  private readonly omissions = new Map<string, Omission>();
  private readonly crashes = new Map<string, Crash>();
  private readonly states: (JoinState | undefined)[];
  /** Semi-naive boundaries per relation id, for the stratum being evaluated. */
  private readonly oldEnd: number[];
  private readonly deltaEnd: number[];
  /** What `fire` does with a binding: derive at t, carry to t+1, send, or add to a group. */
  private mode: 'now' | 'next' | 'async' | 'group' = 'now';
  private time = 0;
  private groups = new Map<string, Group>();
  private pending: PendingSend[] = [];
  private readonly budget: RunBudget;

  constructor(
    private readonly compiled: CompiledProgram,
    private readonly config: SimConfig,
  ) {
    this.possible = config.possible;
    this.faults = this.possible ? [] : canonicalFaults(config.faults);
    this.budget = config.budget ?? DEFAULT_RUN_BUDGET;
    for (const f of this.faults) {
      if (f.kind === 'omit') this.omissions.set(channelKey(f.from, f.to, f.time), f);
      else if (!this.crashes.has(f.node)) this.crashes.set(f.node, f);
    }
    this.states = new Array<JoinState | undefined>(compiled.rules.length).fill(undefined);
    this.oldEnd = new Array<number>(compiled.relations.length).fill(0);
    this.deltaEnd = new Array<number>(compiled.relations.length).fill(0);
  }

  result(): RunResult {
    const eot = this.config.eot;
    for (let t = 1; t <= eot; t++) {
      this.time = t;
      if (this.dbs[t] === undefined) this.startDatabase(t);
      for (const stratum of this.compiled.strata) this.evalStratum(stratum);
      if (t < eot) {
        // Facts of t+1 first, so base tuples get the lower ids; then what t sends forward.
        this.startDatabase(t + 1);
        this.mode = 'next';
        for (const rule of this.compiled.nextRules) this.evalOnce(rule);
        this.mode = 'async';
        this.pending = [];
        for (const rule of this.compiled.asyncRules) this.evalOnce(rule);
        this.settleMessages();
      }
    }
    // Sorted tables are built on first read: the search reads one relation of one run, the
    // report a few runs; only the tuple lists are kept, not the simulator's indexes.
    const contents = this.contents();
    let tables: readonly ReadonlyMap<string, readonly Tuple[]>[] | undefined;
    return {
      nodes: [...this.config.nodes],
      eot,
      faults: this.faults,
      get tables() {
        return (tables ??= sortedTables(contents));
      },
      messages: this.messages,
      invariant: this.invariant(),
      lineage: { tuples: this.tupleNodes, firings: this.firings, groups: this.groupRecords },
    };
  }

  private startDatabase(t: number): void {
    const db: Database = new Array<Relation | undefined>(this.compiled.relations.length).fill(undefined);
    this.dbs[t] = db;
    const addFacts = (facts: readonly GroundFact[]): void => {
      for (const f of facts) {
        try {
          this.insert(db, f.rel, f.tuple, t, true);
        } catch (e) {
          if (e instanceof BudgetExceeded) throw new RuleError(f.span, `${e.message}; facts stated without a time hold, and count, at every timestep`);
          throw e;
        }
      }
    };
    addFacts(this.compiled.alwaysFacts);
    addFacts(this.compiled.timedFacts.get(t) ?? []);
    for (const c of this.crashes.values()) {
      for (const observer of this.config.nodes) this.insert(db, this.compiled.crashRel, [observer, c.node, c.time], t, true);
    }
    // Only a rule that reads `crash` positively needs the possible crash tuples as tuples.
    if (this.possible && this.possible.crashes > 0 && this.compiled.readsCrash) {
      for (const observer of this.possible.crashObservers ?? this.config.nodes) {
        for (const node of this.config.nodes) for (let c = 1; c <= this.config.eot; c++) this.insert(db, this.compiled.crashRel, [observer, node, c], t, true);
      }
    }
  }

  /** Adds the tuple at time t unless present; returns its lineage node. */
  private insert(db: Database, rel: number, tuple: Tuple, t: number, base: boolean, key = tupleKey(tuple)): TupleNodeRecord {
    let relation = db[rel];
    if (relation === undefined) {
      relation = newRelation(this.compiled.indexes[rel]!);
      db[rel] = relation;
    }
    const pos = relation.keys.get(key);
    if (pos !== undefined) {
      const node = relation.nodes[pos]!;
      if (base) node.base = true;
      return node;
    }
    if (this.possible && this.tupleNodes.length >= this.possible.maxTuples) throw new PossibleRunTooLarge(this.possible.maxTuples);
    if (!this.possible && this.tupleNodes.length >= this.budget.tuples) {
      throw new BudgetExceeded(`the run holds more than ${this.budget.tuples.toLocaleString('en-US')} tuples (over all timesteps) at time ${t} of ${this.config.eot}; lower --eot or make this rule derive less`);
    }
    const node: TupleNodeRecord = { id: this.tupleNodes.length, relation: this.compiled.relations[rel]!, tuple, time: t, base, firings: [] };
    this.tupleNodes.push(node);
    appendTuple(relation, tuple, key, node);
    return node;
  }

  private state(rule: CompiledRule): JoinState {
    let st = this.states[rule.index];
    if (st === undefined) {
      st = newJoinState(rule, this.possible !== undefined);
      this.states[rule.index] = st;
    }
    return st;
  }

  /**
   * Points every atom of the rule at the database it reads at time t. With `delta` ≥ 0 the rule's
   * same-stratum atoms get semi-naive ranges: old before `delta`, delta at it, total after it.
   */
  private setRanges(rule: CompiledRule, st: JoinState, delta: number): void {
    const t = this.time;
    const now = this.dbs[t]!;
    for (let j = 0; j < rule.positives.length; j++) {
      const p = rule.positives[j]!;
      const N = p.fixedTime;
      const rel = N === null || N === t ? now[p.rel] : N < t ? this.dbs[N]?.[p.rel] : undefined;
      st.rels[j] = rel;
      st.lo[j] = 0;
      st.hi[j] = rel === undefined ? 0 : rel.tuples.length;
      if (delta >= 0 && p.recursive && (N === null || N === t)) {
        if (j < delta) st.hi[j] = this.oldEnd[p.rel]!;
        else if (j === delta) {
          st.lo[j] = this.oldEnd[p.rel]!;
          st.hi[j] = this.deltaEnd[p.rel]!;
        } else st.hi[j] = this.deltaEnd[p.rel]!;
      }
    }
    for (let j = 0; j < rule.negatives.length; j++) {
      const n = rule.negatives[j]!;
      const N = n.fixedTime;
      st.negSkip[j] = N !== null && N > t;
      st.negRels[j] = N === null || N === t ? now[n.rel] : N < t ? this.dbs[N]?.[n.rel] : undefined;
    }
  }

  /** Every binding over the whole database of t, once (aggregates grouped before they fire). */
  private evalOnce(rule: CompiledRule): void {
    const st = this.state(rule);
    this.setRanges(rule, st, -1);
    if (rule.aggregates.length === 0) {
      this.located(rule.rule, () => join(rule, rule.fullPlan, 0, st, this));
      return;
    }
    const mode = this.mode;
    this.mode = 'group';
    this.groups = new Map();
    this.located(rule.rule, () => join(rule, rule.fullPlan, 0, st, this));
    this.mode = mode;
    for (const g of this.groups.values()) {
      const group = this.groupRecords.length;
      this.groupRecords.push({ rule: rule.index, time: this.time, key: Array.from(g.head, (v) => v ?? null), from: g.from, locations: [...g.locations].sort(compareStrings), bindings: g.bindings });
      this.located(rule.rule, () => {
        const heads = this.possible ? this.possibleHeads(rule, g) : [this.aggregateHead(rule, g)];
        for (const head of heads) if (head !== undefined) this.emit(rule, head, g.body, g.negated, g.from, group);
      });
    }
  }

  private evalStratum(stratum: CompiledStratum): void {
    const t = this.time;
    const db = this.dbs[t]!;
    this.mode = 'now';
    for (const rule of stratum.aggregates) this.evalOnce(rule);
    for (const r of stratum.rels) {
      this.oldEnd[r] = 0;
      this.deltaEnd[r] = db[r]?.tuples.length ?? 0;
    }
    for (let first = true; ; first = false) {
      for (const rule of stratum.rules) {
        let live = false;
        for (let i = 0; i < rule.positives.length; i++) {
          const p = rule.positives[i]!;
          if (!p.recursive || (p.fixedTime !== null && p.fixedTime !== t)) continue;
          live = true;
          if (this.deltaEnd[p.rel]! <= this.oldEnd[p.rel]!) continue;
          const st = this.state(rule);
          this.setRanges(rule, st, i);
          this.located(rule.rule, () => join(rule, rule.deltaPlans[i]!, 0, st, this));
        }
        // A rule reading nothing of its own stratum has all it needs from the start: fire it once.
        if (!live && first) this.evalOnce(rule);
      }
      let changed = false;
      for (const r of stratum.rels) {
        const len = db[r]?.tuples.length ?? 0;
        if (len > this.deltaEnd[r]!) changed = true;
        this.oldEnd[r] = this.deltaEnd[r]!;
        this.deltaEnd[r] = len;
      }
      if (!changed) break;
    }
  }

  /** JoinSink: one complete binding of `rule`'s body. */
  fire(rule: CompiledRule, st: JoinState): void {
    if (this.mode === 'group') {
      this.addToGroup(rule, st);
      return;
    }
    const head = new Array<Value>(rule.head.length);
    for (let c = 0; c < rule.head.length; c++) {
      const v = evalTerm(rule.head[c]!, st.binding);
      if (v === undefined) return;
      head[c] = v;
    }
    this.emit(rule, head, this.bodyOf(rule, st), this.negatedOf(rule, st), this.senderOf(rule, st, head), null);
  }

  private bodyOf(rule: CompiledRule, st: JoinState): number[] {
    const body = new Array<number>(rule.positives.length);
    for (let i = 0; i < body.length; i++) body[i] = st.rels[i]!.nodes[st.pos[i]!]!.id;
    return body;
  }

  private negatedOf(rule: CompiledRule, st: JoinState): NegatedGoal[] {
    // Most firings negate nothing: they share one empty list (firings are read-only once recorded).
    if (rule.negatives.length === 0) return NO_NEGATED;
    const out: NegatedGoal[] = [];
    for (let j = 0; j < rule.negatives.length; j++) {
      if (st.negSkip[j]) continue; // `@N` in the future: nothing was checked
      const n = rule.negatives[j]!;
      const args = n.args.map((a) => (a === null ? null : evalTerm(a, st.binding)!));
      out.push({ relation: n.relation, args, time: n.fixedTime ?? this.time });
    }
    return out;
  }

  /** The body's location: first column of the first positive atom, else the head's. */
  private senderOf(rule: CompiledRule, st: JoinState, head: readonly Value[]): string {
    const loc = rule.positives.length > 0 ? st.rels[0]!.tuples[st.pos[0]!]![0] : head[0];
    return loc === undefined ? '' : String(loc);
  }

  private emit(rule: CompiledRule, head: Tuple, body: number[], negated: NegatedGoal[], from: string, group: number | null): void {
    const t = this.time;
    if (this.mode === 'now') {
      const node = this.insert(this.dbs[t]!, rule.headRel, head, t, false);
      this.addFiring(rule.index, node, t, body, negated, null, group);
    } else if (this.mode === 'next') {
      const node = this.insert(this.dbs[t + 1]!, rule.headRel, head, t + 1, false);
      this.addFiring(rule.index, node, t, body, negated, null, group);
    } else {
      const to = head[0] === undefined ? '' : String(head[0]);
      if (this.firings.length + this.pending.length >= this.budget.firings) throw this.tooManyFirings();
      this.pending.push({ rule: rule.index, relation: rule.headRel, tuple: head, from, to, body, negated, group });
    }
  }

  private addFiring(rule: number, head: TupleNodeRecord, time: number, body: number[], negated: NegatedGoal[], message: number | null, group: number | null): void {
    if (this.firings.length >= this.budget.firings) throw this.tooManyFirings();
    const id = this.firings.length;
    this.firings.push({ id, rule, head: head.id, time, body, negated, message, group });
    head.firings.push(id);
  }

  /**
   * Runs one rule's evaluation; an arithmetic overflow or an exhausted budget becomes an error at
   * that rule. The possible run does arithmetic no run may do (every notin passes, every subset of
   * a sum's values): an overflow there only means it cannot be built.
   */
  private located<T>(rule: { readonly span: RuleError['span'] }, evaluate: () => T): T {
    try {
      return evaluate();
    } catch (e) {
      if (this.possible && e instanceof ArithmeticOverflow) throw new PossibleRunUnavailable(`the possible run overflows: ${e.message}`);
      if (e instanceof ArithmeticOverflow || e instanceof BudgetExceeded) throw new RuleError(rule.span, e.message);
      throw e;
    }
  }

  /** The possible run has a tuple limit of its own and a caller that falls back past it; a run has the user's rule to blame. */
  private tooManyFirings(): Error {
    if (this.possible) return new PossibleRunTooLarge(this.possible.maxTuples);
    return new BudgetExceeded(
      `the run records more than ${this.budget.firings.toLocaleString('en-US')} rule firings at time ${this.time} of ${this.config.eot}; this rule fires too often (a join of atoms that share no variable multiplies their sizes)`,
    );
  }

  private addToGroup(rule: CompiledRule, st: JoinState): void {
    const head = new Array<Value>(rule.head.length);
    let key = '';
    for (let c = 0; c < rule.head.length; c++) {
      const term = rule.head[c]!;
      if (term.k === 'none') continue; // an aggregate column
      const v = evalTerm(term, st.binding);
      if (v === undefined) return;
      head[c] = v;
      key += valueKey(v) + '\u0000';
    }
    const aggValues: Value[] = [];
    for (const a of rule.aggregates) {
      const v = evalTerm(a.arg, st.binding);
      if (v === undefined) return;
      aggValues.push(v);
    }
    let g = this.groups.get(key);
    if (g === undefined) {
      g = {
        head,
        values: rule.aggregates.map(() => new Map()),
        body: [],
        bodySeen: new Set(),
        negated: [],
        negatedSeen: new Set(),
        from: this.senderOf(rule, st, head),
        locations: new Set(),
        bindings: [],
      };
      this.groups.set(key, g);
    }
    aggValues.forEach((v, i) => g.values[i]!.set(valueKey(v), v));
    const body = this.bodyOf(rule, st);
    const negated = this.negatedOf(rule, st);
    g.locations.add(this.senderOf(rule, st, head));
    g.bindings.push({ body, negated, values: aggValues });
    for (const id of body) {
      if (!g.bodySeen.has(id)) {
        g.bodySeen.add(id);
        g.body.push(id);
      }
    }
    for (const n of negated) {
      const k = n.relation + '\u0000' + n.time + '\u0000' + n.args.map((a) => (a === null ? '_' : valueKey(a))).join('\u0000');
      if (!g.negatedSeen.has(k)) {
        g.negatedSeen.add(k);
        g.negated.push(n);
      }
    }
  }

  /** count and sum over the distinct values of the group; min/max by `compareValues`. A sum over a string has no value. */
  private aggregateHead(rule: CompiledRule, g: Group): Tuple | undefined {
    const head = [...g.head];
    for (let i = 0; i < rule.aggregates.length; i++) {
      const a = rule.aggregates[i]!;
      const values = [...g.values[i]!.values()];
      let v: Value | undefined;
      switch (a.fn) {
        case 'count':
          v = values.length;
          break;
        case 'sum':
          v = values.every((x): x is number => typeof x === 'number') ? exactSum(values) : undefined;
          break;
        case 'min':
          v = values.reduce((m, x) => (compareValues(x, m) < 0 ? x : m));
          break;
        case 'max':
          v = values.reduce((m, x) => (compareValues(x, m) > 0 ? x : m));
          break;
      }
      if (v === undefined) return undefined;
      head[a.col] = v;
    }
    return head;
  }

  /**
   * Every head some subset of the group's bindings could give (the possible run): a count from 1
   * to the number of distinct values, each value for a min or a max, each subset sum for a sum.
   */
  private possibleHeads(rule: CompiledRule, g: Group): Tuple[] {
    let heads: Value[][] = [[...g.head]];
    for (let i = 0; i < rule.aggregates.length; i++) {
      const a = rule.aggregates[i]!;
      const values = [...g.values[i]!.values()];
      let results: Value[];
      if (a.fn === 'count') results = values.map((_, k) => k + 1);
      else if (a.fn === 'min' || a.fn === 'max') results = values;
      else {
        const numbers = values.filter((v): v is number => typeof v === 'number');
        if (numbers.length > MAX_SUM_TERMS) throw new PossibleRunTooLarge(this.possible!.maxTuples);
        // Subset sums kept exact: only a sum that itself leaves the exact range overflows.
        let sums = new Set<bigint>();
        for (const x of numbers) {
          const next = new Set(sums);
          next.add(BigInt(x));
          for (const s of sums) next.add(s + BigInt(x));
          sums = next;
          if (sums.size > MAX_AGGREGATE_RESULTS) throw new PossibleRunTooLarge(this.possible!.maxTuples);
        }
        results = [...sums].map((s) => exactInteger(s, () => new ArithmeticOverflow('+', Number(s), 0)));
      }
      heads = heads.flatMap((h) =>
        results.map((v) => {
          const out = [...h];
          out[a.col] = v;
          return out;
        }),
      );
      if (heads.length > MAX_AGGREGATE_RESULTS) throw new PossibleRunTooLarge(this.possible!.maxTuples);
    }
    return heads;
  }

  /**
   * Turns the @async firings of time t into messages, numbered in sorted order, and delivers the
   * surviving ones at t+1. A lost message has no firing: its tuple never exists at t+1.
   */
  private settleMessages(): void {
    const t = this.time;
    // Each send's tuple key and message key, computed once: the sort, the numbering and the delivery all read them.
    const pending = this.pending;
    const tupleKeys = new Array<string>(pending.length);
    const messageKeys = new Array<string>(pending.length);
    const byKey = new Map<string, { from: string; to: string; relation: number; tuple: Tuple }>();
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      const tk = tupleKey(p.tuple);
      tupleKeys[i] = tk;
      if (p.from === p.to) continue; // a node's messages to itself are never lost, and not messages
      const k = messageKey(p.from, p.to, p.relation, tk);
      messageKeys[i] = k;
      if (!byKey.has(k)) byKey.set(k, { from: p.from, to: p.to, relation: p.relation, tuple: p.tuple });
    }
    const sent = [...byKey.entries()].sort(
      ([, a], [, b]) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to) || a.relation - b.relation || compareTuples(a.tuple, b.tuple),
    );
    const indexOf = new Map<string, number>();
    for (const [k, m] of sent) {
      indexOf.set(k, this.messages.length);
      this.messages.push({
        relation: this.compiled.relations[m.relation]!,
        tuple: m.tuple,
        from: m.from,
        to: m.to,
        sendTime: t,
        lostBy: this.lostBy(m.from, m.to, t),
      });
    }
    const next = this.dbs[t + 1]!;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      let message: number | null = null;
      if (p.from !== p.to) {
        message = indexOf.get(messageKeys[i]!)!;
        if (this.messages[message]!.lostBy !== null) continue;
      }
      this.located(this.compiled.rules[p.rule]!, () => {
        const node = this.insert(next, p.relation, p.tuple, t + 1, false, tupleKeys[i]!);
        this.addFiring(p.rule, node, t, p.body, p.negated, message, p.group);
      });
    }
    this.pending = [];
  }

  private lostBy(from: string, to: string, t: number): Fault | null {
    if (this.possible) return null;
    const c = this.crashes.get(from);
    if (c !== undefined && c.time <= t) return c;
    return this.omissions.get(channelKey(from, to, t)) ?? null;
  }

  /** Per time, each relation (by name) with its tuples in insertion order. */
  private contents(): (readonly [string, readonly Tuple[]])[][] {
    const out: (readonly [string, readonly Tuple[]])[][] = [];
    for (let t = 1; t <= this.config.eot; t++) {
      const db = this.dbs[t]!;
      const row: (readonly [string, readonly Tuple[]])[] = [];
      // Relation ids follow name order, so the rows are already sorted by relation.
      for (let r = 0; r < db.length; r++) {
        const rel = db[r];
        if (rel !== undefined && rel.tuples.length > 0) row.push([this.compiled.relations[r]!, rel.tuples]);
      }
      out.push(row);
    }
    return out;
  }

  private invariant(): InvariantStatus {
    if (!this.compiled.hasInvariant) return { checked: false, holds: true, missing: [] };
    const db = this.dbs[this.config.eot];
    const pre = db?.[this.compiled.preRel];
    const post = db?.[this.compiled.postRel];
    const missing = (pre?.tuples ?? []).filter((t) => post === undefined || !post.keys.has(tupleKey(t))).sort(compareTuples);
    return { checked: true, holds: missing.length === 0, missing };
  }
}

function sortedTables(contents: readonly (readonly [string, readonly Tuple[]])[][]): ReadonlyMap<string, readonly Tuple[]>[] {
  return contents.map((row) => new Map(row.map(([name, tuples]) => [name, [...tuples].sort(compareTuples)])));
}


/** The negated goals of a firing whose rule negates nothing. */
const NO_NEGATED: NegatedGoal[] = [];

function channelKey(from: string, to: string, t: number): string {
  return from + '\u0000' + to + '\u0000' + t;
}

function messageKey(from: string, to: string, relation: number, tupleKey: string): string {
  return from + '\u0000' + to + '\u0000' + relation + '\u0000' + tupleKey;
}
