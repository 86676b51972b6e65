/**
 * The lineage of a run's good outcomes as a formula over faults (DESIGN §7).
 *
 * alive(tuple)  = true for a base tuple (a fact, a crash tuple), else OR of alive(firing)
 * alive(firing) = AND of alive(body tuples), "its message was not lost", and for every negated
 *                 goal "the negated tuple cannot have appeared"
 *
 * Faults only take messages away, so a tuple absent from this run can appear under more faults
 * only through non-monotonicity: some tuple read under `notin` (or by an aggregate) disappearing.
 * `appear(r, t)` over-approximates that: it is true as soon as any tuple that r's derivations read
 * negatively (at the times they read it) is broken. It is coarse on purpose: a precise answer would
 * need the run we have not made; a too-optimistic one would let `check` miss bugs.
 *
 * Formulas are built bottom-up with memoization, so shared sub-derivations are shared nodes.
 * Only firings whose same-time body tuples were created before their head are kept: that makes the
 * graph acyclic (a re-derivation through a later tuple could otherwise support itself); dropping
 * such a firing only makes an outcome look easier to break, never harder.
 */
import type { Formula } from '../solve/formula.js';
import { and, crashed, FALSE, messageLost, not, or, TRUE } from '../solve/formula.js';
import type { Rule } from '../syntax/ast.js';
import type { Bounds } from '../search/types.js';
import type { RunResult, Tuple, TupleNode } from '../sim/types.js';
import { compareTuples, formatTuple } from '../sim/values.js';
import { lineagePlan } from './plan.js';

export interface Target {
  /** `post("b", "nonce1")` */
  readonly label: string;
  /** True when this outcome has no surviving derivation. */
  readonly broken: Formula;
}

export interface OutcomeLineage {
  /** Post tuples at EOT that some pre tuple needs, sorted; each with "it is broken". */
  readonly targets: readonly Target[];
  /** Some new `pre` tuple may appear (and may lack a post). */
  readonly newPre: Formula;
  /** What a hypothesis must make true: some target broken, or a new pre. */
  readonly goal: Formula;
}

export function outcomeLineage(rules: readonly Rule[], run: RunResult, bounds: Bounds): OutcomeLineage {
  const plan = lineagePlan(rules);
  const { tuples, firings } = run.lineage;
  const byRelationTime = new Map<string, TupleNode[]>();
  for (const t of tuples) {
    const key = `${t.relation}@${t.time}`;
    const list = byRelationTime.get(key);
    if (list) list.push(t);
    else byRelationTime.set(key, [t]);
  }

  const aliveMemo = new Map<number, Formula>();
  const diesMemo = new Map<string, Formula>();
  const appearMemo = new Map<string, Formula>();
  const localMemo = new Map<string, Formula>();
  const anyCrash = or(...bounds.nodes.map((n) => crashed(n, bounds.eot)));

  const alive = (id: number): Formula => {
    const memo = aliveMemo.get(id);
    if (memo) return memo;
    const node = tuples[id]!;
    let f: Formula;
    if (node.base) f = TRUE;
    else {
      const options: Formula[] = [];
      for (const fid of node.firings) {
        const firing = firings[fid]!;
        if (firing.body.some((b) => tuples[b]!.time === node.time && b >= id)) continue;
        const parts: Formula[] = firing.body.map(alive);
        if (firing.message !== null) {
          const m = run.messages[firing.message]!;
          parts.push(not(messageLost(m.from, m.to, m.sendTime, bounds.eff)));
        }
        for (const g of firing.negated) {
          if (g.relation === 'crash') {
            const who = g.args[1];
            parts.push(not(typeof who === 'string' ? crashed(who, bounds.eot) : anyCrash));
          } else parts.push(not(appear(g.relation, g.time)));
        }
        options.push(and(...parts));
      }
      f = or(...options);
    }
    aliveMemo.set(id, f);
    return f;
  };

  /** Some tuple of `relation` that held at `time` in this run is broken. */
  const dies = (relation: string, time: number): Formula => {
    const key = `${relation}@${time}`;
    const memo = diesMemo.get(key);
    if (memo) return memo;
    const f = or(...(byRelationTime.get(key) ?? []).map((t) => not(alive(t.id))));
    diesMemo.set(key, f);
    return f;
  };

  /** Some tuple of `relation` absent at `time` in this run may appear under more faults. */
  const appear = (relation: string, time: number): Formula => {
    if (time < 1) return FALSE;
    if (relation === 'crash') return anyCrash;
    const key = `${relation}@${time}`;
    const memo = appearMemo.get(key);
    if (memo) return memo;
    const sources = plan.sameTimeSources.get(relation) ?? [];
    const f = or(...sources.map((r) => local(r, time)));
    appearMemo.set(key, f);
    return f;
  };

  /** The causes of `relation` appearing at `time` that are not same-time positive derivations. */
  const local = (relation: string, time: number): Formula => {
    const key = `${relation}@${time}`;
    const memo = localMemo.get(key);
    if (memo) return memo;
    const parts: Formula[] = [];
    for (const rule of plan.deriving.get(relation) ?? []) {
      const bodyTime = time - rule.delay;
      if (bodyTime < 1) continue;
      const at = (fixed: number | null): number => (fixed === null ? bodyTime : fixed);
      if (rule.positive.some((p) => p.fixedTime !== null && p.fixedTime > bodyTime)) continue;
      for (const n of rule.negated) {
        if (n.fixedTime !== null && n.fixedTime > bodyTime) continue; // reads nothing yet
        // Crash tuples never disappear under more faults: `notin crash` cannot start to hold.
        if (n.relation !== 'crash') parts.push(dies(n.relation, at(n.fixedTime)));
      }
      for (const p of rule.positive) {
        const t = at(p.fixedTime);
        // Same-time positive sources are covered by sameTimeSources; the rest recurse backwards in time.
        if (rule.delay === 1 || p.fixedTime !== null) parts.push(appear(p.relation, t));
        if (rule.aggregate) parts.push(dies(p.relation, t));
      }
    }
    const f = or(...parts);
    localMemo.set(key, f);
    return f;
  };

  const eotTuples = (relation: string): TupleNode[] =>
    [...(byRelationTime.get(`${relation}@${run.eot}`) ?? [])].sort((a, b) => compareTuples(a.tuple, b.tuple));
  const preKeys = new Set(eotTuples('pre').map((t) => keyOf(t.tuple)));
  const targets: Target[] = eotTuples('post')
    .filter((t) => preKeys.has(keyOf(t.tuple)))
    .map((t) => ({ label: formatTuple('post', t.tuple), broken: not(alive(t.id)) }));
  const newPre = appear('pre', run.eot);
  return { targets, newPre, goal: or(...targets.map((t) => t.broken), newPre) };
}

function keyOf(t: Tuple): string {
  return JSON.stringify(t);
}
