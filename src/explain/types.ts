/**
 * Why a counterexample breaks the invariant, as a value: for each `pre` tuple left without `post`,
 * a tree of causes from the missing `post` tuple down to the faults. The CLI prints it, `--json`
 * serializes it, the report draws it.
 */
import type { Fault } from '../faults/types.js';
import type { Tuple } from '../terms/values.js';

/**
 * - `not-derived`: the tuple held in the fault-free run and does not in the failing run.
 * - `appeared`: the tuple holds in the failing run and did not in the fault-free run (it defeats a
 *   `notin`, or it is a `pre` tuple the faults created).
 * - `lost-message`: a message was lost to an omission: one of the fault-free run, or a re-send
 *   only the failing run made that would have brought the missing tuple back.
 * - `crashed-sender`: such a message was lost because its sender had crashed.
 */
export type CauseKind = 'not-derived' | 'appeared' | 'lost-message' | 'crashed-sender';

/** A rule of the program, located as a user finds it: `specs/lib/deliv_assert.ded:7`. */
export interface RuleRef {
  /** Index into `CompiledProgram.rules` (and `Firing.rule`). */
  readonly index: number;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** `post`, `log@async`: the head relation and its time annotation. */
  readonly head: string;
}

/** A tuple at one time, in a chain of causes merged into one line. */
export interface TupleAt {
  readonly relation: string;
  readonly tuple: Tuple;
  readonly time: number;
  /** Missing (or present) at every step from `since` to `time`. */
  readonly since: number;
  /** Its lineage node in the run it belongs to (the fault-free run for a missing tuple, the failing run for an appeared one). */
  readonly tupleId: number;
  /** The firings, in the previous tuple's run, through which it is a cause of the previous tuple. */
  readonly links: readonly number[];
}

export interface Cause {
  readonly kind: CauseKind;
  /** For message causes: the message's relation and tuple (as it would have arrived). */
  readonly relation: string;
  readonly tuple: Tuple;
  /** When the tuple is missing or appeared (the latest such time the explanation needs); a message's first send time. */
  readonly time: number;
  /** The tuple had this status at every step from `since` to `time` (a carried tuple that never came). */
  readonly since: number;
  /**
   * not-derived: the rule of the fault-free derivation that broke; appeared: the rule that derived
   * it in the failing run; a message: the `@async` rule that sends it.
   */
  readonly rule: RuleRef | null;
  /**
   * appeared: the `notin` of the parent's rule it defeated, printed; not-derived under an appeared
   * tuple: the `notin` its absence let hold.
   */
  readonly notin: string | null;
  /** The fault that lost the message; for an appeared `crash` tuple, the crash. */
  readonly fault: Fault | null;
  /** A message cause's channel and every send time this fault lost it at. */
  readonly message: { readonly from: string; readonly to: string; readonly sendTimes: readonly number[] } | null;
  /**
   * Its lineage node at `time`: in the fault-free run for `not-derived`, in the failing run for
   * `appeared`; null for a message.
   */
  readonly tupleId: number | null;
  /**
   * The firings through which it is a cause of its parent, in the parent's run: the fault-free
   * firings of a missing parent (a lost message's firing, one whose `notin` it defeats, one whose
   * body it is), the failing-run firing of an appeared parent. Empty for a root.
   */
  readonly links: readonly number[];
  /** Tuples between this cause and its children, each the only cause of the one before: `decided ← decision ← commit`. */
  readonly via: readonly TupleAt[];
  readonly children: readonly Cause[];
  /** Children left out to keep the explanation short. */
  readonly omitted: number;
  /** Explained earlier in the same explanation; its children are not repeated. */
  readonly repeated: boolean;
  /** What the tree cannot show, in words: "not derived even in the fault-free run". */
  readonly note: string | null;
}

export interface OutcomeExplanation {
  /** The `pre` tuple left without `post`. */
  readonly pre: Tuple;
  /** Rooted at the `post` tuple that is missing. */
  readonly cause: Cause;
}

export type HintKind = 'single-send' | 'single-node' | 'timeout' | 'fault-free' | 'vacuous' | 'no-possible-run';

/** A repair hint, derived from the explanation's shape, about one rule. */
export interface RepairHint {
  readonly kind: HintKind;
  readonly text: string;
  readonly rule: RuleRef | null;
}

/**
 * A fault of the counterexample that the cause trees never name: without it the outcomes below
 * keep their invariant, so it is needed too, and these trees say why, comparing the failing run
 * with the run of the other faults (a lost message a node had to answer, not only a crash).
 */
export interface NeededFault {
  readonly fault: Fault;
  /** The counterexample's other faults: the run the trees compare against. */
  readonly without: readonly Fault[];
  /** The `pre` tuples that keep the invariant in that run. */
  readonly kept: readonly Tuple[];
  /** Their trees against that run, those that reach the fault (none when no tree follows it that far). */
  readonly outcomes: readonly OutcomeExplanation[];
}

export interface Explanation {
  readonly outcomes: readonly OutcomeExplanation[];
  readonly hints: readonly RepairHint[];
  /** Faults the outcomes' trees never name, each explained against the run without it. */
  readonly needed: readonly NeededFault[];
}
