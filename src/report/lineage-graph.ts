/**
 * The lineage graph drawn on the page: the fault-free derivations of the `post` tuples a
 * counterexample broke, as a layered DAG of goals (tuples) and rule firings, laid out here in Node
 * with dagre (ranker `tight-tree`: the default ranker is far too slow on big graphs) so the page
 * only draws, zooms and pans.
 *
 * Two simplifications keep it readable:
 * - A tuple carried unchanged from step to step by an `@next` rule is one goal `p(...) @2–5`, not
 *   a chain of persistence firings.
 * - The graph is cut to a node budget, breadth first from the outcomes; goals whose derivations
 *   were cut say how many children are hidden, and the page says the graph was pruned.
 */
import dagre from '@dagrejs/dagre';
import type { Rule } from '../syntax/ast.js';
import { printClause } from '../syntax/print.js';
import type { Fault, FaultSet } from '../faults/types.js';
import type { Firing, RunResult, Tuple, TupleNode } from '../sim/types.js';
import { formatTuple, formatValue, tupleKey } from '../terms/values.js';

export type LineageNodeKind = 'goal' | 'fact' | 'rule' | 'message';

export interface LineageNode {
  readonly id: string;
  readonly kind: LineageNodeKind;
  readonly label: string;
  /** Hover text: the full tuple or rule, times, negated goals. */
  readonly detail: string;
  /** Centre, width and height in layout units (pixels at zoom 1). */
  readonly x: number;
  readonly y: number;
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
}

