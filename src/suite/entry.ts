/**
 * One suite entry: load its spec, check what only the spec can tell (its nodes, its invariant),
 * and run the search. `EntryTask` and `EntryOutcome` are plain data so they cross a worker_thread
 * boundary unchanged; the same `runEntryTask` runs in a worker and in-process.
 */
import { loadSpec } from '../pipeline.js';
import type { CompiledProgram } from '../sim/compile.js';
import { RuleError } from '../sim/errors.js';
import { defaultNodes, unfaultableWarnings } from '../sim/nodes.js';
import { boundsProblems, checkFaultTolerance, DEFAULT_EXHAUSTIVE_LIMIT } from '../search/check.js';
import { faultSpaceOf, formatCount, moreFaultSetsThan } from '../faults/space.js';
import type { Bounds } from '../faults/types.js';
import type { CheckResult, Strategy } from '../search/types.js';
import type { Oracle } from '../search/oracle.js';
import { missingInvariant } from '../check/invariant.js';
import type { Program } from '../syntax/ast.js';
import { error, hasErrors, type Diagnostic } from '../syntax/diagnostic.js';
import { span } from '../syntax/span.js';
import type { SuiteEntry } from './config.js';
import type { Confinement } from '../syntax/confine.js';
import type { LoadOptions } from '../syntax/load.js';

export interface EntryTask {
  /** Position of the entry in the config. */
  readonly index: number;
  readonly paths: readonly string[];
  readonly includePath: readonly string[];
  /** Where included files must be (the project), or null when anywhere is allowed. */
  readonly confine: Confinement | null;
  readonly bounds: Bounds;
  readonly strategy: Strategy;
  readonly oracle: Oracle;
  readonly maxRuns: number;
}

export type EntryOutcome =
  | { readonly index: number; readonly ok: true; readonly check: CheckResult }
  /**
   * The entry could not be checked: `problem` when the spec stopped a run (an overflow at a rule,
   * a run over its budget: the user's input), else an internal error (a bug or resource exhaustion).
   */
  | { readonly index: number; readonly ok: false; readonly error: string; readonly problem?: Diagnostic };

export interface PreparedEntry {
  readonly task: EntryTask;
  readonly compiled: CompiledProgram;
  /** What the search cannot test with these bounds (see `unfaultableWarnings`), one line each. */
  readonly warnings: readonly string[];
}

export interface EntryPreparation {
  /** Null when the entry cannot run; `diagnostics` says why. */
  readonly prepared: PreparedEntry | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  /** Real paths of the files read. */
  readonly inputs: readonly string[];
}

/**
 * Load the entry's spec and resolve its bounds. Errors are located in the spec (syntax, checks)
 * or in the config (a node the spec never names, a spec without an invariant).
 */
