/**
 * The lineage graph drawn on the page: the fault-free derivations of the `post` tuples a
 * counterexample broke, as a DAG of goals (tuples) and rule firings, joined with the
 * counterexample's explanation: the tuples that *appeared* in the failing run (with the firing
 * that derived them there) hang off the fault-free firing whose `notin` they defeated, and the
 * missing tuples a failing-run `notin` relied on hang off that firing. Edges are `body` (a
 * firing needs a tuple), `notin` (a firing needs a tuple to be absent) or `cause` (a pre tuple the
 * faults created, under the post it lacks).
 *
 * The page lays the graph out itself (dagre in the browser), so collapsing a node re-lays out the
 * rest without gaps; this module decides what is in the graph and what opens first: for each
 * outcome, the nodes of its explanation.
 *
 * Two simplifications keep it readable:
 * - A tuple carried unchanged from step to step by an `@next` rule is one goal `p(...) @2–5`, not
 *   a chain of persistence firings.
 * - The graph is cut to a node budget, breadth first from the outcomes (explanation nodes always
 *   stay); goals whose derivations were cut say how many children are hidden, and the page says
 *   the graph was pruned.
 */
import { foundedFirings } from '../explain/founded.js';
import type { Cause, Explanation } from '../explain/types.js';
import type { Rule } from '../syntax/ast.js';
import { printClause } from '../syntax/print.js';
import type { Fault, FaultSet } from '../faults/types.js';
import type { Firing, RunResult, Tuple, TupleNode } from '../sim/types.js';
import { formatTuple, formatValue, tupleKey } from '../terms/values.js';

export type LineageNodeKind = 'goal' | 'fact' | 'rule' | 'message' | 'appeared';
export type LineageEdgeKind = 'body' | 'notin' | 'cause';

export interface LineageNode {
  readonly id: string;
  readonly kind: LineageNodeKind;
  readonly label: string;
  /** Hover text: the full tuple or rule, times, negated goals. */
  readonly detail: string;
  /** Box size in layout units (pixels at zoom 1). */
  readonly width: number;
  readonly height: number;
  /** Breadth-first distance from the nearest outcome. */
  readonly depth: number;
  /** Children cut by the node budget. */
  readonly hiddenChildren: number;
  /** A firing's rule: an index into `LineageGraph.rules`. */
  readonly rule: number | null;
  /** A `message` node's channel and send time. */
  readonly message: { readonly from: string; readonly to: string; readonly sendTime: number } | null;
  readonly root: boolean;
  /** Exists only in the failing run: an appeared tuple or the firing that derived it. */
  readonly failing: boolean;
}

export interface LineageEdge {
  /** From a goal to a firing that derives it, or from a firing to a tuple it reads. */
  readonly from: string;
  readonly to: string;
  readonly kind: LineageEdgeKind;
  /** `notin missing_log(_, "hello")` on a notin edge. */
  readonly label: string | null;
}

/** One missing outcome and the nodes of its explanation, which the page opens on. */
export interface LineageOutcome {
  readonly root: string;
  readonly label: string;
  readonly explain: readonly string[];
}

export interface LineageGraph {
  readonly roots: readonly string[];
  /** With an explanation: one entry per explained outcome, in order; empty otherwise. */
  readonly outcomes: readonly LineageOutcome[];
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageEdge[];
  /** Nodes before pruning. */
  readonly totalNodes: number;
  /** Printed rules, indexed as `Firing.rule`; empty strings for rules no node uses. */
  readonly rules: readonly string[];
  /** Goal nodes whose sub-trees start collapsed (big graphs without an explanation only). */
  readonly collapsed: readonly string[];
  /** What is shown, in words, for the page. */
  readonly caption: string;
}

/** What one run did to the graph: the message firings its faults kill, the goals it lacks. */
export interface LineageMarks {
  readonly killed: readonly string[];
  /** Nodes drawn as missing from the run: its lost fault-free tuples, and outcomes no run derived. */
  readonly absent: readonly string[];
  /** Of them, the tuples the fault-free run had (what the caption counts). */
  readonly missing: number;
}

export interface LineageView {
  readonly graph: LineageGraph;
  marks(run: RunResult): LineageMarks;
}

/** The counterexample to explain in the graph: its run and the explanation computed from it. */
export interface LineageWhy {
  readonly failing: RunResult;
  readonly explanation: Explanation;
}