export interface LineageEdge {
  /** From a goal to a firing that derives it, or from a firing to a body goal. */
  readonly from: string;
  readonly to: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface LineageGraph {
  readonly roots: readonly string[];
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageEdge[];
  readonly width: number;
  readonly height: number;
  /** Nodes before pruning. */
  readonly totalNodes: number;
  /** Printed rules, indexed as `Firing.rule`; empty strings for rules no node uses. */
  readonly rules: readonly string[];
  /** Goal nodes whose sub-trees start collapsed (big graphs only). */
  readonly collapsed: readonly string[];
  /** What is shown, in words, for the page. */
  readonly caption: string;
}

/** What one run did to the graph: the message firings its faults kill, the goals it lacks. */
export interface LineageMarks {
  readonly killed: readonly string[];
  readonly absent: readonly string[];
}

export interface LineageView {
  readonly graph: LineageGraph;
  marks(run: RunResult): LineageMarks;
}

/** dagre's ordering phase grows fast with layer width: 250 nodes of a wide relay graph lay out in about 0.5 s. */
export const LINEAGE_NODE_BUDGET = 250;
/** Alternative derivations drawn per goal; more would make layers wide and unreadable. */
export const MAX_FIRINGS_PER_GOAL = 6;
export const MAX_ROOTS = 8;
/** Above this many nodes, sub-trees below COLLAPSE_DEPTH start collapsed. */
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

/**
 * Builds the graph of the derivations of `post` tuples at EOT in `run` (normally the fault-free
 * run) that equal one of `targets`.
 */
export function buildLineageGraph(
  run: RunResult,
  targets: readonly Tuple[],
  rules: readonly Rule[],
  budget = LINEAGE_NODE_BUDGET,
): LineageView {
  const { tuples, firings } = run.lineage;
  const wanted = new Set(targets.map(tupleKey));
  const rootTuples = tuples
    .filter((t) => t.relation === 'post' && t.time === run.eot && wanted.has(tupleKey(t.tuple)))
    .slice(0, MAX_ROOTS);

  // Firings that cannot support themselves: same-time body tuples created before the head.
  const usable = (head: TupleNode, f: Firing): boolean => !f.body.some((b) => tuples[b]!.time === head.time && b >= head.id);
  const isCarry = (head: TupleNode, f: Firing): boolean => {
    if (f.message !== null || f.body.length !== 1) return false;
    const b = tuples[f.body[0]!]!;
    return b.relation === head.relation && b.time === head.time - 1 && tupleKey(b.tuple) === tupleKey(head.tuple);
  };

  // Every tuple reachable from the roots through usable firings.
  const reachable = new Set<number>();
  const stack = rootTuples.map((t) => t.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    const node = tuples[id]!;
    for (const fid of node.firings) {
      const f = firings[fid]!;
      if (usable(node, f)) for (const b of f.body) if (!reachable.has(b)) stack.push(b);
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
      if (isCarry(node, f) && reachable.has(f.body[0]!)) {
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

  // Children of each graph node, in a deterministic order.
  const goalId = (tupleId: number): string => `g${find(tupleId)}`;
  const children = new Map<string, string[]>();
  const firingOf = new Map<string, Firing>();
  for (const group of groups.values()) {
    const kids: string[] = [];
    for (const id of group.members) {
      const node = tuples[id]!;
      for (const fid of node.firings) {
        const f = firings[fid]!;
        if (!usable(node, f) || isCarry(node, f)) continue;
        const fidStr = `f${fid}`;
        kids.push(fidStr);
        firingOf.set(fidStr, f);
        const own = `g${group.key}`;
        const body = [...new Set(f.body.map(goalId))].filter((g) => g !== own);
        children.set(fidStr, body);
      }
    }
    children.set(`g${group.key}`, kids);
  }

  // Breadth first from the roots, up to the budget.
  const rootIds = [...new Set(rootTuples.map((t) => goalId(t.id)))];
  const depth = new Map<string, number>();
  const order: string[] = [];
  let queue = [...rootIds];
  for (const r of rootIds) depth.set(r, 0);
  let d = 0;
  while (queue.length > 0 && order.length < budget) {
    const next: string[] = [];
    for (const id of queue) {
      if (order.length >= budget) break;
      order.push(id);
      const kids = children.get(id) ?? [];
      for (const c of id.startsWith('g') ? kids.slice(0, MAX_FIRINGS_PER_GOAL) : kids) {
        if (!depth.has(c)) {
          depth.set(c, d + 1);
          next.push(c);
        }
      }
    }
    queue = next;
    d++;
  }
  const included = new Set(order);

  const totalNodes = groups.size + firingOf.size;
  const nodes: LineageNode[] = [];
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', ranker: 'tight-tree', nodesep: 18, ranksep: 36, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));

  const describeGoal = (group: Group): { kind: LineageNodeKind; label: string; detail: string } => {
    const first = tuples[group.members[0]!]!;
    const times = group.members.map((m) => tuples[m]!.time);
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
    return { kind: base ? 'fact' : 'goal', label: fitLabel(text, ` ${when}`), detail: `${text}\n${held}${base ? '\na fact: holds whatever the faults' : ''}` };
  };
  const describeFiring = (f: Firing): { kind: LineageNodeKind; label: string; detail: string; message: LineageNode['message'] } => {
    const rule = rules[f.rule];
    const head = rule ? `${rule.head.relation}${rule.headTime === 'now' ? '' : '@' + rule.headTime}` : `rule ${f.rule}`;
    const lines = [`fired at t=${f.time}`];
    for (const n of f.negated) lines.push(`notin ${n.relation}(${n.args.map((a) => (a === null ? '_' : formatValue(a))).join(', ')}) held at t=${n.time}`);
    if (f.message !== null) {
      const m = run.messages[f.message]!;
      lines.push(`message ${m.from}→${m.to} sent at t=${m.sendTime}, arrives at t=${m.sendTime + 1}`);
      return { kind: 'message', label: `r${f.rule} ${head} ${m.from}→${m.to} @${m.sendTime}`, detail: lines.join('\n'), message: { from: m.from, to: m.to, sendTime: m.sendTime } };
    }
    return { kind: 'rule', label: `r${f.rule} ${head} @${f.time}`, detail: lines.join('\n'), message: null };
  };

  const info = new Map<string, { kind: LineageNodeKind; label: string; detail: string; message: LineageNode['message'] }>();
  for (const id of order) {
    const desc = id.startsWith('g') ? { ...describeGoal(groups.get(Number(id.slice(1)))!), message: null } : describeFiring(firingOf.get(id)!);
    info.set(id, desc);
    const { width, height } = nodeSize(desc.label, desc.kind);
    g.setNode(id, { width, height });
  }
  const edgeList: [string, string][] = [];
  for (const id of order) {
    for (const c of children.get(id) ?? []) {
      if (included.has(c)) {
        edgeList.push([id, c]);
        g.setEdge(id, c);
      }
    }
  }
  if (order.length > 0) dagre.layout(g);

  for (const id of order) {
    const desc = info.get(id)!;
    const laid = g.node(id);
    const hidden = (children.get(id) ?? []).filter((c) => !included.has(c)).length;
    nodes.push({
      id,
      kind: desc.kind,
      label: desc.label,
      detail: desc.detail,
      x: round(laid.x ?? 0),
      y: round(laid.y ?? 0),
      width: laid.width,
      height: laid.height,
      depth: depth.get(id) ?? 0,
      hiddenChildren: hidden,
      rule: id.startsWith('f') ? firingOf.get(id)!.rule : null,
      message: desc.message,
      root: rootIds.includes(id),
    });
  }
  const edges: LineageEdge[] = edgeList.map(([from, to]) => ({
    from,
    to,
    points: ((g.edge(from, to)?.points ?? []) as { x: number; y: number }[]).map((p) => ({ x: round(p.x), y: round(p.y) })),
  }));
  const graphLabel = g.graph();
  const collapsed =
    nodes.length > COLLAPSE_ABOVE ? nodes.filter((n) => n.depth === COLLAPSE_DEPTH && n.kind === 'goal' && (children.get(n.id) ?? []).length > 0).map((n) => n.id) : [];

  const caption =
    rootIds.length === 0
      ? targets.length === 0
        ? 'No outcome to explain.'
        : 'The fault-free run never derived the post tuples this counterexample lacks, so there is no derivation to show.'
      : `Fault-free derivations of ${joinLabels(rootTuples.map((t) => formatTuple('post', t.tuple)))}` +
        (order.length < totalNodes ? `; pruned to the ${order.length} nodes nearest the outcome (of ${totalNodes}).` : '.');

  const used = new Set(nodes.filter((n) => n.rule !== null).map((n) => n.rule!));
  const printedRules = rules.map((r, i) => (used.has(i) ? printClause(r) : ''));

  const graph: LineageGraph = {
    roots: rootIds,
    nodes,
    edges,
    width: round(graphLabel.width ?? 0),
    height: round(graphLabel.height ?? 0),
    totalNodes,
    rules: printedRules,
    collapsed,
    caption,
  };

  const marks = (other: RunResult): LineageMarks => {
    const killed = nodes.filter((n) => n.message !== null && killedBy(other.faults, n.message)).map((n) => n.id);
    const absent: string[] = [];
    const present = new Map<string, Set<string>>();
    const has = (relation: string, time: number, tuple: Tuple): boolean => {
      const k = `${relation}@${time}`;
      let set = present.get(k);
      if (!set) present.set(k, (set = new Set((other.tables[time - 1]?.get(relation) ?? []).map(tupleKey))));
      return set.has(tupleKey(tuple));
    };
    for (const n of nodes) {
      if (n.kind !== 'goal' && n.kind !== 'fact') continue;
      const group = groups.get(Number(n.id.slice(1)))!;
      // Absent when any step the fault-free run had it is missing from this run.
      const missing = group.members.some((m) => !has(tuples[m]!.relation, tuples[m]!.time, tuples[m]!.tuple));
      if (missing) absent.push(n.id);
    }
    return { killed, absent };
  };

  return { graph, marks };
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

function round(n: number): number {
  return Math.round(n);
}

const CHAR_WIDTH = 6.6;
const MAX_LABEL = 48;

/** Labels are cut on the page beyond MAX_LABEL characters; sizes follow. */
function nodeSize(label: string, kind: LineageNodeKind): { width: number; height: number } {
  const chars = Math.min(label.length, MAX_LABEL);
  const pad = kind === 'goal' || kind === 'fact' ? 30 : 16;
  return { width: Math.round(chars * CHAR_WIDTH + pad), height: 26 };
}

export const LINEAGE_MAX_LABEL = MAX_LABEL;
