/** A run that cannot go on, located at the rule that stopped it: the user's program, not ldfi, is at fault. */
import type { Span } from '../syntax/span.js';

export class RuleError extends Error {
  constructor(
    readonly span: Span,
    message: string,
  ) {
    super(message);
    this.name = 'RuleError';
  }
}
