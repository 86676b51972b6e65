/**
 * What the lineage analyses know about a program before any run: which relations are monotone in
 * the messages delivered, and the *possible run* — the tuples and rule firings that some run
 * within the bounds could have. Computed once per program and bounds, shared by every run of a
 * search.
 */
import type { CompiledProgram } from '../sim/compile.js';
import { PossibleRunUnavailable, simulate } from '../sim/simulate.js';
import type { RunResult } from '../sim/types.js';
import type { Bounds } from '../faults/types.js';
import { sameTimeComponents, type Components } from './cycles.js';
import { RunIndex } from './run-index.js';
import { columnReading } from './reading.js';
import type { Rule } from '../syntax/ast.js';

/** The possible run is abandoned past this many tuples; the analyses then assume the worst. */
export const POSSIBLE_TUPLE_LIMIT = 400_000;

export interface ProgramFacts {
  /**
   * Relations whose tuples can only disappear when more messages are lost: derived without
   * `notin`, aggregates or `crash`, from relations that are themselves monotone. For these, a run
   * under G ≥ F has a subset of F's tuples, each derived by a subset of F's firings.
   */
  readonly monotone: ReadonlySet<string>;
  /** The possible run and its index, or null when it was too large to build. */
  readonly possible: PossibleRun | null;
  /** Why the possible run could not be built, once a search asked for it; null otherwise. */
  readonly unavailable: string | null;
}

export interface PossibleRun {
  readonly run: RunResult;
  readonly index: RunIndex;
  /** Its same-time cycles. */
  readonly components: Components;
}

/**
 * The facts of the last program and bounds asked about, and only those. A search asks about one
 * program and bounds throughout; keeping more would hold every possible run a process ever built:
 * a sweep's rows (one EOT each, the largest last) or a suite's entries, all held to the end.
 */
let last: { readonly compiled: CompiledProgram; readonly key: string; readonly facts: ProgramFacts } | null = null;

export function programFacts(compiled: CompiledProgram, bounds: Bounds, tupleLimit = POSSIBLE_TUPLE_LIMIT): ProgramFacts {
  const key = `${bounds.nodes.join('\u0000')}|${bounds.eot}|${bounds.crashes > 0 ? 1 : 0}|${tupleLimit}`;
  if (last !== null && last.compiled === compiled && last.key === key) return last.facts;
  // The possible run is built on first use: a search whose analyses only read monotone relations never needs it.
  let possible: PossibleRun | null | undefined;
  let unavailable: string | null = null;
  const facts: ProgramFacts = {
    monotone: monotoneRelations(compiled),
    get possible() {
      if (possible === undefined) {
        const built = buildPossible(compiled, bounds, tupleLimit);
        possible = built instanceof PossibleRunUnavailable ? null : built;
        if (built instanceof PossibleRunUnavailable) unavailable = built.message;
      }
      return possible;
    },
    get unavailable() {
      return unavailable;
    },
  };
  last = { compiled, key, facts };
  return facts;
}

/** Whether `programFacts` still holds facts for `compiled` (for tests of what a process keeps). */
export function holdsProgramFacts(compiled: CompiledProgram): boolean {
  return last?.compiled === compiled;
}

function buildPossible(compiled: CompiledProgram, bounds: Bounds, maxTuples: number): PossibleRun | PossibleRunUnavailable {
  let run: RunResult;
  try {
    const crashObservers = observerBlind(compiled.rules) && bounds.nodes.length > 0 ? [bounds.nodes[0]!] : undefined;
    run = simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: [], possible: { crashes: bounds.crashes, maxTuples, crashObservers } });
  } catch (e) {
    if (e instanceof PossibleRunUnavailable) return e;
    throw e;
  }
  return { run, index: new RunIndex(run), components: sameTimeComponents(run.lineage, compiled) };
}

/**
 * No rule's result depends on which node observes a crash: every positive `crash` atom leaves its
 * observer column free (`_`, or a variable used nowhere else), and none is the first atom of an
 * @async rule (whose first atom's node is the message's sender). Then crash(o, n, t) for one o
 * gives every head, value and formula that all o give (crash(o, n, t) holds for any node o
 * exactly when n crashes at t), and the possible run needs that one observer, not N of them.
 */
export function observerBlind(rules: readonly Rule[]): boolean {
  return rules.every((rule) => {
    let positive = -1;
    return rule.body.every((b) => {
      if (b.kind !== 'atom' || b.negated) return true;
      positive++;
      if (b.atom.relation !== 'crash') return true;
      if (positive === 0 && rule.headTime === 'async') return false;
      const r = columnReading(rule, positive, 0);
      return r.kind === 'range' && r.lo === null && r.hi === null;
    });
  });
}

function monotoneRelations(compiled: CompiledProgram): Set<string> {
  const nonMonotone = new Set<string>(['crash']);
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of compiled.rules) {
      const head = rule.head.relation;
      if (nonMonotone.has(head)) continue;
      const aggregate = rule.head.args.some((a) => a.kind === 'aggregate');
      const reads = rule.body.some((b) => b.kind === 'atom' && (b.negated || nonMonotone.has(b.atom.relation)));
      if (aggregate || reads) {
        nonMonotone.add(head);
        changed = true;
      }
    }
  }
  return new Set(compiled.relations.filter((r) => !nonMonotone.has(r)));
}
