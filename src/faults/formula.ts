/**
 * Formulas over the faults of one bounds: "omit(a,b,1) is in G", "n crashes by t", and the
 * and/or/not gates the lineage analyses build from them.
 *
 * Formulas are hash-consed in a `FormulaStore`: a gate is identified by its (sorted) arguments,
 * so the same sub-formula built twice — by two runs of a search, or twice in one run — is one
 * node, encoded once by the solver. A formula is a signed integer: `TRUE` and `FALSE` are ±1,
 * a node is ±id with id ≥ 2, and negation is a sign flip (it costs nothing). Children always have
 * smaller ids than their parents, so the store is a DAG in topological order.
 *
 * The store knows the bounds, so an atom the bounds forbid (an omission at t ≥ EFF, a crash when
 * no crash is allowed, a node outside the node set) is simply FALSE.
 */
import type { Bounds, FaultSet } from './types.js';
import { getHeapStatistics } from 'node:v8';
import { omissionKey } from './order.js';
import { pushTo } from '../multimap.js';

export type Formula = number;
export const TRUE: Formula = 1;
export const FALSE: Formula = -1;

/** Sets evaluated together by evaluateMany (32 words of bits per formula node). */
const EVALUATE_CHUNK = 1024;

const OMIT = 1;
const CRASHED = 2;
const AND = 3;

/** A fault set indexed for evaluation: omission keys, and each crashed node's crash time. */
export interface FaultIndex {
  readonly omissions: ReadonlySet<string>;
  readonly crashTimes: ReadonlyMap<string, number>;
}

export function indexFaults(faults: FaultSet): FaultIndex {
  const omissions = new Set<string>();
  const crashTimes = new Map<string, number>();
  for (const f of faults) {
    if (f.kind === 'omit') omissions.add(omissionKey(f.from, f.to, f.time));
    else crashTimes.set(f.node, Math.min(f.time, crashTimes.get(f.node) ?? Infinity));
  }
  return { omissions, crashTimes };
}

export type Atom =
  | { readonly kind: 'omit'; readonly from: string; readonly to: string; readonly time: number }
  /** The node crashes at some time ≤ `by` (1 ≤ by ≤ EOT). */
  | { readonly kind: 'crashed'; readonly node: string; readonly by: number };

/**
 * The formulas of a long search, and the solver clauses encoding them, can outgrow Node's heap;
 * a V8 out-of-memory abort loses the work and says nothing. They stop growing first: past the
 * limit (looked at every `every` new nodes or clauses) the store throws, and the search ends
 * `incomplete` with what it covered.
 */
export class LineageMemoryExceeded extends Error {
  constructor(readonly usedBytes: number, readonly limitBytes: number) {
    super(`the lineage formulas outgrew the memory limit (${Math.round(usedBytes / 2 ** 20)} MiB used of ${Math.round(limitBytes / 2 ** 20)} MiB allowed)`);
    this.name = 'LineageMemoryExceeded';
  }
}

export interface StoreMemory {
  /** Heap bytes in use beyond which the store refuses to grow. */
  readonly limitBytes: number;
  /** New nodes between two looks at the heap. */
  readonly every: number;
}

/** 80 % of this isolate's heap limit, looked at every 16,384 new nodes. */
export function defaultStoreMemory(): StoreMemory {
  return { limitBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.8), every: 16_384 };
}

export class FormulaStore {
  private readonly kinds: number[] = [0, 0];
  private readonly args: (readonly Formula[] | null)[] = [null, null];
  private readonly atoms: (Atom | null)[] = [null, null];
  /** Atoms by key; gates by a hash of their arguments, with a chain of ids per hash. */
  private readonly keys = new Map<string, number>();
  private readonly buckets = new Map<number, number>();
  private readonly chain: (number | undefined)[] = [];
  private readonly nodes: ReadonlySet<string>;

  private readonly memory: StoreMemory;
  private untilMemoryCheck: number;

  constructor(
    readonly bounds: Bounds,
    memory?: StoreMemory,
  ) {
    this.nodes = new Set(bounds.nodes);
    this.memory = memory ?? defaultStoreMemory();
    this.untilMemoryCheck = this.memory.every;
  }

  /** One more unit of growth (a node here, a clause in a solver session over these formulas). */
  grew(): void {
    if (--this.untilMemoryCheck > 0) return;
    this.untilMemoryCheck = this.memory.every;
    // Used heap counts garbage not yet collected: only two looks in a row over the limit, with
    // allocation (and so likely a collection) between them, stop the search.
    const used = process.memoryUsage().heapUsed;
    if (used <= this.memory.limitBytes) this.overLimit = false;
    else if (this.overLimit) throw new LineageMemoryExceeded(used, this.memory.limitBytes);
    else this.overLimit = true;
  }

