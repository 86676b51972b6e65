/**
 * The cause tree of one missing outcome, from the fault-free run G and the failing run B.
 *
 * A tuple of G missing from B (`not-derived`) lost every derivation it had in G, so its causes are
 * one broken piece per G firing: the firing's message was lost (a fault, the leaf), a `notin` it
 * relied on is now matched by a tuple that appeared, or a positive body tuple is itself missing.
 * A message of B alone that would have brought it back (a retry) and was lost is a cause as well.
 * A tuple of B absent from G (`appeared`) holds through some B firing that could not fire in G, so
 * its causes are everything that stopped that one firing in G: the tuples G matched under its
 * `notin` goals (now missing), and its body tuples that G lacked (appeared too). A tuple carried
 * by `@next` is followed back to the step where the chain began, so `log(b)` missing at t=2..6 is
 * one cause, not five.
 */
import type { Fault } from '../faults/types.js';
import type { Firing, Message, NegatedGoal, RunResult, TupleNode } from '../sim/types.js';
import type { Rule } from '../syntax/ast.js';
import { faultKey } from '../faults/text.js';
import { formatValue, tupleKey, type Tuple } from '../terms/values.js';
import { indexRun, type RunIndex } from './run-index.js';
import { blockingGoals } from './binding.js';
import type { Cause, RuleRef, TupleAt } from './types.js';

/** Causes per explanation: beyond this the tree stops growing (children counted in `omitted`). */
export const MAX_CAUSES = 48;
/** Children shown per cause. */
export const MAX_CHILDREN = 6;
const MAX_DEPTH = 14;
/** Firings a persistence loop may pass a tuple through before it is back in its own relation. */
const MAX_HOPS = 4;

export interface CauseContext {
  readonly rules: readonly Rule[];
  readonly good: RunIndex;
  readonly bad: RunIndex;
  /** How a rule's file is shown: the CLI makes absolute paths relative to the working directory. */
  readonly displayPath: (file: string) => string;
  /** What G is called in the tree's words: the fault-free run, or the failing run less one fault. */
  readonly goodName: string;
  /** What B adds to G: all its faults, or that one fault. */
  readonly faultsName: string;
}

export function causeContext(
  rules: readonly Rule[],
  good: RunResult,
  bad: RunResult,
  displayPath: (file: string) => string = (f) => f,
  names: { readonly goodName: string; readonly faultsName: string } = { goodName: 'the fault-free run', faultsName: 'the faults' },
): CauseContext {
  return { rules, good: indexRun(good), bad: indexRun(bad), displayPath, ...names };
}

export function ruleRef(ctx: Pick<CauseContext, 'rules' | 'displayPath'>, index: number): RuleRef | null {
  const rule = ctx.rules[index];
  if (rule === undefined) return null;
  const head = rule.head.relation + (rule.headTime === 'now' ? '' : '@' + rule.headTime);
  return { index, file: ctx.displayPath(rule.span.file), line: rule.span.line, col: rule.span.col, head };
}

/** `notin missing_log(_, "hello")` */
export function formatGoal(g: NegatedGoal): string {
  return `notin ${g.relation}(${g.args.map((a) => (a === null ? '_' : formatValue(a))).join(', ')})`;
}

/** A tuple carried back to an earlier step of its relation: the tuples and firings on the way. */
interface Carry {
  readonly back: TupleNode;
  readonly nodes: readonly TupleNode[];
  readonly firings: readonly Firing[];
}

/** A mutable cause while the tree is built. */
interface Draft {
  kind: Cause['kind'];
  relation: string;
  tuple: Tuple;
  time: number;
  since: number;
  rule: RuleRef | null;
  notin: string | null;
  fault: Fault | null;
  message: { from: string; to: string; sendTimes: number[] } | null;
  tupleId: number | null;
  links: number[];
  via: TupleAt[];
  children: Draft[];
  omitted: number;
  repeated: boolean;
  note: string | null;
}

function draft(kind: Cause['kind'], relation: string, tuple: Tuple, time: number): Draft {
  return { kind, relation, tuple, time, since: time, rule: null, notin: null, fault: null, message: null, tupleId: null, links: [], via: [], children: [], omitted: 0, repeated: false, note: null };
}

