/** A run stopped by the user's program (arithmetic overflow, a budget exceeded) is bad input at a rule, not an internal error. */
import { RuleError } from '../sim/errors.js';
import { error, renderDiagnostics, type Diagnostic } from '../syntax/diagnostic.js';

export function ruleErrorDiagnostic(e: unknown): Diagnostic | null {
  return e instanceof RuleError ? error(e.span, e.message) : null;
}

/** Runs `work`; a RuleError is rendered (`file:line:col: error: …` with the excerpt) and gives null. */
export function stoppedAtRule<T>(work: () => T, sources: ReadonlyMap<string, string>, stderr: (s: string) => void): T | null {
  try {
    return work();
  } catch (e) {
    const d = ruleErrorDiagnostic(e);
    if (d === null) throw e;
    stderr(renderDiagnostics([d], sources));
    return null;
  }
}
