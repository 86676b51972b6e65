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
 *     simulate(F) ─▶ violated? ─ yes ─▶ counterexample                        (sim)
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
import { compileProgram, defaultNodes, type CompiledProgram } from './sim/compile.js';
import type { Program, Term } from './syntax/ast.js';
import { hasErrors, type Diagnostic } from './syntax/diagnostic.js';
import { loadProgram } from './syntax/load.js';

export type LoadedSpec =
  | {
      readonly ok: true;
      readonly program: Program;
      readonly compiled: CompiledProgram;
      /** Nodes named by the facts (first column), in first-appearance order. */
      readonly nodes: readonly string[];
      /** Every string constant of the program: what `--nodes` may name. */
      readonly constants: ReadonlySet<string>;
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
    constants: stringConstants(loaded.program),
    diagnostics,
    sources: loaded.sources,
  };
}

/** Every string constant of the program: a node given with --nodes must be one of them. */
function stringConstants(program: Program): Set<string> {
  const out = new Set<string>();
  const visit = (t: Term): void => {
    if (t.kind === 'const' && typeof t.value === 'string') out.add(t.value);
    else if (t.kind === 'arith') {
      visit(t.left);
      visit(t.right);
    } else if (t.kind === 'aggregate') visit(t.arg);
  };
  for (const c of program.clauses) {
    if (c.kind === 'fact') c.atom.args.forEach(visit);
    else if (c.kind === 'rule') {
      c.head.args.forEach(visit);
      for (const b of c.body) {
        if (b.kind === 'atom') b.atom.args.forEach(visit);
        else {
          visit(b.left);
          visit(b.right);
        }
      }
    }
  }
  return out;
}