/**
 * Same cause, for de-duplication among siblings and across the tree. A tuple missing from the same
 * step is one cause whatever its last step; the one explained up to the latest step covers the others.
 */
function causeKey(d: Draft): string {
  if (d.message !== null) return `${d.kind}\u0000${d.fault ? faultKey(d.fault) : ''}\u0000${d.message.from}\u0000${d.message.to}\u0000${d.relation}\u0000${tupleKey(d.tuple)}`;
  return `${d.kind}\u0000${d.relation}\u0000${tupleKey(d.tuple)}\u0000${d.since}`;
}

export class Builder {
  private count = 0;
  /** Causes already explained, across every outcome of the run, with the last step explained: a repeat says "see above". */
  private readonly expanded = new Map<string, number>();

  /** Marks `d` repeated if a cause explained before covers it; otherwise records it as explained. */
  private seen(d: Draft): boolean {
    const key = causeKey(d);
    if ((this.expanded.get(key) ?? -Infinity) >= d.time) return (d.repeated = true);
    this.expanded.set(key, d.time);
    return false;
  }

  constructor(private readonly ctx: CauseContext) {}

  private get good(): RunIndex {
    return this.ctx.good;
  }

  private get bad(): RunIndex {
    return this.ctx.bad;
  }

  private full(): boolean {
    return this.count >= MAX_CAUSES;
  }

  /** Each outcome gets the whole budget. */
  resetBudget(): void {
    this.count = 0;
  }

  private tuple(run: RunIndex, id: number): TupleNode {
    return run.run.lineage.tuples[id]!;
  }

  private firing(run: RunIndex, id: number): Firing {
    return run.run.lineage.firings[id]!;
  }

  /** A firing that derives its head, not one that rests on the head itself through a same-time cycle. */
  private usable(run: RunIndex, head: TupleNode, f: Firing): boolean {
    return run.founded(head, f);
  }

  /**
   * The body tuple this firing passes on unchanged: the same values one step later (`@next`), or
   * at the same step under another name (`leader(N, L) :- leader_was(N, L), notin changed(N)`).
   */
  private passedOn(run: RunIndex, head: TupleNode, f: Firing): TupleNode | null {
    if (f.message !== null || f.group !== null || f.body.length !== 1) return null;
    const b = this.tuple(run, f.body[0]!);
    if (tupleKey(b.tuple) !== tupleKey(head.tuple)) return null;
    const when = this.ctx.rules[f.rule]?.headTime;
    if (when === 'next') return b.time === head.time - 1 ? b : null;
    return when === 'now' && b.time === head.time && b.relation !== head.relation ? b : null;
  }

  /**
   * The same tuple of `cur`'s relation at an earlier step, carried to `cur` by firings that each
   * pass it on and that `accept` takes, through at most `MAX_HOPS` of them: a persistence loop
   * (`log@next :- log`, or through a helper relation: `leader ← leader_was ← leader@next`).
   * `firings[i]` derives `nodes[i]` (`nodes[0]` is `cur`); null when there is no such loop.
   */
  private carriedBack(run: RunIndex, cur: TupleNode, accept: (f: Firing, from: TupleNode) => boolean): Carry | null {
    const nodes: TupleNode[] = [];
    const firings: Firing[] = [];
    const walk = (node: TupleNode): TupleNode | null => {
      nodes.push(node);
      for (const fid of node.firings) {
        const f = this.firing(run, fid);
        const from = this.passedOn(run, node, f);
        if (from === null || !accept(f, from)) continue;
        firings.push(f);
        if (from.relation === cur.relation ? from.time < cur.time : firings.length < MAX_HOPS && !nodes.includes(from)) {
          const found = from.relation === cur.relation ? from : walk(from);
          if (found !== null) return found;
        }
        firings.pop();
      }
      nodes.pop();
      return null;
    };
    const back = walk(cur);
    return back === null ? null : { back, nodes, firings };
  }