/** dagre's ordering phase grows fast with layer width: 250 nodes of a wide relay graph lay out in about 0.5 s. */
export const LINEAGE_NODE_BUDGET = 250;
/** Alternative derivations drawn per goal; more would make layers wide and unreadable. */
export const MAX_FIRINGS_PER_GOAL = 6;
export const MAX_ROOTS = 8;
/** Above this many nodes (and with no explanation to open on), sub-trees below COLLAPSE_DEPTH start collapsed. */
const COLLAPSE_ABOVE = 150;
const COLLAPSE_DEPTH = 8;

/** A message is killed by its omission, or by a crash of its sender at or before the send. */
export function kills(f: Fault, m: { from: string; to: string; sendTime: number }): boolean {
  if (m.from === m.to) return false;
  if (f.kind === 'omit') return f.from === m.from && f.to === m.to && f.time === m.sendTime;
  return f.node === m.from && f.time <= m.sendTime;
}

export function killedBy(faults: FaultSet, m: { from: string; to: string; sendTime: number }): boolean {
  return faults.some((f) => kills(f, m));
}

interface Group {
  readonly key: number;
  readonly members: number[];
}

type NodeInfo = Omit<LineageNode, 'depth' | 'hiddenChildren' | 'root' | 'width' | 'height'>;

function isCarry(tuples: readonly TupleNode[], head: TupleNode, f: Firing): boolean {
  if (f.message !== null || f.body.length !== 1) return false;
  const b = tuples[f.body[0]!]!;
  return b.relation === head.relation && b.time === head.time - 1 && tupleKey(b.tuple) === tupleKey(head.tuple);
}

/** One step of an explanation chain, `via` entries unfolded: a tuple, and the parent's firings that lead to it. */
interface Step {
  readonly kind: Cause['kind'];
  readonly tupleId: number | null;
  readonly links: readonly number[];
  readonly notin: string | null;
  readonly since: number;
  readonly time: number;
  readonly cause: Cause;
}

function unfold(c: Cause): Step[] {
  const steps: Step[] = [{ kind: c.kind, tupleId: c.tupleId, links: c.links, notin: c.notin, since: c.since, time: c.time, cause: c }];
  for (const v of c.via) steps.push({ kind: c.kind, tupleId: v.tupleId, links: v.links, notin: null, since: v.since, time: v.time, cause: c });
  return steps;
}

/**
 * Builds the graph of the derivations of `post` tuples at EOT in `run` (the fault-free run) that
 * equal one of `targets`, with `why`'s explanation woven in.
 */
