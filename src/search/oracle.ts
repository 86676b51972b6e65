/**
 * When a run is a counterexample. Two readings of the invariant at EOT:
 *
 * - `default`: every `pre` tuple has an equal `post` tuple. The fault-free run can already
 *   violate it, and so can a `pre` tuple that only appears under faults.
 * - `molly`: Molly's reading. The good outcomes are the `post` tuples of the fault-free run; a run
 *   is a counterexample when one of them is in its `pre` but no longer in its `post`. The
 *   fault-free run never is one, and a `pre` tuple that only faults produce is not judged.
 *
 * Every molly counterexample is a default one (its tuple is a `pre` without `post`).
 */
import type { Oracle } from '../lineage/goal.js';
import type { RunResult, Tuple } from '../sim/types.js';
import { tupleKey } from '../terms/values.js';

/** The lineage names the same two oracles: its goal follows the one the search judges by. */
export type { Oracle };
export const ORACLES: readonly Oracle[] = ['default', 'molly'];
export const DEFAULT_ORACLE: Oracle = 'default';

/** The keys of the `post` tuples at EOT of a run: the good outcomes molly judges against. */
export function postAtEot(run: RunResult): ReadonlySet<string> {
  return new Set((run.tables[run.eot - 1]?.get('post') ?? []).map(tupleKey));
}

/**
 * The `pre` tuples at EOT that make `run` a counterexample under `oracle`, sorted; empty when it
 * is none. `faultFreePost` (from `postAtEot` of the fault-free run) is read only by `molly`.
 */
export function violations(run: RunResult, oracle: Oracle, faultFreePost: ReadonlySet<string>): readonly Tuple[] {
  if (!run.invariant.checked) return [];
  if (oracle === 'default') return run.invariant.missing;
  return run.invariant.missing.filter((t) => faultFreePost.has(tupleKey(t)));
}
