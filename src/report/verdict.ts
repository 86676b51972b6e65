/**
 * The verdict in plain words, for the page header and the suite index: "Losing C→a at t=2 and
 * crashing C at t=3 leaves pre("a", "commit") without post".
 */
import { describeFaultSpace } from '../faults/space.js';
import type { CheckResult } from '../search/types.js';
import type { Fault, FaultSet } from '../faults/types.js';
import type { InvariantStatus, Tuple } from '../sim/types.js';
import { formatTuple } from '../terms/values.js';

/** `losing C→a at t=2` / `crashing C at t=3` (lower case: the sentence capitalizes). */
export function describeFault(f: Fault): string {
  return f.kind === 'omit' ? `losing ${f.from}→${f.to} at t=${f.time}` : `crashing ${f.node} at t=${f.time}`;
}

/** `a, b and c` */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const MAX_LISTED = 3;

/** `pre("a") and pre("b")`, or the first few and "N more". */
export function describeMissing(missing: readonly Tuple[]): string {
  const listed = missing.slice(0, MAX_LISTED).map((t) => formatTuple('pre', t));
  if (missing.length > MAX_LISTED) listed.push(`${missing.length - MAX_LISTED} more pre tuples`);
  return joinWords(listed);
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** What one run did to the invariant, starting from its faults. */
export function runSentence(faults: FaultSet, invariant: InvariantStatus): string {
  const cause = faults.length === 0 ? 'The fault-free run' : capitalize(joinWords(faults.map(describeFault)));
  if (!invariant.checked) return `${cause}: the program has no pre/post invariant to check.`;
  if (invariant.holds) return `${cause} leaves the invariant intact: every pre tuple has its post.`;
  const missing = describeMissing(invariant.missing);
  const without = invariant.missing.length === 1 ? 'without post' : 'without their post';
  return faults.length === 0 ? `${cause} already leaves ${missing} ${without}.` : `${cause} leaves ${missing} ${without}.`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `EOT=6, EFF=0, at most 1 crash` */
export function describeBounds(b: { eot: number; eff: number; crashes: number }): string {
  return `EOT=${b.eot}, EFF=${b.eff}, at most ${plural(b.crashes, 'crash', 'crashes')}`;
}

/**
 * The check's verdict as one sentence. `shown` is the run a `ldfi run --report` page displays
 * (used when there is no check).
 */
export function verdictSentence(check: CheckResult | null, shown?: { faults: FaultSet; invariant: InvariantStatus }): string {
  if (check === null) return shown ? runSentence(shown.faults, shown.invariant) : 'A single run, no search.';
  const runs = plural(check.executions, 'execution', 'executions');
  switch (check.verdict) {
    case 'counterexample': {
      const cx = check.counterexample;
      if (cx === null) return `Counterexample found after ${runs}.`;
      return runSentence(cx.faults, { checked: true, holds: false, missing: cx.missing });
    }
    case 'certified': {
      const breaks = check.oracle === 'molly' ? "takes a post tuple of the fault-free run away while its pre holds (Molly's oracle)" : 'breaks the invariant';
      return `No combination of faults within ${describeBounds(check.bounds)} ${breaks}: ${runs} covered a fault space of ${describeFaultSpace(check.faultSpace)}.`;
    }
    case 'incomplete':
      return `No counterexample in ${runs}, but the search stopped before covering the fault space (${describeBounds(check.bounds)}): not certified.`;
  }
}

/** `12 ms` / `1.35 s` */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