export function buildLineageGraph(run: RunResult, targets: readonly Tuple[], rules: readonly Rule[], budget = LINEAGE_NODE_BUDGET, why?: LineageWhy): LineageView {
  const { tuples, firings } = run.lineage;
  // Circular firings (a same-time body that rests on the head) are not derivations worth drawing.
  const founded = foundedFirings(run.lineage);
  const usable = (_: readonly TupleNode[], head: TupleNode, f: Firing): boolean => founded(head, f);
  const failing = why?.failing ?? null;
  const explanation = why?.explanation ?? null;
  const outcomesExplained = explanation ? explanation.outcomes.slice(0, MAX_ROOTS) : [];
  const wanted = new Set((explanation ? outcomesExplained.map((o) => o.pre) : targets).map(tupleKey));
  const rootTuples = tuples.filter((t) => t.relation === 'post' && t.time === run.eot && wanted.has(tupleKey(t.tuple))).slice(0, MAX_ROOTS);

  // Fault-free tuples and firings the explanation names: they belong in the graph whatever the budget.
  const pinnedTuples = new Set<number>();
  const pinnedFirings = new Set<number>();
  const visitCause = (c: Cause, parentRun: 'good' | 'bad'): void => {
    unfold(c).forEach((s, i) => {
      // A via step's links are firings of the step before it, which is of the cause's own kind.
      const linksRun = i === 0 ? parentRun : c.kind === 'appeared' ? 'bad' : 'good';
      if (linksRun === 'good') for (const l of s.links) pinnedFirings.add(l);
      if (s.kind === 'not-derived' && s.tupleId !== null) pinnedTuples.add(s.tupleId);
    });
    for (const k of c.children) visitCause(k, c.kind === 'appeared' ? 'bad' : 'good');
  };
  for (const o of outcomesExplained) visitCause(o.cause, 'good');

  // Every tuple reachable from the roots and the pinned tuples through usable firings.
  const reachable = new Set<number>();
  const stack = [...rootTuples.map((t) => t.id), ...pinnedTuples];
  for (const fid of pinnedFirings) stack.push(firings[fid]!.head, ...firings[fid]!.body);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    const node = tuples[id]!;
    for (const fid of node.firings) {
      const f = firings[fid]!;
      if (usable(tuples, node, f)) for (const b of f.body) if (!reachable.has(b)) stack.push(b);
    }
  }

  // Carried tuples: group each tuple with the one it was carried from (union by the earliest id).
  const groupOf = new Map<number, number>();
  const find = (id: number): number => {
    let r = id;
    while (groupOf.has(r) && groupOf.get(r) !== r) r = groupOf.get(r)!;
    return r;
  };
  const sortedReachable = [...reachable].sort((a, b) => a - b);
  for (const id of sortedReachable) groupOf.set(id, id);
  for (const id of sortedReachable) {
    const node = tuples[id]!;
    for (const fid of node.firings) {
      const f = firings[fid]!;
      if (isCarry(tuples, node, f) && reachable.has(f.body[0]!)) {
        const a = find(id);
        const b = find(f.body[0]!);
        if (a !== b) groupOf.set(Math.max(a, b), Math.min(a, b));
      }
    }
  }
  const groups = new Map<number, Group>();
  for (const id of sortedReachable) {
    const g = find(id);
    let group = groups.get(g);
    if (!group) groups.set(g, (group = { key: g, members: [] }));
    group.members.push(id);
  }

  // Children of each graph node, in a deterministic order; edges carry their kind.
  const goalId = (tupleId: number): string => `g${find(tupleId)}`;
  const children = new Map<string, string[]>();
  const edgeInfo = new Map<string, { kind: LineageEdgeKind; label: string | null }>();
  const info = new Map<string, NodeInfo>();
  const addEdge = (from: string, to: string, kind: LineageEdgeKind, label: string | null = null): void => {
    const list = children.get(from) ?? [];
    if (!children.has(from)) children.set(from, list);
    const k = `${from}\u0000${to}`;
    if (edgeInfo.has(k)) {
      if (kind !== 'body') edgeInfo.set(k, { kind, label });
      return;
    }
    list.push(to);
    edgeInfo.set(k, { kind, label });
  };

  for (const group of groups.values()) {
    const own = `g${group.key}`;
    if (!children.has(own)) children.set(own, []);
    info.set(own, describeGoal(tuples, group));
    for (const id of group.members) {
      const node = tuples[id]!;
      for (const fid of node.firings) {
        const f = firings[fid]!;
        if (!usable(tuples, node, f) || isCarry(tuples, node, f)) continue;
        const fidStr = `f${fid}`;
        addEdge(own, fidStr, 'body');
        info.set(fidStr, describeFiring(run, rules, f, false));
        for (const g of [...new Set(f.body.map(goalId))]) if (g !== own) addEdge(fidStr, g, 'body');
      }
    }
  }

  // The explanation, woven in: appeared tuples of the failing run and the firings that derived them.
  const outcomes: LineageOutcome[] = [];
  const roots: string[] = [];
  if (explanation !== null && failing !== null) {
    const bad = failing.lineage;
    const goodAt = indexTuples(tuples);
    // A cause met again is marked repeated and has no children; the graph draws the first one's.
    const originals = new Map<string, Cause>();
    const causeKey = (c: Cause): string => `${c.kind}\u0000${c.relation}\u0000${tupleKey(c.tuple)}\u0000${c.since}`;
    const collect = (c: Cause): void => {
      if (!c.repeated && !originals.has(causeKey(c))) originals.set(causeKey(c), c);
      c.children.forEach(collect);
    };
    outcomesExplained.forEach((o) => collect(o.cause));
    const original = (c: Cause): Cause => (c.repeated ? (originals.get(causeKey(c)) ?? c) : c);
    outcomesExplained.forEach((o, i) => {
      const path = new Set<string>();
      const postTuple = rootTuples.find((t) => tupleKey(t.tuple) === tupleKey(o.pre));
      let rootId: string;
      if (postTuple !== undefined) rootId = goalId(postTuple.id);
      else {
        rootId = `m${i}`;
        const text = formatTuple('post', o.pre);
        info.set(rootId, {
          id: rootId,
          kind: 'goal',
          label: fitLabel(text, ` @${run.eot}`),
          detail: `${text}\nnever derived, not even in the fault-free run`,
          rule: null,
          message: null,
          failing: false,
        });
        children.set(rootId, []);
      }
      roots.push(rootId);
      path.add(rootId);

      // Adds the nodes of `steps` (a cause and its via chain) below `parent`, then the cause's children.
      const weave = (c: Cause, steps: readonly Step[], parent: string, parentRun: 'good' | 'bad'): void => {
        let at = parent;
        let atRun = parentRun;
        for (const s of steps) {
          // One firing per cause opens the chain (a tuple broken in every derivation would open them all);
          // the others stay behind the node's "+".
          const link = s.links.slice(0, 1);
          if (s.kind === 'lost-message' || s.kind === 'crashed-sender') {
            for (const l of link) {
              const f = `f${l}`;
              if (atRun !== 'good' || !info.has(f)) continue;
              addEdge(at, f, 'body');
              path.add(f);
            }
            return;
          }
          const node = s.kind === 'appeared' ? `a${s.tupleId}` : s.tupleId !== null && reachable.has(s.tupleId) ? goalId(s.tupleId) : null;
          if (node === null) return;
          if (s.kind === 'appeared' && !info.has(node)) {
            const t = bad.tuples[s.tupleId!]!;
            const text = formatTuple(t.relation, t.tuple);
            const range = s.since === s.time ? `@${s.time}` : `@${s.since}–${s.time}`;
            const when = s.since === s.time ? `t=${s.time}` : `t=${s.since}–${s.time}`;
            const first = original(c);
            const fault = first.fault !== null && s === steps[steps.length - 1] ? `\nthe fault ${formatFault(first.fault)}` : '';
            info.set(node, { id: node, kind: 'appeared', label: fitLabel(text, ` ${range}`), detail: `${text}\nholds in the failing run at ${when}, not in the fault-free run${fault}`, rule: null, message: null, failing: true });
            if (!children.has(node)) children.set(node, []);
          }
          // The notin a cause defeats (or lets hold) labels the edge into the cause itself, not its via steps.
          const label = s === steps[0] && s.cause === c ? c.notin : null;
          if (link.length === 0) addEdge(at, node, at.startsWith('m') ? 'cause' : 'body');
          for (const l of link) {
            const f = atRun === 'good' ? `f${l}` : `x${l}`;
            if (atRun === 'bad' && !info.has(f)) addFailingFiring(f, l);
            if (!info.has(f)) continue;
            if (f !== at) addEdge(at, f, 'body');
            path.add(f);
            addEdge(f, node, label !== null ? 'notin' : 'body', label);
          }
          path.add(node);
          at = node;
          atRun = s.kind === 'appeared' ? 'bad' : 'good';
        }
        for (const k of original(c).children) weave(k, unfoldAs(k), at, atRun);
      };
      // A repeated cause keeps its own link to this parent, and takes the first occurrence's via chain.
      const unfoldAs = (k: Cause): Step[] => {
        const steps = unfold(original(k));
        return [{ ...steps[0]!, links: k.links, notin: k.notin, cause: k }, ...steps.slice(1)];
      };
      // A failing-run firing, with edges to the body tuples the fault-free graph also has.
      const addFailingFiring = (id: string, fid: number): void => {
        const f = bad.firings[fid]!;
        info.set(id, describeFiring(failing, rules, f, true));
        children.set(id, children.get(id) ?? []);
        for (const b of f.body) {
          const t = bad.tuples[b]!;
          const g = goodAt(t.relation, t.tuple, t.time);
          if (g !== undefined && reachable.has(g)) addEdge(id, goalId(g), 'body');
        }
      };

      const root = o.cause;
      // The root is the post goal itself; its via chain (post ← committed ← …) follows it.
      if (postTuple !== undefined) weave(root, unfold(root).slice(1), rootId, 'good');
      else for (const k of root.children) weave(k, unfoldAs(k), rootId, 'bad');
      outcomes.push({ root: rootId, label: formatTuple('post', o.pre), explain: [...path] });
    });
  } else roots.push(...new Set(rootTuples.map((t) => goalId(t.id))));

  // Breadth first from the roots, up to the budget; explanation nodes always stay.
  const pinned = new Set(outcomes.flatMap((o) => o.explain));
  const depth = new Map<string, number>();
  const order: string[] = [];
  const included = new Set<string>();
  const include = (id: string): void => {
    if (!included.has(id)) {
      included.add(id);
      order.push(id);
    }
  };
  let queue = [...roots];
  for (const r of roots) depth.set(r, 0);
  let d = 0;
  while (queue.length > 0) {
    const next: string[] = [];
    for (const id of queue) {
      if (order.length >= budget && !pinned.has(id)) continue;
      include(id);
      const kids = children.get(id) ?? [];
      const shown = id.startsWith('g') ? [...kids.filter((k) => pinned.has(k)), ...kids.filter((k) => !pinned.has(k)).slice(0, MAX_FIRINGS_PER_GOAL)] : kids;
      for (const c of shown) {
        if (!depth.has(c)) {
          depth.set(c, d + 1);
          next.push(c);
        }
      }
    }
    queue = next;
    d++;
  }
  for (const id of pinned) include(id);

  const totalNodes = new Set([...info.keys()]).size;
  const nodes: LineageNode[] = order.map((id) => {
    const desc = info.get(id)!;
    const { width, height } = nodeSize(desc.label, desc.kind);
    const hidden = (children.get(id) ?? []).filter((c) => !included.has(c)).length;
    return { ...desc, width, height, depth: depth.get(id) ?? 0, hiddenChildren: hidden, root: roots.includes(id) };
  });
  const edges: LineageEdge[] = [];
  for (const id of order) {
    for (const c of children.get(id) ?? []) {
      if (!included.has(c)) continue;
      const e = edgeInfo.get(`${id}\u0000${c}`)!;
      edges.push({ from: id, to: c, kind: e.kind, label: e.label });
    }
  }
  const collapsed =
    outcomes.length === 0 && nodes.length > COLLAPSE_ABOVE
      ? nodes.filter((n) => n.depth === COLLAPSE_DEPTH && n.kind === 'goal' && (children.get(n.id) ?? []).length > 0).map((n) => n.id)
      : [];

  const pruned = order.length < totalNodes ? `; pruned to the ${order.length} nodes nearest the outcome (of ${totalNodes}).` : '.';
  const caption =
    outcomes.length > 0
      ? `Why ${outcomes.length === 1 ? `${outcomes[0]!.label} is` : `${outcomes[0]!.label} and ${outcomes.length - 1} more are`} missing: the cause chain is open; dashed red edges are notin, yellow tuples appeared in the counterexample only. Click a node marked + for the rest of its derivation${pruned}`
      : roots.length === 0
        ? targets.length === 0
          ? 'No outcome to explain.'
          : 'The fault-free run never derived the post tuples this counterexample lacks, so there is no derivation to show.'
        : `Fault-free derivations of ${joinLabels(rootTuples.map((t) => formatTuple('post', t.tuple)))}${pruned}`;

  const used = new Set(nodes.filter((n) => n.rule !== null).map((n) => n.rule!));
  const printedRules = rules.map((r, i) => (used.has(i) ? printClause(r) : ''));

  const graph: LineageGraph = { roots, outcomes, nodes, edges, totalNodes, rules: printedRules, collapsed, caption };

  const marks = (other: RunResult): LineageMarks => {
    const killed = nodes.filter((n) => n.message !== null && !n.failing && killedBy(other.faults, n.message)).map((n) => n.id);
    const absent: string[] = [];
    let never = 0;
    const present = new Map<string, Set<string>>();
    const has = (relation: string, time: number, tuple: Tuple): boolean => {
      const k = `${relation}@${time}`;
      let set = present.get(k);
      if (!set) present.set(k, (set = new Set((other.tables[time - 1]?.get(relation) ?? []).map(tupleKey))));
      return set.has(tupleKey(tuple));
    };
    for (const n of nodes) {
      // An outcome not even the fault-free run derived: missing here too, but not a fault-free tuple.
      if (n.id.startsWith('m')) {
        absent.push(n.id);
        never++;
        continue;
      }
      if ((n.kind !== 'goal' && n.kind !== 'fact') || !n.id.startsWith('g')) continue;
      const group = groups.get(Number(n.id.slice(1)))!;
      // Absent when any step the fault-free run had it is missing from this run.
      const missing = group.members.some((m) => !has(tuples[m]!.relation, tuples[m]!.time, tuples[m]!.tuple));
      if (missing) absent.push(n.id);
    }
    return { killed, absent, missing: absent.length - never };
  };

  return { graph, marks };
}

