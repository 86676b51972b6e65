/**
 * What a run that kept the invariant teaches the search: the condition every violating fault set
 * above it must meet. Under G ≥ F a violation needs some `pre` tuple y at EOT with no `post` y:
 * so mayHold(pre y) ∧ ¬holds(post y), over every `pre` tuple that may hold at EOT (those of F's
 * run, and those that could newly appear). Under Molly's oracle only `post` tuples of the
 * fault-free run count as outcomes. A `pre` firing whose body contains the whole body of a `post`
 * firing that nothing can stop (no `notin`, aggregate or message) brings `post y` with it, so it
 * is left out of mayHold(pre y) here: `pre(N) :- r(N, K), K > 1` against `post(N) :- r(N, _)`
 * can never be violated, however `r` is derived.
 */
import type { CompiledProgram } from '../sim/compile.js';
import type { Firing, RunResult, Tuple, TupleNode } from '../sim/types.js';
import type { Bounds } from '../faults/types.js';
import { FALSE, TRUE, type Formula, type FormulaStore } from '../faults/formula.js';
import { compareTuples, formatTuple, tupleKey } from '../terms/values.js';
import { RunAbstraction } from './abstraction.js';
import { programFacts } from './possible.js';
import { RunIndex } from './run-index.js';

export type Oracle = 'default' | 'molly';

export interface Target {
  /** The outcome this target is about: `post("b", "x")`. */
  readonly label: string;
  /** True under G when `pre` may hold at EOT and `post` does not certainly hold. */
  readonly broken: Formula;
}

export interface RunLineage {
  /** Targets in tuple order. */
  readonly targets: readonly Target[];
  /** Some target is broken: what a violating G ≥ F must make true. */
  readonly goal: Formula;
  /**
   * A sufficient condition for a violation (with `certain`): some `pre` tuple of the run
   * certainly holds while its `post` cannot. The search tries sets that make it true first.
   */
  readonly certain: Formula;
  readonly abstraction: RunAbstraction;
}

export interface LineageOptions {
  readonly oracle?: Oracle;
  /** Molly's oracle: the `post` tuples of the fault-free run at EOT. */
  readonly outcomes?: readonly Tuple[];
  /** Past this many tuples the possible run is not built (tests force the fallback with it). */
  readonly possibleLimit?: number;
  /** `above` (default): the goal speaks of G ≥ F. `everywhere`: it holds for every G (less precise). */
  readonly scope?: 'above' | 'everywhere';
  /** The run's index, when the caller already built one (two lineages of one run share it). */
  readonly index?: RunIndex;
  /**
   * Also credit `post` with derivations F never had (holdsAnyway). The search asks it of the
   * fault-free run only: there it certifies heartbeat, chain or primary-backup from one run; on
   * every run it cost ack broadcast at 14/13/1 a third more time for the same executions.
   */
  readonly newDerivations?: boolean;
  /** Also build `certain` (otherwise FALSE). */
  readonly certain?: boolean;
}

export function runLineage(store: FormulaStore, compiled: CompiledProgram, bounds: Bounds, run: RunResult, options: LineageOptions = {}): RunLineage {
  const abs = abstractionOf(store, compiled, bounds, run, options);
  const { targets, goal } = targetsOf(abs, options);
  const certain = options.certain ? certainTargetsOf(abs, options) : [];
  return { targets, goal, certain: store.or(...certain.map((t) => t.broken)), abstraction: abs };
}

/**
 * The fault-free run's lineage with its `certain` part first and the goal built on demand, on
 * the same abstraction (so the goal reuses what `certain` computed). `certainTargets` are the
 * parts of `certain`, one per `pre` tuple of the run.
 */
export interface LazyLineage {
  readonly certain: Formula;
  readonly certainTargets: readonly Target[];
  readonly lineage: () => RunLineage;
}

export function lazyRunLineage(store: FormulaStore, compiled: CompiledProgram, bounds: Bounds, run: RunResult, options: LineageOptions = {}): LazyLineage {
  const abs = abstractionOf(store, compiled, bounds, run, options);
  const certainTargets = certainTargetsOf(abs, options);
  const certain = store.or(...certainTargets.map((t) => t.broken));
  let built: RunLineage | undefined;
  return {
    certain,
    certainTargets,
    lineage: () => (built ??= { ...targetsOf(abs, options), certain, abstraction: abs }),
  };
}

function abstractionOf(store: FormulaStore, compiled: CompiledProgram, bounds: Bounds, run: RunResult, options: LineageOptions): RunAbstraction {
  return new RunAbstraction(store, compiled, bounds, programFacts(compiled, bounds, options.possibleLimit), run, options.scope ?? 'above', options.index);
}