  /**
   * `x` holds in G at its time and not in B. `until`: the last step at which `x` arriving would
   * still have mended what it is a cause of (a `log` carried to EOT is mended by a `got` at any
   * step before), so re-sends that late count too.
   */
  missing(x: TupleNode, depth: number, notin: string | null = null, until = x.time): Draft {
    const d = draft('not-derived', x.relation, x.tuple, x.time);
    d.notin = notin;
    d.tupleId = x.id;
    this.count++;
    // Walk back along carries whose source is missing in B too; every other firing on the way broke.
    const broken: Firing[] = [];
    const carries = (f: Firing, from: TupleNode): boolean =>
      this.usable(this.good, this.tuple(this.good, f.head), f) && this.bad.at(from.relation, from.tuple, from.time) === undefined && f.negated.every((g) => this.bad.matching(g).length === 0);
    let cur = x;
    for (;;) {
      const carry = this.carriedBack(this.good, cur, carries);
      for (const node of carry?.nodes ?? [cur]) {
        for (const fid of node.firings) {
          const f = this.firing(this.good, fid);
          if (this.usable(this.good, node, f) && !carry?.firings.includes(f)) broken.push(f);
        }
      }
      if (carry === null) break;
      cur = carry.back;
    }
    d.since = cur.time;
    if (this.seen(d)) return d;
    // The origin first: the earliest firings are where the chain began.
    broken.sort((a, b) => a.time - b.time || a.id - b.id);
    const first = broken[0];
    d.rule = first ? ruleRef(this.ctx, first.rule) : null;
    const resent = this.resends(x, cur.time, Math.max(until, x.time));
    if (broken.length === 0 && resent.length === 0) d.note = cur.base ? `a fact of ${this.ctx.goodName}` : 'no derivation recorded';
    if (depth >= MAX_DEPTH) {
      d.omitted = broken.length + resent.length;
      return d;
    }
    // Latest first, so a tuple missing over several steps is explained once, up to its last one;
    // then the children go back to the origin-first order.
    for (const f of [...broken].reverse()) {
      if (this.full()) {
        d.omitted++;
        continue;
      }
      const c = this.blockerInB(f, depth + 1, Math.max(until, x.time));
      if (c !== null) {
        c.links = [f.id];
        this.addChild(d, c);
      }
    }
    d.children.reverse();
    byOrigin(d.children);
    for (const m of resent) {
      if (this.full()) d.omitted++;
      else this.addChild(d, this.lostMessage(m, this.asyncRule(m.relation)));
    }
    return d;
  }

  /**
   * Messages only the failing run sent that would have brought `x` back at some step from `since`
   * to `until`, and were lost: a retry the faults provoked and then killed is a derivation too.
   */
  private resends(x: TupleNode, since: number, until: number): Message[] {
    const key = tupleKey(x.tuple);
    return this.bad.run.messages.filter(
      (m) =>
        m.lostBy !== null &&
        m.relation === x.relation &&
        m.sendTime + 1 >= since &&
        m.sendTime + 1 <= until &&
        tupleKey(m.tuple) === key &&
        this.good.message(m) === undefined,
    );
  }

  /** The first `@async` rule with this head: a lost message records no firing, so its rule is inferred. */
  private asyncRule(relation: string): number | null {
    const i = this.ctx.rules.findIndex((r) => r.head.relation === relation && r.headTime === 'async');
    return i >= 0 ? i : null;
  }

  private lostMessage(m: Message, rule: number | null): Draft {
    const d = draft(m.lostBy!.kind === 'crash' ? 'crashed-sender' : 'lost-message', m.relation, m.tuple, m.sendTime);
    d.fault = m.lostBy;
    d.message = { from: m.from, to: m.to, sendTimes: [m.sendTime] };
    d.rule = rule === null ? null : ruleRef(this.ctx, rule);
    this.count++;
    return d;
  }