function indexTuples(tuples: readonly TupleNode[]): (relation: string, tuple: Tuple, time: number) => number | undefined {
  const byKey = new Map<string, number>();
  for (const t of tuples) byKey.set(`${t.relation}\u0000${t.time}\u0000${tupleKey(t.tuple)}`, t.id);
  return (relation, tuple, time) => byKey.get(`${relation}\u0000${time}\u0000${tupleKey(tuple)}`);
}

function formatFault(f: Fault): string {
  return f.kind === 'omit' ? `omit(${f.from},${f.to},${f.time})` : `crash(${f.node},${f.time})`;
}

function describeGoal(tuples: readonly TupleNode[], group: Group): NodeInfo {
  const first = tuples[group.members[0]!]!;
  const times = group.members.map((m) => tuples[m]!.time);
  // A loop, not Math.min(...times): a tuple carried over 100,000 steps has that many times.
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  const text = formatTuple(first.relation, first.tuple);
  const when = lo === hi ? `@${lo}` : `@${lo}–${hi}`;
  const base = group.members.every((m) => tuples[m]!.base);
  const held = lo === hi ? `holds at t=${lo}` : `holds from t=${lo} to t=${hi} (carried by @next)`;
  const id = `g${group.key}`;
  return { id, kind: base ? 'fact' : 'goal', label: fitLabel(text, ` ${when}`), detail: `${text}\n${held}${base ? '\na fact: holds whatever the faults' : ''}`, rule: null, message: null, failing: false };
}

