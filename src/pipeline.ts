/**
 * The whole pipeline on one screen (DESIGN §2):
 *
 *   spec files ─▶ loadProgram ─▶ checkProgram ─▶ compileProgram ─▶ simulate (one run)
 *                (syntax)        (check)         (sim)              │
 *                                                                   ▼
 *   checkFaultTolerance, per surviving run: outcomeLineage ─▶ CumulativeHypotheses ─▶ simulate …
 *                                           (lineage)          (solve)            (search)
 *
 * `loadSpec` runs the front half once; the result is reused by every run of a search.
 */
import { checkProgram } from './check/check.js';
import { compileProgram, defaultNodes, type CompiledProgram } from './sim/compile.js';
import type { Program, Term } from './syntax/ast.js';
import { hasErrors, type Diagnostic } from './syntax/diagnostic.js';
import { loadProgram, type LoadOptions, type TextReader } from './syntax/load.js';
import { subTermsOf } from './syntax/walk.js';

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
    program: loaded.program,
    compiled: compileProgram(loaded.program, checked.strata),
    nodes: defaultNodes(loaded.program),
    constants: stringConstants(loaded.program),
    diagnostics,
    sources: loaded.sources,
    inputs,
  };
}

/** Every string constant of the program: a node given with --nodes must be one of them. */
function stringConstants(program: Program): Set<string> {
  const out = new Set<string>();
  const visit = (term: Term): void => {
    for (const t of subTermsOf(term)) if (t.kind === 'const' && typeof t.value === 'string') out.add(t.value);
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
