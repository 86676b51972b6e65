/**
 * One SAT solver for one bounds: a variable per allowed fault, the bounds' own
 * constraints, a unary counter over the fault count, and the Tseitin encoding of every formula
 * of the store it is asked about, each node encoded once.
 *
 * Fault variables: omit(from,to,t) for every channel between two nodes and 1 ≤ t < EFF; per
 * node a monotone chain c(n, 1) → c(n, 2) → … → c(n, EOT), "n crashed by t" (its crash time is
 * the least t with c(n, t)). Constraints: at most C nodes crash; no omission from a node at or
 * after its crash (the crash loses those messages already, so such a set is the same run as the
 * one without the omission: leaving it out of the space loses nothing and avoids running it twice).
 *
 * A session answers with the JS CDCL solver while it is small and moves to MiniSat when it
 * grows (see cnf.ts); it is built once and kept as long as it is useful.
 */
import type { Bounds, FaultSet } from '../faults/types.js';
import type { Formula, FormulaStore } from '../faults/formula.js';
import { Cnf, LIT_FALSE, LIT_TRUE, type CnfLimits, type Lit } from './cnf.js';
import { UnaryCounter } from './counter.js';

export interface OmissionVar {
  readonly from: string;
  readonly to: string;
  readonly time: number;
  readonly lit: Lit;
}

export interface CrashVars {
  readonly node: string;
  /** `byTime[t - 1]` = c(node, t). */
  readonly byTime: readonly Lit[];
}

type VariableRef = (
  | { readonly kind: 'omit'; readonly from: string; readonly to: string; readonly time: number }
  | { readonly kind: 'crash'; readonly node: string; readonly time: number }
) & { readonly lit: Lit; readonly image: (swap: (n: string) => string) => Lit };

function swapOf(a: string, b: string): (n: string) => string {
  return (n) => (n === a ? b : n === b ? a : n);
}

export class SolverSession {
  readonly cnf: Cnf;
  readonly omissions: OmissionVar[] = [];
  readonly crashes: CrashVars[] = [];
  readonly size: UnaryCounter;
  readonly maxSize: number;
  private readonly omissionIndex = new Map<string, Lit>();
  private readonly crashIndex = new Map<string, CrashVars>();
  /** Store node id → literal, for every node encoded so far. */
  private readonly encoded = new Map<number, Lit>();

  constructor(
    readonly bounds: Bounds,
    readonly store: FormulaStore,
    record = false,
    limits: CnfLimits = {},
  ) {
    this.cnf = new Cnf(record, () => store.grew(), limits);
    const { cnf } = this;
    const lastOmission = Math.min(bounds.eff - 1, bounds.eot);
    if (bounds.crashes > 0) {
      for (const node of bounds.nodes) {
        const byTime: Lit[] = [];
        for (let t = 1; t <= bounds.eot; t++) {
          byTime.push(cnf.fresh(`crashed(${node},<=${t})`));
          if (t > 1) cnf.implies(byTime[t - 2]!, byTime[t - 1]!);
        }
        const vars = { node, byTime };
        this.crashes.push(vars);
        this.crashIndex.set(node, vars);
      }
    }
    for (const from of bounds.nodes) {
      for (const to of bounds.nodes) {
        if (from === to) continue;
        for (let t = 1; t <= lastOmission; t++) {
          const lit = cnf.fresh(`omit(${from},${to},${t})`);
          this.omissions.push({ from, to, time: t, lit });
          this.omissionIndex.set(`${from}\u0000${to}\u0000${t}`, lit);
          const crashed = this.crashIndex.get(from);
          if (crashed) cnf.clause([-lit, -crashed.byTime[t - 1]!]);
        }
      }
    }
    const crashedAtAll = this.crashes.map((c) => c.byTime[c.byTime.length - 1]!);
    if (this.crashes.length > bounds.crashes) cnf.clause([new UnaryCounter(cnf, crashedAtAll).atMost(bounds.crashes)]);
    this.size = new UnaryCounter(cnf, [...this.omissions.map((o) => o.lit), ...crashedAtAll]);
    this.maxSize = this.omissions.length + Math.min(bounds.crashes, this.crashes.length);
  }

