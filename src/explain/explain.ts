/**
 * The explain stage: from the fault-free run, a failing run and the program's rules, why each
 * `pre` tuple of the failing run lacks its `post` (the cause tree) and what might repair it; and,
 * for a verdict without a counterexample, whether the invariant asked anything at all.
 */
import type { Fault, FaultSet } from '../faults/types.js';
import { faultKey } from '../faults/text.js';
import type { CheckResult } from '../search/types.js';
import type { RunResult } from '../sim/types.js';
import { tupleKey, type Tuple } from '../terms/values.js';
import type { Rule } from '../syntax/ast.js';
import { Builder, causeContext, explainMissingOutcome, ruleRef } from './cause.js';
import { repairHints } from './hints.js';
import { RuleError } from '../sim/errors.js';
import type { Cause, Explanation, NeededFault, OutcomeExplanation, RepairHint } from './types.js';

export interface ExplainOptions {
  /** How rule locations name their file (default: as loaded). */
  readonly displayPath?: (file: string) => string;
  /**
   * Runs the program under a fault set. Given it, a fault the cause trees never name is explained
   * against the run without it; without it, such a fault goes unexplained.
   */
  readonly simulate?: (faults: FaultSet) => RunResult;
}

/**
 * `bad` must violate the invariant; `good` is the same program without faults. `missing` are the
 * `pre` tuples to explain: by default every one `bad` leaves without `post` (a check under another
 * oracle passes the ones that made its counterexample).
 */
export function explainCounterexample(rules: readonly Rule[], good: RunResult, bad: RunResult, options: ExplainOptions = {}, missing: readonly Tuple[] = bad.invariant.missing): Explanation {
  const ctx = causeContext(rules, good, bad, options.displayPath);
  // One builder for every outcome: a cause shared by several is explained once, then "see above".
  const builder = new Builder(ctx);
  const outcomes = missing.map((pre) => ({ pre, cause: explainMissingOutcome(ctx, pre, builder) }));
  const needed = options.simulate ? neededFaults(rules, bad, outcomes, missing, options.simulate, options.displayPath) : [];
  return { outcomes, hints: repairHints(ctx, outcomes), needed };
}

function namedFaults(c: Cause, into: Set<string>): Set<string> {
  if (c.fault) into.add(faultKey(c.fault));
  for (const k of c.children) namedFaults(k, into);
  return into;
}

/** The run, or null when the program stops it (overflow, a budget): that fault then stays unexplained. */
function runOrNull(simulate: (faults: FaultSet) => RunResult, faults: FaultSet): RunResult | null {
  try {
    return simulate(faults);
  } catch (e) {
    if (e instanceof RuleError) return null;
    throw e;
  }
}

/** `pre` holds at EOT without its `post`. */
function stillMissing(run: RunResult, pre: Tuple): boolean {
  const at = run.tables[run.eot - 1];
  const key = tupleKey(pre);
  const has = (rel: string): boolean => (at?.get(rel) ?? []).some((t) => tupleKey(t) === key);
  return has('pre') && !has('post');
}

/**
 * The trees follow what the fault-free run had and the failing run lost, so a fault whose effect
 * the fault-free run shares (an answer that was not due there either) never shows in them. For
 * each such fault f, the run without f keeps some outcome; explaining the failing run against it
 * shows what f took away. A fault whose removal keeps no outcome is not needed and is skipped.
 */
function neededFaults(
  rules: readonly Rule[],
  bad: RunResult,
  outcomes: readonly OutcomeExplanation[],
  missing: readonly Tuple[],
  simulate: (faults: FaultSet) => RunResult,
  displayPath?: (file: string) => string,
): NeededFault[] {
  const named = new Set<string>();
  for (const o of outcomes) namedFaults(o.cause, named);
  const out: NeededFault[] = [];
  for (const fault of bad.faults) {
    const key = faultKey(fault);
    // With one fault, the run without it is the fault-free run the trees already compare against.
    if (named.has(key) || bad.faults.length < 2) continue;
    const without: Fault[] = bad.faults.filter((g) => g !== fault);
    const other = runOrNull(simulate, without);
    if (other === null) continue;
    const kept = missing.filter((pre) => !stillMissing(other, pre));
    if (kept.length === 0) continue;
    const ctx = causeContext(rules, other, bad, displayPath, { goodName: `the run without ${key}`, faultsName: key });
    const builder = new Builder(ctx);
    const trees = kept.map((pre) => ({ pre, cause: explainMissingOutcome(ctx, pre, builder) }));
    // The trees that reach the fault say what it did; the others only repeat the main explanation.
    out.push({ fault, without, kept, outcomes: trees.filter((o) => namedFaults(o.cause, new Set()).has(key)) });
  }
  return out;
}