export function prepareEntry(entry: SuiteEntry, index: number, includePath: readonly string[] = [], confine: Confinement | null = null): EntryPreparation {
  if (entry.problems.length > 0) return { prepared: null, diagnostics: entry.problems, sources: new Map(), inputs: [] };
  const spec = loadSpec(entry.paths, loadOptions(includePath, confine));
  if (!spec.ok) {
    const shown = withoutNonSpecs(spec.diagnostics, spec.sources, spec.program);
    return { prepared: null, diagnostics: shown.diagnostics, sources: shown.sources, inputs: spec.inputs };
  }
  const diagnostics: Diagnostic[] = [];
  const at = entry.spans;
  const files = entry.paths.join(', ');
  const missing = missingInvariant(spec.program);
  if (missing !== null) {
    diagnostics.push(error(at.files[0] ?? at.entry, `entry "${entry.name}": ${files} ${missing}: the invariant needs both, nothing to check`));
  }
  // The same nodes `check --nodes` accepts: any string constant of the program.
  (entry.nodes ?? []).forEach((n, i) => {
    if (!spec.constants.has(n)) diagnostics.push(error(at.nodes[i] ?? at.entry, `node "${n}" never appears in ${files}`));
  });
  let nodes: readonly string[];
  try {
    nodes = entry.nodes ?? defaultNodes(spec.compiled, entry.eot);
  } catch (e) {
    // The default nodes come from a fault-free run, which the program itself can stop.
    if (!(e instanceof RuleError)) throw e;
    return { prepared: null, diagnostics: [error(e.span, e.message)], sources: spec.sources, inputs: spec.inputs };
  }
  const bounds: Bounds = { nodes, eot: entry.eot, eff: entry.eff, crashes: entry.crashes };
  if (diagnostics.length === 0) {
    if (bounds.crashes > bounds.nodes.length) {
      diagnostics.push(error(at.crashes, `"crashes" (${bounds.crashes}) exceeds the number of nodes in ${files} (${bounds.nodes.length})`));
    }
    if (entry.strategy === 'exhaustive' && moreFaultSetsThan(bounds, DEFAULT_EXHAUSTIVE_LIMIT)) {
      diagnostics.push(
        error(at.strategy, `the fault space of "${entry.name}" has ${formatCount(faultSpaceOf(bounds).faultSets)} fault sets, more than the exhaustive strategy's limit of ${DEFAULT_EXHAUSTIVE_LIMIT.toLocaleString('en-US')}; use "ldfi" or smaller bounds`),
      );
    }
  }
  // Anything the engine would still refuse, phrased with its option names, pinned to the entry.
  if (diagnostics.length === 0) {
    for (const p of boundsProblems(bounds, [...spec.constants])) diagnostics.push(error(at.name, `entry "${entry.name}": ${p}`));
  }
  if (diagnostics.length > 0) return { prepared: null, diagnostics, sources: spec.sources, inputs: spec.inputs };
  return {
    prepared: {
      task: { index, paths: entry.paths, includePath, confine, bounds, strategy: entry.strategy, oracle: entry.oracle, maxRuns: entry.maxRuns },
      compiled: spec.compiled,
      warnings: unfaultableWarnings(spec.compiled, bounds.nodes, bounds.eot, '"nodes"'),
    },
    diagnostics: [],
    sources: spec.sources,
    inputs: spec.inputs,
  };
}

/**
 * A config names its spec files, and a config can come from anyone's pull request: a file in
 * which no clause parses is not a spec (a key file, a `.env`), so the suite reports it in one
 * line and never echoes its content into a CI log, neither as an excerpt nor inside a message.
 */
function withoutNonSpecs(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  program: Program,
): { diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const withClauses = new Set(program.clauses.map((c) => c.span.file));
  const failing = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.span.file));
  const hidden = new Set([...failing].filter((f) => !withClauses.has(f) && sources.has(f)));
  const kept = diagnostics.filter((d) => !hidden.has(d.span.file));
  for (const f of hidden) kept.push(error(span(f, 1, 1), 'not a Dedalus spec: no clause in it parses (its content is not shown)'));
  const shownSources = new Map([...sources].filter(([f]) => !hidden.has(f)));
  return { diagnostics: hasErrors(kept) ? kept : diagnostics.slice(), sources: shownSources };
}

/** Run one entry. In a worker the spec is loaded again (a compiled program does not cross threads). */
export function runEntryTask(task: EntryTask, compiled?: CompiledProgram): EntryOutcome {
  try {
    let program = compiled;
    if (!program) {
      const spec = loadSpec(task.paths, loadOptions(task.includePath, task.confine));
      if (!spec.ok) return { index: task.index, ok: false, error: `${task.paths.join(', ')} no longer loads cleanly` };
      program = spec.compiled;
    }
    const check = checkFaultTolerance(program, { bounds: task.bounds, strategy: task.strategy, oracle: task.oracle, maxRuns: task.maxRuns, all: false });
    return { index: task.index, ok: true, check };
  } catch (e) {
    if (e instanceof RuleError) return { index: task.index, ok: false, error: e.message, problem: error(e.span, e.message) };
    return { index: task.index, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** How an entry's spec is loaded, in the main thread, in a worker and for its report page alike. */
export function loadOptions(includePath: readonly string[], confine: Confinement | null): LoadOptions {
  return confine ? { includePath, confine } : { includePath };
}