  get clauseCount(): number {
    return this.cnf.clauseCount;
  }

  omission(from: string, to: string, time: number): Lit {
    return this.omissionIndex.get(`${from}\u0000${to}\u0000${time}`) ?? LIT_FALSE;
  }

  crashedBy(node: string, by: number): Lit {
    if (by < 1) return LIT_FALSE;
    const vars = this.crashIndex.get(node);
    return vars ? vars.byTime[Math.min(by, this.bounds.eot) - 1]! : LIT_FALSE;
  }

  /**
   * A literal equivalent to the formula: one variable per and-gate (both directions of the
   * Tseitin definition, since a gate may be used under either sign), atoms are fault variables,
   * negation is a sign. Iterative, children first; each node is encoded once per session.
   */
  encode(root: Formula): Lit {
    if (root === 1) return LIT_TRUE;
    if (root === -1) return LIT_FALSE;
    const { store } = this;
    const stack = [Math.abs(root)];
    while (stack.length > 0) {
      const id = stack[stack.length - 1]!;
      if (this.encoded.has(id)) {
        stack.pop();
        continue;
      }
      const atom = store.atomOf(id);
      if (atom) {
        this.encoded.set(id, atom.kind === 'omit' ? this.omission(atom.from, atom.to, atom.time) : this.crashedBy(atom.node, atom.by));
        stack.pop();
        continue;
      }
      const args = store.gateArgs(id);
      let ready = true;
      for (const a of args) {
        if (!this.encoded.has(Math.abs(a))) {
          ready = false;
          stack.push(Math.abs(a));
        }
      }
      if (!ready) continue;
      stack.pop();
      this.encoded.set(id, this.conjunction(args.map((a) => (a > 0 ? this.encoded.get(a)! : -this.encoded.get(-a)!))));
    }
    const lit = this.encoded.get(Math.abs(root))!;
    return root > 0 ? lit : -lit;
  }

  /** Literals that together say "G ≥ faults" in the effect order: every loss of `faults` is a loss of G. */
  atLeast(faults: FaultSet): Lit[] {
    return faults.map((f) => (f.kind === 'omit' ? this.encode(this.store.messageLost(f.from, f.to, f.time)) : this.crashedBy(f.node, f.time)));
  }

  /** Literals one of which holds exactly when G, being ≥ `faults`, is not `faults` itself. */
  beyond(faults: FaultSet): Lit[] {
    const omitted = new Set(faults.flatMap((f) => (f.kind === 'omit' ? [`${f.from}\u0000${f.to}\u0000${f.time}`] : [])));
    const lits: Lit[] = [];
    for (const o of this.omissions) if (!omitted.has(`${o.from}\u0000${o.to}\u0000${o.time}`)) lits.push(o.lit);
    for (const c of this.crashes) {
      const crash = faults.find((f) => f.kind === 'crash' && f.node === c.node);
      if (!crash) lits.push(c.byTime[c.byTime.length - 1]!);
      else if (crash.time > 1) lits.push(c.byTime[crash.time - 2]!);
    }
    return lits;
  }

  /**
   * Keeps, of each pair of fault sets that differ by a swap of two interchangeable nodes, only the
   * one that comes first in a fixed order of the fault variables ("lex-leader"): for each class and
   * each two neighbours a, b in it, G ≤lex swap(G). The lex-least set of an orbit satisfies all of
   * these at once, so every violating set still has a representative of the same size.
   */
  breakSymmetry(classes: readonly (readonly string[])[]): void {
    for (const cls of classes) {
      for (let i = 0; i + 1 < cls.length; i++) {
        const swap = swapOf(cls[i]!, cls[i + 1]!);
        const order = this.orderedVariables();
        let equal: Lit = LIT_TRUE;
        for (const v of order) {
          const x = v.lit;
          const y = v.image(swap);
          if (x === y) continue;
          this.cnf.clause([-equal, -x, y]);
          const next = this.cnf.fresh();
          this.cnf.clause([-equal, -x, -y, next]);
          this.cnf.clause([-equal, x, y, next]);
          equal = next;
        }
      }
    }
  }

