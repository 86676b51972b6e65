/**
 * The whole pipeline on one screen (DESIGN §2):
 *
 *   spec files ─▶ loadProgram ─▶ checkProgram ─▶ compileProgram ─▶ simulate (one run)
 *                (syntax)        (check)         (sim)              │
 *                                                                   ▼
 *        checkFaultTolerance: outcomeLineage ─▶ enumerateMinimalFaultSets ─▶ simulate … (search)
 *                             (lineage)         (solve)
 *
 * `loadSpec` runs the front half once; the result is reused by every run of a search.
 */
import { checkProgram } from './check/check.js';
import { compileProgram, defaultNodes, type CompiledProgram } from './sim/compile.js';
import type { Program } from './syntax/ast.js';
import { hasErrors, type Diagnostic } from './syntax/diagnostic.js';
import { loadProgram } from './syntax/load.js';

export type LoadedSpec =
  | {
      readonly ok: true;
      readonly program: Program;
      readonly compiled: CompiledProgram;
      /** Nodes named by the facts (first column), in first-appearance order. */
      readonly nodes: readonly string[];
      /** Warnings only. */
      readonly diagnostics: readonly Diagnostic[];
      readonly sources: ReadonlyMap<string, string>;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly sources: ReadonlyMap<string, string> };

export function loadSpec(files: readonly string[], read?: (path: string) => string | null): LoadedSpec {
  const loaded = loadProgram(files, read);
  if (hasErrors(loaded.diagnostics)) return { ok: false, diagnostics: loaded.diagnostics, sources: loaded.sources };
  const checked = checkProgram(loaded.program);
  const diagnostics = [...loaded.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, sources: loaded.sources };
  return {
    ok: true,
    program: loaded.program,
    compiled: compileProgram(loaded.program, checked.strata),
    nodes: defaultNodes(loaded.program),
    diagnostics,
    sources: loaded.sources,
  };
}
