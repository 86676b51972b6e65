/**
 * Where the hypothesis side of a search spends its time: encoding formulas into the session,
 * judging small sets directly, solving. Phases nest (building the session can build a run's goal,
 * the direct path can build the session), and each instant is charged to the innermost phase only,
 * so the totals never count a millisecond twice.
 */
export type HypothesisPhase = 'encode' | 'direct' | 'solve' | 'goals';

export class PhaseClock {
  private readonly totals: Record<HypothesisPhase, number> = { encode: 0, direct: 0, solve: 0, goals: 0 };
  private readonly stack: { phase: HypothesisPhase; since: number }[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs `fn`, charging its time (less what nested phases take) to `phase`. */
  time<T>(phase: HypothesisPhase, fn: () => T): T {
    const start = this.now();
    const outer = this.stack[this.stack.length - 1];
    if (outer) this.totals[outer.phase] += start - outer.since;
    this.stack.push({ phase, since: start });
    try {
      return fn();
    } finally {
      const end = this.now();
      const me = this.stack.pop()!;
      this.totals[me.phase] += end - me.since;
      const resumed = this.stack[this.stack.length - 1];
      if (resumed) resumed.since = end;
    }
  }

  ms(phase: HypothesisPhase): number {
    return this.totals[phase];
  }
}
