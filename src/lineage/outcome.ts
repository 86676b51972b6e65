/**
 * The lineage of a run's good outcomes as a formula over faults (DESIGN §7).
 *
 * alive(tuple)  = true for a base tuple (a fact, a crash tuple), else OR of alive(firing)
 * alive(firing) = AND of alive(body tuples), "its message was not lost", and for every negated
 *                 goal "the negated tuple cannot have appeared"
 *
 * Faults only take messages away, so a tuple absent from this run can appear under more faults
 * only through non-monotonicity: some tuple read under `notin` (or by an aggregate) disappearing.
 * `appear(r(args), t)` over-approximates that, following the rules whose heads unify with the
 * wanted tuple back to the negated tuples they read: it holds as soon as one of those is broken.
 * It stays an over-approximation on purpose: a precise answer would need the run we have not
 * made; a too-optimistic one would let `check` miss bugs.
 *
 * Formulas are built bottom-up with memoization, so shared sub-derivations are shared nodes.
 * A firing whose same-time body tuple was created after its head is kept only when that tuple
 * cannot depend on the head (it holds through facts, carried tuples or messages alone): that keeps
 * the graph acyclic (a re-derivation through a later tuple could otherwise support itself), and
 * dropping a firing only makes an outcome look easier to break, never harder.
 */
import type { Formula } from '../solve/formula.js';
import { and, crashed, FALSE, messageLost, not, or, TRUE } from '../solve/formula.js';
import type { Value } from '../syntax/ast.js';
import type { Bounds } from '../faults/types.js';
import type { RunResult, Tuple, TupleNode } from '../sim/types.js';
import { compareTuples, compareValues, formatTuple } from '../terms/values.js';
import type { CompiledProgram } from '../sim/compile.js';
import { columnDomains, variableDomain } from './domains.js';
import { comparisonsAllow } from './compare.js';
import { instantiate, lineagePlan, unifyHead, type BodyRead, type DerivingRule } from './plan.js';
import { countShape, thresholds } from './quorum.js';

/** Quorums over more contributors than this keep the exact-count reading (subsets grow fast). */
const MAX_QUORUM = 9;

/** Every `k`-element subset of `items`, in order. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k <= 0) return [[]];
  if (k > items.length) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [first!, ...s]), ...subsets(rest, k)];
}

/** A wildcard pattern is expanded into its ground tuples only up to this many. */
const MAX_INSTANCES = 64;

export interface Target {
  /** `post("b", "nonce1")` */
  readonly label: string;
  /** True when this outcome has no surviving derivation while its pre may still hold. */
  readonly broken: Formula;
}

export interface OutcomeLineage {
  /** Post tuples at EOT that some pre tuple needs, sorted; each with "it is broken". */
  readonly targets: readonly Target[];
  /** Some new `pre` tuple may appear (and may lack a post). */
  readonly newPre: Formula;
  /** What a hypothesis must make true: some target broken, or a new pre. */
  readonly goal: Formula;
  /**
   * Implies `goal`; tried first: a target breaks through lost messages alone while its `pre`
   * keeps a derivation (judged ignoring negation) — the likeliest counterexamples.
   */
  readonly preferred: Formula;
}

