/**
 * The explain stage: from the fault-free run, a failing run and the program's rules, why each
 * `pre` tuple of the failing run lacks its `post` (the cause tree) and what might repair it; and,
 * for a verdict without a counterexample, whether the invariant asked anything at all.
 */
import type { FaultSet } from '../faults/types.js';
import type { CheckResult } from '../search/types.js';
import type { RunResult } from '../sim/types.js';
import type { Rule } from '../syntax/ast.js';
import { Builder, causeContext, explainMissingOutcome, ruleRef } from './cause.js';
import { repairHints } from './hints.js';
import type { Explanation, RepairHint } from './types.js';

export interface ExplainOptions {
  /** How rule locations name their file (default: as loaded). */
  readonly displayPath?: (file: string) => string;
}

/** `bad` must violate the invariant; `good` is the same program without faults. */
export function explainCounterexample(rules: readonly Rule[], good: RunResult, bad: RunResult, options: ExplainOptions = {}): Explanation {
  const ctx = causeContext(rules, good, bad, options.displayPath);
  // One builder for every outcome: a cause shared by several is explained once, then "see above".
  const builder = new Builder(ctx);
  const outcomes = bad.invariant.missing.map((pre) => ({ pre, cause: explainMissingOutcome(ctx, pre, builder) }));
  return { outcomes, hints: repairHints(ctx, outcomes) };
}

/**
 * A certificate that means nothing: the fault-free run has no `pre` tuple at EOT, so "every pre
 * has its post" held before any fault was tried. Null when `pre` is not empty.
 */
export function vacuityWarning(rules: readonly Rule[], good: RunResult, options: ExplainOptions = {}): RepairHint | null {
  if (!good.invariant.checked) return null;
  if ((good.tables[good.eot - 1]?.get('pre') ?? []).length > 0) return null;
  const preRule = rules.findIndex((r) => r.head.relation === 'pre');
  return {
    kind: 'vacuous',
    text: `pre is empty in the fault-free run at EOT=${good.eot}: the invariant asks for nothing, so no fault can break it and the verdict says nothing about the protocol; check the pre rules${good.eot < 3 ? ' or give a larger --eot' : ''}`,
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
  if (cx === null) {
    const w = vacuityWarning(rules, good, options);
    return { explanation: null, warnings: w ? [w] : [] };
  }
  const bad = cx.faults.length === 0 ? good : simulate(cx.faults);
  return { explanation: explainCounterexample(rules, good, bad, options), warnings: [] };
}
