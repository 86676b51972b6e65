/**
 * A small CDCL SAT solver for the search's small sessions: two watched literals, first-UIP
 * learning, activity-ordered decisions with saved phases, Luby restarts, and solving under
 * assumptions (MiniSat's scheme). Most sessions hold a few thousand clauses; for them a fresh
 * logic-solver instance (a 64 MiB heap and MiniSat's start-up) costs more than every solve the
 * search asks. A solve that runs past its conflict budget answers "unknown", and the caller moves
 * the clauses to MiniSat.
 *
 * Why an "unsatisfiable" answer can be trusted: every learned clause is a resolvent of clauses
 * already held (conflict analysis resolves along the reasons of the implication graph), so it is
 * implied by the clauses added; a literal fixed at level 0 is implied the same way. Assumptions
 * are decisions like any other, so nothing learned depends on them. "Unsatisfiable" is reported
 * only when a conflict needs no decision at all (the clauses alone are contradictory), or when an
 * assumption is false by propagation from the other assumptions and those implied clauses.
 * A "satisfiable" answer is a full assignment that the caller may check clause by clause.
 */

/** Literal codes: variable v is 2v (true) and 2v + 1 (false). */
const lit = (l: number): number => (l > 0 ? 2 * l : -2 * l + 1);

export type CdclResult = 'sat' | 'unsat' | 'unknown';

export class Cdcl {
  /** Learned clauses kept before the first deletion (more as the clauses grow). */
  constructor(private readonly learntBase = 2000) {}

  private nVars = 0;
  /** Per variable: 0 unassigned, 1 true, −1 false. */
  private assigns = new Int8Array(16);
  private levels = new Int32Array(16);
  /** Per variable: the clause that implied it, or −1 (a decision, or a fact). */
  private reasons = new Int32Array(16);
  private activity = new Float64Array(16);
  private phase = new Int8Array(16);
  private seen = new Uint8Array(16);
  /** Clauses as literal codes; the first two are watched. Null once deleted. */
  private readonly clauses: (Int32Array | null)[] = [];
  private readonly learnt: boolean[] = [];
  private clauseActivity: number[] = [];
  /** Per literal code: the clauses watching it. */
  private readonly watches: number[][] = [[], []];
  private readonly trail: number[] = [];
  private readonly trailLim: number[] = [];
  private qhead = 0;
  private ok = true;
  private varInc = 1;
  private clauseInc = 1;
  /** Decision order: a binary heap of variables by activity. */
  private readonly heap: number[] = [];
  private heapIndex = new Int32Array(16).fill(-1);
  private learnts = 0;
  private model: Int8Array = new Int8Array(0);
  /** Conflicts over the solver's life, and learned-clause deletions (for budgets and tests). */
  conflicts = 0;
  reductions = 0;

  newVar(): number {
    const v = ++this.nVars;
    if (v >= this.assigns.length) this.grow(2 * v);
    this.watches.push([], []);
    this.heapInsert(v);
    return v;
  }