  private overLimit = false;

  /** Number of nodes (atoms and gates) ever made. */
  get size(): number {
    return this.kinds.length - 2;
  }

  /** The id the next node will get (ids start at 2). */
  get nextId(): number {
    return this.kinds.length;
  }

  /** omit(from,to,time) ∈ G; FALSE where the bounds allow no such omission. */
  omitted(from: string, to: string, time: number): Formula {
    const { eff, eot } = this.bounds;
    if (from === to || !Number.isInteger(time) || time < 1 || time >= eff || time > eot) return FALSE;
    if (!this.nodes.has(from) || !this.nodes.has(to)) return FALSE;
    return this.atom(`o${omissionKey(from, to, time)}`, { kind: 'omit', from, to, time });
  }

  /** G crashes `node` at some time ≤ by; by ≥ EOT means "at all". */
  crashedBy(node: string, by: number): Formula {
    if (by < 1 || this.bounds.crashes === 0 || !this.nodes.has(node)) return FALSE;
    const t = Math.min(Math.floor(by), this.bounds.eot);
    return this.atom(`c${node}\u0000${t}`, { kind: 'crashed', node, by: t });
  }

  /** G crashes `node` exactly at `time`: what the built-in `crash` relation says. */
  crashedAt(node: string, time: number): Formula {
    if (!Number.isInteger(time) || time < 1 || time > this.bounds.eot) return FALSE;
    return this.and(this.crashedBy(node, time), -this.crashedBy(node, time - 1));
  }

  /** The message from→to sent at `time` is lost under G: omitted, or its sender crashed by then. */
  messageLost(from: string, to: string, time: number): Formula {
    if (from === to) return FALSE;
    return this.or(this.omitted(from, to, time), this.crashedBy(from, time));
  }

  and(...parts: readonly Formula[]): Formula {
    return this.gate(parts, 1);
  }

  /** ¬(¬a ∧ ¬b ∧ …), each part negated as it is read. */
  or(...parts: readonly Formula[]): Formula {
    return -this.gate(parts, -1);
  }

  not(f: Formula): Formula {
    return -f;
  }

  /**
   * At least k of `parts` hold, as a sequential counter over formulas (n·k gates, shared by
   * hash-consing): c(i, j) = c(i−1, j) ∨ (part_i ∧ c(i−1, j−1)).
   */
  atLeast(k: number, parts: readonly Formula[]): Formula {
    if (k <= 0) return TRUE;
    if (k > parts.length) return FALSE;
    // An aggregate asks of the same parts for every value it may take: the counter's table is
    // kept by its parts and only grows by the columns a larger k needs.
    const key = parts.join(',');
    let rows = this.counters.get(key);
    if (rows === undefined) {
      rows = parts.map(() => [TRUE]);
      rows.unshift([TRUE]);
      this.counters.set(key, rows);
    }
    // rows[i][j] = "at least j of the first i parts", built part by part as a counter is.
    const from = rows[0]!.length;
    for (let j = from; j <= k; j++) rows[0]!.push(FALSE);
    for (let i = 1; i <= parts.length; i++) {
      for (let j = from; j <= k; j++) rows[i]!.push(this.or(rows[i - 1]![j]!, this.and(parts[i - 1]!, rows[i - 1]![j - 1]!)));
    }
    return rows[parts.length]![k]!;
  }

  /** Sequential-counter tables by their parts: rows[i][j] is "at least j of the first i parts". */
  private readonly counters = new Map<string, Formula[][]>();

  isGate(f: Formula): boolean {
    const id = Math.abs(f);
    return id >= 2 && this.kinds[id] === AND;
  }

  /** The arguments of an and-gate (for −id, the gate is negated: an or of the negated arguments). */
  gateArgs(f: Formula): readonly Formula[] {
    return this.args[Math.abs(f)] ?? [];
  }

  atomOf(f: Formula): Atom | null {
    return this.atoms[Math.abs(f)] ?? null;
  }

