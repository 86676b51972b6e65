/**
 * Stratification of the same-time (deductive) rules. A relation depends on the relations in the
 * bodies of its deductive rules; `notin` and head aggregates make that edge negative. Rules with
 * @next/@async heads add no same-time edge: time itself orders them, so cycles through them are fine.
 * Strata are the strongly connected components in dependency order (Tarjan emits a component only
 * after every component it reaches, i.e. after everything it reads), so evaluating them in order
 * sees every negated or aggregated relation complete. A negative edge inside a component is an error.
 */
import type { Atom, BodyItem, Program, Rule } from '../syntax/ast.js';
import type { Span } from '../syntax/span.js';

export interface Stratum {
  /** Relations defined in this stratum, sorted. */
  readonly relations: readonly string[];
  /** The deductive rules whose head is in this stratum, in program order. */
  readonly rules: readonly Rule[];
  /** Some rule reads a relation of its own stratum: needs a fixpoint. */
  readonly recursive: boolean;
}

export interface NegativeCycle {
  /** The relations around the cycle, starting and ending at the head of `rule`. */
  readonly path: readonly string[];
  readonly rule: Rule;
  /** Where the negation or aggregate sits. */
  readonly at: Span;
  readonly kind: 'negation' | 'aggregate';
}

export interface Strata {
  readonly strata: readonly Stratum[];
  readonly cycles: readonly NegativeCycle[];
}

interface Edge {
  readonly to: string;
  readonly negative: boolean;
  readonly rule: Rule;
  readonly at: Span;
  readonly kind: 'positive' | 'negation' | 'aggregate';
}

export function deductiveRules(program: Program): Rule[] {
  return program.clauses.filter((c): c is Rule => c.kind === 'rule' && c.headTime === 'now');
}

function aggregateSpan(head: Atom): Span | null {
  const agg = head.args.find((a) => a.kind === 'aggregate');
  return agg ? agg.span : null;
}

function bodyAtoms(body: readonly BodyItem[]): Extract<BodyItem, { kind: 'atom' }>[] {
  return body.filter((b): b is Extract<BodyItem, { kind: 'atom' }> => b.kind === 'atom');
}

export function stratify(program: Program): Strata {
  const rules = deductiveRules(program);
  const order: string[] = [];
  const seen = new Set<string>();
  const note = (r: string): void => {
    if (!seen.has(r)) {
      seen.add(r);
      order.push(r);
    }
  };
  const edges = new Map<string, Edge[]>();
  for (const rule of rules) {
    note(rule.head.relation);
    const agg = aggregateSpan(rule.head);
    const out = edges.get(rule.head.relation) ?? [];
    edges.set(rule.head.relation, out);
    for (const item of bodyAtoms(rule.body)) {
      note(item.atom.relation);
      const kind = item.negated ? 'negation' : agg ? 'aggregate' : 'positive';
      const at = item.negated ? item.span : (agg ?? item.span);
      out.push({ to: item.atom.relation, negative: kind !== 'positive', rule, at, kind });
    }
  }

  // Tarjan's SCC, iterative order over relations in first-appearance order for determinism.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Iterative: a chain of thousands of relations must not depend on the stack size.
  const visit = (root: string): void => {
    const frames: { v: string; next: number }[] = [];
    const open = (v: string): void => {
      index.set(v, counter);
      low.set(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
      frames.push({ v, next: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      const out = edges.get(f.v) ?? [];
      if (f.next < out.length) {
        const e = out[f.next++]!;
        if (!index.has(e.to)) open(e.to);
        else if (onStack.has(e.to)) low.set(f.v, Math.min(low.get(f.v)!, index.get(e.to)!));
        continue;
      }
      frames.pop();
      if (low.get(f.v) === index.get(f.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== f.v);
        components.push(comp);
      }
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(f.v)!));
    }
  };
  for (const r of order) if (!index.has(r)) visit(r);

  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((r) => componentOf.set(r, i)));

  const strata: Stratum[] = [];
  const cycles: NegativeCycle[] = [];
  for (const comp of components) {
    const members = new Set(comp);
    const compRules = rules.filter((r) => members.has(r.head.relation));
    if (compRules.length === 0) continue; // a relation that is only read (facts, messages, @next)
    let recursive = false;
    for (const rel of comp) {
      for (const e of edges.get(rel) ?? []) {
        if (!members.has(e.to)) continue;
        recursive = true;
        if (e.negative) cycles.push({ path: cyclePath(rel, e.to, members, edges), rule: e.rule, at: e.at, kind: e.kind === 'aggregate' ? 'aggregate' : 'negation' });
      }
    }
    strata.push({ relations: [...comp].sort(), rules: compRules, recursive });
  }
  return { strata, cycles };
}

/** head → … → head: the edge head→first, then a shortest path back from `first` to `head` inside the component. */
function cyclePath(head: string, first: string, members: Set<string>, edges: Map<string, Edge[]>): string[] {
  const prev = new Map<string, string>();
  const queue = [first];
  const visited = new Set([first]);
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === head) break;
    for (const e of edges.get(v) ?? []) {
      if (members.has(e.to) && !visited.has(e.to)) {
        visited.add(e.to);
        prev.set(e.to, v);
        queue.push(e.to);
      }
    }
  }
  const back: string[] = [];
  for (let v: string | undefined = head; v !== undefined && v !== first; v = prev.get(v)) back.push(v);
  return first === head ? [head, head] : [head, first, ...back.reverse()];
}