  /**
   * Why the G firing `f` does not fire in B: one broken piece, the most direct first. `until`: the
   * last step its head is missing at, carried (a body tuple arriving later re-derives it then).
   */
  private blockerInB(f: Firing, depth: number, until: number): Draft | null {
    if (f.message !== null) {
      const m = this.good.run.messages[f.message]!;
      const lost = this.bad.message(m);
      if (lost !== undefined && lost.lostBy !== null) return this.lostMessage(lost, f.rule);
    }
    for (const g of f.negated) {
      const now = this.bad.matching(g);
      if (now.length > 0) return this.appeared(now[0]!, depth, formatGoal(g));
    }
    for (const b of f.body) {
      const y = this.tuple(this.good, b);
      if (this.bad.at(y.relation, y.tuple, y.time) === undefined) {
        // A body read at a fixed step (`p(X)@1`) is mended only by arriving by then.
        const late = y.time < f.time ? y.time : this.ctx.rules[f.rule]?.headTime === 'next' ? until - 1 : until;
        return this.missing(y, depth, null, late);
      }
    }
    // An aggregate keeps its body but changes value when a contributor appears in B.
    return this.aggregateChange(
      this.good,
      this.bad,
      f,
      depth,
      (n, dd) => this.appeared(n, dd),
      (n, dd, notin) => this.missing(n, dd, notin),
    );
  }

  /** `y` holds in B at its time and not in G. */
  appeared(y: TupleNode, depth: number, notin: string | null = null): Draft {
    const d = draft('appeared', y.relation, y.tuple, y.time);
    d.notin = notin;
    d.tupleId = y.id;
    this.count++;
    // Back along carries whose source G lacks too, when nothing else stopped them in G: no
    // tuple G matched under their `notin` goals.
    const carries = (f: Firing, from: TupleNode): boolean =>
      this.good.at(from.relation, from.tuple, from.time) === undefined && f.negated.every((g) => this.good.matching(g).length === 0);
    let cur = y;
    for (let carry = this.carriedBack(this.bad, cur, carries); carry !== null; carry = this.carriedBack(this.bad, cur, carries)) cur = carry.back;
    d.since = cur.time;
    if (this.seen(d)) return d;
    if (cur.relation === 'crash' && cur.base) {
      const [, node, time] = cur.tuple;
      d.fault = this.bad.run.faults.find((f) => f.kind === 'crash' && f.node === node && f.time === time) ?? null;
      return d;
    }
    const f = cur.firings.map((id) => this.firing(this.bad, id)).find((x) => this.usable(this.bad, cur, x));
    if (f === undefined) {
      d.note = cur.base ? 'a fact' : 'no derivation recorded';
      return d;
    }
    d.rule = ruleRef(this.ctx, f.rule);
    // Everything that stopped this firing in G had to go for it to fire in B. Past the depth
    // limit they are counted, so the tree says it stops short instead of ending as if complete.
    const deep = depth >= MAX_DEPTH;
    for (const g of f.negated) {
      const before = this.good.matching(g).filter((n) => this.bad.at(n.relation, n.tuple, n.time) === undefined);
      if (before.length === 0) continue;
      if (deep || this.full()) d.omitted++;
      else this.addChild(d, linked(this.missing(before[0]!, depth + 1, formatGoal(g)), f));
    }
    for (const b of f.body) {
      const z = this.tuple(this.bad, b);
      if (this.good.at(z.relation, z.tuple, z.time) !== undefined) continue;
      if (deep || this.full()) d.omitted++;
      else this.addChild(d, linked(this.appeared(z, depth + 1), f));
    }
    if (deep) {
      const mark = (n: TupleNode): Draft => draft('not-derived', n.relation, n.tuple, n.time);
      if (d.omitted === 0 && this.aggregateChange(this.bad, this.good, f, depth + 1, mark, mark) !== null) d.omitted = 1;
      return d;
    }
    if (d.children.length === 0 && d.omitted === 0) {
      const c = this.aggregateChange(
        this.bad,
        this.good,
        f,
        depth + 1,
        (n, dd) => this.missing(n, dd),
        (n, dd, notin) => this.appeared(n, dd, notin),
      );
      if (c !== null) this.addChild(d, linked(c, f));
    }
    return d;
  }

