/**
 * The LDFI loop (DESIGN §8). Every run that keeps the invariant contributes its lineage as a
 * constraint on the sets above its faults (solve/cumulative.ts); the next hypothesis is a
 * smallest fault set that breaks the lineage of every run below it. When none is left, the
 * bounds are certified.
 */
import { outcomeLineage, type OutcomeLineage } from '../lineage/outcome.js';
import type { CompiledProgram } from '../sim/compile.js';
import type { FaultSet } from '../faults/types.js';
import type { RunResult } from '../sim/types.js';
import { formatFaults } from '../faults/text.js';
import { CumulativeHypotheses } from '../solve/cumulative.js';
import { effectLeq } from '../faults/order.js';
import { evaluate, indexFaults, omissionKey } from '../solve/formula.js';
import { Explorer, type ExploreOptions } from './explorer.js';

export interface LdfiOutcome {
  readonly explorer: Explorer;
  readonly hypotheses: number;
  readonly solverMs: number;
  /** No hypothesis was left: every fault set that could violate was tried. */
  readonly exhausted: boolean;
}

interface Learned {
  readonly faults: FaultSet;
  readonly lineage: OutcomeLineage;
}

export function searchLdfi(compiled: CompiledProgram, options: ExploreOptions): LdfiOutcome {
  const { bounds } = options;
  const explorer = new Explorer(compiled, options);
  const learned: Learned[] = [];
  let tested = 0;
  let baseline: RunResult | null = null;
  /** Messages of the fault-free run a set loses: the tie-break among preferred hypotheses. */
  const lostMessages = (faults: FaultSet): number => {
    if (baseline === null) return 0;
    const index = indexFaults(faults);
    let lost = 0;
    for (const m of baseline.messages) {
      if (m.from === m.to) continue; // a node's messages to itself are never lost
      const crashedAt = index.crashTimes.get(m.from);
      if ((crashedAt !== undefined && crashedAt <= m.sendTime) || (m.sendTime < bounds.eff && index.omissions.has(omissionKey(m.from, m.to, m.sendTime)))) lost++;
    }
    return lost;
  };
  const hypotheses = new CumulativeHypotheses(bounds, lostMessages);

  const learn = (faults: FaultSet, violated: boolean, run: RunResult): void => {
    if (violated) {
      hypotheses.exclude(faults); // only reached with --all: sets above a counterexample add nothing
      return;
    }
    const lineage = outcomeLineage(compiled, run, bounds);
    learned.push({ faults, lineage });
    hypotheses.addRun(faults, lineage.goal, lineage.preferred);
  };
  /** The outcome a hypothesis breaks, read from the latest run below it. */
  const targetOf = (faults: FaultSet): string => {
    for (let i = learned.length - 1; i >= 0; i--) {
      const { faults: below, lineage } = learned[i]!;
      if (!effectLeq(below, faults)) continue;
      const hit = lineage.targets.find((t) => evaluate(t.broken, faults));
      if (hit) return hit.label;
    }
    return 'a new pre tuple';
  };

  const first = explorer.execute([], null);
  baseline = first;
  learn([], explorer.runs[0]!.violated, first);
  let exhausted = false;
  while (!explorer.done) {
    const faults = hypotheses.next();
    if (faults === null) {
      exhausted = true;
      break;
    }
    // Each run's own faults falsify its constraint, so a repeat means the lineage is wrong: say so
    // rather than spin until --max-runs and report "incomplete".
    if (explorer.explored(faults)) throw new Error(`the search proposed ${formatFaults(faults) || 'no faults'} twice (a lineage formula holds under its own run's faults)`);
    tested++;
    const result = explorer.execute(faults, targetOf(faults));
    learn(faults, explorer.runs[explorer.runs.length - 1]!.violated, result);
  }
  return { explorer, hypotheses: tested, solverMs: hypotheses.solverMs, exhausted };
}