/** Runs of a search re-simulated to look for a `pre` tuple before calling a certificate vacuous. */
export const MAX_VACUITY_RERUNS = 100;

function preAtEot(run: RunResult): number {
  return (run.tables[run.eot - 1]?.get('pre') ?? []).length;
}

/**
 * A certificate that means nothing: `pre` is empty at EOT in the fault-free run and in every
 * other run given (the runs the search tried), so "every pre has its post" held before any fault
 * could matter. Null when some run has a `pre` tuple, or when `preMayAppear` (the search's
 * possible run) says faults may create one — a crash that the invariant asks to be detected,
 * certified from the fault-free run's lineage alone — or the program has no invariant.
 */
export function vacuityWarning(rules: readonly Rule[], good: RunResult, options: ExplainOptions = {}, others: Iterable<RunResult> = [], preMayAppear: boolean | null = null): RepairHint | null {
  if (!good.invariant.checked || preAtEot(good) > 0 || preMayAppear === true) return null;
  let tried = 0;
  for (const run of others) {
    if (preAtEot(run) > 0) return null;
    tried++;
  }
  const preRule = rules.findIndex((r) => r.head.relation === 'pre');
  const where =
    preMayAppear === false ? 'in every run within the bounds' : tried === 0 ? 'in the fault-free run' : `in the fault-free run and in the ${tried} other run${tried === 1 ? '' : 's'} tried`;
  return {
    kind: 'vacuous',
    text: `pre is empty ${where} at EOT=${good.eot}: the invariant asks for nothing, so no fault can break it and the verdict says nothing about the protocol; check the pre rules${good.eot < 3 ? ' or give a larger --eot' : ''}`,
    rule: preRule >= 0 ? ruleRef({ rules, displayPath: options.displayPath ?? ((f) => f) }, preRule) : null,
  };
}

export interface CheckExplanation {
  /** The first counterexample's explanation; null without one. */
  readonly explanation: Explanation | null;
  /** Warnings about the verdict itself (a vacuous certificate). */
  readonly warnings: readonly RepairHint[];
}

/**
 * Explains a check's verdict, re-running the fault-free run and the counterexample (the simulator
 * is deterministic, so these are the runs the search saw).
 */
export function explainCheck(rules: readonly Rule[], check: CheckResult, simulate: (faults: FaultSet) => RunResult, options: ExplainOptions = {}): CheckExplanation {
  const good = simulate([]);
  const cx = check.counterexample;
  const slow = possibleRunWarning(check.possibleRunUnavailable ?? null);
  if (cx === null) {
    const w = vacuityWarning(rules, good, options, rerun(check, simulate), check.preMayAppear ?? null);
    return { explanation: null, warnings: [...(w ? [w] : []), ...(slow ? [slow] : [])] };
  }
  const bad = cx.faults.length === 0 ? good : simulate(cx.faults);
  return { explanation: explainCounterexample(rules, good, bad, { simulate, ...options }, cx.missing), warnings: slow ? [slow] : [] };
}

/** The search ran without its possible run: still sound, but it may test far more fault sets. */
export function possibleRunWarning(why: string | null): RepairHint | null {
  if (why === null) return null;
  return {
    kind: 'no-possible-run',
    text: `${why}, so the lineage assumes the worst of every notin, aggregate and crash it reads: the verdict stands, but the search may run many more fault sets (a smaller --eot may let it be built)`,
    rule: null,
  };
}

/** The search's runs with faults, simulated again one at a time, at most MAX_VACUITY_RERUNS. */
function* rerun(check: CheckResult, simulate: (faults: FaultSet) => RunResult): Generator<RunResult> {
  let n = 0;
  for (const r of check.runs) {
    if (r.faults.length === 0) continue;
    if (n++ >= MAX_VACUITY_RERUNS) return;
    yield simulate(r.faults);
  }
}
