/**
 * The part of logic-solver 2.0.1 (MiniSat compiled to JS, CommonJS, no published types) that the
 * SAT stage uses. Terms are variable names or numbers; a negative number is a negated variable.
 */
declare module 'logic-solver' {
  namespace Logic {
    type NumTerm = number;
    type NameTerm = string;
    type Term = NumTerm | NameTerm;

    interface Formula {
      readonly type: string;
    }
    type FormulaOrTerm = Formula | Term;

    const TRUE: NameTerm;
    const FALSE: NameTerm;
    /** Variable number of the always-true variable `$T` (its negation is always false). */
    const NUM_TRUE: NumTerm;
    const NUM_FALSE: NumTerm;

    function not(operand: FormulaOrTerm): FormulaOrTerm;
    function or(...operands: (FormulaOrTerm | readonly FormulaOrTerm[])[]): FormulaOrTerm;
    function and(...operands: (FormulaOrTerm | readonly FormulaOrTerm[])[]): FormulaOrTerm;
    function implies(a: FormulaOrTerm, b: FormulaOrTerm): FormulaOrTerm;
    /** Runs `f` without logic-solver's argument type checks (much faster for big encodings). */
    function disablingAssertions<T>(f: () => T): T;

    /** A disjunction of variable numbers (negative = negated). */
    class Clause {
      constructor(terms: readonly NumTerm[]);
      readonly terms: readonly NumTerm[];
    }

    class Solver {
      constructor();
      /** Number of the named variable, created when new (names must not start with `$` or `-`). */
      getVarNum(name: string, noCreate?: boolean): NumTerm;
      getVarName(num: NumTerm): string;
      require(...formulas: (FormulaOrTerm | readonly FormulaOrTerm[])[]): void;
      forbid(...formulas: (FormulaOrTerm | readonly FormulaOrTerm[])[]): void;
      /** Null when unsatisfiable; after that the solver stays unsatisfiable. */
      solve(): Solution | null;
      /** Null when unsatisfiable under the assumption; the assumption is not kept. */
      solveAssuming(assumption: FormulaOrTerm): Solution | null;
    }

    class Solution {
      evaluate(formula: FormulaOrTerm): boolean;
      getMap(): Record<string, boolean>;
      getTrueVars(): string[];
      ignoreUnknownVariables(): void;
    }
  }
  export default Logic;
}