  /** G ≤lex swap(G) for the given swap, judged on a fault set (the same order as `breakSymmetry`). */
  isLeader(faults: FaultSet, classes: readonly (readonly string[])[]): boolean {
    const omitted = new Set(faults.flatMap((f) => (f.kind === 'omit' ? [`${f.from}\u0000${f.to}\u0000${f.time}`] : [])));
    const crashAt = new Map(faults.flatMap((f) => (f.kind === 'crash' ? [[f.node, f.time] as const] : [])));
    const value = (v: VariableRef, swap: (n: string) => string): boolean =>
      v.kind === 'omit' ? omitted.has(`${swap(v.from)}\u0000${swap(v.to)}\u0000${v.time}`) : (crashAt.get(swap(v.node)) ?? Infinity) <= v.time;
    for (const cls of classes) {
      for (let i = 0; i + 1 < cls.length; i++) {
        const swap = swapOf(cls[i]!, cls[i + 1]!);
        for (const v of this.orderedVariables()) {
          const x = value(v, (n) => n);
          const y = value(v, swap);
          if (x === y) continue;
          if (x && !y) return false;
          break;
        }
      }
    }
    return true;
  }

  private ordered: VariableRef[] | null = null;
  /** Every fault variable in one fixed order: crash chains by node and time, then omissions. */
  private orderedVariables(): VariableRef[] {
    if (this.ordered) return this.ordered;
    const out: VariableRef[] = [];
    for (const c of this.crashes) {
      c.byTime.forEach((lit, t) => out.push({ kind: 'crash', node: c.node, time: t + 1, lit, image: (swap) => this.crashedBy(swap(c.node), t + 1) }));
    }
    for (const o of this.omissions) out.push({ kind: 'omit', from: o.from, to: o.to, time: o.time, lit: o.lit, image: (swap) => this.omission(swap(o.from), swap(o.to), o.time) });
    this.ordered = out;
    return out;
  }

  /** Literals one of which holds exactly when G is not `faults`. */
  differs(faults: FaultSet): Lit[] {
    const omitted = new Set(faults.flatMap((f) => (f.kind === 'omit' ? [`${f.from}\u0000${f.to}\u0000${f.time}`] : [])));
    const lits: Lit[] = [];
    for (const o of this.omissions) lits.push(omitted.has(`${o.from}\u0000${o.to}\u0000${o.time}`) ? -o.lit : o.lit);
    for (const c of this.crashes) {
      const crash = faults.find((f) => f.kind === 'crash' && f.node === c.node);
      if (!crash) lits.push(c.byTime[c.byTime.length - 1]!);
      else {
        lits.push(-c.byTime[crash.time - 1]!);
        if (crash.time > 1) lits.push(c.byTime[crash.time - 2]!);
      }
    }
    return lits;
  }

  /** A fresh literal that implies every one of `lits` (to solve assuming all of them at once). */
  conjunctionOf(lits: readonly Lit[]): Lit {
    const a = this.cnf.fresh();
    for (const l of lits) this.cnf.clause([-a, l]);
    return a;
  }

  /** v ↔ AND(lits), constants folded. */
  private conjunction(lits: readonly Lit[]): Lit {
    const kept = new Set<Lit>();
    for (const l of lits) {
      if (l === LIT_FALSE) return LIT_FALSE;
      if (l === LIT_TRUE) continue;
      if (kept.has(-l)) return LIT_FALSE;
      kept.add(l);
    }
    if (kept.size === 0) return LIT_TRUE;
    if (kept.size === 1) return kept.values().next().value!;
    const v = this.cnf.fresh();
    const clause: Lit[] = [v];
    for (const l of kept) {
      this.cnf.implies(v, l);
      clause.push(-l);
    }
    this.cnf.clause(clause);
    return v;
  }
}