  /**
   * Why no `post` rule gave `head` in B, when G never had it either (so no firing of G to follow):
   * a binding of a `post` rule whose positive atoms hold in B, and the tuples its `notin` goals
   * matched there that G lacked — what the faults made appear to stop it.
   */
  blockedPost(parent: Draft, head: Tuple, time: number): void {
    for (const rule of this.ctx.rules) {
      if (rule.head.relation !== 'post') continue;
      const goals = blockingGoals(rule, head, this.bad, time);
      if (goals === null) continue;
      for (const g of goals) {
        const now = this.bad.matching(g).find((n) => this.good.at(n.relation, n.tuple, n.time) === undefined);
        if (now === undefined) continue;
        if (this.full()) parent.omitted++;
        else this.addChild(parent, this.appeared(now, 1, formatGoal(g)));
      }
      return;
    }
  }

  /**
   * An aggregate firing of `mine` whose body holds in `other` too: its value differs there because
   * `other` had a contributor `mine` lacks. The first such contributor explains the change.
   */
  private aggregateChange(
    mine: RunIndex,
    other: RunIndex,
    f: Firing,
    depth: number,
    explain: (n: TupleNode, depth: number) => Draft,
    blocked?: (n: TupleNode, depth: number, notin: string) => Draft,
  ): Draft | null {
    const rule = this.ctx.rules[f.rule];
    if (rule === undefined || !rule.head.args.some((a) => a.kind === 'aggregate')) return null;
    const head = this.tuple(mine, f.head);
    const groupCols = rule.head.args.flatMap((a, i) => (a.kind === 'aggregate' ? [] : [i]));
    const sameGroup = (t: Tuple): boolean => groupCols.every((c) => formatValue(t[c]!) === formatValue(head.tuple[c]!));
    const goal: NegatedGoal = { relation: head.relation, args: head.tuple.map(() => null), time: head.time };
    for (const n of other.matching(goal)) {
      if (!sameGroup(n.tuple) || tupleKey(n.tuple) === tupleKey(head.tuple)) continue;
      for (const fid of n.firings) {
        const g = other.run.lineage.firings[fid]!;
        if (g.rule !== f.rule) continue;
        for (const b of g.body) {
          const z = other.run.lineage.tuples[b]!;
          if (mine.at(z.relation, z.tuple, z.time) === undefined) return explain(z, depth);
        }
        // Every contributor tuple holds in `mine` too: there a `notin` of the rule kept it out.
        if (blocked === undefined) continue;
        for (const goal of g.negated) {
          const w = mine.matching(goal).find((n) => other.at(n.relation, n.tuple, n.time) === undefined);
          if (w !== undefined) return blocked(w, depth, formatGoal(goal));
        }
      }
    }
    return null;
  }

  /** A cause left out is not explained: a later occurrence gets its own children, not "see above". */
  private forget(d: Draft): void {
    if (d.repeated) return;
    if (this.expanded.get(causeKey(d)) === d.time) this.expanded.delete(causeKey(d));
    d.children.forEach((k) => this.forget(k));
  }

  /** Adds a child unless an equal one is there; lost messages of one channel and fault merge their send times. */
  private addChild(parent: Draft, c: Draft): void {
    const key = causeKey(c);
    const same = parent.children.find((x) => causeKey(x) === key);
    if (same !== undefined) {
      if (same.message !== null && c.message !== null) {
        for (const t of c.message.sendTimes) if (!same.message.sendTimes.includes(t)) same.message.sendTimes.push(t);
        same.message.sendTimes.sort((a, b) => a - b);
        same.time = same.message.sendTimes[0]!;
      }
      for (const l of c.links) if (!same.links.includes(l)) same.links.push(l);
      // The one explained further covers the other.
      if (c.message === null && !c.repeated && c.time > same.time) {
        c.links = [...same.links];
        parent.children[parent.children.indexOf(same)] = c;
      }
      return;
    }
    // The same tuple over adjacent steps (re-derived, not carried, at each): one cause over the whole span.
    const next = c.message === null && !c.repeated ? parent.children.find((x) => adjacent(x, c)) : undefined;
    if (next !== undefined) {
      if (c.time > next.time) {
        next.time = c.time;
        next.tupleId = c.tupleId;
      }
      next.since = Math.min(next.since, c.since);
      for (const l of c.links) if (!next.links.includes(l)) next.links.push(l);
      for (const k of c.children) this.addChild(next, k);
      byOrigin(next.children);
      next.omitted += c.omitted;
      return;
    }
    if (parent.children.length >= MAX_CHILDREN) {
      parent.omitted++;
      this.forget(c);
      return;
    }
    parent.children.push(c);
  }
}