  private grow(size: number): void {
    const g = <T extends Int8Array | Int32Array | Float64Array | Uint8Array>(a: T, fill = 0): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.fill(fill as never);
      b.set(a as never);
      return b;
    };
    this.assigns = g(this.assigns);
    this.levels = g(this.levels);
    this.reasons = g(this.reasons);
    this.activity = g(this.activity);
    this.phase = g(this.phase);
    this.seen = g(this.seen);
    this.heapIndex = g(this.heapIndex, -1);
  }

  private value(code: number): number {
    const a = this.assigns[code >> 1]!;
    return code & 1 ? -a : a;
  }

  private get decisionLevel(): number {
    return this.trailLim.length;
  }

  /** Adds a clause of DIMACS literals (between solves). False once the clauses are contradictory. */
  addClause(lits: readonly number[]): boolean {
    if (!this.ok) return false;
    const kept: number[] = [];
    // seen marks the polarities already in the clause (1 true, 2 false): duplicates and tautologies.
    let tautology = false;
    for (const l of lits) {
      const v = Math.abs(l);
      if (!Number.isInteger(l) || v < 1 || v > this.nVars) {
        for (const c of kept) this.seen[c >> 1] = 0;
        throw new Error(`literal ${l} names no variable`);
      }
      const code = lit(l);
      const val = this.value(code);
      const mark = code & 1 ? 2 : 1;
      if (val === 1 || this.seen[v] === 3 - mark) tautology = true;
      if (tautology) break;
      if (val === 0 && this.seen[v] === 0) {
        this.seen[v] = mark;
        kept.push(code);
      }
    }
    for (const c of kept) this.seen[c >> 1] = 0;
    if (tautology) return true; // satisfied at level 0, or both polarities of a variable
    if (kept.length === 0) return (this.ok = false);
    if (kept.length === 1) {
      this.enqueue(kept[0]!, -1);
      if (this.propagate() >= 0) this.ok = false;
      return this.ok;
    }
    this.attach(Int32Array.from(kept), false);
    return true;
  }

  private attach(c: Int32Array, learnt: boolean): number {
    const id = this.clauses.length;
    this.clauses.push(c);
    this.learnt.push(learnt);
    this.clauseActivity.push(0);
    this.watches[c[0]! ^ 1]!.push(id);
    this.watches[c[1]! ^ 1]!.push(id);
    if (learnt) this.learnts++;
    return id;
  }

  private enqueue(code: number, reason: number): void {
    const v = code >> 1;
    this.assigns[v] = code & 1 ? -1 : 1;
    this.levels[v] = this.decisionLevel;
    this.reasons[v] = reason;
    this.trail.push(code);
  }

  /** Unit propagation from the queue; the conflicting clause, or −1. Watch lists are keyed by the literal whose falsity wakes them. */
  private propagate(): number {
    while (this.qhead < this.trail.length) {
      const p = this.trail[this.qhead++]!;
      const falseLit = p ^ 1;
      const ws = this.watches[p]!;
      let i = 0;
      let j = 0;
      let conflict = -1;
      while (i < ws.length) {
        const id = ws[i++]!;
        const c = this.clauses[id];
        if (c === null || c === undefined) continue; // deleted: drop the watch
        if (c[0] === falseLit) {
          c[0] = c[1]!;
          c[1] = falseLit;
        }
        if (c[1] !== falseLit) continue; // no longer watching this literal (moved earlier): drop
        if (this.value(c[0]!) === 1) {
          ws[j++] = id;
          continue;
        }
        let moved = false;
        for (let k = 2; k < c.length; k++) {
          if (this.value(c[k]!) !== -1) {
            c[1] = c[k]!;
            c[k] = falseLit;
            this.watches[c[1]! ^ 1]!.push(id);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = id;
        if (this.value(c[0]!) === -1) {
          conflict = id;
          while (i < ws.length) ws[j++] = ws[i++]!;
          break;
        }
        this.enqueue(c[0]!, id);
      }
      ws.length = j;
      if (conflict >= 0) {
        this.qhead = this.trail.length;
        return conflict;
      }
    }
    return -1;
  }

  /** First-UIP conflict analysis: the learned clause (asserting literal first) and the level to return to. */
  private analyze(conflict: number): { learnt: number[]; level: number } {
    const learnt: number[] = [0];
    let pathC = 0;
    let p = -1;
    let index = this.trail.length - 1;
    let confl = conflict;
    for (;;) {
      this.bumpClause(confl);
      const c = this.clauses[confl]!;
      for (let k = 0; k < c.length; k++) {
        const q = c[k]!;
        const v = q >> 1;
        if (p >= 0 && v === p >> 1) continue;
        if (this.seen[v] || this.levels[v] === 0) continue;
        this.seen[v] = 1;
        this.bumpVar(v);
        if (this.levels[v]! >= this.decisionLevel) pathC++;
        else learnt.push(q);
      }
      while (!this.seen[this.trail[index]! >> 1]) index--;
      p = this.trail[index]!;
      index--;
      this.seen[p >> 1] = 0;
      pathC--;
      if (pathC <= 0) break;
      confl = this.reasons[p >> 1]!;
    }
    learnt[0] = p ^ 1;
    for (let k = 1; k < learnt.length; k++) this.seen[learnt[k]! >> 1] = 0;
    let level = 0;
    let at = 1;
    for (let k = 1; k < learnt.length; k++) {
      const l = this.levels[learnt[k]! >> 1]!;
      if (l > level) {
        level = l;
        at = k;
      }
    }
    if (learnt.length > 1) [learnt[1], learnt[at]] = [learnt[at]!, learnt[1]!];
    return { learnt, level };
  }

  private cancelUntil(level: number): void {
    if (this.decisionLevel <= level) return;
    const stop = this.trailLim[level]!;
    for (let k = this.trail.length - 1; k >= stop; k--) {
      const code = this.trail[k]!;
      const v = code >> 1;
      this.phase[v] = code & 1 ? -1 : 1;
      this.assigns[v] = 0;
      this.reasons[v] = -1;
      if (this.heapIndex[v]! < 0) this.heapInsert(v);
    }
    this.trail.length = stop;
    this.trailLim.length = level;
    this.qhead = stop;
  }

  /**
   * Solves under `assumptions` (DIMACS literals, all to hold). 'unknown' when `maxConflicts`
   * conflicts pass first; the clauses learned so far are kept either way.
   */
  solve(assumptions: readonly number[] = [], maxConflicts = Infinity): CdclResult {
    for (const l of assumptions) if (!Number.isInteger(l) || Math.abs(l) < 1 || Math.abs(l) > this.nVars) throw new Error(`assumption ${l} names no variable`);
    if (!this.ok) return 'unsat';
    this.cancelUntil(0);
    if (this.propagate() >= 0) {
      this.ok = false;
      return 'unsat';
    }
    const assumed = assumptions.map(lit);
    let budget = maxConflicts;
    for (let restart = 1; ; restart++) {
      const result = this.search(assumed, 100 * luby(restart), budget);
      if (result.status !== 'restart') {
        this.cancelUntil(0);
        return result.status;
      }
      budget -= result.conflicts;
      if (budget <= 0) {
        this.cancelUntil(0);
        return 'unknown';
      }
      this.cancelUntil(0);
    }
  }

  private search(assumed: readonly number[], restartAfter: number, budget: number): { status: CdclResult | 'restart'; conflicts: number } {
    let conflicts = 0;
    for (;;) {
      const confl = this.propagate();
      if (confl >= 0) {
        conflicts++;
        this.conflicts++;
        if (this.decisionLevel === 0) {
          this.ok = false;
          return { status: 'unsat', conflicts };
        }
        const { learnt, level } = this.analyze(confl);
        this.cancelUntil(level);
        if (learnt.length === 1) this.enqueue(learnt[0]!, -1);
        else {
          const id = this.attach(Int32Array.from(learnt), true);
          this.bumpClause(id);
          this.enqueue(learnt[0]!, id);
        }
        this.varInc /= 0.95;
        this.clauseInc /= 0.999;
        continue;
      }
      if (conflicts >= restartAfter || conflicts >= budget) return { status: 'restart', conflicts };
      if (this.learnts > this.learntBase + this.clauses.length / 3 + this.trail.length) this.reduce();
      let next = -1;
      while (this.decisionLevel < assumed.length) {
        const a = assumed[this.decisionLevel]!;
        const val = this.value(a);
        if (val === 1) this.trailLim.push(this.trail.length); // already true: an empty level keeps levels and assumptions aligned
        else if (val === -1) return { status: 'unsat', conflicts };
        else {
          next = a;
          break;
        }
      }
      if (next < 0) {
        const v = this.pickVar();
        if (v === 0) {
          this.model = this.assigns.slice(0, this.nVars + 1);
          return { status: 'sat', conflicts };
        }
        next = 2 * v + (this.phase[v] === 1 ? 0 : 1);
      }
      this.trailLim.push(this.trail.length);
      this.enqueue(next, -1);
    }
  }

  /** The value of a DIMACS literal in the last model. */
  modelValue(l: number): boolean {
    const v = this.model[Math.abs(l)]!;
    return l > 0 ? v === 1 : v === -1;
  }

  /** Deletes half of the learned clauses, least active first, except those that are some literal's reason. */
  private reduce(): void {
    this.reductions++;
    const locked = new Set<number>();
    for (const code of this.trail) {
      const r = this.reasons[code >> 1]!;
      if (r >= 0) locked.add(r);
    }
    const candidates: number[] = [];
    for (let id = 0; id < this.clauses.length; id++) if (this.learnt[id] && this.clauses[id] !== null && !locked.has(id) && this.clauses[id]!.length > 2) candidates.push(id);
    candidates.sort((a, b) => this.clauseActivity[a]! - this.clauseActivity[b]! || a - b);
    for (const id of candidates.slice(0, Math.floor(candidates.length / 2))) {
      this.clauses[id] = null;
      this.learnts--;
    }
  }

  private bumpVar(v: number): void {
    if ((this.activity[v]! += this.varInc) > 1e100) {
      for (let k = 1; k <= this.nVars; k++) this.activity[k]! *= 1e-100;
      this.varInc *= 1e-100;
    }
    const at = this.heapIndex[v]!;
    if (at >= 0) this.heapUp(at);
  }

  private bumpClause(id: number): void {
    if (!this.learnt[id]) return;
    if ((this.clauseActivity[id]! += this.clauseInc) > 1e20) {
      this.clauseActivity = this.clauseActivity.map((a) => a * 1e-20);
      this.clauseInc *= 1e-20;
    }
  }

  private pickVar(): number {
    while (this.heap.length > 0) {
      const v = this.heapPop();
      if (this.assigns[v] === 0) return v;
    }
    return 0;
  }

  // ---- the decision heap (most active first; ties to the lower variable) ----

  private before(a: number, b: number): boolean {
    const x = this.activity[a]!;
    const y = this.activity[b]!;
    return x > y || (x === y && a < b);
  }

  private heapInsert(v: number): void {
    this.heapIndex[v] = this.heap.length;
    this.heap.push(v);
    this.heapUp(this.heap.length - 1);
  }

  private heapUp(at: number): void {
    const heap = this.heap;
    const v = heap[at]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(v, heap[parent]!)) break;
      heap[at] = heap[parent]!;
      this.heapIndex[heap[at]!] = at;
      at = parent;
    }
    heap[at] = v;
    this.heapIndex[v] = at;
  }

  private heapPop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    this.heapIndex[top] = -1;
    if (heap.length > 0) {
      let at = 0;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const child = r < heap.length && this.before(heap[r]!, heap[l]!) ? r : l;
        if (!this.before(heap[child]!, last)) break;
        heap[at] = heap[child]!;
        this.heapIndex[heap[at]!] = at;
        at = child;
      }
      heap[at] = last;
      this.heapIndex[last] = at;
    }
    return top;
  }
}

/** The Luby sequence 1, 1, 2, 1, 1, 2, 4, … (restart lengths). */
function luby(i: number): number {
  for (let k = 1; ; k++) {
    if (i === 2 ** k - 1) return 2 ** (k - 1);
    if (i < 2 ** k - 1) return luby(i - 2 ** (k - 1) + 1);
  }
}