function wantedOutcomes(options: LineageOptions): Set<string> | null {
  return options.oracle === 'molly' ? new Set((options.outcomes ?? []).map(tupleKey)) : null;
}

function targetsOf(abs: RunAbstraction, options: LineageOptions): { targets: Target[]; goal: Formula } {
  const { store, run } = abs;
  const eot = run.eot;
  const candidates = preCandidates(abs, eot);
  const wanted = wantedOutcomes(options);
  const targets: Target[] = [];
  let unknown = false;
  if (candidates === null) unknown = true;
  else {
    for (const c of candidates) {
      if (wanted && !wanted.has(tupleKey(c.tuple))) continue;
      const post = abs.index.find('post', c.tuple, eot);
      // post may hold through F's own firings, or through firings F never had.
      const holdsPost = (): Formula => store.or(post === undefined ? FALSE : abs.holds(post), options.newDerivations ? abs.holdsAnyway('post', c.tuple, eot) : FALSE);
      const broken = abs.answer(() => store.and(c.may(), -holdsPost()));
      targets.push({ label: formatTuple('post', c.tuple), broken });
    }
  }
  // Without the possible run, a new `pre` tuple can come from anywhere: assume the worst.
  return { targets, goal: unknown ? TRUE : store.or(...targets.map((t) => t.broken)) };
}

/** Per `pre` tuple of the run: it certainly holds while its `post` cannot (a sure violation). */
function certainTargetsOf(abs: RunAbstraction, options: LineageOptions): Target[] {
  const { store, run } = abs;
  const eot = run.eot;
  const wanted = wantedOutcomes(options);
  const pres = run.lineage.tuples.filter((t) => t.relation === 'pre' && t.time === eot && (!wanted || wanted.has(tupleKey(t.tuple))));
  return pres.map((p) => ({ label: formatTuple('post', p.tuple), broken: abs.answer(() => store.and(abs.holds(p.id), -abs.mayHold('post', p.tuple, eot))) }));
}

/**
 * The `pre` tuples that may hold at EOT under some G ≥ F, each with its mayHold; null when unknown.
 * A firing of `pre y` that a firing of `post y` covers (see `coveredBy`) is left out: under G it
 * cannot make y a violation, since `post y` then holds too.
 */
function preCandidates(abs: RunAbstraction, eot: number): { tuple: Tuple; may: () => Formula }[] | null {
  const atEot = (run: RunResult): TupleNode[] =>
    run.lineage.tuples.filter((t) => t.relation === 'pre' && t.time === eot).sort((a, b) => compareTuples(a.tuple, b.tuple));
  const rules = abs.compiled.rules;
  // A monotone `pre` can only lose tuples under more faults: F's own are all the candidates.
  if (abs.monotone.has('pre')) {
    return atEot(abs.run).map((t) => ({ tuple: t.tuple, may: () => abs.mayMonotoneUncovered(t.id, coveredBy(abs.run, rules, abs.index.find('post', t.tuple, eot))) }));
  }
  const possible = abs.facts.possible;
  if (!possible) return null;
  return atEot(possible.run).map((t) => ({ tuple: t.tuple, may: () => abs.mayPossibleUncovered(t.id, coveredBy(possible.run, rules, possible.index.find('post', t.tuple, eot))) }));
}

/**
 * Which firings of `pre y` (in `run`'s lineage) certainly come with `post y`: those whose body
 * tuples include all of the body of some firing of `post y` (tuple `postId`) that reads no
 * `notin`, aggregates nothing and sends no message. Every firing under G is one of `run`'s (the
 * possible run's, or F's own for a monotone `pre`) with the same body tuples; when the `pre`
 * firing fires, the `post` firing's body holds too, its binding, comparisons and head are fixed
 * by those tuples, and nothing can stop it (a crash only loses messages): `post y` holds. @async
 * rules are left out on both sides (a delivery is not a firing's own doing).
 */
function coveredBy(run: RunResult, rules: CompiledProgram['rules'], postId: number | undefined): (firing: Firing) => boolean {
  if (postId === undefined) return () => false;
  const { firings } = run.lineage;
  const plain = (f: Firing): boolean => {
    const rule = rules[f.rule]!;
    if (f.group !== null || f.message !== null || f.negated.length > 0 || rule.headTime === 'async') return false;
    return !rule.head.args.some((a) => a.kind === 'aggregate') && !rule.body.some((b) => b.kind === 'atom' && b.negated);
  };
  const covering = run.lineage.tuples[postId]!.firings.map((id) => firings[id]!).filter((g) => plain(g) && g.body.length > 0);
  if (covering.length === 0) return () => false;
  return (f) => f.group === null && f.message === null && rules[f.rule]!.headTime !== 'async' && covering.some((g) => g.body.every((b) => f.body.includes(b)));
}
