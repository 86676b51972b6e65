/**
 * The LDFI loop (DESIGN §8). Each run that survives contributes its lineage as a new source of
 * hypotheses: minimal supersets of its own faults that break one of its outcomes. Hypotheses from
 * all sources are tried globally smallest first; ties go to the older source (breadth first).
 * Enumerators are lazy (the next answer is only computed when it may be the smallest) and share
 * one solver (solve/session.ts); at most MAX_LIVE stay live, older ones are drained into a plain
 * queue and dropped, so a retired solver's memory can go.
 */
import { outcomeLineage, type OutcomeLineage } from '../lineage/outcome.js';
import type { CompiledProgram } from '../sim/compile.js';
import type { FaultSet } from '../sim/types.js';
import { evaluate } from '../solve/formula.js';
import { enumerateMinimalFaultSets, type HypothesisEnumerator } from '../solve/minimal.js';
import { SolverPool } from '../solve/session.js';
import { Explorer, type ExploreOptions } from './explorer.js';

const MAX_LIVE = 8;

interface Hypothesis {
  readonly faults: FaultSet;
  readonly order: number;
  readonly lineage: OutcomeLineage;
}

interface Source {
  readonly order: number;
  readonly lineage: OutcomeLineage;
  readonly enumerator: HypothesisEnumerator;
  peek: FaultSet | null;
}

export interface LdfiOutcome {
  readonly explorer: Explorer;
  readonly hypotheses: number;
  readonly solverMs: number;
  /** The queue ran dry: every hypothesis was tried. */
  readonly exhausted: boolean;
}

export function searchLdfi(compiled: CompiledProgram, options: ExploreOptions): LdfiOutcome {
  const { bounds } = options;
  const explorer = new Explorer(compiled, options);
  const live: Source[] = [];
  const drained: Hypothesis[] = [];
  let solverMs = 0;
  const pool = new SolverPool();
  let hypotheses = 0;
  let order = 0;

  const retire = (s: Source): void => {
    solverMs += s.enumerator.solverMs;
    s.enumerator.dispose();
  };
  const addSource = (faults: FaultSet, lineage: OutcomeLineage): void => {
    const enumerator = enumerateMinimalFaultSets({ bounds, goal: lineage.goal, preferred: lineage.preferred, seed: faults }, pool);
    const source: Source = { order: order++, lineage, enumerator, peek: enumerator.next() };
    if (source.peek === null) {
      retire(source);
      return;
    }
    live.push(source);
    if (live.length > MAX_LIVE) {
      const oldest = live.shift()!;
      for (let f = oldest.peek; f !== null; f = oldest.enumerator.next()) drained.push({ faults: f, order: oldest.order, lineage: oldest.lineage });
      retire(oldest);
      drained.sort((a, b) => a.faults.length - b.faults.length || a.order - b.order);
    }
  };
  /** The smallest pending hypothesis, removed from wherever it waits. */
  const pop = (): Hypothesis | null => {
    let best: Source | null = null;
    for (const s of live) if (s.peek && (!best || s.peek.length < best.peek!.length)) best = s;
    const head = drained[0];
    if (head && (!best || head.faults.length <= best.peek!.length)) return drained.shift()!;
    if (!best) return null;
    const h = { faults: best.peek!, order: best.order, lineage: best.lineage };
    best.peek = best.enumerator.next();
    if (best.peek === null) {
      live.splice(live.indexOf(best), 1);
      retire(best);
    }
    return h;
  };
  const targetOf = (h: Hypothesis): string => h.lineage.targets.find((t) => evaluate(t.broken, h.faults))?.label ?? 'a new pre tuple';

  const first = explorer.execute([], null);
  if (!explorer.runs[0]!.violated) addSource([], outcomeLineage(compiled, first, bounds));
  let exhausted = false;
  while (!explorer.done) {
    explorer.queued = drained.length + live.length;
    const h = pop();
    if (!h) {
      exhausted = true;
      break;
    }
    if (explorer.explored(h.faults)) continue;
    hypotheses++;
    const result = explorer.execute(h.faults, targetOf(h));
    if (!explorer.runs[explorer.runs.length - 1]!.violated) addSource(h.faults, outcomeLineage(compiled, result, bounds));
  }
  for (const s of live) retire(s);
  return { explorer, hypotheses, solverMs, exhausted };
}
