/**
 * A naive reference evaluator for the property test: no plans, no indexes, no semi-naive rounds.
 * Strata come from a fixpoint over stratum numbers (not Tarjan), rules join atoms in body order by
 * nested loops, and each stratum is re-evaluated in full until nothing new appears. It returns the
 * tables, the messages and the set of firings (every binding over each final database).
 */
import type { Atom, BodyItem, Program, Rule, Term, Value } from '../../src/syntax/ast.js';

type Binding = Map<string, Value>;
type Db = Map<string, Map<string, Value[]>>;
type AtomItem = Extract<BodyItem, { kind: 'atom' }>;

export interface OracleFault {
  readonly kind: 'omit' | 'crash';
  readonly from: string;
  readonly to?: string;
  readonly time: number;
}

export interface OracleResult {
  /** Per time: relation → tuples as JSON, sorted (plain string order). */
  readonly tables: Map<string, string[]>[];
  /** `sendTime from→to rel[json] lost|delivered`, sorted. */
  readonly messages: string[];
  /** `rule|time|head|body…`, sorted. */
  readonly firings: string[];
}

const key = (t: readonly Value[]): string => JSON.stringify(t);
const desc = (rel: string, t: readonly Value[], time: number): string => `${rel}${key(t)}@${time}`;

function evalTerm(t: Term, b: Binding): Value | undefined {
  if (t.kind === 'const') return t.value;
  if (t.kind === 'var') return b.get(t.name);
  if (t.kind === 'arith') {
    const l = evalTerm(t.left, b);
    const r = evalTerm(t.right, b);
    if (typeof l !== 'number' || typeof r !== 'number') return undefined;
    if (t.op === '+') return l + r;
    if (t.op === '-') return l - r;
    if (t.op === '*') return l * r;
    return r === 0 ? undefined : Math.trunc(l / r);
  }
  return undefined;
}

