/**
 * The soundness obligation, checked directly. For a program and bounds, run the LDFI search and,
 * for every run F it learns from, sample fault sets G ≥ F (F plus one to three faults, a crash of
 * F moved earlier), simulate G, and check the abstraction against what really happened:
 *
 *   holds(x) true under G  ⇒  x is in G's run          (for every tuple x of F's run)
 *   x is in G's run        ⇒  mayHold(x) true under G  (for every tuple x of G's run)
 *   G violates             ⇒  F's goal is true under G
 *
 * and, when asked, that the verdict agrees with exhaustive search (that search's, and the one
 * `ldfi check` runs, which learns the fault-free run lazily). Shared by `npm test` (a few
 * dozen seeds) and `npm run fuzz` (thousands).
 */
import { loadSpec } from '../../src/pipeline.js';
import { checkFaultTolerance } from '../../src/search/check.js';
import { searchLdfi } from '../../src/search/ldfi.js';
import { simulate } from '../../src/sim/simulate.js';
import type { CompiledProgram } from '../../src/sim/compile.js';
import { canonicalFaults, formatFaults } from '../../src/faults/text.js';
import { countFaultSets, prng, randomFaultSet } from '../../src/faults/space.js';
import { effectLeq } from '../../src/faults/order.js';
import { indexFaults } from '../../src/faults/formula.js';
import type { Bounds, Fault, FaultSet } from '../../src/faults/types.js';
import { renderDiagnostics } from '../../src/syntax/diagnostic.js';
import { formatTuple } from '../../src/terms/values.js';

export interface SoundnessReport {
  /** Every broken obligation, as a readable line. */
  readonly problems: string[];
  /** Fault sets G simulated and compared. */
  readonly samples: number;
  readonly learnedRuns: number;
  readonly verdict: string;
  readonly exhaustive: string | null;
}

export function compileText(text: string, name = 'generated.ded'): CompiledProgram {
  const spec = loadSpec([name], (p) => (p === name ? text : null));
  if (!spec.ok) throw new Error(`${name} does not load:\n${renderDiagnostics(spec.diagnostics, spec.sources)}\n${text}`);
  return spec.compiled;
}

/** holdsAnyway is checked on every tuple of possible runs up to this size. */
const POSSIBLE_CHECKED = 5000;

export interface SoundnessOptions {
  readonly samplesPerRun?: number;
  /** Compare the verdict with exhaustive search when the space has at most this many sets (0: never). */
  readonly exhaustiveLimit?: number;
  readonly seed?: number;
  readonly maxRuns?: number;
  /** Run the search under a clause budget (goals retire), to check retirement never costs a verdict. */
  readonly maxClauses?: number;
  /** Ask the solver for every hypothesis, the smallest sizes too (they are otherwise judged by evaluation). */
  readonly noDirect?: boolean;
  /** Run the search with symmetry reduction. */
  readonly symmetry?: boolean;
}

