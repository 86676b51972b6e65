/**
 * The static checks of a loaded program, in one pass over all files. Each check
 * returns diagnostics and never throws; the result is sorted by position so the output reads top
 * to bottom, file by file. The strata come along because the simulator needs them anyway.
 */
import type { Program } from '../syntax/ast.js';
import { error, sortDiagnostics, type Diagnostic } from '../syntax/diagnostic.js';
import { checkArity } from './arity.js';
import { checkDefined } from './defined.js';
import { checkInvariantArity } from './invariant.js';
import { checkLimits } from './limits.js';
import { checkLocations } from './locations.js';
import { checkPlacement } from './placement.js';
import { checkRangeRestriction } from './range.js';
import { wildcardSingletons } from './singletons.js';
import { stratify, type NegativeCycle, type Strata } from './strata.js';

export interface CheckedProgram {
  /**
   * The program the later stages run: the input, except that a variable occurring once in a
   * rule, as a column of a `notin` atom, is a wildcard there (singletons.ts).
   */
  readonly program: Program;
  readonly strata: Strata;
  /** Errors and warnings, sorted by position. */
  readonly diagnostics: Diagnostic[];
}

export function checkProgram(input: Program): CheckedProgram {
  const singletons = wildcardSingletons(input);
  const program = singletons.program;
  const strata = stratify(program);
  const diagnostics = [
    ...singletons.diagnostics,
    ...checkArity(program),
    ...checkInvariantArity(program),
    ...checkRangeRestriction(program),
    ...checkPlacement(program),
    ...checkDefined(program),
    ...strata.cycles.map(cycleError),
    ...checkLocations(program),
    ...checkLimits(program),
  ];
  return { program, strata, diagnostics: sortDiagnostics(diagnostics) };
}

function cycleError(cycle: NegativeCycle): Diagnostic {
  const head = cycle.rule.head.relation;
  const path = cycle.path.join(' → ');
  const how = cycle.kind === 'negation' ? `depends negatively on itself through ${path}` : `aggregates over itself through ${path}`;
  return error(cycle.at, `\`${head}\` ${how}; negation and aggregation cannot sit on a same-time cycle (move one rule to @next)`, [
    { span: cycle.rule.head.span, message: `the cycle goes through this rule for \`${head}\`` },
  ]);
}