export function outcomeLineage(compiled: CompiledProgram, run: RunResult, bounds: Bounds): OutcomeLineage {
  const plan = lineagePlan(compiled.rules);
  const domains = columnDomains(compiled.program, bounds.nodes);
  const { tuples, firings } = run.lineage;
  const byRelationTime = new Map<string, TupleNode[]>();
  const present = new Set<string>();
  for (const t of tuples) {
    const key = `${t.relation}@${t.time}`;
    present.add(`${key}:${patternKey(t.tuple)}`);
    const list = byRelationTime.get(key);
    if (list) list.push(t);
    else byRelationTime.set(key, [t]);
  }

  const aliveMemo = new Map<number, Formula>();
  /**
   * A body tuple that cannot lead back to the head: it is from an earlier time, or it holds at
   * this time only through facts, carried tuples and delivered messages (no same-time firing).
   */
  const settledBefore = (b: number, time: number): boolean => {
    const t = tuples[b]!;
    return t.time < time || t.base || t.firings.every((f) => firings[f]!.time < t.time);
  };
  const diesMemo = new Map<string, Formula>();
  const appearMemo = new Map<string, Formula>();
  // The constraint this run adds speaks of sets above its faults: its omissions, and its crashes
  // at the same time or earlier (solve/cumulative.ts). So a crash tuple of this run survives unless its node's crash moves
  // earlier, and new crash tuples appear only for a node that crashes earlier or newly crashes.
  const seedCrash = new Map<string, number>();
  for (const f of run.faults) if (f.kind === 'crash') seedCrash.set(f.node, f.time);
  const crashMoves = (node: string): Formula => {
    const t = seedCrash.get(node);
    return t === undefined ? crashed(node, bounds.eot) : crashed(node, t - 1);
  };
  const anyCrash = or(...bounds.nodes.map(crashMoves));

  /**
   * `alive(id, true)` is the sound formula; `alive(id, false)` ignores negation (a lost message is
   * the only way to break anything), which is what the preferred hypotheses are built from.
   */
  const optimisticMemo = new Map<number, Formula>();
  const alive = (id: number, sound = true): Formula => {
    const memoMap = sound ? aliveMemo : optimisticMemo;
    const memo = memoMap.get(id);
    if (memo) return memo;
    const node = tuples[id]!;
    let f: Formula;
    if (node.relation === 'crash') f = sound && typeof node.tuple[1] === 'string' ? not(crashMoves(node.tuple[1])) : TRUE;
    else if (node.base) f = TRUE;
    else {
      const options: Formula[] = [];
      for (const fid of node.firings) {
        const firing = firings[fid]!;
        if (firing.body.some((b) => b >= id && !settledBefore(b, node.time))) continue;
        const atLeast = thresholds(compiled.rules[firing.rule]!);
        const parts: Formula[] = firing.body.map((b, i) => {
          const least = atLeast[i] ?? null;
          return least === null ? alive(b, sound) : quorumAlive(b, least, sound);
        });
        if (firing.message !== null) {
          const m = run.messages[firing.message]!;
          parts.push(not(messageLost(m.from, m.to, m.sendTime, bounds.eff)));
        }
        if (sound) {
          for (const g of firing.negated) parts.push(not(appear(g.relation, g.args, g.time)));
          parts.push(...noNewContributor(firing.rule, node, firing.time));
        }
        options.push(and(...parts));
      }
      f = or(...options);
    }
    memoMap.set(id, f);
    return f;
  };

  /**
   * An aggregate keeps its value only if no new contributor joins its group either (one can,
   * through a `notin` upstream): "none of the group's atoms appears", per atom that may appear.
   */
  const noNewContributor = (ruleIndex: number, head: TupleNode, bodyTime: number): Formula[] => {
    const rule = plan.byRule.get(compiled.rules[ruleIndex]!);
    if (!rule?.aggregate) return [];
    const wanted = rule.head.map((h, i) => (h.k === 'any' ? null : head.tuple[i]!));
    const env = unifyHead(rule.head, wanted);
    if (!env) return [];
    return rule.positive
      .filter((p) => plan.mayAppear.has(p.relation))
      .map((p) => not(appear(p.relation, instantiate(p.args, env), p.fixedTime ?? bodyTime)));
  };

  /**
   * A count tuple read only as "at least `least`": some count firing of it keeps `least` distinct
   * contributors alive (see quorum.ts); the exact tuple otherwise.
   */
  const quorumAlive = (id: number, least: number, sound: boolean): Formula => {
    const node = tuples[id]!;
    const options: Formula[] = [];
    for (const fid of node.firings) {
      const firing = firings[fid]!;
      const shape = countShape(compiled.rules[firing.rule]!);
      // A count sent as a message could be lost on the way: read it exactly then.
      if (!shape || firing.message !== null) return alive(id, sound);
      const byValue = new Map<string, Formula[]>();
      for (const b of firing.body) {
        const key = patternKey([tuples[b]!.tuple[shape.column]!]);
        const list = byValue.get(key) ?? [];
        list.push(alive(b, sound));
        byValue.set(key, list);
      }
      const contributors = [...byValue.values()].map((fs) => or(...fs));
      if (contributors.length > MAX_QUORUM) return alive(id, sound);
      options.push(or(...subsets(contributors, least).map((s) => and(...s))));
    }
    return or(...options);
  };

  /** Some tuple of `relation` matching `wanted` (null = any value) that held at `time` in this run is broken. */
  const dies = (relation: string, wanted: readonly (Value | null)[], time: number): Formula => {
    if (relation === 'crash') {
      // `notin crash(X, X, _)` keeps failing while X stays crashed; only a crash tuple of a given time can go.
      const at = wanted[2] ?? null;
      if (at === null) return FALSE;
      const parts: Formula[] = [];
      for (const [node, t] of seedCrash) if (t === at && (wanted[1] == null || wanted[1] === node)) parts.push(crashMoves(node));
      return or(...parts);
    }
    const key = `${relation}@${time}:${patternKey(wanted)}`;
    const memo = diesMemo.get(key);
    if (memo) return memo;
    const matching = (byRelationTime.get(`${relation}@${time}`) ?? []).filter((t) => matches(t.tuple, wanted));
    const f = or(...matching.map((t) => not(alive(t.id))));
    diesMemo.set(key, f);
    return f;
  };

  /**
   * Some tuple of `relation` matching `wanted`, absent at `time` in this run, may appear under
   * more faults: a rule whose head unifies with it gets a new body — one of its positive atoms
   * appears, or one of its negated atoms (or an aggregated one) loses a tuple.
   */
  const inProgress = new Set<string>();
  const appear = (relation: string, wanted: readonly (Value | null)[], time: number): Formula => {
    if (time < 1) return FALSE;
    if (relation === 'crash') {
      const who = wanted[1];
      return typeof who === 'string' ? crashMoves(who) : anyCrash;
    }
    if (!plan.mayAppear.has(relation)) return FALSE;
    const key = `${relation}@${time}:${patternKey(wanted)}`;
    const memo = appearMemo.get(key);
    if (memo) return memo;
    const instances = groundInstances(relation, wanted);
    if (instances !== null) {
      // A tuple that holds in this run cannot appear; the others are asked one by one.
      const f = or(...instances.filter((w) => !present.has(`${relation}@${time}:${patternKey(w)}`)).map((w) => appearGround(relation, w, time)));
      appearMemo.set(key, f);
      return f;
    }
    return appearGround(relation, wanted, time);
  };

  /** "May still hold" for each tuple matching `wanted` at `time` in this run. */
  const holdingMemo = new Map<string, Formula>();
  const holdingNow = (relation: string, wanted: readonly (Value | null)[], time: number): Formula => {
    if (relation === 'crash') return TRUE;
    const key = `${relation}@${time}:${patternKey(wanted)}`;
    let f = holdingMemo.get(key);
    if (f === undefined) {
      f = or(...(byRelationTime.get(`${relation}@${time}`) ?? []).filter((t) => matches(t.tuple, wanted)).map((t) => mayHold(t.id)));
      holdingMemo.set(key, f);
    }
    return f;
  };

  /** Some tuple matching `wanted` holds at `time` in this run. */
  const holdsMemo = new Map<string, boolean>();
  const holdsSome = (relation: string, wanted: readonly (Value | null)[], time: number): boolean => {
    if (relation === 'crash') return seedCrash.size > 0;
    const key = `${relation}@${time}:${patternKey(wanted)}`;
    let holds = holdsMemo.get(key);
    if (holds === undefined) {
      holds = present.has(key) || (byRelationTime.get(`${relation}@${time}`) ?? []).some((t) => matches(t.tuple, wanted));
      holdsMemo.set(key, holds);
    }
    return holds;
  };

  /** The ground tuples a pattern stands for, when every open column has a small known domain. */
  const instanceMemo = new Map<string, (Value | null)[][] | null>();
  const groundInstances = (relation: string, wanted: readonly (Value | null)[]): (Value | null)[][] | null => {
    const key = `${relation}:${patternKey(wanted)}`;
    let found = instanceMemo.get(key);
    if (found === undefined) {
      found = expand(relation, wanted);
      instanceMemo.set(key, found);
    }
    return found;
  };
  const expand = (relation: string, wanted: readonly (Value | null)[]): (Value | null)[][] | null => {
    if (!wanted.includes(null)) return null; // already ground: nothing to expand
    const cols = domains.get(relation);
    if (!cols) return [];
    let out: (Value | null)[][] = [[]];
    for (let i = 0; i < cols.length; i++) {
      const w = wanted[i] ?? null;
      const d = cols[i];
      if (w !== null) out = out.map((p) => [...p, w]);
      else if (d === null || d === undefined) return null;
      else out = out.flatMap((p) => [...d].map((v) => [...p, v]));
      if (out.length > MAX_INSTANCES) return null;
    }
    return out;
  };

  const appearGround = (relation: string, wanted: readonly (Value | null)[], time: number): Formula => {
    const key = `${relation}@${time}:${patternKey(wanted)}`;
    const memo = appearMemo.get(key);
    if (memo) return memo;
    // Same-time recursion (a recursive relation): fall back to the relation-level answer, which needs no cycle.
    if (inProgress.has(key)) return appearRelation(relation, time);
    inProgress.add(key);
    const parts: Formula[] = [];
    for (const rule of plan.deriving.get(relation) ?? []) {
      const bodyTime = time - rule.delay;
      if (bodyTime < 1) continue;
      if (rule.positive.some((p) => p.fixedTime !== null && p.fixedTime > bodyTime)) continue;
      const env = unifyHead(rule.head, wanted);
      if (!env) continue;
      if (rule.extremum) {
        const value = wanted[rule.extremum.headColumn] ?? null;
        parts.push(
          value !== null
            ? extremumAppears(rule.extremum, rule.positive[0]!, env, value, bodyTime)
            : extremumMoves(rule.extremum, rule.positive[0]!, env, bodyTime),
        );
        continue;
      }
      for (const bound of groundings(rule, env)) parts.push(firesAnew(rule, bound, bodyTime));
    }
    inProgress.delete(key);
    const f = or(...parts);
    appearMemo.set(key, f);
    return f;
  };

  /**
   * The bindings to try a rule under: the head's, extended with every value of each remaining
   * variable when their domains are small, keeping those the rule's comparisons allow.
   */
  const groundings = (rule: DerivingRule, env: Map<string, Value>): Map<string, Value>[] => {
    const vars = ruleVariables(rule);
    let out: Map<string, Value>[] = [env];
    for (const [v, d] of vars) {
      if (env.has(v)) continue;
      if (d === null || out.length * d.size > MAX_INSTANCES) return [env];
      out = out.flatMap((e) => [...d].map((value) => new Map(e).set(v, value)));
    }
    return out.filter((e) => comparisonsAllow(rule.rule, e));
  };

  const variableMemo = new Map<DerivingRule, Map<string, ReadonlySet<Value> | null>>();
  /** The variables of a rule's positive atoms with the values each can take. */
  const ruleVariables = (rule: DerivingRule): Map<string, ReadonlySet<Value> | null> => {
    let vars = variableMemo.get(rule);
    if (!vars) {
      vars = new Map();
      for (const p of rule.positive) for (const a of p.args) if (a.k === 'var' && !vars.has(a.name)) vars.set(a.name, variableDomain(rule.rule, a.name, domains));
      variableMemo.set(rule, vars);
    }
    return vars;
  };

  /**
   * The rule fires anew under `env`: each positive atom holds (it does in this run, or it may
   * appear) and each negated one does not (it does not in this run, or it may go), and something
   * changed: a positive atom appears or a negated one goes.
   */
  const firesAnew = (rule: DerivingRule, env: ReadonlyMap<string, Value>, bodyTime: number): Formula => {
    const possible: Formula[] = [];
    const changes: Formula[] = [];
    for (const p of rule.positive) {
      const args = instantiate(p.args, env);
      const at = p.fixedTime ?? bodyTime;
      const holds = holdsSome(p.relation, args, at);
      // A ground tuple that holds cannot appear: skip the question.
      const appears = holds && !args.includes(null) ? FALSE : appear(p.relation, args, at);
      possible.push(holds ? or(appears, holdingNow(p.relation, args, at)) : appears);
      changes.push(appears);
      if (rule.aggregate) changes.push(dies(p.relation, args, at));
    }
    for (const n of rule.negated) {
      if (n.fixedTime !== null && n.fixedTime > bodyTime) continue; // reads nothing yet
      const args = instantiate(n.args, env);
      const at = n.fixedTime ?? bodyTime;
      const goes = dies(n.relation, args, at);
      // A negated atom that holds in this run must go for the rule to fire, unless one of its
      // variables is still open: the new firing may bind it to a value nothing blocks.
      const open = n.args.some((a) => a.k === 'var' && !env.has(a.name));
      if (!open && holdsSome(n.relation, args, at)) possible.push(goes);
      changes.push(goes);
    }
    if (possible.some((f) => f === FALSE)) return FALSE;
    return and(...possible, or(...changes));
  };

  /**
   * A max (min) over one atom becomes `value`: every contributor of the group that holds above
   * (below) it goes, and one equal to it holds or appears. New contributors above it would only
   * move the extremum elsewhere, so they are not needed.
   */
  const extremumAppears = (
    ext: NonNullable<DerivingRule['extremum']>,
    atom: BodyRead,
    env: ReadonlyMap<string, Value>,
    value: Value,
    bodyTime: number,
  ): Formula => {
    const at = atom.fixedTime ?? bodyTime;
    const group = instantiate(atom.args, env);
    group[ext.atomColumn] = null;
    const beyond = (byRelationTime.get(`${atom.relation}@${at}`) ?? []).filter((t) => {
      if (!matches(t.tuple, group)) return false;
      const x = t.tuple[ext.atomColumn]!;
      return ext.fn === 'max' ? compareValues(x, value) > 0 : compareValues(x, value) < 0;
    });
    const equal = [...group];
    equal[ext.atomColumn] = value;
    const reach = holdsSome(atom.relation, equal, at) ? TRUE : appear(atom.relation, equal, at);
    return and(reach, ...beyond.map((t) => not(alive(t.id))));
  };

  /**
   * A max (min) over one atom takes some new value: all the contributors at the current extremum
   * go, or a contributor appears (the group is empty in this run, or a bigger one comes).
   */
  const extremumMoves = (ext: NonNullable<DerivingRule['extremum']>, atom: BodyRead, env: ReadonlyMap<string, Value>, bodyTime: number): Formula => {
    const at = atom.fixedTime ?? bodyTime;
    const group = instantiate(atom.args, env);
    group[ext.atomColumn] = null;
    const members = (byRelationTime.get(`${atom.relation}@${at}`) ?? []).filter((t) => matches(t.tuple, group));
    const comesIn = appear(atom.relation, group, at);
    if (members.length === 0) return comesIn;
    const best = members.reduce((m, t) => {
      const c = compareValues(t.tuple[ext.atomColumn]!, m);
      return (ext.fn === 'max' ? c > 0 : c < 0) ? t.tuple[ext.atomColumn]! : m;
    }, members[0]!.tuple[ext.atomColumn]!);
    const atBest = members.filter((t) => compareValues(t.tuple[ext.atomColumn]!, best) === 0);
    return or(and(...atBest.map((t) => not(alive(t.id)))), comesIn);
  };

  /** The relation-level over-approximation of `appear`: any tuple of `relation` at `time`. */
  const relationMemo = new Map<string, Formula>();
  const relationVisiting = new Set<string>();
  const appearRelation = (relation: string, time: number): Formula => {
    if (time < 1) return FALSE;
    if (relation === 'crash') return anyCrash;
    const key = `${relation}@${time}`;
    const memo = relationMemo.get(key);
    if (memo) return memo;
    // A fixed-time read of the same time (`p :- q@N` at N) can come back here: nothing new then.
    if (relationVisiting.has(key)) return FALSE;
    relationVisiting.add(key);
    const parts: Formula[] = [];
    for (const source of plan.sameTimeSources.get(relation) ?? []) {
      if (source === 'crash') parts.push(anyCrash);
      for (const rule of plan.deriving.get(source) ?? []) {
        const bodyTime = time - rule.delay;
        if (bodyTime < 1) continue;
        for (const n of rule.negated) {
          if (n.fixedTime === null || n.fixedTime <= bodyTime) parts.push(dies(n.relation, [], n.fixedTime ?? bodyTime));
        }
        for (const p of rule.positive) {
          const t = p.fixedTime ?? bodyTime;
          if (rule.delay === 1 || p.fixedTime !== null) parts.push(appearRelation(p.relation, t));
          if (rule.aggregate) parts.push(dies(p.relation, [], t));
        }
      }
    }
    relationVisiting.delete(key);
    const f = or(...parts);
    relationMemo.set(key, f);
    return f;
  };

  const eotTuples = (relation: string): TupleNode[] =>
    [...(byRelationTime.get(`${relation}@${run.eot}`) ?? [])].sort((a, b) => compareTuples(a.tuple, b.tuple));
  /**
   * An over-approximation of "this tuple still holds": a recorded derivation whose messages all
   * arrive (negation ignored, a same-time cycle assumed to hold), or a new derivation. A target
   * whose pre cannot hold any more is no counterexample, however broken its post.
   */
  const mayHoldMemo = new Map<number, Formula>();
  const visiting = new Set<number>();
  const mayHold = (id: number): Formula => {
    const memo = mayHoldMemo.get(id);
    if (memo) return memo;
    if (visiting.has(id)) return TRUE;
    const node = tuples[id]!;
    if (node.base) return TRUE;
    visiting.add(id);
    const options: Formula[] = [appearGround(node.relation, node.tuple, node.time)];
    for (const fid of node.firings) {
      const firing = firings[fid]!;
      const parts = firing.body.map(mayHold);
      if (firing.message !== null) {
        const m = run.messages[firing.message]!;
        parts.push(not(messageLost(m.from, m.to, m.sendTime, bounds.eff)));
      }
      options.push(and(...parts));
    }
    visiting.delete(id);
    const f = or(...options);
    mayHoldMemo.set(id, f);
    return f;
  };

  const pres = new Map(eotTuples('pre').map((t) => [patternKey(t.tuple), t]));
  const targets: Target[] = [];
  const promising: Formula[] = [];
  for (const post of eotTuples('post')) {
    const pre = pres.get(patternKey(post.tuple));
    if (!pre) continue;
    targets.push({ label: formatTuple('post', post.tuple), broken: and(not(alive(post.id)), mayHold(pre.id)) });
    promising.push(and(not(alive(post.id, false)), alive(pre.id, false)));
  }
  const newPre = appear('pre', [], run.eot);
  return { targets, newPre, goal: or(...targets.map((t) => t.broken), newPre), preferred: or(...promising) };
}

function matches(t: Tuple, wanted: readonly (Value | null)[]): boolean {
  for (let i = 0; i < wanted.length; i++) if (wanted[i] !== null && wanted[i] !== t[i]) return false;
  return true;
}

/** A map key for a tuple or a pattern (null = any value); cheaper than JSON on the hot path. */
function patternKey(p: readonly (Value | null)[]): string {
  let key = '';
  for (const v of p) key += v === null ? '\u0001_' : typeof v === 'number' ? `\u0001#${v}` : `\u0001"${v}`;
  return key;
}
