/**
 * What the lineage stage needs to know about the program, computed once per program: for each
 * relation, the rules that derive it, with the relations they read positively, negatively, and
 * through an aggregate, and at which time offset. Used to over-approximate which tuples *could
 * appear* under faults (DESIGN §7, negation).
 */
import type { Rule } from '../syntax/ast.js';

export interface BodyRead {
  readonly relation: string;
  /** A fixed time `p(X)@N`, or null for "the rule's own time". */
  readonly fixedTime: number | null;
}

export interface DerivingRule {
  /** 0 for a deductive rule (body at the head's time), 1 for @next/@async (body one step earlier). */
  readonly delay: 0 | 1;
  readonly positive: readonly BodyRead[];
  readonly negated: readonly BodyRead[];
  readonly aggregate: boolean;
}

export interface LineagePlan {
  readonly deriving: ReadonlyMap<string, readonly DerivingRule[]>;
  /**
   * For each relation r, r itself and every relation that derives r at the same time through
   * positive deductive edges (the relations whose appearance at t can make r appear at t).
   */
  readonly sameTimeSources: ReadonlyMap<string, readonly string[]>;
}

const plans = new WeakMap<readonly Rule[], LineagePlan>();

export function lineagePlan(rules: readonly Rule[]): LineagePlan {
  const cached = plans.get(rules);
  if (cached) return cached;
  const deriving = new Map<string, DerivingRule[]>();
  for (const rule of rules) {
    const positive: BodyRead[] = [];
    const negated: BodyRead[] = [];
    for (const item of rule.body) {
      if (item.kind !== 'atom') continue;
      const fixedTime = item.time?.kind === 'at' ? item.time.time : null;
      (item.negated ? negated : positive).push({ relation: item.atom.relation, fixedTime });
    }
    const list = deriving.get(rule.head.relation) ?? [];
    list.push({
      delay: rule.headTime === 'now' ? 0 : 1,
      positive,
      negated,
      aggregate: rule.head.args.some((a) => a.kind === 'aggregate'),
    });
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
  const plan = { deriving, sameTimeSources };
  plans.set(rules, plan);
  return plan;
}