function describeFiring(run: RunResult, rules: readonly Rule[], f: Firing, inFailing: boolean): NodeInfo {
  const rule = rules[f.rule];
  const head = rule ? `${rule.head.relation}${rule.headTime === 'now' ? '' : '@' + rule.headTime}` : `rule ${f.rule}`;
  const lines = [`fired at t=${f.time}${inFailing ? ' in the failing run only' : ''}`];
  for (const n of f.negated) lines.push(`notin ${n.relation}(${n.args.map((a) => (a === null ? '_' : formatValue(a))).join(', ')}) held at t=${n.time}`);
  const id = `${inFailing ? 'x' : 'f'}${f.id}`;
  if (f.message !== null) {
    const m = run.messages[f.message]!;
    lines.push(`message ${m.from}→${m.to} sent at t=${m.sendTime}, arrives at t=${m.sendTime + 1}`);
    return { id, kind: 'message', label: `r${f.rule} ${head} ${m.from}→${m.to} @${m.sendTime}`, detail: lines.join('\n'), rule: f.rule, message: { from: m.from, to: m.to, sendTime: m.sendTime }, failing: inFailing };
  }
  return { id, kind: 'rule', label: `r${f.rule} ${head} @${f.time}`, detail: lines.join('\n'), rule: f.rule, message: null, failing: inFailing };
}

function joinLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** Cut the tuple, not the time: `log("b", "a long pay… @2–4`. */
function fitLabel(text: string, suffix: string): string {
  const room = MAX_LABEL - suffix.length;
  return (text.length > room ? text.slice(0, Math.max(8, room - 1)) + '…' : text) + suffix;
}

/** Monospace at 12 px: about 7.3 px a character. */
const CHAR_WIDTH = 7.3;
const MAX_LABEL = 48;

/** Labels are cut on the page beyond MAX_LABEL characters; sizes follow. */
function nodeSize(label: string, kind: LineageNodeKind): { width: number; height: number } {
  const chars = Math.min(label.length, MAX_LABEL);
  const pad = kind === 'goal' || kind === 'fact' || kind === 'appeared' ? 34 : 18;
  return { width: Math.round(chars * CHAR_WIDTH + pad), height: 26 };
}

export const LINEAGE_MAX_LABEL = MAX_LABEL;
