/**
 * The whole pipeline on one screen.
 *
 *   spec files ─▶ loadProgram ─▶ checkProgram ─▶ compileProgram              once per spec
 *                (syntax)        (check)         (sim)
 *
 *   programFacts: monotone relations and the possible run                    once per bounds
 *   (lineage/possible.ts)
 *
 *   the search loop (search/ldfi.ts), from F = no faults:
 *     simulate(F) ─▶ violated? ─ yes ─▶ counterexample ─▶ explainCounterexample  (sim, explain)
 *          │ no
 *          ▼
 *     runLineage(F): goal_F = "some pre may hold while its post may not"    (lineage)
 *          ▼
 *     hypotheses.addRun(F, goal_F): G ≥ F ⇒ goal_F ∧ G ≠ F                   (solve)
 *          ▼
 *     hypotheses.next(): a smallest G satisfying every run's clause ─▶ F := G, again
 *          │ none left
 *          ▼
 *     certified ─▶ report / cli
 *
 * `loadSpec` runs the front half once; the result is reused by every run of a search.
 */
import { checkProgram } from './check/check.js';
import { compileProgram, type CompiledProgram } from './sim/compile.js';
import { stringConstants } from './sim/nodes.js';
import type { Program } from './syntax/ast.js';
import { hasErrors, type Diagnostic } from './syntax/diagnostic.js';
import { loadProgram, type LoadOptions, type TextReader } from './syntax/load.js';

export type LoadedSpec =
  | {
      readonly ok: true;
      readonly program: Program;
      readonly compiled: CompiledProgram;
      /** Every string constant of the program: what `--nodes` may name. Without `--nodes`, see `defaultNodes`. */
      readonly constants: ReadonlySet<string>;
      /** Warnings only. */
      readonly diagnostics: readonly Diagnostic[];
      readonly sources: ReadonlyMap<string, string>;
      /** The real path of every file read (entry files and includes). */
      readonly inputs: readonly string[];
    }
  | {
      readonly ok: false;
      readonly diagnostics: readonly Diagnostic[];
      readonly sources: ReadonlyMap<string, string>;
      readonly inputs: readonly string[];
      /** What did load (clauses that parsed), to tell which files held any clause at all. */
      readonly program: Program;
    };

export function loadSpec(files: readonly string[], options?: LoadOptions | TextReader): LoadedSpec {
  const loaded = loadProgram(files, options);
  const inputs = loaded.inputs;
  if (hasErrors(loaded.diagnostics)) return { ok: false, diagnostics: loaded.diagnostics, sources: loaded.sources, inputs, program: loaded.program };
  const checked = checkProgram(loaded.program);
  const diagnostics = [...loaded.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, sources: loaded.sources, inputs, program: loaded.program };
  return {
    ok: true,
    program: checked.program,
    compiled: compileProgram(checked.program, checked.strata),
    constants: stringConstants(checked.program),
    diagnostics,
    sources: loaded.sources,
    inputs,
  };
}