/** Causes in the order they began. */
function byOrigin(ds: Draft[]): void {
  ds.sort((a, b) => a.since - b.since || a.time - b.time);
}

function adjacent(a: Draft, b: Draft): boolean {
  return (
    a.message === null && !a.repeated && a.kind === b.kind && a.relation === b.relation && a.notin === b.notin && a.note === b.note &&
    tupleKey(a.tuple) === tupleKey(b.tuple) && b.since <= a.time + 1 && b.time >= a.since - 1
  );
}

function linked(d: Draft, f: Firing): Draft {
  d.links = [f.id];
  return d;
}

/**
 * A chain of missing tuples, each the only cause of the one before, reads as one line:
 * `decided ← decision ← commit`. An appeared tuple keeps its own line (each says what the faults
 * made the program conclude), except the crash tuple at the end of a chain.
 */
function compress(d: Draft): Draft {
  d.children = d.children.map(compress);
  const merges = (c: Draft): boolean =>
    c.kind === d.kind && c.notin === null && !c.repeated && (d.kind === 'not-derived' || (c.fault !== null && c.children.length === 0));
  while ((d.kind === 'not-derived' || d.kind === 'appeared') && d.children.length === 1 && d.omitted === 0 && d.note === null && merges(d.children[0]!)) {
    const c = d.children[0]!;
    d.via.push({ relation: c.relation, tuple: c.tuple, time: c.time, since: c.since, tupleId: c.tupleId!, links: c.links }, ...c.via);
    d.children = c.children;
    d.omitted = c.omitted;
    d.note = c.note;
    if (c.fault !== null) d.fault = c.fault;
  }
  return d;
}

function freeze(d: Draft): Cause {
  return {
    kind: d.kind,
    relation: d.relation,
    tuple: d.tuple,
    time: d.time,
    since: d.since,
    rule: d.rule,
    notin: d.notin,
    fault: d.fault,
    message: d.message === null ? null : { from: d.message.from, to: d.message.to, sendTimes: [...d.message.sendTimes] },
    tupleId: d.tupleId,
    links: d.links,
    via: d.via,
    children: d.children.map(freeze),
    omitted: d.omitted,
    repeated: d.repeated,
    note: d.note,
  };
}

/**
 * Why `post(pre)` does not hold at EOT in B. When G had that `post` tuple, the tree explains its
 * loss; otherwise the `pre` tuple itself appeared in B, and that is what the tree explains.
 */
export function explainMissingOutcome(ctx: CauseContext, pre: Tuple, builder?: Builder): Cause {
  const b = builder ?? new Builder(ctx);
  b.resetBudget();
  const eot = ctx.bad.run.eot;
  const postG = ctx.good.at('post', pre, eot);
  let root: Draft;
  if (postG !== undefined && ctx.bad.at('post', pre, eot) === undefined) {
    root = b.missing(postG, 0);
  } else {
    root = draft('not-derived', 'post', pre, eot);
    const preB = ctx.bad.at('pre', pre, eot);
    const preNew = preB !== undefined && ctx.good.at('pre', pre, eot) === undefined;
    const faultFree = ctx.bad.run.faults.length === 0;
    root.note = faultFree || !preNew ? `not even in ${ctx.goodName}` : `not even in ${ctx.goodName}; ${ctx.faultsName} created the pre tuple`;
    if (preNew) root.children.push(b.appeared(preB, 1));
    // The pre tuple is new, and so is what stops its post: the faults can cause both.
    if (!faultFree) b.blockedPost(root, pre, eot);
    const postRule = ctx.rules.findIndex((r) => r.head.relation === 'post');
    root.rule = postRule >= 0 ? ruleRef(ctx, postRule) : null;
  }
  return freeze(compress(root));
}
