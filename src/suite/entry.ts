/**
 * One suite entry: load its spec, check what only the spec can tell (its nodes, its invariant),
 * and run the search. `EntryTask` and `EntryOutcome` are plain data so they cross a worker_thread
 * boundary unchanged; the same `runEntryTask` runs in a worker and in-process.
 */
import { loadSpec } from '../pipeline.js';
import type { CompiledProgram } from '../sim/compile.js';
import { defaultNodes } from '../sim/nodes.js';
import { boundsProblems, checkFaultTolerance, DEFAULT_EXHAUSTIVE_LIMIT } from '../search/check.js';
import { countFaultSets } from '../faults/space.js';
import type { Bounds } from '../faults/types.js';
import type { CheckResult, Strategy } from '../search/types.js';
import type { Oracle } from '../search/oracle.js';
import { missingInvariant } from '../check/invariant.js';
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import type { SuiteEntry } from './config.js';

export interface EntryTask {
  /** Position of the entry in the config. */
  readonly index: number;
  readonly paths: readonly string[];
  readonly bounds: Bounds;
  readonly strategy: Strategy;
  readonly oracle: Oracle;
  readonly maxRuns: number;
}

export type EntryOutcome =
  | { readonly index: number; readonly ok: true; readonly check: CheckResult }
  /** An internal error (a bug or resource exhaustion), not a verdict. */
  | { readonly index: number; readonly ok: false; readonly error: string };

export interface PreparedEntry {
  readonly task: EntryTask;
  readonly compiled: CompiledProgram;
}

/**
 * Load the entry's spec and resolve its bounds. Errors are located in the spec (syntax, checks)
 * or in the config (a node the spec never names, a spec without an invariant).
 */
export function prepareEntry(
  entry: SuiteEntry,
  index: number,
): { prepared: PreparedEntry | null; diagnostics: readonly Diagnostic[]; sources: ReadonlyMap<string, string> } {
  const spec = loadSpec(entry.paths);
  if (!spec.ok) return { prepared: null, diagnostics: spec.diagnostics, sources: spec.sources };
  const diagnostics: Diagnostic[] = [];
  const at = entry.spans;
  const files = entry.paths.join(', ');
  const missing = missingInvariant(spec.program);
  if (missing !== null) {
    diagnostics.push(error(at.files[0] ?? at.entry, `entry "${entry.name}": ${files} ${missing}: the invariant needs both, nothing to check`));
  }
  (entry.nodes ?? []).forEach((n, i) => {
    if (!spec.constants.has(n)) diagnostics.push(error(at.nodes[i] ?? at.entry, `node "${n}" never appears in ${files}`));
  });
  const bounds: Bounds = { nodes: entry.nodes ?? defaultNodes(spec.compiled, entry.eot), eot: entry.eot, eff: entry.eff, crashes: entry.crashes };
  if (diagnostics.length === 0) {
    if (bounds.crashes > bounds.nodes.length) {
      diagnostics.push(error(at.crashes, `"crashes" (${bounds.crashes}) exceeds the number of nodes in ${files} (${bounds.nodes.length})`));
    }
    if (entry.strategy === 'exhaustive' && countFaultSets(bounds) > DEFAULT_EXHAUSTIVE_LIMIT) {
      diagnostics.push(error(at.strategy, `the fault space of "${entry.name}" has ${countFaultSets(bounds)} fault sets, more than the exhaustive strategy's limit of ${DEFAULT_EXHAUSTIVE_LIMIT}; use "ldfi" or smaller bounds`));
    }
  }
  // Anything the engine would still refuse, phrased with its option names, pinned to the entry.
  if (diagnostics.length === 0) {
    for (const p of boundsProblems(bounds, [...spec.constants])) diagnostics.push(error(at.name, `entry "${entry.name}": ${p}`));
  }
  const all = [...spec.diagnostics.filter((d) => d.severity === 'error'), ...diagnostics];
  if (all.length > 0) return { prepared: null, diagnostics: all, sources: spec.sources };
  return {
    prepared: { task: { index, paths: entry.paths, bounds, strategy: entry.strategy, oracle: entry.oracle, maxRuns: entry.maxRuns }, compiled: spec.compiled },
    diagnostics: [],
    sources: spec.sources,
  };
}

/** Run one entry. In a worker the spec is loaded again (a compiled program does not cross threads). */
export function runEntryTask(task: EntryTask, compiled?: CompiledProgram): EntryOutcome {
  try {
    let program = compiled;
    if (!program) {
      const spec = loadSpec(task.paths);
      if (!spec.ok) return { index: task.index, ok: false, error: `${task.paths.join(', ')} no longer loads cleanly` };
      program = spec.compiled;
    }
    const check = checkFaultTolerance(program, { bounds: task.bounds, strategy: task.strategy, oracle: task.oracle, maxRuns: task.maxRuns, all: false });
    return { index: task.index, ok: true, check };
  } catch (e) {
    return { index: task.index, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
