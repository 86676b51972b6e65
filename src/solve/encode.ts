/**
 * Tseitin encoding of a fault formula (DESIGN §7): one variable per and/or node, both implication
 * directions, never distributed to CNF. `not` is a negated literal and atoms are fault variables,
 * so neither costs a variable. Only what the root reaches is encoded.
 */
import type { Bounds } from '../faults/types.js';
import type { Formula } from './formula.js';
import { omissionKey } from './formula.js';
import { Cnf, LIT_FALSE, LIT_TRUE, type Lit } from './cnf.js';

export interface OmissionVar {
  readonly from: string;
  readonly to: string;
  readonly time: number;
  readonly lit: Lit;
}

/**
 * Monotone "crashed by t" variables of one node: `byTime[t - 1]` is c(node, t) for t in 1..eot,
 * with c(node, t) → c(node, t + 1). The crash time is the least t with c(node, t).
 */
export interface CrashVars {
  readonly node: string;
  readonly byTime: readonly Lit[];
}

/** The fault variables of one encoding, created on demand so that only faults in use cost. */
export class FaultVars {
  readonly omissions: OmissionVar[] = [];
  readonly crashes: CrashVars[] = [];
  private readonly omissionIndex = new Map<string, OmissionVar>();
  private readonly crashIndex = new Map<string, CrashVars>();
  private readonly nodes: ReadonlySet<string>;

  constructor(
    private readonly cnf: Cnf,
    readonly bounds: Bounds,
  ) {
    this.nodes = new Set(bounds.nodes);
  }

  /** Omissions exist only on channels between two distinct nodes, sent at 1 <= t < eff (and t <= eot). */
  omissionAllowed(from: string, to: string, time: number): boolean {
    const { eff, eot } = this.bounds;
    const timely = Number.isInteger(time) && time >= 1 && time < eff && time <= eot;
    return timely && from !== to && this.nodes.has(from) && this.nodes.has(to);
  }

  crashAllowed(node: string): boolean {
    return this.bounds.crashes > 0 && this.bounds.eot >= 1 && this.nodes.has(node);
  }

  omission(from: string, to: string, time: number): Lit {
    if (!this.omissionAllowed(from, to, time)) return LIT_FALSE;
    const key = omissionKey(from, to, time);
    let v = this.omissionIndex.get(key);
    if (v === undefined) {
      v = { from, to, time, lit: this.cnf.fresh(`omit(${from},${to},${time})`) };
      this.omissionIndex.set(key, v);
      this.omissions.push(v);
    }
    return v.lit;
  }

  crashVars(node: string): CrashVars | null {
    if (!this.crashAllowed(node)) return null;
    let v = this.crashIndex.get(node);
    if (v === undefined) {
      const byTime: Lit[] = [];
      for (let t = 1; t <= this.bounds.eot; t++) {
        byTime.push(this.cnf.fresh(`crashed(${node},<=${t})`));
        if (t > 1) this.cnf.implies(byTime[t - 2]!, byTime[t - 1]!);
      }
      v = { node, byTime };
      this.crashIndex.set(node, v);
      this.crashes.push(v);
    }
    return v;
  }

  /** c(node, min(by, eot)); false for by < 1 or a node that may not crash. */
  crashedBy(node: string, by: number): Lit {
    if (by < 1) return LIT_FALSE;
    const v = this.crashVars(node);
    if (v === null) return LIT_FALSE;
    return v.byTime[Math.min(Math.floor(by), this.bounds.eot) - 1]!;
  }
}

/** Children of a node, for the traversals below. */
function children(f: Formula): readonly Formula[] {
  return f.kind === 'and' || f.kind === 'or' ? f.args : f.kind === 'not' ? [f.arg] : [];
}

/**
 * Literal equivalent to `root`, adding the defining clauses of every node it reaches.
 * `memo` maps formula nodes (by identity) to literals and may be shared across calls.
 */
export function encodeFormula(
  root: Formula,
  cnf: Cnf,
  vars: FaultVars,
  memo: Map<Formula, Lit> = new Map(),
): Lit {
  // Post-order with an explicit stack: a node is encoded once all its children are.
  const stack: Formula[] = [root];
  const expanded = new Set<Formula>();
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (memo.has(f)) {
      stack.pop();
      continue;
    }
    if (!expanded.has(f)) {
      expanded.add(f);
      for (const c of children(f)) if (!memo.has(c)) stack.push(c);
      continue;
    }
    stack.pop();
    expanded.delete(f);
    memo.set(f, encodeNode(f, cnf, vars, memo));
  }
  return memo.get(root)!;
}

function encodeNode(f: Formula, cnf: Cnf, vars: FaultVars, memo: ReadonlyMap<Formula, Lit>): Lit {
  switch (f.kind) {
    case 'const':
      return f.value ? LIT_TRUE : LIT_FALSE;
    case 'omitted':
      return vars.omission(f.from, f.to, f.time);
    case 'crashed':
      return vars.crashedBy(f.node, f.by);
    case 'not':
      return -memo.get(f.arg)!;
    case 'and':
      return conjunction(
        f.args.map((a) => memo.get(a)!),
        cnf,
      );
    case 'or':
      return -conjunction(
        f.args.map((a) => -memo.get(a)!),
        cnf,
      );
  }
}

/** A literal v with v ↔ AND(lits), constants folded; `or` is its De Morgan dual. */
function conjunction(lits: readonly Lit[], cnf: Cnf): Lit {
  const kept = new Set<Lit>();
  for (const l of lits) {
    if (l === LIT_FALSE) return LIT_FALSE;
    if (l === LIT_TRUE) continue;
    if (kept.has(-l)) return LIT_FALSE;
    kept.add(l);
  }
  if (kept.size === 0) return LIT_TRUE;
  if (kept.size === 1) return kept.values().next().value!;
  const v = cnf.fresh();
  const negated: Lit[] = [v];
  for (const l of kept) {
    cnf.implies(v, l);
    negated.push(-l);
  }
  cnf.clause(negated);
  return v;
}