  /**
   * The value of `root` under G. `memo` may be shared by calls about the same fault set. Each gate
   * on the stack remembers how far through its arguments it got, so a gate of n arguments costs
   * O(n) however many of them need evaluating first (rescanning from the start was quadratic).
   */
  evaluate(root: Formula, faults: FaultIndex, memo: Map<number, boolean> = new Map()): boolean {
    if (root === TRUE) return true;
    if (root === FALSE) return false;
    const ids: number[] = [Math.abs(root)];
    const positions: number[] = [0];
    while (ids.length > 0) {
      const top = ids.length - 1;
      const id = ids[top]!;
      if (memo.has(id)) {
        ids.pop();
        positions.pop();
        continue;
      }
      if (this.kinds[id] !== AND) {
        memo.set(id, this.atomValue(this.atoms[id]!, faults));
        ids.pop();
        positions.pop();
        continue;
      }
      // Short-circuit on the first false argument; descend into the first unknown one.
      const args = this.args[id]!;
      let value: boolean | undefined = true;
      let i = positions[top]!;
      for (; i < args.length; i++) {
        const a = args[i]!;
        const v = a === TRUE ? true : a === FALSE ? false : memo.get(Math.abs(a));
        if (v === undefined) {
          value = undefined;
          break;
        }
        if ((a > 0 ? v : !v) === false) {
          value = false;
          break;
        }
      }
      if (value === undefined) {
        positions[top] = i;
        ids.push(Math.abs(args[i]!));
        positions.push(0);
        continue;
      }
      memo.set(id, value);
      ids.pop();
      positions.pop();
    }
    const v = memo.get(Math.abs(root))!;
    return root > 0 ? v : !v;
  }

