/** The public API of ldfi. The CLI is a thin layer over these. */
export { loadSpec, type LoadedSpec } from './pipeline.js';
export { loadProgram, type LoadResult } from './syntax/load.js';
export { parseSource } from './syntax/parse.js';
export { printClause, printProgram } from './syntax/print.js';
export type * from './syntax/ast.js';
export { renderDiagnostics, type Diagnostic } from './syntax/diagnostic.js';
export { checkProgram, type CheckedProgram } from './check/check.js';
export { calmView, formatCalmView, type CalmRule } from './check/calm.js';
export { compileProgram, defaultNodes, type CompiledProgram } from './sim/compile.js';
export { simulate, type SimConfig } from './sim/simulate.js';
export { canonicalFaults, formatFaults, parseFaults } from './faults/text.js';
export type * from './sim/types.js';
export { runLineage, type RunLineage, type Target, type Oracle } from './lineage/goal.js';
export { FormulaStore, TRUE, FALSE, type Formula } from './faults/formula.js';
export { Hypotheses } from './solve/hypotheses.js';
export { checkFaultTolerance, boundsProblems, exhaustiveRefusal, type CheckOptions } from './search/check.js';
export { faultSpaceSize } from './faults/space.js';
export type * from './search/types.js';
