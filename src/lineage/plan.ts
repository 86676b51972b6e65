/**
 * What the lineage stage needs to know about the program, computed once per program: for each
 * relation, the rules that derive it — head arguments, and the atoms they read positively and
 * under `notin`, with their time offsets. Used to over-approximate which tuples *could appear*
 * under more faults (DESIGN §7, negation).
 */
import type { Rule, Term, Value } from '../syntax/ast.js';

/** A rule argument as the appear-analysis sees it: a constant, a variable, or anything else. */
export type ArgPattern = { readonly k: 'const'; readonly value: Value } | { readonly k: 'var'; readonly name: string } | { readonly k: 'any' };

export interface BodyRead {
  readonly relation: string;
  readonly args: readonly ArgPattern[];
  /** A fixed time `p(X)@N`, or null for "the rule's own time". */
  readonly fixedTime: number | null;
}

export interface DerivingRule {
  readonly rule: Rule;
  readonly head: readonly ArgPattern[];
  /** 0 for a deductive rule (body at the head's time), 1 for @next/@async (body one step earlier). */
  readonly delay: 0 | 1;
  readonly positive: readonly BodyRead[];
  readonly negated: readonly BodyRead[];
  readonly aggregate: boolean;
  /**
   * A `max<X>`/`min<X>` head over a single positive atom: which head column holds the extremum
   * and which column of that atom is X. Lets appear() ask for one value of the extremum.
   */
  readonly extremum: { readonly fn: 'max' | 'min'; readonly headColumn: number; readonly atomColumn: number } | null;
}

export interface LineagePlan {
  readonly deriving: ReadonlyMap<string, readonly DerivingRule[]>;
  readonly byRule: ReadonlyMap<Rule, DerivingRule>;
  /**
   * For each relation r, r itself and every relation that derives r at the same time through
   * positive deductive edges: the coarse fallback used on same-time recursion.
   */
  readonly sameTimeSources: ReadonlyMap<string, readonly string[]>;
  /**
   * Relations that may gain a tuple under more faults: those derived (transitively) through a
   * `notin`, an aggregate or `crash`. The others are monotone in the messages delivered, so
   * losing more messages only takes their tuples away.
   */
  readonly mayAppear: ReadonlySet<string>;
}

const plans = new WeakMap<readonly Rule[], LineagePlan>();

function pattern(t: Term): ArgPattern {
  if (t.kind === 'const') return { k: 'const', value: t.value };
  if (t.kind === 'var') return { k: 'var', name: t.name };
  return { k: 'any' };
}

export function lineagePlan(rules: readonly Rule[]): LineagePlan {
  const cached = plans.get(rules);
  if (cached) return cached;
  const deriving = new Map<string, DerivingRule[]>();
  const byRule = new Map<Rule, DerivingRule>();
  for (const rule of rules) {
    const positive: BodyRead[] = [];
    const negated: BodyRead[] = [];
    for (const item of rule.body) {
      if (item.kind !== 'atom') continue;
      const fixedTime = item.time?.kind === 'at' ? item.time.time : null;
      (item.negated ? negated : positive).push({ relation: item.atom.relation, args: item.atom.args.map(pattern), fixedTime });
    }
    const list = deriving.get(rule.head.relation) ?? [];
    const headColumn = rule.head.args.findIndex((a) => a.kind === 'aggregate' && (a.fn === 'max' || a.fn === 'min'));
    const agg = rule.head.args[headColumn];
    let extremum: DerivingRule['extremum'] = null;
    // Only a plain `h(…, max<X>) :- p(…)`: a comparison or a repeated variable would filter the
    // contributors, and the value-wise reading in appear() does not apply them.
    const plain = rule.body.every((b) => b.kind === 'atom') && distinctVariables(positive[0]?.args ?? []);
    if (agg?.kind === 'aggregate' && (agg.fn === 'max' || agg.fn === 'min') && agg.arg.kind === 'var' && positive.length === 1 && negated.length === 0 && plain) {
      const name = agg.arg.name;
      const atomColumn = positive[0]!.args.findIndex((a) => a.k === 'var' && a.name === name);
      if (atomColumn >= 0) extremum = { fn: agg.fn, headColumn, atomColumn };
    }
    const derivingRule: DerivingRule = {
      rule,
      extremum,
      head: rule.head.args.map(pattern),
      delay: rule.headTime === 'now' ? 0 : 1,
      positive,
      negated,
      aggregate: rule.head.args.some((a) => a.kind === 'aggregate'),
    };
    list.push(derivingRule);
    byRule.set(rule, derivingRule);
    deriving.set(rule.head.relation, list);
  }

  const sameTimeSources = new Map<string, string[]>();
  for (const start of deriving.keys()) {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      const r = stack.pop()!;
      for (const d of deriving.get(r) ?? []) {
        if (d.delay !== 0) continue;
        for (const p of d.positive) {
          if (p.fixedTime === null && !seen.has(p.relation)) {
            seen.add(p.relation);
            stack.push(p.relation);
          }
        }
      }
    }
    sameTimeSources.set(start, [...seen].sort());
  }
  const mayAppear = new Set<string>(['crash']);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [relation, rules] of deriving) {
      if (mayAppear.has(relation)) continue;
      if (rules.some((r) => r.negated.length > 0 || r.aggregate || r.positive.some((p) => mayAppear.has(p.relation)))) {
        mayAppear.add(relation);
        changed = true;
      }
    }
  }
  const plan = { deriving, byRule, sameTimeSources, mayAppear };
  plans.set(rules, plan);
  return plan;
}

function distinctVariables(args: readonly ArgPattern[]): boolean {
  const names = args.flatMap((a) => (a.k === 'var' ? [a.name] : []));
  return new Set(names).size === names.length;
}

/** Binds the rule head to a wanted tuple pattern (null = any value); null when they cannot unify. */
export function unifyHead(head: readonly ArgPattern[], wanted: readonly (Value | null)[]): Map<string, Value> | null {
  const env = new Map<string, Value>();
  for (let i = 0; i < head.length; i++) {
    const w = wanted[i] ?? null;
    const h = head[i]!;
    if (w === null || h.k === 'any') continue;
    if (h.k === 'const') {
      if (h.value !== w) return null;
    } else {
      const bound = env.get(h.name);
      if (bound !== undefined && bound !== w) return null;
      env.set(h.name, w);
    }
  }
  return env;
}

/** A body atom's arguments under a head binding: constants and bound variables, null elsewhere. */
export function instantiate(args: readonly ArgPattern[], env: ReadonlyMap<string, Value>): (Value | null)[] {
  return args.map((a) => (a.k === 'const' ? a.value : a.k === 'var' ? (env.get(a.name) ?? null) : null));
}