export function checkSoundness(compiled: CompiledProgram, bounds: Bounds, options: SoundnessOptions = {}): SoundnessReport {
  const problems: string[] = [];
  const rnd = prng(options.seed ?? 1);
  let samples = 0;
  let learnedRuns = 0;
  const result = searchLdfi(compiled, {
    bounds,
    maxRuns: options.maxRuns ?? 2000,
    all: false,
    ...(options.maxClauses !== undefined || options.noDirect ? { solverLimits: { ...(options.maxClauses !== undefined ? { maxClauses: options.maxClauses } : {}), ...(options.noDirect ? { direct: false } : {}) } } : {}),
    ...(options.symmetry ? { symmetry: true } : {}),
    onLearn: (faults, local, store, everywhere) => {
      learnedRuns++;
      const perRun = options.samplesPerRun ?? 4;
      // The local lineage speaks of sets above F; the everywhere one of any set in the bounds.
      for (let s = 0; s < 2 * perRun; s++) {
        const lineage = s < perRun ? local : everywhere;
        const g = s < perRun || s % 2 === 0 ? above(bounds, faults, rnd) : randomFaultSet(bounds, rnd);
        if (g === null) continue;
        const abs = lineage.abstraction;
        const run = abs.run;
        samples++;
        const index = indexFaults(g);
        const memo = new Map<number, boolean>();
        const actual = simulate(compiled, { nodes: bounds.nodes, eot: bounds.eot, faults: g });
        const where = `${abs.scope}: F = {${formatFaults(faults)}}, G = {${formatFaults(g)}}`;
        const inG = new Set(actual.lineage.tuples.map((t) => key(t.relation, t.tuple, t.time)));
        for (const t of run.lineage.tuples) {
          const claim = abs.answer(() => abs.holds(t.id));
          if (store.evaluate(claim, index, memo) && !inG.has(key(t.relation, t.tuple, t.time))) problems.push(`holds(${formatTuple(t.relation, t.tuple)}@${t.time}) is true but G lacks it; ${where}`);
        }
        // What holds through firings F never had (the fault-free run's goal reads it for post).
        const possible = abs.facts.possible;
        if (possible && possible.run.lineage.tuples.length <= POSSIBLE_CHECKED) {
          for (const t of possible.run.lineage.tuples) {
            const claim = abs.answer(() => abs.holdsAnyway(t.relation, t.tuple, t.time));
            if (store.evaluate(claim, index, memo) && !inG.has(key(t.relation, t.tuple, t.time))) problems.push(`holdsAnyway(${formatTuple(t.relation, t.tuple)}@${t.time}) is true but G lacks it; ${where}`);
          }
        }
        for (const t of actual.lineage.tuples) {
          const claim = abs.answer(() => abs.mayHold(t.relation, t.tuple, t.time));
          if (!store.evaluate(claim, index, memo)) problems.push(`mayHold(${formatTuple(t.relation, t.tuple)}@${t.time}) is false but G has it; ${where}`);
        }
        if (actual.invariant.checked && !actual.invariant.holds && !store.evaluate(lineage.goal, index, memo)) problems.push(`G violates but F's goal is false under G; ${where}`);
      }
    },
  });
  const explorer = result.explorer;
  const verdict = explorer.counterexamples.length > 0 ? `counterexample ${formatFaults(explorer.counterexamples[0]!.faults)}` : result.exhausted ? 'certified' : 'incomplete';
  let exhaustive: string | null = null;
  const limit = options.exhaustiveLimit ?? 0;
  if (limit > 0 && countFaultSets(bounds) <= limit) {
    const r = checkFaultTolerance(compiled, { bounds, strategy: 'exhaustive', exhaustiveLimit: limit, maxRuns: limit + 1 });
    exhaustive = r.counterexample ? `counterexample ${formatFaults(r.counterexample.faults)}` : r.verdict;
    if ((exhaustive === 'certified') !== (verdict === 'certified')) problems.push(`ldfi says ${verdict}, exhaustive says ${exhaustive}`);
    // The search above learns through onLearn, which skips the production path (the fault-free
    // run's lazy lineage): compare the verdict `ldfi check` gives as well.
    const production = checkFaultTolerance(compiled, {
      bounds,
      maxRuns: options.maxRuns ?? 2000,
      ...(options.maxClauses !== undefined || options.noDirect ? { solverLimits: { ...(options.maxClauses !== undefined ? { maxClauses: options.maxClauses } : {}), ...(options.noDirect ? { direct: false } : {}) } } : {}),
      ...(options.symmetry ? { symmetry: true } : {}),
    });
    if (production.verdict !== 'incomplete' && (exhaustive === 'certified') !== (production.verdict === 'certified')) problems.push(`ldfi check says ${production.verdict}, exhaustive says ${exhaustive}`);
  }
  if (verdict === 'incomplete') problems.push(`ldfi did not finish within ${options.maxRuns ?? 2000} runs`);
  return { problems, samples, learnedRuns, verdict, exhaustive };
}

function key(relation: string, tuple: readonly unknown[], time: number): string {
  return `${relation}@${time}:${JSON.stringify(tuple)}`;
}

/** A fault set G ≥ F within the bounds: F plus one to three faults, or a crash of F moved earlier. */
export function above(bounds: Bounds, f: FaultSet, rnd: () => number): FaultSet | null {
  const faults: Fault[] = [...f];
  const extra = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < extra; i++) {
    const crashed = faults.filter((x) => x.kind === 'crash');
    const canCrash = bounds.crashes > crashed.length;
    const r = rnd();
    if (r < 0.25 && crashed.length > 0) {
      const c = crashed[Math.floor(rnd() * crashed.length)]!;
      if (c.kind === 'crash' && c.time > 1) faults.splice(faults.indexOf(c), 1, { ...c, time: 1 + Math.floor(rnd() * (c.time - 1)) });
    } else if (r < 0.5 && canCrash) {
      const free = bounds.nodes.filter((n) => !crashed.some((c) => c.kind === 'crash' && c.node === n));
      const node = free[Math.floor(rnd() * free.length)]!;
      faults.push({ kind: 'crash', node, time: 1 + Math.floor(rnd() * bounds.eot) });
    } else if (bounds.eff > 1) {
      const from = bounds.nodes[Math.floor(rnd() * bounds.nodes.length)]!;
      const others = bounds.nodes.filter((n) => n !== from);
      const to = others[Math.floor(rnd() * others.length)]!;
      faults.push({ kind: 'omit', from, to, time: 1 + Math.floor(rnd() * (bounds.eff - 1)) });
    }
  }
  // Omissions after the sender's crash add nothing: drop them, as the solver does.
  const crashAt = new Map(faults.flatMap((x) => (x.kind === 'crash' ? [[x.node, x.time] as const] : [])));
  const g = canonicalFaults(faults.filter((x) => x.kind !== 'omit' || (crashAt.get(x.from) ?? Infinity) > x.time));
  return effectLeq(f, g) && formatFaults(g) !== formatFaults(f) ? g : null;
}