  /**
   * The value of `root` under each of many fault sets at once: entry i is `evaluate(root, sets[i])`.
   * Each node is visited once with one bit per set (32 sets a word), children before parents
   * (a gate's arguments always have smaller ids), so n sets cost about n/32 evaluations.
   */
  evaluateMany(root: Formula, sets: readonly FaultIndex[]): boolean[] {
    const n = sets.length;
    if (root === TRUE || root === FALSE || n === 0) return new Array<boolean>(n).fill(root === TRUE);
    // In chunks, so the bits of a large formula over thousands of sets stay a few MB.
    if (n > EVALUATE_CHUNK) {
      const out: boolean[] = [];
      for (let i = 0; i < n; i += EVALUATE_CHUNK) out.push(...this.evaluateMany(root, sets.slice(i, i + EVALUATE_CHUNK)));
      return out;
    }
    const words = Math.ceil(n / 32);
    const ids = this.reachable([root]);
    const slot = this.scratchSlot;
    const bits = new Int32Array(ids.length * words);
    const full = (w: number): number => (w < words - 1 || n % 32 === 0 ? -1 : (1 << n % 32) - 1);
    // An atom's bits come from the sets that name its fault: a set names a few faults, a formula many atoms.
    const omittedIn = new Map<string, number[]>();
    const crashesOf = new Map<string, { readonly set: number; readonly time: number }[]>();
    for (let i = 0; i < n; i++) {
      for (const key of sets[i]!.omissions) pushTo(omittedIn, key, i);
      for (const [node, time] of sets[i]!.crashTimes) pushTo(crashesOf, node, { set: i, time });
    }
    for (const list of crashesOf.values()) list.sort((a, b) => a.time - b.time);
    const setBit = (at: number, i: number): void => {
      bits[at + (i >>> 5)]! |= 1 << (i & 31);
    };
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const at = k * words;
      slot[id] = at;
      if (this.kinds[id] !== AND) {
        const atom = this.atoms[id]!;
        if (atom.kind === 'omit') for (const i of omittedIn.get(omissionKey(atom.from, atom.to, atom.time)) ?? []) setBit(at, i);
        else for (const c of crashesOf.get(atom.node) ?? []) {
          if (c.time > atom.by) break;
          setBit(at, c.set);
        }
        continue;
      }
      for (let w = 0; w < words; w++) bits[at + w] = full(w);
      for (const a of this.args[id]!) {
        // TRUE arguments never reach a gate (simplified away); FALSE ones make it FALSE.
        const from = Math.abs(a) < 2 ? -1 : slot[Math.abs(a)]!;
        for (let w = 0; w < words; w++) {
          const v = from < 0 ? (a === TRUE ? -1 : 0) : a > 0 ? bits[from + w]! : ~bits[from + w]!;
          bits[at + w]! &= v;
        }
      }
    }
    const at = slot[Math.abs(root)]!;
    const out = new Array<boolean>(n);
    for (let i = 0; i < n; i++) {
      const v = (bits[at + (i >>> 5)]! >>> (i & 31)) & 1;
      out[i] = root > 0 ? v === 1 : v === 0;
    }
    return out;
  }

  /** Per-node scratch for reachable and evaluateMany: a visit stamp and a slot, grown with the store, never cleared. */
  private scratchStamp = new Int32Array(0);
  private scratchSlot = new Int32Array(0);
  private scratchGeneration = 0;

  /** Distinct nodes reachable from the roots, ascending: arguments before the gates that read them. */
  reachable(roots: readonly Formula[]): Int32Array {
    if (this.scratchStamp.length < this.kinds.length) {
      const size = Math.max(1024, 2 * this.kinds.length);
      this.scratchStamp = new Int32Array(size);
      this.scratchSlot = new Int32Array(size);
      this.scratchGeneration = 0;
    }
    const stamp = this.scratchStamp;
    const gen = ++this.scratchGeneration;
    const found: number[] = [];
    const stack: number[] = [];
    const visit = (f: Formula): void => {
      const id = Math.abs(f);
      if (id >= 2 && stamp[id] !== gen) {
        stamp[id] = gen;
        stack.push(id);
      }
    };
    for (const r of roots) visit(r);
    while (stack.length > 0) {
      const id = stack.pop()!;
      found.push(id);
      for (const a of this.args[id] ?? []) visit(a);
    }
    // A typed array sorts numerically without calling back into JS for each comparison.
    return Int32Array.from(found).sort();
  }

  private atomValue(atom: Atom, faults: FaultIndex): boolean {
    if (atom.kind === 'omit') return faults.omissions.has(omissionKey(atom.from, atom.to, atom.time));
    const t = faults.crashTimes.get(atom.node);
    return t !== undefined && t <= atom.by;
  }

  private atom(key: string, atom: Atom): Formula {
    const found = this.keys.get(key);
    if (found !== undefined) return found;
    const id = this.kinds.length;
    this.kinds.push(atom.kind === 'omit' ? OMIT : CRASHED);
    this.args.push(null);
    this.atoms.push(atom);
    this.keys.set(key, id);
    return id;
  }

  /** The and-gate of `sign`·parts (sign −1 reads each part negated), simplified and hash-consed. */
  private gate(parts: readonly Formula[], sign: 1 | -1): Formula {
    // Most gates have two parts, and most of those exist already: they are looked up without
    // allocating (no copy of the parts, no sort).
    let n = 0;
    let x = TRUE;
    let y = TRUE;
    for (let i = 0; i < parts.length; i++) {
      const p = sign * parts[i]!;
      if (p === TRUE) continue;
      if (p === FALSE) return FALSE;
      if (n === 0) x = p;
      else if (n === 1) y = p;
      n++;
    }
    if (n === 0) return TRUE;
    if (n === 1) return x;
    if (n === 2) {
      if (x === -y) return FALSE;
      if (x === y) return x;
      if (Math.abs(y) < Math.abs(x)) [x, y] = [y, x];
      const h = pairHash(x, y);
      for (let id = this.buckets.get(h); id !== undefined; id = this.chain[id]) {
        const a = this.args[id]!;
        if (a.length === 2 && a[0] === x && a[1] === y) return id;
      }
      return this.newGate([x, y], h);
    }
    const kept: Formula[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = sign * parts[i]!;
      if (p !== TRUE) kept.push(p);
    }
    // By node, then sign: duplicates and complementary pairs end up side by side.
    kept.sort(byNode);
    const args = [kept[0]!];
    for (let i = 1; i < kept.length; i++) {
      const f = kept[i]!;
      const last = args[args.length - 1]!;
      if (f === last) continue;
      if (f === -last) return FALSE;
      args.push(f);
    }
    if (args.length === 1) return args[0]!;
    const h = args.length === 2 ? pairHash(args[0]!, args[1]!) : argsHash(args);
    for (let id = this.buckets.get(h); id !== undefined; id = this.chain[id]) {
      if (sameArgs(this.args[id]!, args)) return id;
    }
    return this.newGate(args, h);
  }

  private newGate(args: Formula[], h: number): Formula {
    this.grew();
    const id = this.kinds.length;
    this.kinds.push(AND);
    this.args.push(args);
    this.atoms.push(null);
    this.chain[id] = this.buckets.get(h);
    this.buckets.set(h, id);
    return id;
  }
}

/** The hash of a gate's arguments; `pairHash` is the same function for two of them. */
function argsHash(args: readonly Formula[]): number {
  let h = args.length;
  for (const f of args) h = Math.imul(h ^ f, 0x9e3779b1) ^ (h >>> 15);
  return h;
}

function pairHash(x: Formula, y: Formula): number {
  let h = Math.imul(2 ^ x, 0x9e3779b1) ^ (2 >>> 15);
  h = Math.imul(h ^ y, 0x9e3779b1) ^ (h >>> 15);
  return h;
}

function byNode(x: Formula, y: Formula): number {
  return Math.abs(x) - Math.abs(y) || x - y;
}

function sameArgs(a: readonly Formula[], b: readonly Formula[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
