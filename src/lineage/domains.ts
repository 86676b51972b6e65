/**
 * Which values each column of each relation can ever hold, over-approximated statically: facts
 * give constants, a head column takes what its variable can take in the body (the intersection of
 * the columns it is read from), and arithmetic or aggregates give "anything" (null). Faults only
 * take messages away, so no run can put a value outside these sets. The lineage stage uses them
 * to turn a wildcard pattern into the ground tuples it stands for.
 */
import type { Program, Rule, Value } from '../syntax/ast.js';

/** Per relation, per column: the possible values, or null when unknown (unbounded). */
export type ColumnDomains = ReadonlyMap<string, readonly (ReadonlySet<Value> | null)[]>;

/** Beyond this many values a column counts as unbounded: expanding it would not pay. */
const MAX_DOMAIN = 256;

const cache = new WeakMap<Program, WeakMap<readonly string[], ColumnDomains>>();

export function columnDomains(program: Program, nodes: readonly string[]): ColumnDomains {
  const byNodes = cache.get(program) ?? new WeakMap<readonly string[], ColumnDomains>();
  cache.set(program, byNodes);
  const cached = byNodes.get(nodes);
  if (cached) return cached;

  const domains = new Map<string, (Set<Value> | null)[]>();
  const column = (rel: string, arity: number): (Set<Value> | null)[] => {
    let cols = domains.get(rel);
    if (!cols) {
      cols = Array.from({ length: arity }, () => new Set<Value>());
      domains.set(rel, cols);
    }
    return cols;
  };
  let changed = false;
  const add = (rel: string, arity: number, i: number, values: ReadonlySet<Value> | null): void => {
    const cols = column(rel, arity);
    const current = cols[i];
    if (current === null || current === undefined) return;
    if (values === null || current.size + values.size > MAX_DOMAIN) {
      cols[i] = null;
      changed = true;
      return;
    }
    for (const v of values) {
      if (!current.has(v)) {
        current.add(v);
        changed = true;
      }
    }
  };

  const crashCols = column('crash', 3);
  crashCols[0] = new Set(nodes);
  crashCols[1] = new Set(nodes);
  crashCols[2] = null;
  for (const c of program.clauses) {
    if (c.kind !== 'fact') continue;
    c.atom.args.forEach((a, i) => add(c.atom.relation, c.atom.args.length, i, a.kind === 'const' ? new Set([a.value]) : null));
  }
  const rules = program.clauses.filter((c): c is Rule => c.kind === 'rule');
  do {
    changed = false;
    for (const rule of rules) {
      const head = rule.head;
      head.args.forEach((a, i) => {
        if (a.kind === 'const') add(head.relation, head.args.length, i, new Set([a.value]));
        else if (a.kind === 'var') add(head.relation, head.args.length, i, variableDomain(rule, a.name, domains));
        // A max or min is one of the values it ranges over.
        else if (a.kind === 'aggregate' && (a.fn === 'max' || a.fn === 'min') && a.arg.kind === 'var') {
          add(head.relation, head.args.length, i, variableDomain(rule, a.arg.name, domains));
        } else add(head.relation, head.args.length, i, null);
      });
    }
  } while (changed);
  byNodes.set(nodes, domains);
  return domains;
}

/** The values `name` can take in `rule`: the intersection of the positive columns it is read from. */
export function variableDomain(rule: Rule, name: string, domains: ColumnDomains): ReadonlySet<Value> | null {
  let result: Set<Value> | null = null;
  for (const item of rule.body) {
    if (item.kind !== 'atom' || item.negated) continue;
    for (const [i, a] of item.atom.args.entries()) {
      if (a.kind !== 'var' || a.name !== name) continue;
      const d: ReadonlySet<Value> | null | undefined = domains.get(item.atom.relation)?.[i];
      if (d === undefined) result = new Set(); // read from a relation nothing defines: it never holds
      else if (d !== null) result = result === null ? new Set(d) : new Set([...result].filter((v: Value) => d.has(v)));
    }
  }
  return result;
}