function order(a: Value, b: Value): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareHolds(op: string, l: Value, r: Value): boolean {
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  const c = order(l, r);
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

/** Unify an atom with a tuple: wildcards match, bound variables compare, arithmetic is checked once all is bound. */
function unify(atom: Atom, tuple: readonly Value[], b: Binding): Binding | null {
  if (tuple.length !== atom.args.length) return null;
  const out = new Map(b);
  const later: [Term, Value][] = [];
  for (let i = 0; i < tuple.length; i++) {
    const a = atom.args[i]!;
    const v = tuple[i]!;
    if (a.kind === 'var') {
      const have = out.get(a.name);
      if (have === undefined) out.set(a.name, v);
      else if (have !== v) return null;
    } else if (a.kind === 'const') {
      if (a.value !== v) return null;
    } else if (a.kind === 'arith') later.push([a, v]);
  }
  for (const [t, v] of later) if (evalTerm(t, out) !== v) return null;
  return out;
}

export function naiveRun(program: Program, nodes: readonly string[], eot: number, faults: readonly OracleFault[]): OracleResult {
  const rules = program.clauses.filter((c): c is Rule => c.kind === 'rule');
  const deductive = rules.filter((r) => r.headTime === 'now');
  const strata = stratumNumbers(deductive);
  const dbs: Db[] = [];
  const messages: string[] = [];
  const firings: string[] = [];
  const carried: [string, Value[]][] = [];

  const rel = (db: Db, name: string): Map<string, Value[]> => {
    let m = db.get(name);
    if (!m) db.set(name, (m = new Map()));
    return m;
  };
  const readAt = (item: AtomItem, t: number): Value[][] => {
    const N = item.time?.kind === 'at' ? item.time.time : null;
    if (N !== null && N > t) return [];
    return [...(dbs[N ?? t]?.get(item.atom.relation)?.values() ?? [])];
  };
  /** Every binding of the rule's body at t, with the body tuples (positive atoms, body order). */
  const bindings = (rule: Rule, t: number): { b: Binding; body: string[]; loc: Value | undefined }[] => {
    const pos = rule.body.filter((x): x is AtomItem => x.kind === 'atom' && !x.negated);
    let partial: { b: Binding; body: string[]; loc: Value | undefined }[] = [{ b: new Map(), body: [], loc: undefined }];
    for (const item of pos) {
      const N = item.time?.kind === 'at' ? item.time.time : t;
      const next: typeof partial = [];
      for (const p of partial) {
        for (const tuple of readAt(item, t)) {
          const b = unify(item.atom, tuple, p.b);
          if (b) next.push({ b, body: [...p.body, desc(item.atom.relation, tuple, N)], loc: p.body.length === 0 ? tuple[0] : p.loc });
        }
      }
      partial = next;
    }
    return partial.filter(({ b }) =>
      rule.body.every((x) => {
        if (x.kind === 'compare') {
          const l = evalTerm(x.left, b);
          const r = evalTerm(x.right, b);
          return l !== undefined && r !== undefined && compareHolds(x.op, l, r);
        }
        if (!x.negated) return true;
        const N = x.time?.kind === 'at' ? x.time.time : null;
        if (N !== null && N > t) return true;
        const args = x.atom.args.map((a) => (a.kind === 'wildcard' ? null : evalTerm(a, b)));
        if (args.some((a) => a === undefined)) return false;
        return !readAt(x, t).some((tuple) => args.every((a, i) => a === null || a === tuple[i]));
      }),
    );
  };
  const heads = (rule: Rule, t: number): { head: Value[]; body: string[]; from: string }[] => {
    const bs = bindings(rule, t);
    const fromOf = (loc: Value | undefined, head: Value[]): string => String(loc ?? head[0]);
    if (!rule.head.args.some((a) => a.kind === 'aggregate')) {
      const out: { head: Value[]; body: string[]; from: string }[] = [];
      for (const { b, body, loc } of bs) {
        const head = rule.head.args.map((a) => evalTerm(a, b));
        if (head.every((v): v is Value => v !== undefined)) out.push({ head, body, from: fromOf(loc, head) });
      }
      return out;
    }
    const groups = new Map<string, { head: (Value | undefined)[]; vals: Map<string, Value>[]; body: Set<string>; loc: Value | undefined }>();
    for (const { b, body, loc } of bs) {
      const head = rule.head.args.map((a) => (a.kind === 'aggregate' ? undefined : evalTerm(a, b)));
      if (rule.head.args.some((a, i) => a.kind !== 'aggregate' && head[i] === undefined)) continue;
      const aggs = rule.head.args.filter((a): a is Extract<Term, { kind: 'aggregate' }> => a.kind === 'aggregate').map((a) => evalTerm(a.arg, b));
      if (aggs.some((v) => v === undefined)) continue;
      const k = key(head.map((v) => v ?? null) as Value[]);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { head, vals: aggs.map(() => new Map()), body: new Set(), loc }));
      aggs.forEach((v, i) => g!.vals[i]!.set(key([v!]), v!));
      body.forEach((x) => g!.body.add(x));
    }
    const out: { head: Value[]; body: string[]; from: string }[] = [];
    for (const g of groups.values()) {
      const head = [...g.head];
      let j = 0;
      let ok = true;
      rule.head.args.forEach((a, i) => {
        if (a.kind !== 'aggregate') return;
        const vals = [...g.vals[j++]!.values()];
        if (a.fn === 'count') head[i] = vals.length;
        else if (a.fn === 'sum') {
          if (vals.some((v) => typeof v !== 'number')) ok = false;
          else head[i] = (vals as number[]).reduce((s, v) => s + v, 0);
        } else head[i] = [...vals].sort(order)[a.fn === 'min' ? 0 : vals.length - 1];
      });
      if (ok) out.push({ head: head as Value[], body: [...g.body].sort(), from: fromOf(g.loc, head as Value[]) });
    }
    return out;
  };
  const isAgg = (r: Rule): boolean => r.head.args.some((a) => a.kind === 'aggregate');

  for (let t = 1; t <= eot; t++) {
    const db: Db = new Map();
    dbs[t] = db;
    for (const c of program.clauses) {
      if (c.kind !== 'fact' || (c.time !== null && !(c.time.kind === 'at' && c.time.time === t))) continue;
      const tuple = c.atom.args.map((a) => evalTerm(a, new Map())) as Value[];
      rel(db, c.atom.relation).set(key(tuple), tuple);
    }
    for (const f of faults) {
      if (f.kind === 'crash') for (const o of nodes) rel(db, 'crash').set(key([o, f.from, f.time]), [o, f.from, f.time]);
    }
    for (const [r, tuple] of carried) rel(db, r).set(key(tuple), tuple);
    carried.length = 0;

    const maxStratum = Math.max(0, ...strata.values());
    for (let s = 0; s <= maxStratum; s++) {
      const here = deductive.filter((r) => strata.get(r.head.relation) === s);
      for (const r of here.filter(isAgg)) for (const h of heads(r, t)) rel(db, r.head.relation).set(key(h.head), h.head);
      for (let changed = true; changed; ) {
        changed = false;
        for (const r of here.filter((x) => !isAgg(x))) {
          for (const h of heads(r, t)) {
            const m = rel(db, r.head.relation);
            if (!m.has(key(h.head))) {
              m.set(key(h.head), h.head);
              changed = true;
            }
          }
        }
      }
    }
    for (const r of deductive) {
      for (const h of heads(r, t)) firings.push(`${rules.indexOf(r)}|${t}|${desc(r.head.relation, h.head, t)}|${h.body.join(' ')}`);
    }
    if (t === eot) break;
    for (const r of rules.filter((x) => x.headTime !== 'now')) {
      for (const h of heads(r, t)) {
        const fire = `${rules.indexOf(r)}|${t}|${desc(r.head.relation, h.head, t + 1)}|${h.body.join(' ')}`;
        if (r.headTime === 'next') {
          carried.push([r.head.relation, h.head]);
          firings.push(fire);
          continue;
        }
        const to = String(h.head[0]);
        const lost =
          h.from !== to &&
          faults.some((f) => (f.kind === 'crash' && f.from === h.from && f.time <= t) || (f.kind === 'omit' && f.from === h.from && f.to === to && f.time === t));
        if (h.from !== to) {
          const m = `${t} ${h.from}→${to} ${r.head.relation}${key(h.head)} ${lost ? 'lost' : 'delivered'}`;
          if (!messages.includes(m)) messages.push(m);
        }
        if (!lost) {
          carried.push([r.head.relation, h.head]);
          firings.push(fire);
        }
      }
    }
  }

  const tables = dbs.slice(1).map((db) => {
    const out = new Map<string, string[]>();
    for (const name of [...db.keys()].sort()) {
      const tuples = [...db.get(name)!.keys()].sort();
      if (tuples.length > 0) out.set(name, tuples);
    }
    return out;
  });
  return { tables, messages: messages.sort(), firings: firings.sort() };
}

/** Smallest numbers with s(head) ≥ s(body) for positive and s(head) > s(body) for negated or aggregated atoms. */
function stratumNumbers(rules: readonly Rule[]): Map<string, number> {
  const s = new Map<string, number>();
  for (const r of rules) s.set(r.head.relation, 0);
  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false;
    for (const r of rules) {
      const agg = r.head.args.some((a) => a.kind === 'aggregate');
      for (const x of r.body) {
        if (x.kind !== 'atom') continue;
        const need = (s.get(x.atom.relation) ?? -1) + (x.negated || agg ? 1 : 0);
        if (need > s.get(r.head.relation)!) {
          s.set(r.head.relation, need);
          changed = true;
        }
      }
    }
  }
  return s;
}
